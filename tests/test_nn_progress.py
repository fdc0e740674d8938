"""fit's progress bar: tqdm, imported only when a bar is drawn, and optional at run time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import nn
import nn.progress

ROOT = Path(__file__).resolve().parent.parent
X, Y = [[0.0], [1.0], [2.0]], [0.0, 0.5, 1.0]


def test_import_nn_does_not_import_tqdm() -> None:
    script = "import sys, nn, autograd; print(sorted(m for m in sys.modules if 'tqdm' in m))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_fit_draws_a_tqdm_bar_with_the_loss_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(nn.progress, "DELAY", 0.0)  # draw even this short run
    history = nn.fit(nn.MLP(1, [1], seed=0), X, Y, epochs=5, lr=0.1, progress=True)
    err = capsys.readouterr().err
    assert "tqdm" in sys.modules
    assert "fit: 100%" in err and "5/5" in err and "epoch" in err
    assert f"loss={history.train_loss[-1]:.4g}" in err
    nn.fit(nn.MLP(1, [1], seed=0), X, Y, epochs=5, lr=0.1, progress=False)
    assert capsys.readouterr().err == ""


def test_without_tqdm_fit_trains_without_a_bar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(nn.progress, "DELAY", 0.0)
    monkeypatch.setitem(sys.modules, "tqdm", None)  # `import tqdm` now raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with_bar_missing = nn.fit(nn.MLP(1, [1], seed=0), X, Y, epochs=5, lr=0.1, progress=True)
    assert capsys.readouterr().err == ""
    without = nn.fit(nn.MLP(1, [1], seed=0), X, Y, epochs=5, lr=0.1, progress=False)
    assert with_bar_missing.train_loss == without.train_loss


def test_in_a_notebook_without_ipywidgets_fit_draws_a_text_bar_without_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec_dir = tmp_path / "jupyter" / "kernels" / "pigrad-progress"
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "pigrad (test)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    code = (
        "import sys, nn, nn.progress\n"
        "sys.modules['ipywidgets'] = None  # as on a machine without ipywidgets\n"
        "nn.progress.DELAY = 0.0\n"
        "nn.fit(nn.MLP(1, [1], seed=0), [[0.0], [1.0]], [0.0, 1.0], epochs=3, lr=0.1)\n"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    NotebookClient(nb, kernel_name="pigrad-progress", timeout=60).execute()
    text = "".join(out.get("text", "") for out in nb.cells[0].outputs)
    assert "fit: 100%" in text and "3/3" in text
    assert "IProgress not found" not in text
