"""Rate of change with Wang Xiaoer's pigs: derivatives, partials, and fitting a formula.

The article's first idea: a derivative is just a rate of change.  Wang Xiaoer sold 80, 90
and 100 pigs in three years: 10 more pigs a year.  This demo computes, with pigrad:

* ``d(10x + 30)/dx = 10`` (a constant growth rate);
* ``d(5x² + 30)/dx = 10x`` at several years, next to the difference quotient
  ``(f(x + h) - f(x)) / h`` that shrinks towards it as the step ``h`` shrinks;
* the partials of ``5x1² + 8x2 + 35x3 + 30`` (years, farm area, employees):
  ``(10x1, 8, 35)``, "each extra employee sells 35 more pigs";
* the second derivative of ``5x² + 30`` (the rate of change of the rate of change): 10;
* a picture of the computation graph that backpropagation walks;
* then the other way round: given noisy sales, recover each formula's coefficients by
  gradient descent, and plot the data with the fitted curve.

It prints its set-up first (the formulas, the data, how they are fitted) and ends with
its lesson in one line.

Run: python demos/pig_sales.py [--out DIR] [--quick]
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

import autograd
import autograd.render
import nn.data
from autograd import Value

# The three formulas of the article, as (the formula with a {} for each coefficient,
# true coefficients, features of one sample).  A formula is
# y = sum(coefficient * feature) + intercept.
FORMULAS: dict[str, tuple[str, list[float], Callable[[list[float]], list[float]]]] = {
    "linear": ("y = {}x + {}", [10.0, 30.0], lambda x: [x[0]]),
    "quadratic": ("y = {}x² + {}", [5.0, 30.0], lambda x: [x[0] ** 2]),
    "multivariate": (
        "y = {}x1² + {}x2 + {}x3 + {}",
        [5.0, 8.0, 35.0, 30.0],
        lambda x: [x[0] ** 2, x[1], x[2]],
    ),
}
LEARNING_RATE = 0.3


def formula(kind: str, coefficients: list[float], digits: int | None = 2) -> str:
    """A formula written with these coefficients: ``y = 9.98x + 30.12`` (``digits=None``:
    as short as the numbers allow, ``y = 10x + 30``)."""
    shown = (f"{c:g}" if digits is None else f"{c:.{digits}f}" for c in coefficients)
    return FORMULAS[kind][0].format(*shown)


def derivatives() -> dict[str, Any]:
    """The article's derivatives, printed and returned."""
    sales = [80.0, 90.0, 100.0]
    growth = [b - a for a, b in itertools.pairwise(sales)]
    shown = ", ".join(f"{s:g}" for s in sales)
    print(f"sales of {shown} pigs in three years grow by {growth[0]:g} pigs a year")

    x = Value(2.0, label="x")
    y = 10 * x + 30
    y.backward()
    linear = x.grad
    print(f"y = 10x + 30:  dy/dx = {linear:g} pigs a year, whatever the year")

    print("y = 5x² + 30:  dy/dx = 10x, and the difference quotient (f(x+h) - f(x)) / h")
    print(
        f"{'x':>4} {'backprop':>9} {'10x':>5} {'h=1':>8} {'h=0.1':>8} {'h=0.01':>8} {'h=0.001':>8}"
    )
    slopes: dict[float, float] = {}
    quotients: dict[float, list[float]] = {}
    steps = [1.0, 0.1, 0.01, 0.001]
    for year in (1.0, 2.0, 3.0, 4.0):
        x = Value(year, label="x")
        y = 5 * x**2 + 30
        y.backward()
        slopes[year] = x.grad
        # The oldest definition of a derivative: move x a little and see how y moves.
        # For 5x² + 30 the quotient is exactly 10x + 5h, so it shrinks towards 10x.
        quotients[year] = [((5 * (year + h) ** 2 + 30) - (5 * year**2 + 30)) / h for h in steps]
        row = " ".join(f"{q:8.3f}" for q in quotients[year])
        print(f"{year:4g} {x.grad:9g} {10 * year:5g} {row}")

    x1, x2, x3 = Value(3.0, "x1"), Value(2.0, "x2"), Value(10.0, "x3")
    y = 5 * x1**2 + 8 * x2 + 35 * x3 + 30
    y.backward()
    partials = (x1.grad, x2.grad, x3.grad)
    print(
        f"y = 5x1² + 8x2 + 35x3 + 30 at x1={x1.data:g}, x2={x2.data:g}, x3={x3.data:g}: "
        f"partials (10x1, 8, 35) = ({x1.grad:g}, {x2.grad:g}, {x3.grad:g})"
    )
    print(f"  each extra employee sells {x3.grad:g} more pigs")

    # The second derivative: differentiate the derivative.  create_graph=True makes the
    # first derivative a Value with its own graph, so it can be differentiated again.
    x = Value(3.0, label="x")
    dy_dx = autograd.grad(5 * x**2 + 30, x, create_graph=True)
    d2y_dx2 = autograd.grad(dy_dx, x)
    print(
        f"second derivative of 5x² + 30 at x=3: dy/dx = {dy_dx.data:g}, "
        f"d²y/dx² = {d2y_dx2.data:g} (the growth itself grows by 10 a year, every year)"
    )
    return {
        "growth": growth,
        "linear_slope": linear,
        "quadratic_slopes": slopes,
        "difference_quotients": quotients,
        "steps": steps,
        "partials": partials,
        "employee_pigs": partials[2],
        "second_derivative": d2y_dx2.data,
        "graph_root": y,
    }


