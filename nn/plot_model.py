"""Pictures of a model: what a classifier decides, and how a curve fits the data.

* ``plot_decision_boundary(model, X, y)``: a 2-D classifier's regions over its data;
* ``plot_fit(model_or_fn, X, y)``: a fitted curve through the pig-sales data.

Models are evaluated with ``forward_floats`` (plain floats, no graph), so a 100 × 100
grid takes about a second, not minutes.  Each function returns the matplotlib
``Figure`` and saves it when given ``path=`` (see ``nn.figures``).  ``nn.plot`` imports
them all, so ``nn.plot.plot_fit`` works too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from nn.activations import ACTIVATIONS
from nn.checks import Matrix, check_matrix, check_same_length
from nn.figures import AS_WRITTEN, Figure, PathArg, finish, pyplot
from nn.metrics import output_threshold, outputs_on_floats


def _points(X: object, y: Sequence[float], width: int | None, who: str) -> Matrix:
    """The samples, checked like training data (one label each; ``width`` numbers each)."""
    table = check_matrix("X", X, width=width, expected_by=who)
    check_same_length("X", table, "y", y)
    return table


def _probability(output_is_probability: bool) -> Callable[[float], float]:
    """Score -> probability of class 1: the sigmoid, unless the model applied one already."""
    if output_is_probability:
        return lambda p: p
    sigmoid = ACTIVATIONS["sigmoid"][1]
    return sigmoid


def plot_decision_boundary(
    model: Any,
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    *,
    resolution: int = 100,
    margin: float = 0.5,
    path: PathArg = None,
    title: str | None = None,
    ax: Any = None,
) -> Figure:
    """The regions a 2-input classifier gives each class, with the data on top.

    The model runs on plain floats (``model.forward_floats``, or on the whole grid at
    once when it has ``forward_floats_batch``) at every point of a
    ``resolution`` × ``resolution`` grid, and the colours are on a FIXED scale, so a
    model that has learned nothing looks flat instead of showing its noise:

    * one output, labels 0/1: the probability of class 1 (the sigmoid of the score, or
      the output itself after a sigmoid output layer), from 0 (red) to 1 (blue), the
      boundary drawn where it crosses 0.5;
    * one output, labels -1/+1 (a hinge model): the score, from -1 (red) to +1 (blue),
      beyond which the hinge loss is satisfied; the boundary where it crosses 0;
    * several outputs: each point gets the colour of the class with the largest score.

    A legend names the class of each colour of points.

    Args:
        model: an nn model with 2 inputs (anything with ``forward_floats``).
        X: the samples, pairs of numbers.
        y: their labels (0/1, -1/+1 or 0..k-1).
        resolution: grid points per side (at least 2).
        margin: how far beyond the data the grid reaches.
        path: where to save the picture, if anywhere.
        title: a title for the plot.
        ax: a matplotlib Axes to draw into (for several plots side by side); by default
            a new figure of its own.  The figure is then saved only if ``path`` is given.

    Returns:
        The Figure.

    Raises:
        ValueError: for samples that are not pairs, mismatched lengths or a bad resolution.
    """
    X = _points(X, y, 2, "plot_decision_boundary")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(
            f"plot_decision_boundary resolution must be an int >= 2, got {resolution!r}"
        )
    plt = pyplot()
    xs = [p[0] for p in X]
    ys = [p[1] for p in X]
    x0, x1 = min(xs) - margin, max(xs) + margin
    y0, y1 = min(ys) - margin, max(ys) + margin
    gx = [x0 + (x1 - x0) * i / (resolution - 1) for i in range(resolution)]
    gy = [y0 + (y1 - y0) * j / (resolution - 1) for j in range(resolution)]
    # the whole grid in one call: an MLP then reads each weight once, not once per point
    flat = outputs_on_floats(model, [[a, b] for b in gy for a in gx])
    scores = [flat[j * resolution : (j + 1) * resolution] for j in range(resolution)]
    drawn_alone = ax is None
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.2, 4.6))
    else:
        fig = ax.figure
    k = len(scores[0][0])
    labels = sorted(set(y))
    if k == 1:  # one score: shade it on a fixed scale, the boundary where it changes class
        if min(y) < 0:  # -1/+1 labels: a hinge score; beyond +-1 the margin is met
            low, boundary, bar = -1.0, 0.0, "score (beyond ±1: hinge margin met)"
            grid = [[min(max(s[0], -1.0), 1.0) for s in row] for row in scores]
        else:
            low, boundary, bar = 0.0, 0.5, "probability of class 1"
            to_probability = _probability(output_threshold(model) == 0.5)
            grid = [[to_probability(s[0]) for s in row] for row in scores]
        colours: dict[str, Any] = {"cmap": "RdBu", "vmin": low, "vmax": 1.0}
        levels = [low + (1.0 - low) * i / 10 for i in range(11)]
        shade = ax.contourf(gx, gy, grid, levels=levels, alpha=0.75, **colours)
        fig.colorbar(shade, ax=ax, label=bar)
        if min(map(min, grid)) < boundary < max(map(max, grid)):
            ax.contour(gx, gy, grid, levels=[boundary], colors="black", linewidths=1.5)
    else:  # one score per class: each point gets the class with the largest
        grid = [[max(range(k), key=s.__getitem__) for s in row] for row in scores]
        # Class c gets colour c of a palette with a colour for every class (tab10's
        # colours ran out after 10: classes 9, 10, 11 ... all came out the same).
        palette, last = ("tab10", 9) if k <= 10 else ("tab20", 19) if k <= 20 else ("turbo", k - 1)
        colours = {"cmap": palette, "vmin": 0, "vmax": last}
        ax.contourf(gx, gy, grid, levels=[c - 0.5 for c in range(k + 1)], alpha=0.35, **colours)
    points = ax.scatter(xs, ys, c=list(y), edgecolors="black", linewidths=0.6, s=22, **colours)
    # One legend entry per class, in the colour its points have (sorted, as matplotlib
    # lists the values it finds).
    handles, _ = points.legend_elements(num=None)
    shown = "{:+g}" if labels[0] < 0 else "{:g}"  # class -1 and class +1
    names = [f"class {shown.format(c)}" for c in labels]
    ax.legend(handles, names, fontsize=8, loc="best", ncol=1 + len(labels) // 10)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    default = f"decision boundary ({resolution}×{resolution} grid)"
    ax.set_title(title or default, fontsize=10, **AS_WRITTEN)
    if drawn_alone or path is not None:
        return finish(plt, fig, path)
    return fig  # a panel of the caller's figure: the caller lays it out and saves it


def _predictor(model_or_fn: Any) -> Callable[[Sequence[float]], float]:
    """A function sample -> number from a model (first output) or a plain function."""
    forward = getattr(model_or_fn, "forward_floats", None)
    if forward is not None:
        return lambda sample: float(forward(list(sample))[0])
    if not callable(model_or_fn):
        raise TypeError(
            "plot_fit needs a model (with forward_floats) or a function of x, "
            f"got {type(model_or_fn).__name__}"
        )
    fn = model_or_fn
    return lambda sample: float(fn(sample[0]) if len(sample) == 1 else fn(sample))


def _in_original_units(
    predict: Callable[[Sequence[float]], float], x_scaler: Any, y_scaler: Any
) -> Callable[[Sequence[float]], float]:
    """``predict`` in the original units, for a model trained on scaled data.

    The sample is scaled with ``x_scaler``, predicted, and the answer unscaled with
    ``y_scaler`` (either may be None: no scaling on that side).

    Raises:
        TypeError: if a scaler is not a Standardizer.
    """
    for name, scaler in (("x_scaler", x_scaler), ("y_scaler", y_scaler)):
        if scaler is not None and not hasattr(scaler, "inverse_transform"):
            raise TypeError(
                f"plot_fit {name} must be a fitted nn.data.Standardizer, "
                f"got {type(scaler).__name__}: {scaler!r:.60}"
            )

    def in_units(sample: Sequence[float]) -> float:
        scaled = x_scaler.transform([list(sample)])[0] if x_scaler is not None else sample
        out = predict(scaled)
        return float(y_scaler.inverse_transform([out])[0]) if y_scaler is not None else out

    return in_units


def plot_fit(
    model_or_fn: Any,
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    *,
    x_scaler: Any = None,
    y_scaler: Any = None,
    xlabel: str = "year",
    ylabel: str = "pigs sold",
    path: PathArg = None,
    title: str | None = None,
) -> Figure:
    """A fitted curve through data such as ``nn.data.pig_sales``.

    One input per sample: the data as dots and the model's curve over the whole range.
    Several inputs (``pig_sales("multivariate")``): predicted against actual, with the
    line where they would be equal.

    Args:
        model_or_fn: an nn model (its first output is used) or a function: ``f(x)`` of a
            number for one-input data, ``f(sample)`` otherwise.  A model trained on
            features such as ``[x, x²]`` can be wrapped:
            ``lambda x: model.forward_floats([x, x * x])[0]``.
        X: the samples, in their original units (years).
        y: the targets, in their original units (pigs).
        x_scaler: the ``nn.data.Standardizer`` the model's training samples were scaled
            with, if any: each sample is scaled with it before the model sees it.
        y_scaler: the ``Standardizer`` the training targets were scaled with, if any:
            the model's answers are turned back into pigs with its ``inverse_transform``.
            With both, the picture is in years and pigs while the model works on
            numbers near 1.
        xlabel: the x axis's name (the article's year by default).
        ylabel: the y axis's name (pigs sold by default).
        path: where to save the picture, if anywhere.
        title: a title for the plot.

    Returns:
        The Figure.

    Raises:
        TypeError: if model_or_fn is neither a model nor a function, or a scaler is
            not a Standardizer.
        ValueError: for mismatched or empty data (or a scaler fitted on other data).
    """
    X = _points(X, y, None, "plot_fit")
    predict = _in_original_units(_predictor(model_or_fn), x_scaler, y_scaler)
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.4, 4.0))
    if len(X[0]) == 1:
        xs = [row[0] for row in X]
        lo, hi = min(xs), max(xs)
        curve_x = [lo + (hi - lo) * i / 199 for i in range(200)]
        ax.scatter(xs, list(y), s=16, color="tab:blue", label="data")
        ax.plot(curve_x, [predict([x]) for x in curve_x], color="tab:red", label="fit")
        ax.set_xlabel(xlabel, **AS_WRITTEN)
    else:
        predicted = [predict(row) for row in X]
        ax.scatter(list(y), predicted, s=16, color="tab:blue", label="samples")
        lo, hi = min(*y, *predicted), max(*y, *predicted)
        ax.plot([lo, hi], [lo, hi], color="tab:red", label="predicted = actual")
        ax.set_xlabel(f"actual {ylabel}", **AS_WRITTEN)
        ylabel = f"predicted {ylabel}"
    ax.set_ylabel(ylabel, **AS_WRITTEN)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    ax.set_title(title or "fit", fontsize=10, **AS_WRITTEN)
    return finish(plt, fig, path)
