"""Regression that works the first time: fit the article's pig-sales curve y = 5x² + 30.

The article's farmer sold 5x² + 30 pigs in year x.  Here a network learns that curve
from 40 noisy samples (years 0 to 10, noise of 5 pigs), knowing nothing of squares:

* data: ``nn.data.pig_sales("quadratic", n=40, noise=5.0)``; years 0..10, pigs 30..530;
* network: 1 -> 8 -> 1, tanh hidden layer, linear output;
* loss: mse; optimizer: Adam, learning rate 0.05; full batch.

First on the raw numbers: the targets are in the hundreds, the network's outputs start
near 0, and after the same training it still misses by about a hundred pigs; ``fit``
warns and names ``nn.data.Standardizer``.  Then the same network on standardized years
and pigs (mean 0, spread 1): it follows the curve, and ``inverse_transform`` turns its
answers back into pigs.  ``nn.plot_fit(model, X, y, x_scaler=sx, y_scaler=sy)`` draws
it in years and pigs.

Run: python demos/regression.py [--out DIR] [--quick]
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

import nn
import nn.data
import nn.plot

YEARS = (0.0, 2.5, 5.0, 7.5, 10.0)


def pigs(year: float) -> float:
    """The article's curve: pigs sold in a year."""
    return 5.0 * year**2 + 30.0


def train(X: list[list[float]], y: list[float], epochs: int) -> tuple[nn.MLP, str, list[str]]:
    """A fresh 1 -> 8 -> 1 tanh network fitted to (X, y): the model, fit's message, warnings."""
    model = nn.MLP(1, [8, 1], activation="tanh", seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = nn.fit(
            model,
            X,
            y,
            optimizer=nn.Adam(model.parameters(), lr=0.05),
            epochs=epochs,
            progress=False,
        )
    return model, history.message, [str(w.message) for w in caught]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo; return the numbers it printed (and the picture it saved)."""
    args = common.parse_args(__doc__, argv)
    out = common.out_dir(args)
    epochs = 150 if args.quick else 200
    X, y = nn.data.pig_sales("quadratic", n=40, noise=5.0, seed=0)
    common.print_setup(
        "a network learns the article's pig-sales curve, on raw then on standardized numbers",
        data=f"40 noisy samples of y = 5x² + 30 (years 0..10, pigs {min(y):.0f}..{max(y):.0f}, "
        "noise 5 pigs)",
        network=common.network(nn.MLP(1, [8, 1], activation="tanh", seed=0)),
        loss="mse (mean squared error)",
        optimizer="Adam, learning rate 0.05",
        epochs=epochs,
        batch_size=common.batches(None, len(X)),
    )
    print("1. on the raw numbers")
    raw, message, raw_warnings = train(X, y, epochs)
    print(f"   {message}")
    for text in raw_warnings:
        print(f"   warning from {text}")
    raw_answers = [raw.forward_floats([year])[0] for year in YEARS]

    print("\n2. on standardized numbers (mean 0, spread 1), answers turned back into pigs")
    sx, sy = nn.data.Standardizer().fit(X), nn.data.Standardizer().fit(y)
    model, message, said = train(sx.transform(X), sy.transform(y), epochs)
    print(f"   {message}" + "".join(f"\n   warning from {text}" for text in said))
    answers = sy.inverse_transform(nn.predict(model, sx.transform([[year] for year in YEARS])))

    print(f"\n   {'year':>4} {'5x²+30':>7} {'raw fit':>8} {'scaled fit':>10}")
    for year, before, after in zip(YEARS, raw_answers, answers):
        print(f"   {year:>4g} {pigs(year):>7.1f} {before:>8.1f} {after:>10.1f}")
    worst = max(abs(a - pigs(year)) for year, a in zip(YEARS, answers))
    common.takeaway(
        "scale the targets before training a network on them; standardized, the same "
        f"network finds the curve (off by at most {worst:.0f} pigs here, with noise of 5), "
        "raw it does not."
    )
    picture = out / "pig_sales_regression.png"
    nn.plot.plot_fit(model, X, y, x_scaler=sx, y_scaler=sy, path=picture, title="5x² + 30, learned")
    return {
        "years": list(YEARS),
        "scaled": answers,
        "raw": raw_answers,
        "raw_warnings": raw_warnings,
        "scaled_warnings": said,
        "pictures": [picture],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
