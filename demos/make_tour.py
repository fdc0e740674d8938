"""Build demos/tour.ipynb from demos/tour.py and run it, so it is committed with its outputs.

``demos/tour.py`` is the tour's source: a plain Python script in jupytext's percent
format (``# %%`` starts a code cell, ``# %% [markdown]`` a text cell whose lines are
comments).  It reads and diffs like any script; jupytext (a dev dependency) turns it into
a notebook, and nbclient runs every cell, so the committed notebook shows its numbers,
plots and graphs to anyone who opens it before running anything.

The kernel is this very interpreter (the one with pigrad installed), whatever kernels the
machine has: a throw-away kernelspec in a temporary folder, put first on JUPYTER_PATH,
runs ``sys.executable``; PYTHONPATH points it at this checkout.  Cell ids are numbered,
not random, so rebuilding an unchanged tour changes only what its outputs changed.

Run: python demos/make_tour.py [--out PATH]   (``make tour`` does)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "tour.py"
NOTEBOOK = HERE / "tour.ipynb"
KERNEL = "pigrad-tour"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def read_source(path: Path = SOURCE) -> Any:
    """The tour's cells, read from its percent-format script (a ``NotebookNode``)."""
    import jupytext

    nb = jupytext.read(path)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    return nb


@contextmanager
def this_python_as_kernel() -> Iterator[str]:
    """A kernelspec named ``KERNEL`` that runs this interpreter, for the block's duration."""
    saved = {name: os.environ.get(name) for name in ("JUPYTER_PATH", "PYTHONPATH")}
    with tempfile.TemporaryDirectory() as folder:
        spec_dir = Path(folder) / "kernels" / KERNEL
        spec_dir.mkdir(parents=True)
        spec = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "pigrad (this Python)",
            "language": "python",
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        os.environ["JUPYTER_PATH"] = folder
        os.environ["PYTHONPATH"] = str(HERE.parent)  # this checkout's autograd and nn
        try:
            yield KERNEL
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def execute(nb: Any, timeout: int = 120) -> Any:
    """Run every cell of ``nb`` in place, top to bottom, in a temporary working folder.

    Raises:
        nbclient.exceptions.CellExecutionError: naming the cell, if any cell fails.
    """
    from nbclient import NotebookClient

    # Inline pictures need no screen; the tour asks for %matplotlib inline itself.
    backend = os.environ.pop("MPLBACKEND", None)
    try:
        with this_python_as_kernel() as kernel, tempfile.TemporaryDirectory() as cwd:
            client = NotebookClient(
                nb,
                kernel_name=kernel,
                timeout=timeout,  # per cell
                record_timing=False,  # no timestamps: a rebuild changes only real outputs
                resources={"metadata": {"path": cwd}},
            )
            client.execute()
    finally:
        if backend is not None:
            os.environ["MPLBACKEND"] = backend
    nb.metadata["kernelspec"] = dict(KERNELSPEC)  # as a reader's Jupyter names it
    return nb


def build(source: Path = SOURCE) -> Any:
    """The tour as a notebook: tour.py's cells, each run, with its outputs."""
    return execute(read_source(source))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", default=str(NOTEBOOK), help="where to write the notebook")
    args = parser.parse_args(argv)
    import nbformat

    nb = build()
    nbformat.validate(nb)
    # Written whole to a temporary file, then renamed: never a half-written notebook.
    target = Path(args.out)
    partial = target.with_name(target.name + ".partial")
    nbformat.write(nb, partial)
    partial.replace(target)
    print(f"wrote {target} from {SOURCE.name}, every cell run")


if __name__ == "__main__":
    main(sys.argv[1:])
