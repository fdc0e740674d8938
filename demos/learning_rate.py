"""The learning coefficient (learning rate): how far each training step moves the weights.

The article: the partial derivative says which way to change a parameter, but by how
much?  "Multiply by a percentage": the learning coefficient.  And "with the deepening of
training, this coefficient can be changed".  This demo trains the same small network
(1-8-8-1, tanh) on Wang Xiaoer's curved sales ``5x² + 30`` four times:

* too small (0.001): every step is timid, the loss creeps down;
* good (0.03): the loss falls quickly and settles;
* too large (0.5): every step overshoots further than the last, the loss explodes, and
  ``fit`` stops cleanly: it restores the weights from the last good epoch and says what
  happened (``History.diverged``, ``History.message``);
* decaying (0.2 falling to 0.01): big steps first, small steps to finish: the lowest loss.

Sales and years are standardized (mean 0, spread 1) so one learning rate suits every
weight.  The demo prints this set-up, the loss each run reached, and a one-line lesson;
the four loss curves go on one plot, which shows only the losses that were measured.

Run: python demos/learning_rate.py [--out DIR] [--quick]
"""

from __future__ import annotations

import math
import sys
import textwrap
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


def plot(histories: dict[str, nn.train.History], path: Path) -> Any:
    """Every run's training loss per epoch, on one log-scale plot: only what was measured.

    A run that diverged has losses only for the epochs it finished (a dot each, so even
    one epoch shows); its note is the first sentence of its own message, the one the
    demo prints, so the picture and the text say the same thing.
    """
    plt = common.pyplot()
    losses = [loss for h in histories.values() for loss in h.train_loss]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for name, history in histories.items():
        epochs = range(1, history.epochs + 1)
        if not history.diverged:
            ax.plot(epochs, history.train_loss, label=name)
            continue
        style = "o-" if history.epochs > 1 else "o"  # one epoch is a dot, not a line
        (line,) = ax.plot(epochs, history.train_loss, style, label=f"{name}: diverged")
        first_sentence = history.message.split(". ")[0]
        note = textwrap.fill(first_sentence, 42) + "\n(fit stopped, kept the last good weights)"
        ax.annotate(
            note,
            (history.epochs, history.train_loss[-1]),
            xytext=(12, -4),
            textcoords="offset points",
            fontsize=8,
            color=line.get_color(),
            va="top",
        )
    ax.set_yscale("log")
    ax.set_ylim(min(losses) / 2, max(losses) * 5)
    ax.set_xlabel("epoch")
    nn.plot.integer_epochs(ax)
    ax.set_ylabel("training loss (mean squared error)")
    ax.set_title("the same network, four learning rates")
    ax.legend(fontsize=8, loc="center right")
    return common.save_figure(fig, path)


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
    common.print_setup(
        "the same network trained four times, with four learning rates",
        data=f"{len(X)} noisy sales from y = 5x² + 30 (noise 5 pigs), years and sales standardized",
        network=common.network(nn.MLP(1, [8, 8, 1], activation="tanh")),
        loss="mean squared error",
        optimizer="SGD, learning rate "
        + ", ".join(f"{lr:g}" for lr, _ in runs.values())
        + " (the last falling linearly to 0.01): one run each, from the same weights",
        epochs=f"{epochs} (a run that diverges is stopped early)",
        batch_size=common.batches(BATCH_SIZE, len(X)),
    )
    histories: dict[str, nn.train.History] = {}
    finite: dict[str, bool] = {}
    for name, (lr, schedule) in runs.items():
        history, model = train(X, y, lr, schedule, epochs)
        histories[name] = history
        finite[name] = all(math.isfinite(p.data) for p in model.parameters())
        epochs_done = f"{history.epochs:>2} epoch{'s' if history.epochs != 1 else ''}"
        print(f"{name:<26} loss after {epochs_done}: {history.train_loss[-1]:.4g}")
        if history.diverged:
            print(f"  {history.message}")
    picture = out / "learning_rate.png"
    plot(histories, picture)
    print(f"saved {picture}")
    common.takeaway(
        "the learning rate is the size of each step: too small crawls, too large overshoots "
        "until the loss explodes, and one that starts large and shrinks ends lowest."
    )
    return {
        "final_loss": {name: h.train_loss[-1] for name, h in histories.items()},
        "diverged": {name: h.diverged for name, h in histories.items()},
        "epochs_run": {name: h.epochs for name, h in histories.items()},
        "weights_finite": finite,
        "messages": {name: h.message for name, h in histories.items()},
        "histories": histories,
        "epochs": epochs,
        "pictures": [picture],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
