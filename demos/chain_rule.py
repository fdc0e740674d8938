"""The chain rule: a weight's partial derivative is a product of local derivatives.

The article says: to find how the error changes with a weight deep inside a network, go
from right to left (from the error back towards the inputs), take the local derivative of
each step, and multiply them.  Between layers a step is linear, so its local derivative is
just the weight (or the input) itself; an activation contributes its own derivative, for a
sigmoid ``f(1 - f)``.

(``docs/article.md`` retells this part of the article, with pictures: "Partial
derivatives for one output" and "Several outputs".)

* One output: a 2-2-1 network.  The demo prints every local derivative on the
  path from the error back to the first weight, multiplies them, and checks the product
  against ``backward()``.
* Two outputs: a 2-2-2 network.  The first weight now reaches the error along two
  paths (through each output); its partial is the SUM of the two path products.  The
  demo also prints the table of partials of each output with respect to each input
  (``autograd.jacobian``).
* Every chain-rule step backward takes for one output, as a table (``autograd.explain``).
* A picture of the one-output graph with each edge labelled by its local derivative.

It prints its set-up first (the inputs, the fixed weights, the error) and ends with
its lesson in one line.

Run: python demos/chain_rule.py [--out DIR] [--quick]
"""

from __future__ import annotations

import itertools
import sys
from typing import Any

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

import autograd
import autograd.render
from autograd import Value

INPUTS = [1.5, -0.5]
HIDDEN_WEIGHTS = [[0.4, -0.6], [0.7, 0.2]]  # HIDDEN_WEIGHTS[j][i]: input i -> hidden j
HIDDEN_BIASES = [0.1, -0.3]
OUTPUT_WEIGHTS = [[0.9, -1.2], [-0.5, 0.8]]  # OUTPUT_WEIGHTS[k][j]: hidden j -> output k
OUTPUT_BIASES = [0.2, 0.05]
TARGETS = [1.0, 0.0]


def named(v: Value, label: str) -> Value:
    """Give an intermediate result a name, so printouts and pictures can say what it is."""
    v.label = label
    return v


def network(n_outputs: int) -> dict[str, Any]:
    """A 2-2-n_outputs sigmoid network with fixed weights, its outputs and squared error."""
    x = [Value(v, f"x{i + 1}") for i, v in enumerate(INPUTS)]
    w = [
        [Value(v, f"w{j + 1}{i + 1}") for i, v in enumerate(row)]
        for j, row in enumerate(HIDDEN_WEIGHTS)
    ]
    b = [Value(v, f"b{j + 1}") for j, v in enumerate(HIDDEN_BIASES)]
    z = [named(autograd.dot(w[j], x, b[j]), f"z{j + 1}") for j in range(2)]
    h = [named(z[j].sigmoid(), f"h{j + 1}") for j in range(2)]
    v = [
        [Value(val, f"v{k + 1}{j + 1}") for j, val in enumerate(OUTPUT_WEIGHTS[k])]
        for k in range(n_outputs)
    ]
    c = [Value(OUTPUT_BIASES[k], f"c{k + 1}") for k in range(n_outputs)]
    u = [named(autograd.dot(v[k], h, c[k]), f"u{k + 1}") for k in range(n_outputs)]
    y = [named(u[k].sigmoid(), f"y{k + 1}") for k in range(n_outputs)]
    gaps = [named(y[k] - TARGETS[k], f"g{k + 1}") for k in range(n_outputs)]
    squares = [named(g**2, f"e{k + 1}") for k, g in enumerate(gaps)]
    error = named(autograd.sum(squares), "E") if n_outputs > 1 else named(squares[0], "E")
    params = [*(p for row in w for p in row), *b, *(p for row in v for p in row), *c]
    return {
        "params": params,
        "x": x,
        "w": w,
        "z": z,
        "h": h,
        "u": u,
        "y": y,
        "g": gaps,
        "e": squares,
        "E": error,
    }


def local_derivative(child: Value, parent: Value) -> float:
    """d(child)/d(parent) for one edge: the number the engine stored at forward time."""
    for p, local in zip(child.parents, child.local_grads):
        if p is parent:
            return local
    raise ValueError(f"{parent.label} is not a parent of {child.label}")


