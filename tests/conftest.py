"""Shared test setup: hypothesis profiles, a headless matplotlib backend, and the
``fresh_discovery`` fixture for tests that render graphs."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-programs",
        type=int,
        default=None,
        help="random programs tests/test_fuzz_torch.py checks against PyTorch (default 500)",
    )


@pytest.fixture
def fresh_discovery(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test discovers the renderer afresh; graphviz's DOT_BINARY is put back afterwards.

    Not autouse: the files that render use it with ``pytestmark``, so tests that never
    draw do not import graphviz.
    """
    from graphviz.backend import dot_command

    from autograd import render

    monkeypatch.setattr(dot_command, "DOT_BINARY", dot_command.DOT_BINARY)
    render.find_renderer.cache_clear()
    yield
    render.find_renderer.cache_clear()


@pytest.fixture
def default_recursion_limit() -> Iterator[None]:
    """Run the test at Python's default recursion limit (1000), whatever set it before."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)
