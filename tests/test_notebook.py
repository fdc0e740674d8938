"""demos/tour.ipynb is demos/tour.py's cells with their outputs, and runs without an error.

``tour.py`` (jupytext percent format) is the source; ``make tour`` (``demos/make_tour.py``)
turns it into the notebook and runs it, so the notebook is committed WITH its outputs and
can be read before anything is run.  These tests hold the committed notebook to its
source, and run the source again headless (nbclient, with a kernel that is this very
interpreter: see ``make_tour.this_python_as_kernel``) to check the outputs are current.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest

DEMOS_DIR = Path(__file__).resolve().parent.parent / "demos"
NOTEBOOK = DEMOS_DIR / "tour.ipynb"


def load_make_tour() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_tour", DEMOS_DIR / "make_tour.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_tour", module)
    spec.loader.exec_module(module)
    return module


def code_cells(nb: Any) -> list[Any]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def printed(nb: Any) -> list[str]:
    """What each code cell printed, in order (pictures aside)."""
    return [
        "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream")
        for cell in code_cells(nb)
    ]


def assert_outputs_present(nb: Any) -> None:
    code = code_cells(nb)
    assert len(code) > 10, "the tour has hardly any code cells"
    assert all(cell.execution_count is not None for cell in code), "a cell was never run"
    outputs = [out for cell in code for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    # every cell shows something, but the first, which only imports
    silent = [cell.source.splitlines()[0] for cell in code[1:] if not cell.outputs]
    assert not silent, f"cells without output: {silent}"
    # pictures inline: PNG plots and SVG graphs
    kinds = {key for out in outputs for key in out.get("data", {})}
    assert {"image/png", "image/svg+xml"} <= kinds
    assert "each extra employee sells 35 more pigs" in "".join(printed(nb))


@pytest.fixture(scope="module")
def committed() -> Any:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    return nb


def test_the_committed_tour_is_tour_py_cell_for_cell(committed: Any) -> None:
    source = load_make_tour().read_source()
    assert [(c.cell_type, c.source) for c in committed.cells] == [
        (c.cell_type, c.source) for c in source.cells
    ], "demos/tour.ipynb is out of date: edit demos/tour.py, then run make tour"


def test_the_committed_tour_has_its_outputs(committed: Any) -> None:
    assert_outputs_present(committed)


def test_the_tour_runs_and_prints_what_the_committed_notebook_shows(committed: Any) -> None:
    fresh = load_make_tour().build()  # raises CellExecutionError, naming the cell, on an error
    assert_outputs_present(fresh)
    # The kernel was this interpreter with this checkout's pigrad, and the committed
    # outputs are what the cells print today.
    assert printed(fresh) == printed(committed), "outputs are stale: run make tour"
