"""Batches and epochs: full batch, mini-batch (SGD), or one sample at a time.

The article lists "SGD (stochastic gradient descent), mini batch and epoch" among the
basics.  An *epoch* is one pass over the whole training set.  How many examples go into
each step decides how many steps an epoch makes:

* full batch: the gradient of the loss over all samples, one careful step per epoch;
* mini-batch: a few samples at a time (here 16, reshuffled every epoch), several rough
  but cheap steps per epoch: the usual choice;
* one sample at a time (batch size 1, the original "stochastic" gradient descent): as
  many steps as samples, each one noisy.

With the same learning rate, smaller batches take more steps per epoch and so lower the
loss faster per epoch; each epoch costs about the same arithmetic, but more steps mean
more Python overhead.  The demo prints its set-up, then the loss after the last epoch,
the number of steps and the time, plots loss per epoch and loss per second, and ends
with its lesson in one line.

Run: python demos/batches.py [--out DIR] [--quick]
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

import nn
import nn.data
import nn.plot
import nn.train

LEARNING_RATE = 0.05


def plot(histories: dict[str, nn.train.History], path: Path) -> None:
    """Loss per epoch (left) and loss against wall-clock time (right)."""
    plt = common.pyplot()
    fig, (by_epoch, by_time) = plt.subplots(1, 2, figsize=(12, 3.8))
    for name, history in histories.items():
        epochs = list(range(1, history.epochs + 1))
        # fit records the run's total time; spread it evenly over its epochs
        seconds = [history.seconds * e / history.epochs for e in epochs]
        by_epoch.plot(epochs, history.train_loss, label=name)
        by_time.plot(seconds, history.train_loss, label=name)
    by_epoch.set_xlabel("epoch")
    nn.plot.integer_epochs(by_epoch)
    by_time.set_xlabel("seconds")
    for ax in (by_epoch, by_time):
        ax.set_ylabel("training loss")
        ax.set_yscale("log")
    # One legend for both panels (same runs, same colours), outside them: inside, it hid
    # the start of a curve whichever corner it took.
    by_time.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    fig.suptitle(f"two moons, 2-8-8-1 tanh, SGD with learning rate {LEARNING_RATE}")
    common.save_figure(fig, path)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo; return the numbers it printed (and the pictures it saved)."""
    args = common.parse_args(__doc__, argv)
    out = common.out_dir(args)
    n, epochs = (64, 15) if args.quick else (160, 30)
    X, y = nn.data.moons(n=n, noise=0.1, seed=2)
    sizes = {"full batch": None, "mini-batch of 16": 16, "one sample at a time": 1}
    common.print_setup(
        "the same network trained three times, with three batch sizes",
        data=f"{n} two-moons points (noise 0.1, labels 0/1)",
        network=common.network(nn.MLP(2, [8, 8, 1], activation="tanh")),
        loss="binary cross-entropy",
        optimizer=f"SGD, learning rate {LEARNING_RATE}",
        epochs=epochs,
        batch_size=f"all {n} samples (1 step per epoch), 16 ({math.ceil(n / 16)} steps) or 1 "
        f"({n} steps): one run each, batches reshuffled every epoch",
    )
    histories: dict[str, nn.train.History] = {}
    steps: dict[str, int] = {}
    for name, batch_size in sizes.items():
        model = nn.MLP(2, [8, 8, 1], activation="tanh", seed=0)
        histories[name] = nn.train.fit(
            model,
            X,
            y,
            loss="binary_cross_entropy",
            optimizer=nn.SGD(model.parameters(), lr=LEARNING_RATE),
            epochs=epochs,
            batch_size=batch_size,
            progress=False,
            seed=0,
        )
        steps[name] = epochs * math.ceil(n / (batch_size or n))
        h = histories[name]
        print(
            f"{name:<21} {steps[name]:>5} steps in {epochs} epochs, {h.seconds:5.2f} s: "
            f"loss {h.train_loss[-1]:.4f}, accuracy {h.train_accuracy[-1]:.0%}"
        )
    picture = out / "batches.png"
    plot(histories, picture)
    print(f"saved {picture}")
    common.takeaway(
        "an epoch is one pass over the data; smaller batches make more, noisier steps per "
        "epoch, so with one learning rate the loss falls faster per epoch, for more "
        "Python work per epoch."
    )
    return {
        "final_loss": {name: h.train_loss[-1] for name, h in histories.items()},
        "seconds": {name: h.seconds for name, h in histories.items()},
        "steps": steps,
        "n": n,
        "epochs": epochs,
        "pictures": [picture],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
