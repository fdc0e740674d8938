"""The plumbing every demo shares: its command line, what it says first and last, its figures.

Nothing here teaches pigrad; it keeps the demos about their ideas.  Each demo is a
script run as ``python demos/NAME.py [--out DIR] [--quick]``; Python puts the script's
own folder first on ``sys.path``, so a demo finds this file with ``import common``.
(``run_all.py`` and the tests, which load demos from their files, add the folder too.)

* ``parse_args(__doc__, argv)``: ``--out DIR`` (where pictures go) and ``--quick`` (a
  fast run, for the tests); ``--help`` prints the demo's whole docstring;
* ``out_dir(args)``: the ``--out`` folder, created if missing;
* ``print_setup(what, data=..., network=..., ...)``: before a demo's table, what it is
  about to run (the data and its size, the network, the loss, the optimizer and its
  learning rate, the epochs, the batch size), with ``network(model)`` and
  ``batches(batch_size, n)`` writing two of them the same way in every demo;
* ``takeaway(sentence)``: a demo's last line, its lesson in plain words;
* ``pyplot()`` and ``save_figure(fig, path)``: nn's own figure helpers (``nn.figures``),
  so the demos save pictures exactly as ``nn.plot`` does.

A demo imports this file before pigrad, so a Python without pigrad installed stops
here, with a message naming the module that is missing and the Python to use instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

try:
    import autograd  # noqa: F401  (imported only to check that pigrad is installed)
    import nn
    import nn.figures
except ModuleNotFoundError as missing:
    raise SystemExit(
        f"No module named {missing.name!r}: this Python ({sys.executable}) does not have "
        "pigrad installed.  Run the demos with the project's own Python, "
        ".venv/bin/python demos/NAME.py (`make setup` creates it), or `make demo`."
    ) from None


def argument_parser(
    doc: str | None, quick_help: str = "a fast run, for the tests"
) -> argparse.ArgumentParser:
    """A command line with ``--out`` and ``--quick``, for a script that may add more.

    Args:
        doc: the script's ``__doc__``, shown whole (line breaks kept) by ``--help``.
        quick_help: what ``--quick`` does, as ``--help`` says it.

    Returns:
        The parser; ``parse_args`` below is all a demo needs, ``run_all.py`` adds to it.
    """
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", default="out", help="folder for pictures (default: out)")
    parser.add_argument("--quick", action="store_true", help=quick_help)
    return parser


def parse_args(doc: str | None, argv: list[str] | None) -> argparse.Namespace:
    """Read a demo's ``--out DIR`` and ``--quick`` options.

    Args:
        doc: the demo's ``__doc__`` (``--help`` prints it).
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


# --- what a demo says before its table and after it ---------------------------------------


def print_setup(what: str, **parts: object) -> None:
    """Print what a demo is about to run, one part per line, then a blank line.

    ``print_setup("training on the two moons", data="200 points", epochs=100)`` prints::

        Set-up: training on the two moons
          data:   200 points
          epochs: 100

    Args:
        what: the experiment in a few words.
        parts: name=text, printed in the order given (``batch_size`` as "batch size").
    """
    print(f"Set-up: {what}")
    labels = {name: name.replace("_", " ") + ":" for name in parts}
    width = max((len(label) for label in labels.values()), default=0)
    for name, text in parts.items():
        print(f"  {labels[name]:<{width}} {text}")
    print()


def network(model: nn.MLP) -> str:
    """A model in one line: its layer sizes and activations, and how many parameters.

    ``nn.MLP(2, [16, 16, 1])`` is ``2 -> 16 -> 16 -> 1 (relu), 337 parameters``; an
    output activation other than none is named too (``(tanh, sigmoid output)``).
    """
    sizes = " -> ".join(str(n) for n in [model.nin, *model.nouts])
    hidden, output = model.activations[:-1], model.activations[-1]
    bends = list(dict.fromkeys(hidden)) or ["no hidden layer"]
    if output != "linear":
        bends.append(f"{output} output")
    return f"{sizes} ({', '.join(bends)}), {model.num_parameters()} parameters"


def batches(batch_size: int | None, n: int) -> str:
    """A batch size in words: how many samples each step sees, and steps per epoch."""
    if batch_size is None or batch_size >= n:
        return f"full batch (all {n} samples in each step: 1 step per epoch)"
    steps = -(-n // batch_size)  # ceil(n / batch_size)
    noun = "sample" if batch_size == 1 else "samples"
    return f"{batch_size} {noun} per step ({steps} steps per epoch, reshuffled each epoch)"


def takeaway(sentence: str) -> None:
    """Print a demo's last line: what the numbers above mean, in plain words."""
    print(f"\nTakeaway: {sentence}")


# --- figures --------------------------------------------------------------------------------


def pyplot() -> Any:
    """``matplotlib.pyplot``, got the way nn's plots get it (Agg when there is no screen)."""
    return nn.figures.pyplot()


def save_figure(fig: Any, path: Path) -> Any:
    """Lay out a finished figure, write it as a PNG to ``path`` and free it, as nn.plot does.

    Returns:
        The figure, for a test to look at what was drawn.
    """
    return nn.figures.finish(pyplot(), fig, path)
