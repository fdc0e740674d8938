"""Shared test setup: hypothesis profiles and a headless matplotlib backend."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# "ci" (what `make test` uses): derandomized, so every run draws the same examples,
# and no deadline, because shared machines are noisy.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=60)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

os.environ.setdefault("MPLBACKEND", "Agg")
