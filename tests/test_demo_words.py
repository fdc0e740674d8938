"""Every demo explains itself: ``--help`` is its whole docstring, its run starts with its
set-up and ends with a takeaway, and a Python without pigrad is told what to do.

(The set-up and takeaway of each demo's real run are checked by ``test_run_all_quick`` in
``test_demos.py``, which runs them all once; here, what needs no training.)
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

DEMOS_DIR = Path(__file__).resolve().parent.parent / "demos"


NOT_LESSONS = {"common", "run_all", "make_tour", "tour", "outgrow"}
"""Scripts in demos/ that are not article lessons (the benchmarks live in bench/)."""


def load(name: str) -> ModuleType:
    """Import demos/NAME.py, its folder on sys.path as ``python demos/NAME.py`` has it."""
    if str(DEMOS_DIR) not in sys.path:
        sys.path.insert(0, str(DEMOS_DIR))
    spec = importlib.util.spec_from_file_location(f"words_demo_{name}", DEMOS_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DEMOS: list[str] = load("run_all").DEMOS


@pytest.mark.parametrize("name", DEMOS)
def test_help_prints_the_whole_docstring(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    module = load(name)
    with pytest.raises(SystemExit) as stopped:
        module.main(["--help"])
    assert stopped.value.code == 0
    shown = capsys.readouterr().out
    lines = [line.strip() for line in (module.__doc__ or "").splitlines() if line.strip()]
    assert len(lines) > 5  # a docstring that explains, not one line
    missing = [line for line in lines if line not in shown]
    assert not missing, f"--help of {name} leaves out {missing}"


def test_every_lesson_script_is_in_run_alls_list() -> None:
    scripts = {p.stem for p in DEMOS_DIR.glob("*.py")}
    assert sorted(scripts - NOT_LESSONS) == sorted(DEMOS)


def test_setup_lines_are_aligned_and_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    common = load("common")
    common.print_setup("an experiment", data="4 points", batch_size="full batch", epochs=3)
    assert capsys.readouterr().out.splitlines() == [
        "Set-up: an experiment",
        "  data:       4 points",
        "  batch size: full batch",
        "  epochs:     3",
        "",
    ]


def test_a_network_is_written_with_arrows_and_its_activations() -> None:
    import nn

    common = load("common")
    assert common.network(nn.MLP(2, [16, 16, 1])) == "2 -> 16 -> 16 -> 1 (relu), 337 parameters"
    assert common.network(nn.MLP(2, [1])) == "2 -> 1 (no hidden layer), 3 parameters"
    mixed = nn.MLP(3, [4, 4, 2], activation=["tanh", "relu"], output_activation="sigmoid")
    assert common.network(mixed).startswith("3 -> 4 -> 4 -> 2 (tanh, relu, sigmoid output)")


def test_batches_say_how_many_steps_an_epoch_makes() -> None:
    common = load("common")
    assert common.batches(None, 40) == "full batch (all 40 samples in each step: 1 step per epoch)"
    assert common.batches(50, 40) == common.batches(None, 40)
    assert common.batches(16, 40).startswith("16 samples per step (3 steps per epoch")
    assert common.batches(1, 40).startswith("1 sample per step (40 steps per epoch")


def test_a_python_without_pigrad_is_told_which_module_is_missing(tmp_path: Path) -> None:
    # -S: no site-packages, so this very Python cannot import pigrad, as a system Python
    # without the project installed cannot.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-S", str(DEMOS_DIR / "moons.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "No module named 'autograd'" in done.stderr  # the first pigrad import, whatever the demo
    assert ".venv/bin/python" in done.stderr and "make setup" in done.stderr
