"""``import autograd`` and ``import nn`` load nothing outside the standard library.

Each import runs in a fresh interpreter, so modules that pytest, hypothesis or other
tests have already loaded cannot hide a third-party import (or fake one).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROJECT_PACKAGES = {"autograd", "nn"}

PROBE = """
import json, sys
before = set(sys.modules)
import {package}
loaded = sorted(set(sys.modules) - before)
print(json.dumps({{"loaded": loaded, "stdlib": sorted(sys.stdlib_module_names)}}))
"""


def _top_level(module: str) -> str:
    return module.split(".")[0]


def _outside_stdlib(package: str) -> tuple[list[str], list[str]]:
    """(modules loaded by ``import package``, those of them outside stdlib and pigrad)."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(package=package)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    found = json.loads(result.stdout)
    allowed = set(found["stdlib"]) | PROJECT_PACKAGES
    loaded: list[str] = found["loaded"]
    return loaded, sorted({m for m in loaded if _top_level(m) not in allowed})


@pytest.mark.parametrize("package", ["autograd", "nn"])
def test_import_loads_only_the_standard_library(package: str) -> None:
    loaded, outside = _outside_stdlib(package)
    assert package in loaded
    assert not outside, f"import {package} loaded modules outside the standard library: {outside}"


def test_the_probe_does_see_third_party_modules() -> None:
    # sympy (a dev dependency) pulls in mpmath: the check above is not vacuous.
    _, outside = _outside_stdlib("sympy")
    assert "sympy" in outside and "mpmath" in outside
