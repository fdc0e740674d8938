"""The learning coefficient (learning rate): how far each training step moves the weights.

The article: the partial derivative says which way to change a parameter, but by how
much?  "Multiply by a percentage": the learning coefficient.  And "with the deepening of
training, this coefficient can be changed".  This demo trains the same small network
(1-8-8-1, tanh) on Wang Xiaoer's curved sales ``5x² + 30`` four times:

* too small (0.001): every step is timid, the loss creeps down;
* good (0.03): the loss falls quickly and settles;
* too large (0.5): every step overshoots further than the last, the loss explodes to
  infinity, and ``fit`` stops cleanly: it restores the weights from the last good epoch
  and says what happened (``History.diverged``, ``History.message``);
* decaying (0.2 falling to 0.01): big steps first, small steps to finish: the lowest loss.

Sales and years are standardized (mean 0, spread 1) so one learning rate suits every
weight.  The four loss curves go on one plot.

Run: python demos/learning_rate.py [--out DIR] [--quick]
"""

from __future__ import annotations

import math
import sys
import warnings
from pathlib import Path
from typing import Any

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

import nn
import nn.data
import nn.plot
import nn.train

BATCH_SIZE = 10


def sales(n: int) -> tuple[list[list[float]], list[float]]:
    """Noisy quadratic pig sales, years and sales both standardized."""
    X, y = nn.data.pig_sales("quadratic", n=n, noise=5.0, seed=0)
    X = nn.data.Standardizer().fit_transform(X)
    y = nn.data.Standardizer().fit_transform(y)
    return X, y


def train(
    X: list[list[float]], y: list[float], lr: float, schedule: Any, epochs: int
) -> tuple[nn.train.History, nn.MLP]:
    model = nn.MLP(1, [8, 8, 1], activation="tanh", seed=0)
    with warnings.catch_warnings():
        # fit warns when training diverges; here that is the point, and we print its message.
        warnings.simplefilter("ignore", RuntimeWarning)
        history = nn.train.fit(
            model,
            X,
            y,
            loss="mse",
            optimizer=nn.SGD(model.parameters(), lr=lr),
            schedule=schedule,
            epochs=epochs,
            batch_size=BATCH_SIZE,
            progress=False,
        )
    return history, model


def plot(histories: dict[str, nn.train.History], path: Path) -> None:
    """Every run's training loss per epoch, on one log-scale plot."""
    plt = common.pyplot()
    top = 1e6  # a diverging loss reaches 1e300: cut the axis where the story is told
    low = min(min(h.train_loss) for h in histories.values())
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for name, history in histories.items():
        epochs = range(1, history.epochs + 1)
        ax.plot(epochs, [min(loss, top) for loss in history.train_loss], label=name)
        if history.diverged:
            ax.plot(history.epochs, top, "x", color="black", markersize=10)
            ax.annotate(
                f"loss {history.train_loss[-1]:.0e}, then inf:\nstopped at epoch {history.epochs}",
                (history.epochs, top),
                xytext=(max(1, history.epochs - 20), top / 1000),
                arrowprops={"arrowstyle": "->"},
            )
    ax.set_yscale("log")
    ax.set_ylim(low / 2, top * 2)
    ax.set_xlabel("epoch")
    nn.plot.integer_epochs(ax)
    ax.set_ylabel("training loss (mean squared error)")
    ax.set_title("the same network, four learning rates")
    ax.legend()
    common.save_figure(fig, path)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo; return the numbers it printed (and the pictures it saved)."""
    args = common.parse_args(__doc__, argv)
    out = common.out_dir(args)
    epochs = 40 if args.quick else 60
    X, y = sales(60)
    steps = epochs * math.ceil(len(X) / BATCH_SIZE)
    runs = {
        "too small, lr 0.001": (0.001, None),
        "good, lr 0.03": (0.03, None),
        "too large, lr 0.5": (0.5, None),
        "decaying, lr 0.2 -> 0.01": (0.2, nn.LinearDecay(0.2, 0.01, steps)),
    }
    histories: dict[str, nn.train.History] = {}
    finite: dict[str, bool] = {}
    for name, (lr, schedule) in runs.items():
        history, model = train(X, y, lr, schedule, epochs)
        histories[name] = history
        finite[name] = all(math.isfinite(p.data) for p in model.parameters())
        print(f"{name:<26} loss after {history.epochs:>2} epochs: {history.train_loss[-1]:.4g}")
        if history.diverged:
            print(f"  {history.message}")
    picture = out / "learning_rate.png"
    plot(histories, picture)
    print(f"saved {picture}")
    return {
        "final_loss": {name: h.train_loss[-1] for name, h in histories.items()},
        "diverged": {name: h.diverged for name, h in histories.items()},
        "epochs_run": {name: h.epochs for name, h in histories.items()},
        "weights_finite": finite,
        "messages": {name: h.message for name, h in histories.items()},
        "epochs": epochs,
        "pictures": [picture],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
