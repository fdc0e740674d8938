"""Under-fitting, over-fitting, and two cures: the article's advice on flirting.

The article: under-fitting is "not enough training, not enough data, inexperience";
over-fitting is worse: "the training set works well, but the test set doesn't".  This
demo fits Wang Xiaoer's noisy curved sales (``5x² + 30`` plus noise) from only 12
training samples, and judges every model on 200 fresh test samples it never saw:

* under-fitting: a model too small for the data (one neuron: a straight line) is bad
  on the training set AND on the test set;
* a good fit: a small network (1-4-1, tanh) follows the curve, not the noise;
* over-fitting: a big network (1-16-16-1) trained for hundreds of epochs threads through every noisy
  training point: the lowest training loss, a worse test loss;
* cure 1, l2 (weight decay): the same big network, penalised for large weights;
* cure 2, early stopping: the same big network, stopped when the loss on a separate
  validation set stops improving, keeping the best weights.

Losses are mean squared errors on standardized sales.  The demo prints its set-up, a
table of training and test losses, and its lesson in one line; the picture shows each
model's curve through the training points, with the test points behind.

Run: python demos/fitting.py [--out DIR] [--quick]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

import nn
import nn.data
import nn.train

NOISE = 25.0  # pigs
LEARNING_RATE = 0.1  # Adam; large enough that the big network over-fits within 300 epochs


Data = tuple[list[list[float]], list[float]]


def datasets() -> tuple[Data, Data, Data]:
    """12 training, 30 validation and 200 test samples, scaled by the training set alone."""
    raw = [
        nn.data.pig_sales("quadratic", n=n, noise=NOISE, seed=s)
        for n, s in ((12, 1), (30, 3), (200, 2))
    ]
    scale_x = nn.data.Standardizer().fit(raw[0][0])
    scale_y = nn.data.Standardizer().fit(raw[0][1])
    scaled = [(scale_x.transform(X), scale_y.transform(y)) for X, y in raw]
    return scaled[0], scaled[1], scaled[2]


def plot(
    models: dict[str, nn.MLP],
    train: Data,
    test: Data,
    scores: dict[str, tuple[float, float]],
    path: Path,
) -> None:
    """Each model's curve through the training points (test points faded behind)."""
    plt = common.pyplot()
    low = min(x[0] for x in test[0])
    high = max(x[0] for x in test[0])
    grid = [low + (high - low) * i / 200 for i in range(201)]
    fig, axes = plt.subplots(1, len(models), figsize=(3.3 * len(models), 3.4), sharey=True)
    for ax, (name, model) in zip(axes, models.items()):
        ax.scatter([x[0] for x in test[0]], test[1], s=6, color="lightgrey", label="test")
        ax.scatter([x[0] for x in train[0]], train[1], s=18, color="tab:blue", label="training")
        ax.plot(grid, [model.forward_floats([t])[0] for t in grid], color="tab:red")
        train_loss, test_loss = scores[name]
        ax.set_title(f"{name}\ntrain {train_loss:.3f}  test {test_loss:.3f}", fontsize=9)
        ax.set_xlabel("year (standardized)")
    axes[0].set_ylabel("pigs sold (standardized)")
    axes[0].legend(fontsize=8)
    common.save_figure(fig, path)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo; return the numbers it printed (and the pictures it saved)."""
    args = common.parse_args(__doc__, argv)
    out = common.out_dir(args)
    epochs = 300  # the same with --quick: what the lesson needs (see LEARNING_RATE)
    train, validation, test = datasets()
    big = [16, 16, 1]
    # name -> (layer sizes, l2 weight, early-stopping patience)
    setups: dict[str, tuple[list[int], float, int | None]] = {
        "under-fit: 1 neuron": ([1], 0.0, None),
        "good fit: 1-4-1": ([4, 1], 0.0, None),
        "over-fit: 1-16-16-1": (big, 0.0, None),
        "1-16-16-1 + l2": (big, 1e-3, None),
        "1-16-16-1 + early stop": (big, 0.0, 100),
    }
    models: dict[str, nn.MLP] = {}
    scores: dict[str, tuple[float, float]] = {}
    epochs_run: dict[str, int] = {}
    common.print_setup(
        "five models fitted to the same 12 noisy sales, judged on sales they never saw",
        data=f"y = 5x² + 30 plus noise of about {NOISE:g} pigs: {len(train[0])} samples to "
        f"train on, {len(validation[0])} for early stopping, {len(test[0])} to test on "
        "(standardized with the training samples' mean and spread)",
        networks="; ".join(
            common.network(nn.MLP(1, sizes, activation=["tanh"] * (len(sizes) - 1)))
            for sizes in ([1], [4, 1], big)
        ),
        loss="mean squared error (plus l2 1e-3 for the l2 cure)",
        optimizer=f"Adam, learning rate {LEARNING_RATE}",
        epochs=f"{epochs} (early stopping: stop after 100 epochs without a better validation loss)",
        batch_size=common.batches(None, len(train[0])),
    )
    print(f"{'model':<24} {'epochs':>6} {'train loss':>10} {'test loss':>10}")
    for name, (sizes, l2, patience) in setups.items():
        model = nn.MLP(1, sizes, activation=["tanh"] * (len(sizes) - 1), seed=0)
        history = nn.train.fit(
            model,
            *train,
            loss="mse",
            optimizer=nn.Adam(model.parameters(), lr=LEARNING_RATE),
            epochs=epochs,
            l2=l2,
            validation=validation,
            early_stopping=patience,
            progress=False,
        )
        models[name] = model
        epochs_run[name] = history.epochs
        scores[name] = (
            nn.train.evaluate(model, *train, loss="mse"),
            nn.train.evaluate(model, *test, loss="mse"),
        )
        print(f"{name:<24} {history.epochs:>6} {scores[name][0]:>10.4f} {scores[name][1]:>10.4f}")
    picture = out / "fitting.png"
    plot(models, train, test, scores, picture)
    print(f"saved {picture}")
    common.takeaway(
        "a model too small misses the curve everywhere; one too big learns the noise of "
        "its training samples and misses new ones; l2 or early stopping brings it back."
    )
    return {
        "train_loss": {name: s[0] for name, s in scores.items()},
        "test_loss": {name: s[1] for name, s in scores.items()},
        "epochs_run": epochs_run,
        "epochs": epochs,
        "pictures": [picture],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
