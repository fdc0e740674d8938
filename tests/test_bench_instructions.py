"""bench/instructions.py: every workload it counts runs (without valgrind, one unit)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import instructions  # noqa: E402


@pytest.mark.parametrize("name", sorted(instructions.WORKLOADS))
def test_each_workload_runs_one_unit(name: str) -> None:
    workload, units, unit = instructions.WORKLOADS[name]
    assert units >= 1 and unit
    workload(1)


def test_an_unknown_workload_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["instructions.py", "--workloads", "w9"])
    monkeypatch.setattr(instructions.shutil, "which", lambda name: "/usr/bin/valgrind")
    with pytest.raises(SystemExit, match="unknown workloads"):
        instructions.main()


def test_the_w1_workload_gives_the_collector_back() -> None:
    import gc

    assert gc.isenabled()
    instructions.w1(1)
    assert gc.isenabled()
