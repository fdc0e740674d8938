"""Pictures of the activations: each one beside its derivative, computed by ``backward``.

* ``plot_activations()``: every activation of ``nn.activations`` (or your own
  functions) on the left, its derivative on the right;
* ``derivative_curve(fn, xs)``: the derivative at each x, from pigrad's own
  ``backward``, not from a formula: the picture shows what training uses.

``plot_activations`` returns the matplotlib ``Figure`` and saves it when given
``path=`` (see ``nn.figures``).  ``nn.plot`` imports both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from autograd import Value
from nn.activations import ACTIVATIONS, Activation, display_name, resolve
from nn.figures import Figure, PathArg, finish, pyplot


def derivative_curve(fn: Callable[[Value], Value], xs: Sequence[float]) -> list[float]:
    """d fn(x)/dx at each x, computed by pigrad's backward (not by a formula)."""
    slopes = []
    for x in xs:
        v = Value(x)
        fn(v).backward()
        slopes.append(v.grad)
    return slopes


def plot_activations(
    names: Sequence[Activation] | None = None,
    *,
    low: float = -4.0,
    high: float = 4.0,
    path: PathArg = None,
) -> Figure:
    """Each activation (left) beside its derivative (right), from ``nn.activations``.

    Args:
        names: which activations (default: all of ``ACTIVATIONS``): names, or your own
            functions Value -> Value (``lambda v: v * v.sigmoid()``), in any mix; a
            function is labelled with its own name (``custom`` for a lambda).
        low: where the range of x starts.
        high: where it ends.
        path: where to save the picture, if anywhere.

    Returns:
        The Figure, one row per activation.

    Raises:
        ValueError: for an unknown activation name or an empty range.
        TypeError: for something that is neither a name nor a function returning a Value.
    """
    chosen: list[Activation] = list(ACTIVATIONS) if names is None else list(names)
    unknown = [n for n in chosen if isinstance(n, str) and n not in ACTIVATIONS]
    if unknown or not chosen:
        raise ValueError(
            f"plot_activations knows {sorted(ACTIVATIONS)} or functions Value -> Value, "
            f"got {unknown or chosen!r}"
        )
    resolved = [resolve(n) for n in chosen]  # a function is tried once here
    if not low < high:
        raise ValueError(f"plot_activations needs low < high, got {low!r} and {high!r}")
    plt = pyplot()
    xs = [low + (high - low) * i / 400 for i in range(401)]
    fig, axes = plt.subplots(len(chosen), 2, figsize=(7.5, 2.1 * len(chosen)), squeeze=False)
    for row, activation, (_, on_values, on_floats) in zip(axes, chosen, resolved):
        row[0].plot(xs, [on_floats(x) for x in xs], color="tab:blue")
        row[0].set_ylabel(display_name(activation))
        row[1].plot(xs, derivative_curve(on_values, xs), color="tab:red")
        for ax in row:
            ax.axhline(0.0, color="grey", linewidth=0.5)
            ax.axvline(0.0, color="grey", linewidth=0.5)
            ax.grid(alpha=0.3)
    axes[0][0].set_title("activation f(x)", fontsize=10)
    axes[0][1].set_title("derivative f'(x), by backward()", fontsize=10)
    return finish(plt, fig, path)
