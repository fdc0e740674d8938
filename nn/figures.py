"""Figures: getting matplotlib, and saving and letting go of a finished figure.

The plumbing every pigrad plot shares (``nn.plot`` for training curves, ``nn.plot_model``
for pictures of a model, ``nn.plot_derivatives`` for the activations; the demos' own
figures too).  matplotlib is imported inside ``pyplot()``, when the first
plot is made, so ``import nn`` stays instant and works without it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

Figure = Any  # matplotlib.figure.Figure (matplotlib is imported only inside the functions)

PathArg = str | os.PathLike[str] | None
"""Where a plot saves its picture (``.png``, ``.svg``, ``.pdf``), or None to not save it."""

AS_WRITTEN = {"parse_math": False}
"""For texts a user chose (titles, axis names): matplotlib shows them as written instead
of reading ``$...$`` as maths, so "cost in $" cannot break a plot (an unmatched ``$``
made a ValueError deep inside matplotlib), as pigrad's graph pictures show labels."""


def pyplot() -> Any:
    """matplotlib.pyplot, on the Agg backend when there is no screen to show windows on."""
    try:
        import matplotlib
    except ImportError:
        raise ImportError(
            "pigrad's plots need matplotlib: pip install matplotlib (or pigrad[plot])"
        ) from None
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and "MPLBACKEND" not in os.environ and "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def finish(plt: Any, fig: Figure, path: PathArg) -> Figure:
    """Lay the figure out, save it to ``path`` (parent folders made) and release it.

    Closing it in pyplot means pyplot keeps no reference: making many figures in a loop
    holds no memory, and a notebook shows each figure once (as the cell's result).
    """
    fig.tight_layout()
    if path is not None:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(target, dpi=110)
    plt.close(fig)
    return fig