def path_product(path: list[Value]) -> float:
    """Print each local derivative along a path (output first) and return their product."""
    product = 1.0
    for child, parent in itertools.pairwise(path):
        local = local_derivative(child, parent)
        product *= local
        why = ""
        if child.op is not None and child.op.name == "sigmoid":
            why = f"   sigmoid: f(1 - f) = {child.data:.4f} * (1 - {child.data:.4f})"
        elif child.op is not None and child.op.name == "dot":
            why = "   linear step: the partial is the weight (or input) itself"
        elif child.op is not None and child.op.name == "pow2":
            why = f"   square of the gap g: 2g = 2 * {parent.data:.4f}"
        elif child.op is not None and child.op.name == "sum":
            why = "   E = e1 + e2: each output's error counts once"
        elif child.op is not None and child.op.name == "sub":
            why = "   the gap g = y - target moves one for one with y"
        print(f"  d{child.label}/d{parent.label} = {local:+.6f}{why}")
    names = " * ".join(f"d{c.label}/d{p.label}" for c, p in itertools.pairwise(path))
    print(f"  product {names} = {product:+.6f}")
    return product


def chart2() -> dict[str, Any]:
    print("One output (a 2 -> 2 -> 1 network): dE/dw11 from right to left")
    net = network(1)
    x1, w11 = net["x"][0], net["w"][0][0]
    # With one output the error E is the square g1**2 itself.
    path = [net["E"], net["g"][0], net["y"][0], net["u"][0], net["h"][0], net["z"][0], w11]
    by_hand = path_product(path)
    steps = autograd.explain(net["E"])
    net["E"].backward()
    print(f"  backward(): dE/dw11 = {w11.grad:+.6f}")
    print("  every chain-rule step backward() takes, right to left (autograd.explain):")
    print("    " + str(steps).replace("\n", "\n    "))
    h1, y1 = net["h"][0].data, net["y"][0].data
    formula = 2 * (y1 - TARGETS[0]) * y1 * (1 - y1) * OUTPUT_WEIGHTS[0][0] * h1 * (1 - h1) * x1.data
    print(f"  2(y - t) * y(1 - y) * v11 * h1(1 - h1) * x1 = {formula:+.6f}")
    return {
        "chart2_path_product": by_hand,
        "chart2_backward": w11.grad,
        "chart2_formula": formula,
        "chart2_explained": steps.grads()[w11],
        "root": net["E"],
        "params": net["params"],
    }


def chart3() -> dict[str, Any]:
    print("\nTwo outputs (a 2 -> 2 -> 2 network): w11 reaches the error along two paths")
    net = network(2)
    w11 = net["w"][0][0]
    products = []
    for k in range(2):
        print(f" path through y{k + 1}:")
        path = [
            net["E"],
            net["e"][k],
            net["g"][k],
            net["y"][k],
            net["u"][k],
            net["h"][0],
            net["z"][0],
            w11,
        ]
        products.append(path_product(path))
    net["E"].backward()
    print(f"  sum of the two paths = {sum(products):+.6f}; backward(): dE/dw11 = {w11.grad:+.6f}")

    table = autograd.jacobian(net["y"], net["x"])
    print(" partials of each output with respect to each input (autograd.jacobian):")
    for k, row in enumerate(table):
        print(
            f"  y{k + 1}: "
            + "  ".join(f"dy{k + 1}/dx{i + 1} = {d:+.6f}" for i, d in enumerate(row))
        )
    return {"chart3_path_products": products, "chart3_backward": w11.grad, "jacobian": table}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo; return the numbers it printed (and the pictures it saved)."""
    args = common.parse_args(__doc__, argv)
    out = common.out_dir(args)
    common.print_setup(
        "the chain rule in a small network whose weights are fixed (no training)",
        network="2 -> 2 -> 1 (sigmoid, sigmoid output), then 2 -> 2 -> 2 with two outputs",
        inputs=f"x1 = {INPUTS[0]}, x2 = {INPUTS[1]}; targets {TARGETS[0]:g} and {TARGETS[1]:g}",
        weights=f"input -> hidden {HIDDEN_WEIGHTS}, hidden -> output {OUTPUT_WEIGHTS}",
        error="E = (y - target)², summed over the outputs",
        names="z = w·x + b, h = sigmoid(z), u = v·h + c, y = sigmoid(u), g = y - target",
    )
    results = chart2()
    graph = out / "chain_rule_graph.png"
    root = results.pop("root")
    params = results.pop("params")
    autograd.render.save(autograd.draw_graph(root, params=params, collapse_constants=True), graph)
    print(f"saved {graph}: the one-output graph, each arrow labelled with its local derivative")
    results.update(chart3())
    common.takeaway(
        "a weight's partial derivative is the product of the local derivatives on the path "
        "from the error back to it (summed over the paths when there are several outputs): "
        "exactly what backward() computes."
    )
    results["pictures"] = [graph]
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