def fit_formula(
    kind: str, X: list[list[float]], y: list[float], steps: int, lr: float
) -> tuple[list[float], list[float]]:
    """Recover a formula's coefficients by gradient descent on the mean squared error.

    The features (x², x2, x3 ...) have very different sizes, which makes plain gradient
    descent crawl.  So a ``Standardizer`` first shifts and scales each feature to mean 0
    and spread 1; we learn weights for the scaled features, then turn them back into the
    formula's coefficients.

    Returns:
        (coefficients with the intercept last, the loss after each step).
    """
    _, _, features = FORMULAS[kind]
    scaler = nn.data.Standardizer()
    scaled = scaler.fit_transform([features(x) for x in X])
    weights = [Value(0.0, f"w{j + 1}") for j in range(len(scaled[0]))]
    bias = Value(0.0, "b")
    losses = []
    for _ in range(steps):
        errors = [autograd.dot(weights, row, bias) - target for row, target in zip(scaled, y)]
        # the sum of the squared errors as one dot node, errors · errors (nn's mse does so)
        loss = autograd.dot(errors, errors) / len(errors)
        autograd.zero_grad([*weights, bias])
        loss.backward()
        # The article's learning coefficient: move each parameter against its partial
        # derivative, by a fraction lr of it.
        for p in (*weights, bias):
            p.data -= lr * p.grad
        losses.append(loss.data)
    coefficients, intercept = scaler.unscale_linear([w.data for w in weights], bias.data)
    return [*coefficients, intercept], losses


def sizes(quick: bool) -> tuple[int, int]:
    """How many noisy samples each formula is fitted to, and how many steps it takes."""
    # 100 steps: the formulas are found to 2 decimals by then (more steps print the same)
    return (40, 60) if quick else (200, 100)


def fit_all(quick: bool) -> dict[str, Any]:
    """Fit every formula to generated sales; print the formula found beside the true one."""
    n, steps = sizes(quick)
    fits: dict[str, Any] = {}
    for kind, (_, true, _) in FORMULAS.items():
        X, y = nn.data.pig_sales(kind, n=n, noise=2.0, seed=1)
        coefficients, losses = fit_formula(kind, X, y, steps=steps, lr=LEARNING_RATE)
        print(f"true formula    {formula(kind, true, None)}")
        print(
            f"  learned from {n} noisy sales in {steps} steps: {formula(kind, coefficients)}"
            f"   (mean squared error {losses[0]:.4g} -> {losses[-1]:.4g})"
        )
        fits[kind] = {"X": X, "y": y, "coefficients": coefficients, "true": true, "losses": losses}
    return fits


