"""Write demos/tour.ipynb, the article as a notebook, from the cells listed here.

The notebook is generated, not edited by hand, so it stays reviewable as plain Python and
is committed without outputs.  ``tests/test_notebook.py`` executes it headless and checks
that the committed file is what this script writes.  After editing a cell here, run:

    python demos/build_tour.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat import v4

HERE = Path(__file__).resolve().parent

# (kind, source): "md" is a markdown cell, "py" a code cell.  Keep code cells small and
# fast: the whole notebook runs in the test suite.
CELLS: list[tuple[str, str]] = [
    (
        "md",
        """# A tour of pigrad: Wang Xiaoer's pigs and deep learning

This notebook follows the article *"Wang Xiaoer sells pigs": on the derivative of deep
learning* idea by idea: a derivative is a rate of change; a partial derivative is the rate
of change for one variable; a network's partials come from the chain rule, right to left;
activation functions bend the network; a learning coefficient decides how far each step
moves; and training must avoid both under-fitting and over-fitting.

Every number below is computed by pigrad, a small engine in pure Python. Run the cells
from top to bottom.""",
    ),
    (
        "py",
        """%matplotlib inline
import matplotlib.pyplot as plt

import autograd
import nn
from autograd import Value""",
    ),
    (
        "md",
        """## 1. A derivative is a rate of change

Wang Xiaoer sold 80 pigs the year before last, 90 last year and 100 this year: 10 more
pigs a year. With `y = 10x + 30` (30 pigs in the first year, 10 more each year), the
derivative `dy/dx` is 10. pigrad finds it by *backpropagation*: compute `y` from a `Value`,
call `y.backward()`, read `x.grad`.""",
    ),
    (
        "py",
        """sales = [80, 90, 100]
print("growth per year:", [b - a for a, b in zip(sales, sales[1:])])

x = Value(2.0, label="x")
y = 10 * x + 30
y.backward()
print("dy/dx =", x.grad, "pigs a year")""",
    ),
    (
        "md",
        """When growth is not constant, as in `y = 5x² + 30`, the rate of change depends on the
year: `dy/dx = 10x`. The oldest way to see it: move `x` by a small step `h` and divide the
change in `y` by `h`. As `h` shrinks, that quotient approaches the derivative.""",
    ),
    (
        "py",
        """def f(x):
    return 5 * x**2 + 30

for year in [1.0, 2.0, 3.0]:
    x = Value(year, label="x")
    f(x).backward()
    quotients = [round((f(year + h) - f(year)) / h, 4) for h in (1, 0.1, 0.01, 0.001)]
    print(f"x = {year}: backprop {x.grad}, 10x = {10 * year}, quotients {quotients}")""",
    ),
    (
        "py",
        """# The curve and its tangent lines: the slope of each tangent is the derivative 10x.
xs = [i / 10 for i in range(0, 51)]
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.plot(xs, [f(t) for t in xs], label="y = 5x² + 30")
for year in [1.0, 2.0, 3.0, 4.0]:
    x = Value(year)
    f(x).backward()
    near = [year - 0.8, year + 0.8]
    tangent = [f(year) + x.grad * (t - year) for t in near]
    ax.plot(near, tangent, "--", label=f"slope {x.grad:g} at x={year:g}")
ax.set_xlabel("year x"); ax.set_ylabel("pigs y"); ax.legend(fontsize=8)
plt.show()""",
    ),
    (
        "md",
        """## 2. Partial derivatives

Wang Xiaoer's business grows: sales now depend on the year `x1`, the farm area `x2` and
the number of employees `x3`: `y = 5x1² + 8x2 + 35x3 + 30`. A *partial* derivative is the
rate of change for one variable while the others are held still (so they count as
constants, whose rate of change is 0). One `backward()` gives all three:
`(10x1, 8, 35)`.""",
    ),
    (
        "py",
        """x1, x2, x3 = Value(3.0, "x1"), Value(2.0, "x2"), Value(10.0, "x3")
y = 5 * x1**2 + 8 * x2 + 35 * x3 + 30
y.label = "y"
y.backward()
print("partials:", x1.grad, x2.grad, x3.grad)
print(f"each extra employee sells {x3.grad:g} more pigs")""",
    ),
    (
        "md",
        """### The computation graph

`backward()` walks the graph that computed `y`, from the result back to the inputs. Each
arrow carries the *local* derivative of one step; a box's `grad` is the sum, over its
outgoing arrows, of (number on the arrow × grad of the result it feeds).""",
    ),
    (
        "py",
        """autograd.draw_graph(y, collapse_constants=True)""",
    ),
    (
        "md",
        """### The second derivative

