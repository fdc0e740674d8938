"""demos/tour.ipynb runs from top to bottom without an error, and matches its generator.

The notebook is executed headless with nbclient.  Its kernel must be this interpreter
(the one with pigrad installed), whatever kernels the machine has: so the test writes a
throw-away kernelspec, ``pigrad-test``, whose command is ``sys.executable``, into a
temporary folder that it puts first on ``JUPYTER_PATH``.  Nothing is installed outside
the temporary folder; ipykernel (a dev dependency) is all it needs.  PYTHONPATH points
the kernel at this checkout, so it tests these files even if pigrad is installed from
somewhere else.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

DEMOS_DIR = Path(__file__).resolve().parent.parent / "demos"
NOTEBOOK = DEMOS_DIR / "tour.ipynb"
KERNEL = "pigrad-test"


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec that runs this very Python, found first on JUPYTER_PATH."""
    spec_dir = tmp_path / "jupyter" / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "pigrad (test)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    # The kernel imports this checkout's autograd and nn, however pigrad is installed.
    monkeypatch.setenv("PYTHONPATH", str(DEMOS_DIR.parent))
    # Inline pictures need no display; the notebook asks for %matplotlib inline itself.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    return KERNEL


def test_tour_runs_without_errors(kernel: str, tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=120,  # per cell
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, "the tour has no code cells"
    outputs = [out for cell in code for out in cell.outputs]
    # Pictures came out inline: PNG plots and SVG graphs.
    kinds = {key for out in outputs for key in out.get("data", {})}
    assert "image/png" in kinds
    assert "image/svg+xml" in kinds
    # The kernel was this interpreter, so it tested this checkout's pigrad.
    printed = "".join(out.get("text", "") for out in outputs)
    assert "each extra employee sells 35 more pigs" in printed


def test_tour_is_committed_clean_and_matches_its_generator(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "commit without outputs"
    fresh = tmp_path / "tour.ipynb"
    subprocess.run(
        [sys.executable, str(DEMOS_DIR / "build_tour.py"), "--out", str(fresh)],
        check=True,
        capture_output=True,
    )
    # Compare what the cells say, not the file's bytes (nbformat versions format differently).
    built = nbformat.read(fresh, as_version=4)
    assert [(c.cell_type, c.source) for c in built.cells] == [
        (c.cell_type, c.source) for c in nb.cells
    ], "demos/tour.ipynb is out of date: run python demos/build_tour.py"