def plot_fits(fits: dict[str, Any], path: Path) -> None:
    """Data and fitted formula: sales against years, and predicted against real sales."""
    plt = common.pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    for ax, kind in zip(axes[:2], ("linear", "quadratic")):
        fit = fits[kind]
        features = FORMULAS[kind][2]
        years = [x[0] for x in fit["X"]]
        grid = [10 * i / 100 for i in range(101)]
        *weights, intercept = fit["coefficients"]
        curve = [sum(w * f for w, f in zip(weights, features([t]))) + intercept for t in grid]
        ax.scatter(years, fit["y"], s=12, alpha=0.6, label="sales (with noise)")
        ax.plot(grid, curve, color="tab:red", label="fitted formula")
        ax.set_title(f"learned {formula(kind, fit['coefficients'])}")
        ax.set_xlabel("year x")
        ax.set_ylabel("pigs sold y")
        ax.legend()
    fit = fits["multivariate"]
    *weights, intercept = fit["coefficients"]
    features = FORMULAS["multivariate"][2]
    predicted = [sum(w * f for w, f in zip(weights, features(x))) + intercept for x in fit["X"]]
    axes[2].scatter(fit["y"], predicted, s=12, alpha=0.6)
    low, high = min(fit["y"]), max(fit["y"])
    axes[2].plot([low, high], [low, high], color="tab:red", label="perfect prediction")
    axes[2].set_title(f"learned {formula('multivariate', fit['coefficients'], 1)}", fontsize=9)
    axes[2].set_xlabel("pigs sold (three inputs: no curve to draw)")
    axes[2].set_ylabel("fitted formula's prediction")
    axes[2].legend()
    common.save_figure(fig, path)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo; return the numbers it printed (and the pictures it saved)."""
    args = common.parse_args(__doc__, argv)
    out = common.out_dir(args)
    n, steps = sizes(args.quick)
    common.print_setup(
        "derivatives of Wang Xiaoer's pig sales, then the formulas found again from noisy sales",
        formulas="y = 10x + 30 and y = 5x² + 30 (x in years, y in pigs sold)",
        partials="y = 5x1² + 8x2 + 35x3 + 30 (x1 years, x2 farm area, x3 employees)",
        derivatives="by backward(), beside the difference quotient (f(x + h) - f(x)) / h",
        data=f"{n} sales per formula, made from the formula plus noise of about 2 pigs",
        model="the formula itself, every coefficient starting at 0 (features standardized)",
        loss="mean squared error between the formula's sales and the real ones",
        optimizer=f"plain gradient descent, learning rate {LEARNING_RATE}",
        steps=f"{steps}, each one using all the sales (one step per epoch)",
    )
    results = derivatives()
    graph = out / "pig_sales_graph.png"
    root = results.pop("graph_root")
    root.label = "y"
    # collapse_constants writes the 5, 8, 35 and 30 inside their operations.
    autograd.render.save(autograd.draw_graph(root, collapse_constants=True), graph)
    print(f"saved {graph}: the graph of 5x1² + 8x2 + 35x3 + 30, each arrow a local derivative")
    print()
    results["fits"] = fit_all(args.quick)
    picture = out / "pig_sales_fit.png"
    plot_fits(results["fits"], picture)
    print(f"saved {picture}: the noisy sales and the formulas learned from them")
    common.takeaway(
        "a derivative is a rate of change (10 pigs a year; 35 more pigs per employee); one "
        "backward() finds every partial at once, and stepping against them recovers a "
        "formula from noisy sales."
    )
    results["pictures"] = [graph, picture]
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
