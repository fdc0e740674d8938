"""Linear inseparability: why a network needs a hidden layer (and an activation).

The article says neural networks exist "to solve the problem of linear inseparability".
XOR is the smallest such problem: four points, (0,0) and (1,1) in class 0, (0,1) and (1,0)
in class 1.  No straight line puts the two classes on different sides, so:

* a network with no hidden layer (one neuron: a weighted sum, a straight-line boundary)
  could get at most 3 of the 4 points right, 75%; trained, it does not even do that: it
  scores all four points about the same (probability 0.5, "no idea"), and its accuracy
  is chance;
* one hidden layer of a few tanh neurons bends the boundary and gets all 4 right, 100%.

The demo prints its set-up, trains both, prints their accuracies, saves their decision
boundaries side by side and a diagram of the network that solved it (the README's
picture: the same network, trained the same way), and ends with its lesson in one line.

Run: python demos/xor.py [--out DIR] [--quick]
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

import autograd.render
import nn
import nn.data
import nn.optim
import nn.plot
import nn.train

EPOCHS = 150
LEARNING_RATE = 0.1


def train(hidden: list[int], epochs: int) -> tuple[nn.MLP, float, float]:
    """Train an MLP with these hidden layer sizes on XOR; return (model, accuracy, loss)."""
    X, y = nn.data.xor()
    model = nn.MLP(2, [*hidden, 1], activation=["tanh"] * len(hidden), seed=0)
    history = nn.train.fit(
        model,
        X,
        y,
        loss="binary_cross_entropy",  # one output: a logit, > 0 means class 1
        optimizer=nn.optim.Adam(model.parameters(), lr=LEARNING_RATE),
        epochs=epochs,
        progress=False,
    )
    return model, nn.train.accuracy(model, X, y), history.train_loss[-1]


def boundaries(
    linear: nn.MLP, linear_accuracy: float, model: nn.MLP, accuracy: float, path: Path
) -> None:
    """Both models' decision boundaries side by side, coloured by probability of class 1."""
    X, y = nn.data.xor()
    plt = common.pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.4, 4.6))
    nn.plot.plot_decision_boundary(
        linear,
        X,
        y,
        ax=left,
        title=f"no hidden layer: about 0.5 everywhere, {linear_accuracy:.0%} right",
    )
    nn.plot.plot_decision_boundary(
        model, X, y, ax=right, title=f"one hidden layer of 4 tanh: {accuracy:.0%} right"
    )
    common.save_figure(fig, path)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo; return the numbers it printed (and the pictures it saved)."""
    args = common.parse_args(__doc__, argv)
    out = common.out_dir(args)
    epochs = EPOCHS  # quick already: 4 samples
    X, y = nn.data.xor()
    points = ", ".join(f"{tuple(x)} -> {label}" for x, label in zip(X, y))
    common.print_setup(
        "XOR with and without a hidden layer",
        data=f"XOR's 4 points, (x1, x2) -> class: {points}",
        networks=f"{common.network(nn.MLP(2, [1]))}; and "
        f"{common.network(nn.MLP(2, [4, 1], activation='tanh'))}",
        loss="binary cross-entropy (the output is a score, a logit: above 0 means class 1)",
        optimizer=f"Adam, learning rate {LEARNING_RATE}",
        epochs=epochs,
        batch_size=common.batches(None, len(X)),
    )

    linear, linear_accuracy, linear_loss = train([], epochs)
    print(
        f"no hidden layer (2 -> 1, a straight line): accuracy {linear_accuracy:.0%}, "
        f"loss {linear_loss:.4f} (no line can do better than 75%; 0.6931 = log 2 is 'no idea')"
    )
    weights = [p.data for p in linear.parameters()]
    print(
        "  its weights and bias shrink towards 0 ("
        + ", ".join(f"{w:.1e}" for w in weights)
        + "): every line misclassifies at least one point, so it settles on scoring all"
        " four the same"
    )
    model, accuracy, loss = train([4], epochs)
    print(f"one hidden layer (2 -> 4 tanh -> 1):        accuracy {accuracy:.0%}, loss {loss:.4f}")
    for x, label in zip(X, y):
        logit = model.forward_floats(x)[0]
        print(
            f"  {tuple(x)}: score {logit:+.2f}, probability of class 1 "
            f"{1 / (1 + math.exp(-logit)):.3f} -> class {int(logit > 0)} (true {label})"
        )

    diagram = out / "xor_network.png"
    autograd.render.save(model.diagram(), diagram)
    boundaries_png = out / "xor_boundaries.png"
    boundaries(linear, linear_accuracy, model, accuracy, boundaries_png)
    print(f"saved {diagram} (the trained 2 -> 4 -> 1 network) and {boundaries_png}")
    common.takeaway(
        "no straight line separates XOR's two classes, so a network without a hidden layer "
        "cannot learn it; one hidden layer bends the boundary and gets all four points right."
    )
    return {
        "accuracy_without_hidden": linear_accuracy,
        "accuracy_with_hidden": accuracy,
        "loss_without_hidden": linear_loss,
        "loss_with_hidden": loss,
        "models": (linear, model),
        "pictures": [diagram, boundaries_png],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