The rate of change of the rate of change: differentiate `dy/dx = 10x` once more and get 10.
`autograd.grad(..., create_graph=True)` returns the derivative as a `Value` with its own
graph, so it can be differentiated again.""",
    ),
    (
        "py",
        """x = Value(3.0, label="x")
dy_dx = autograd.grad(5 * x**2 + 30, x, create_graph=True)
d2y_dx2 = autograd.grad(dy_dx, x)
print("dy/dx =", dy_dx.data, " d²y/dx² =", d2y_dx2.data)""",
    ),
    (
        "md",
        """## 3. The chain rule, right to left (the article's charts 2 and 3)

A network is a chain of simple steps: weighted sums (linear, so their local derivative is
just the weight or the input) and activations (for a sigmoid, `f(1 - f)`). The partial
derivative of the error with respect to a weight deep inside is the *product* of the local
derivatives along the path from the error back to that weight. With several outputs, the
weight reaches the error along several paths, and the partial is the *sum* of the path
products. Every node stores its local derivatives in `local_grads`.""",
    ),
    (
        "py",
        """x = Value(1.5, "x")
w, v = Value(0.4, "w"), Value(0.9, "v")
h = (w * x).sigmoid(); h.label = "h"
out = (v * h).sigmoid(); out.label = "out"
error = (out - 1.0) ** 2; error.label = "E"
error.backward()

# right to left: dE/dout * dout/d(v*h) * d(v*h)/dh * dh/d(w*x) * d(w*x)/dw
by_hand = 2 * (out.data - 1.0) * out.data * (1 - out.data) * v.data * h.data * (1 - h.data) * x.data
print(f"product of local derivatives: {by_hand:.6f}   backward(): {w.grad:.6f}")
autograd.draw_graph(error)""",
    ),
    (
        "py",
        """# Several outputs (chart 3): the table of partials of each output for each input.
a, b = Value(1.0, "a"), Value(2.0, "b")
outputs = [(a * b).tanh(), (a + 3 * b).sigmoid()]
autograd.jacobian(outputs, [a, b])""",
    ),
    (
        "md",
        """## 4. Activation functions

Without a bend after each weighted sum, a stack of layers is still a single straight-line
function. The article's bends: the sigmoid (`f' = f(1 - f)`), ReLU (0 for `x < 0`, `x`
otherwise), your own ReLU with `0.01x` for negative inputs (leaky ReLU), and tanh. You can
also define your own with `autograd.custom_op`, giving its forward function and its
derivative; `autograd.gradcheck` compares that derivative with central differences.""",
    ),
    (
        "py",
        """for t in [-2.0, 0.0, 2.0]:
    x = Value(t)
    s = x.sigmoid()
    s.backward()
    fx = s.data
    print(f"x = {t:+}: sigmoid {fx:.4f}, backprop {x.grad:.4f}, f(1-f) {fx * (1 - fx):.4f}")""",
    ),
    (
        "py",
        """import math

# softplus log(1 + e^x), a smooth ReLU; its derivative is the sigmoid, i.e. 1 - e^-out
softplus = autograd.custom_op(
    "softplus", lambda x: math.log1p(math.exp(x)), lambda out, x: 1 - math.e ** (-out)
)
print(autograd.gradcheck(lambda x: softplus(x), [0.5], second_order=True))

names = {"sigmoid": Value.sigmoid, "relu": Value.relu, "leaky_relu": lambda v: v.leaky_relu(0.01),
         "tanh": Value.tanh, "softplus": softplus}
xs = [i / 10 - 3 for i in range(61)]
fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
for name, fn in names.items():
    values, slopes = [], []
    for t in xs:
        x = Value(t)
        y = fn(x)
        y.backward()
        values.append(y.data)
        slopes.append(x.grad)
    axes[0].plot(xs, values, label=name)
    axes[1].plot(xs, slopes, label=name)
axes[0].set_title("f(x)"); axes[1].set_title("f'(x), by backprop"); axes[1].legend(fontsize=8)
plt.show()""",
    ),
]


def build() -> nbformat.NotebookNode:
    """The notebook, with stable cell ids so regenerating it changes nothing."""
    cells = []
    for i, (kind, source) in enumerate(CELLS):
        make = v4.new_markdown_cell if kind == "md" else v4.new_code_cell
        cells.append(make(source, id=f"cell-{i:02d}"))
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    return nb


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(HERE / "tour.ipynb"), help="where to write it")
    args = parser.parse_args(argv)
    nbformat.write(build(), args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
