"""The plumbing every demo shares: its command line, its output folder, saving its figures.

Nothing here teaches pigrad; it keeps the demos about their ideas.  Each demo is a
script run as ``python demos/NAME.py [--out DIR] [--quick]``; Python puts the script's
own folder first on ``sys.path``, so a demo finds this file with ``import common``.
(``run_all.py`` and the tests, which load demos from their files, add the folder too.)

* ``parse_args(__doc__, argv)``: ``--out DIR`` (where pictures go) and ``--quick`` (a
  fast run, for the tests), with the demo's first docstring line as ``--help``;
* ``out_dir(args)``: the ``--out`` folder, created if missing;
* ``pyplot()`` and ``save_figure(fig, path)``: matplotlib without a screen, and the one
  way every demo writes and closes a figure.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def argument_parser(
    doc: str | None, quick_help: str = "a fast run, for the tests"
) -> argparse.ArgumentParser:
    """A command line with ``--out`` and ``--quick``, for a script that may add more.

    Args:
        doc: the script's ``__doc__``; its first line is the ``--help`` description.
        quick_help: what ``--quick`` does, as ``--help`` says it.

    Returns:
        The parser; ``parse_args`` below is all a demo needs, ``run_all.py`` adds to it.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--out", default="out", help="folder for pictures (default: out)")
    parser.add_argument("--quick", action="store_true", help=quick_help)
    return parser


def parse_args(doc: str | None, argv: list[str] | None) -> argparse.Namespace:
    """Read a demo's ``--out DIR`` and ``--quick`` options.

    Args:
        doc: the demo's ``__doc__`` (its first line describes it in ``--help``).
        argv: the arguments after the script's name; None reads ``sys.argv``.

    Returns:
        The options: ``.out`` (a folder name, "out" unless given) and ``.quick`` (bool).
    """
    return argument_parser(doc).parse_args(argv)


def out_dir(args: argparse.Namespace) -> Path:
    """The folder the pictures go into (``--out``), created with its parents if missing."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return out


def pyplot() -> Any:
    """``matplotlib.pyplot`` on the Agg backend, which draws to files and needs no screen.

    matplotlib is imported here, when a demo first draws, not when the demo is loaded.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_figure(fig: Any, path: Path) -> None:
    """Lay out a finished figure, write it as a PNG to ``path`` and free it in pyplot."""
    plt = pyplot()
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
