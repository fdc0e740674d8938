"""Activation functions and their derivatives, the article's "little romance" of a network.

Without a bend after each weighted sum, a network is one straight-line function however
many layers it has.  The article names the usual bends and their derivatives:

* sigmoid ``f(x) = 1 / (1 + e^-x)`` with the famous ``f'(x) = f(x) * (1 - f(x))``;
* ReLU: 0 for x < 0, x otherwise (slope 0 or 1);
* "your own ReLU", 0.01x for x < 0 (leaky ReLU, slope 0.01 or 1);
* tanh, with ``f'(x) = 1 - f(x)²``;
* and an activation you define yourself with ``autograd.custom_op``: here softplus
  ``log(1 + e^x)``, a smooth ReLU whose derivative is the sigmoid, checked against
  central differences with ``autograd.gradcheck``.

Every derivative printed and plotted is computed by backpropagation, one point at a time,
and compared with the formula.  The demo prints its set-up first and ends with its
lesson in one line.

Run: python demos/activations.py [--out DIR] [--quick]
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

import autograd
from autograd import Value

POINTS = [-4.0, -2.0, -1.0, -0.5, 0.5, 1.0, 2.0, 4.0]


def softplus_forward(x: float) -> float:
    # log(1 + e^x), written so it does not overflow for large x.
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


# d/dx log(1 + e^x) = e^x / (1 + e^x) = sigmoid(x).  Since e^-out = 1 / (1 + e^x), that is
# also 1 - e^-out: written with ** on the number e, the rule works on floats and on Values
# alike, so softplus can even be differentiated twice.
softplus = autograd.custom_op(
    "softplus", softplus_forward, lambda out, x: 1 - math.e ** (-out), symbol="softplus"
)

# name -> (the activation on Values, its derivative by formula, written with f = f(x))
ACTIVATIONS: dict[str, tuple[Callable[[Value], Value], Callable[[float, float], float], str]] = {
    "sigmoid": (Value.sigmoid, lambda x, f: f * (1 - f), "f(1 - f)"),
    "relu": (Value.relu, lambda x, f: 1.0 if x > 0 else 0.0, "0 if x < 0 else 1"),
    "leaky_relu": (
        lambda v: v.leaky_relu(0.01),
        lambda x, f: 1.0 if x > 0 else 0.01,
        "0.01 if x < 0 else 1",
    ),
    "tanh": (Value.tanh, lambda x, f: 1 - f * f, "1 - f²"),
    "softplus (custom_op)": (softplus, lambda x, f: 1 / (1 + math.exp(-x)), "sigmoid(x)"),
}


def value_and_slope(fn: Callable[[Value], Value], x: float) -> tuple[float, float]:
    """f(x) and f'(x), the slope found by backpropagation."""
    v = Value(x, "x")
    out = fn(v)
    out.backward()
    return out.data, v.grad


def table(points: list[float]) -> dict[str, list[tuple[float, float, float, float]]]:
    """For each activation: rows (x, f(x), backprop f'(x), formula f'(x))."""
    rows: dict[str, list[tuple[float, float, float, float]]] = {}
    for name, (fn, formula, written) in ACTIVATIONS.items():
        print(f"\n{name}: f'(x) = {written}")
        print(f"{'x':>6} {'f(x)':>10} {'backprop':>10} {'formula':>10}")
        rows[name] = []
        for x in points:
            f, slope = value_and_slope(fn, x)
            rows[name].append((x, f, slope, formula(x, f)))
            print(f"{x:6g} {f:10.6f} {slope:10.6f} {formula(x, f):10.6f}")
    return rows


def plot(path: Path, quick: bool) -> None:
    """Each activation (top) and its backprop derivative (bottom), on one figure."""
    plt = common.pyplot()
    n = 41 if quick else 201
    xs = [-4 + 8 * i / (n - 1) for i in range(n)]
    fig, axes = plt.subplots(2, len(ACTIVATIONS), figsize=(3 * len(ACTIVATIONS), 5), sharex=True)
    for column, (name, (fn, _, written)) in enumerate(ACTIVATIONS.items()):
        values, slopes = zip(*(value_and_slope(fn, x) for x in xs))
        axes[0][column].plot(xs, values, color="tab:blue")
        axes[0][column].set_title(name.replace(" (custom_op)", "\n(custom_op)"))
        axes[1][column].plot(xs, slopes, color="tab:orange")
        axes[1][column].set_title(f"f'(x) = {written}", fontsize=9)
        axes[1][column].set_xlabel("x")
        for ax in (axes[0][column], axes[1][column]):
            ax.axhline(0, color="grey", linewidth=0.5)
            ax.axvline(0, color="grey", linewidth=0.5)
    axes[0][0].set_ylabel("f(x)")
    axes[1][0].set_ylabel("f'(x) by backprop")
    common.save_figure(fig, path)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo; return the numbers it printed (and the pictures it saved)."""
    args = common.parse_args(__doc__, argv)
    out = common.out_dir(args)
    common.print_setup(
        "five activation functions and their slopes (no network, no training)",
        functions=", ".join(ACTIVATIONS),
        points="x = " + ", ".join(f"{x:g}" for x in POINTS),
        slopes="f'(x) by backward() on a Value, beside the formula the article gives",
        check="autograd.gradcheck compares the custom softplus with central differences",
    )
    rows = table(POINTS)

    print("\ngradcheck of the custom softplus (first and second derivatives):")
    report = autograd.gradcheck(lambda x: softplus(x), [0.7], second_order=True)
    print(report)

    picture = out / "activations.png"
    plot(picture, args.quick)
    print(f"\nsaved {picture}: each activation (top) and its slope by backward() (bottom)")
    common.takeaway(
        "an activation bends the weighted sum, and backward() knows its slope: sigmoid's is "
        "f(1 - f), at most 0.25; ReLU's is 0 or 1, so no learning passes a ReLU that is off."
    )
    return {"rows": rows, "softplus_gradcheck_ok": report.ok, "pictures": [picture]}


if __name__ == "__main__":
    main(sys.argv[1:])
