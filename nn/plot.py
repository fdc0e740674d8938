"""Plots of training (matplotlib, imported when a plot is made), and every plot's name.

* ``plot_history(history)``: loss, accuracy and learning rate per epoch, from ``fit``;
* ``integer_epochs(ax)``: whole-epoch ticks on any matplotlib axis of epochs.

The pictures of a model live in ``nn.plot_model``, those of the activations in
``nn.plot_derivatives``, and can be imported from here too:

* ``plot_decision_boundary(model, X, y)``: a 2-D classifier's regions over its data;
* ``plot_fit(model_or_fn, X, y)``: a fitted curve through the pig-sales data;
* ``plot_activations()``: each activation beside its derivative, the derivatives
  computed by pigrad's own ``backward``.

Each function returns the matplotlib ``Figure`` (shown inline when it is the last line
of a notebook cell) and saves it when given ``path=`` (parent folders are created).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from nn.figures import AS_WRITTEN, Figure, PathArg, finish, pyplot
from nn.history import History
from nn.plot_derivatives import derivative_curve, plot_activations
from nn.plot_model import plot_decision_boundary, plot_fit

__all__ = [
    "derivative_curve",
    "integer_epochs",
    "plot_activations",
    "plot_decision_boundary",
    "plot_fit",
    "plot_history",
]


def loss_scale(curves: Sequence[Sequence[float]]) -> tuple[str, dict[str, float]]:
    """The y scale for loss curves, and its options for ``ax.set_yscale``.

    * ``"linear"`` when the losses stay within a factor of 100 of each other;
    * ``"log"`` when they fall by orders of magnitude and are all above 0;
    * ``"symlog"`` when they fall by orders of magnitude and some reach 0 (a hinge loss
      with every margin met is exactly 0): a log scale would drop those points, so the
      scale is linear from 0 up to ``linthresh`` (the smallest non-zero loss, rounded
      down to a power of ten) and logarithmic above it.

    Infinite and NaN losses (a diverged run) are ignored.
    """
    finite = [v for curve in curves for v in curve if math.isfinite(v)]
    positive = [v for v in finite if v > 0]
    if not positive or max(positive) <= 100 * min(positive):
        return "linear", {}
    if len(positive) == len(finite):
        return "log", {}
    return "symlog", {"linthresh": 10.0 ** math.floor(math.log10(min(positive)))}


def integer_epochs(ax: Any) -> None:
    """Tick an epoch axis at whole epochs only (no "epoch 2.5" on a short run)."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True))


def plot_history(history: History, *, path: PathArg = None, title: str | None = None) -> Figure:
    """Training curves: loss (and validation loss), accuracy and learning rate per epoch.

    Args:
        history: the ``History`` returned by ``nn.fit``.
        path: where to save the picture (``.png``, ``.svg``, ``.pdf``), if anywhere.
        title: a title; by default the history's message.

    Returns:
        The Figure, one panel per kind of curve the history has.

    Raises:
        ValueError: if the history has no epochs.
    """
    losses = list(getattr(history, "train_loss", []))
    if not losses:
        raise ValueError("plot_history needs a History with at least one epoch, got none")
    plt = pyplot()
    acc_train, acc_val = list(history.train_accuracy), list(history.val_accuracy)
    lrs = list(history.lr)
    panels = ["loss"] + (["accuracy"] if acc_train or acc_val else []) + (["lr"] if lrs else [])
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.4), squeeze=False)
    best = getattr(history, "best_epoch", None)
    for ax, panel in zip(axes[0], panels):
        if panel == "loss":
            ax.plot(range(1, len(losses) + 1), losses, label="train")
            if history.val_loss:
                ax.plot(range(1, len(history.val_loss) + 1), history.val_loss, label="validation")
            scale, options = loss_scale([losses, history.val_loss])
            ax.set_yscale(scale, **options)
            ax.set_ylabel("loss")
            if scale == "symlog":
                below = options["linthresh"]  # linear from 0 to here, log above (dotted)
                ax.axhline(below, color="grey", linewidth=0.6, linestyle=":")
                ax.set_ylim(bottom=-0.15 * below)  # losses of exactly 0 clear of the frame
                ax.set_ylabel(f"loss (log scale above {below:g})")
        elif panel == "accuracy":
            for values, name in ((acc_train, "train"), (acc_val, "validation")):
                if values:
                    ax.plot(range(1, len(values) + 1), values, label=name)
            ax.set_ylim(-0.02, 1.02)
            ax.set_ylabel("accuracy")
        else:
            ax.plot(range(1, len(lrs) + 1), lrs, color="tab:green")
            ax.set_ylabel("learning rate")
        if best is not None:
            ax.axvline(best, color="grey", linestyle=":", label=f"best epoch {best}")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
        ax.set_xlabel("epoch")
        integer_epochs(ax)
        ax.grid(alpha=0.3)
    shown = title if title is not None else (history.message or "training")
    fig.suptitle(shown, fontsize=10, **AS_WRITTEN)
    return finish(plt, fig, path)
