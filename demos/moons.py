"""Training a network, start to finish: micrograd's classic two-moons demo, in pigrad.

The article's training story: show the network examples with the right answers (the
training set), measure how far its answers are (the loss), find the partial derivative
of the loss with respect to every weight (backpropagation), move every weight a little
against it (scaled by the learning coefficient), and repeat.  Then judge it on examples
it never saw (the test set).

Here the examples are two interleaving half-moons, a problem no straight line solves.
As in micrograd: 100 training points, a 2-16-16-1 relu network (337 parameters), a hinge
loss on labels -1/+1 plus a small l2 penalty, plain gradient descent on all of them at
once with a learning rate decaying from 1.0 to 0.1.  The demo prints this set-up,
trains, prints the training and test accuracy, saves the loss curve and the decision
boundary, and ends with its lesson in one line.

Run: python demos/moons.py [--out DIR] [--quick]
"""

from __future__ import annotations

import sys
from typing import Any

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

import nn
import nn.data
import nn.plot
import nn.train


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo; return the numbers it printed (and the pictures it saved)."""
    args = common.parse_args(__doc__, argv)
    out = common.out_dir(args)
    # 133 points: 100 to train on, as micrograd's demo has, and 33 kept aside to test on.
    n, hidden, epochs = (100, 16, 50) if args.quick else (133, 16, 100)
    lr, last_lr, l2 = 1.0, 0.1, 1e-4

    X, labels = nn.data.moons(n=n, noise=0.1, seed=1)
    y = nn.data.to_pm1(labels)  # hinge loss wants -1/+1
    X_train, X_test, y_train, y_test = nn.data.train_test_split(X, y, test_fraction=0.25)
    model = nn.MLP(2, [hidden, hidden, 1], activation="relu", seed=0)
    common.print_setup(
        "training a network on the two moons, as micrograd's demo does",
        data=f"{n} two-moons points (noise 0.1, labels -1/+1): {len(X_train)} to train on, "
        f"{len(X_test)} kept aside to test on",
        network=common.network(model),
        loss=f"hinge (wants a score above +1 for +1, below -1 for -1), plus l2 {l2:g}",
        optimizer=f"SGD, learning rate {lr:g} falling linearly to {last_lr:g}",
        epochs=epochs,
        batch_size=common.batches(None, len(X_train)),
    )

    history = nn.train.fit(
        model,
        X_train,
        y_train,
        loss="hinge",
        optimizer=nn.SGD(model.parameters(), lr=lr),
        schedule=nn.LinearDecay(lr, last_lr, epochs),  # one full-batch step per epoch
        l2=l2,
        epochs=epochs,
        validation=(X_test, y_test),
        progress=True,
    )
    train_accuracy = nn.train.accuracy(model, X_train, y_train)
    test_accuracy = nn.train.accuracy(model, X_test, y_test)
    print(history.message)
    print(
        f"loss {history.train_loss[0]:.4f} -> {history.train_loss[-1]:.4f}; "
        f"accuracy: training {train_accuracy:.1%}, test {test_accuracy:.1%} "
        f"({history.seconds:.1f} s)"
    )

    curves = out / "moons_loss.png"
    boundary = out / "moons_boundary.png"
    nn.plot.plot_history(
        history,
        path=curves,
        title=f"two moons: loss and accuracy per epoch (validation: the {len(X_test)} test points)",
    )
    nn.plot.plot_decision_boundary(
        model,
        X,
        y,
        path=boundary,
        title=f"{common.network(model)}: test accuracy {test_accuracy:.0%}",
    )
    print(f"saved {curves} and {boundary}")
    common.takeaway(
        f"stepping every weight against its partial derivative, {epochs} times, turns "
        f"{model.num_parameters()} random weights into a curved boundary that also sorts "
        f"points it never saw ({test_accuracy:.0%} of the test set)."
    )
    return {
        "train_accuracy": train_accuracy,
        "test_accuracy": test_accuracy,
        "history": history,
        "pictures": [curves, boundary],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
