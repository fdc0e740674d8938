"""Initial parameters: where training starts decides a lot.

The article ends on it: "before parameter adjustment, all have default network models
and parameters: how to define the initial model and parameters?"  Two lessons:

1. **All-zero (all-equal) weights never break symmetry.**  If every hidden neuron starts
   with the same weights, every one computes the same output, gets the same gradient and
   takes the same step: forever twins.  A layer of 8 neurons learns what 1 would, and
   XOR stays unsolved.  Random starts (``init="uniform"``) break the tie.
2. **The size of the random start matters in a deeper network.**  A relu layer of
   fan_in inputs multiplies the mean square of the signal by about
   ``fan_in * Var(w) / 2`` (the sum of fan_in random terms, half of them then zeroed).
   With 16 inputs: ``uniform`` U(-1, 1) (Var 1/3) gives 2.67 per layer, so the signal
   grows (its root mean square by sqrt(2.67) = 1.63 a layer); ``xavier`` (Var 1/16)
   gives 0.5, so it fades (x0.71 a layer); ``he`` (Var 2/16) gives exactly 1: steady.
   The demo prints the size (root mean square) of each layer's outputs at the start,
   then trains the three on the two moons and prints their losses.

Each part prints its set-up first; the demo ends with its lesson in one line.

Run: python demos/init.py [--out DIR] [--quick]
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

WIDTH = 16
DEPTH = 6  # hidden layers
# Part 2's steps: small batches (a small step is quick for fit to record once and replay)
# at a learning rate small enough for their noisier gradients.
BATCH, LR = 8, 0.005


def distinct_neurons(layer: nn.Layer) -> int:
    """How many different neurons a layer has (same weights and bias = the same neuron)."""
    return len({(tuple(p.data for p in neuron.w), neuron.b.data) for neuron in layer.neurons})


def symmetry(epochs: int) -> dict[str, Any]:
    """Train a 2-8-1 sigmoid network on XOR from all-zero and from random weights."""
    X, y = nn.data.xor()
    common.print_setup(
        "1. all-zero against random starting weights",
        data="XOR's 4 points",
        network=common.network(nn.MLP(2, [8, 1], activation="sigmoid")),
        init="'zeros' (every weight 0) or 'uniform' (random, between -1 and 1)",
        loss="binary cross-entropy",
        optimizer="Adam, learning rate 0.1",
        epochs=epochs,
        batch_size=common.batches(None, len(X)),
    )
    result: dict[str, Any] = {}
    for init in ("zeros", "uniform"):
        model = nn.MLP(2, [8, 1], activation="sigmoid", init=init, seed=0)
        nn.train.fit(
            model,
            X,
            y,
            loss="binary_cross_entropy",
            optimizer=nn.Adam(model.parameters(), lr=0.1),
            epochs=epochs,
            progress=False,
        )
        distinct = distinct_neurons(model.layers[0])
        accuracy = nn.train.accuracy(model, X, y)
        print(
            f"init={init!r:<10} after {epochs} epochs: {distinct} distinct hidden neuron(s) "
            f"of 8, XOR accuracy {accuracy:.0%}"
        )
        result[init] = {"distinct": distinct, "accuracy": accuracy}
    return result


def rms(values: list[list[float]]) -> float:
    """The typical size of the numbers in a batch of layer outputs: their root mean square."""
    flat = [v for row in values for v in row]
    return math.sqrt(math.fsum(v * v for v in flat) / len(flat))


def layer_sizes(model: nn.MLP, X: list[list[float]]) -> list[float]:
    """The size of the inputs, then of each hidden layer's outputs, on a batch."""
    rows = X
    sizes = [rms(rows)]
    for layer in model.layers[:-1]:
        rows = [layer.forward_floats(row) for row in rows]
        sizes.append(rms(rows))
    return sizes


def depth(epochs: int, n: int) -> dict[str, Any]:
    """The size of the signal through a deep relu network, and training, for three inits."""
    X, y = nn.data.moons(n=n, noise=0.1, seed=3)
    X = nn.data.Standardizer().fit_transform(X)
    print()
    common.print_setup(
        "2. the size of random starting weights in a deeper network",
        data=f"{n} two-moons points (noise 0.1, labels 0/1), standardized",
        network=f"2 -> {DEPTH} hidden layers of {WIDTH} -> 1 (relu), "
        f"{nn.MLP(2, [WIDTH] * DEPTH + [1]).num_parameters()} parameters",
        init="'uniform' U(-1, 1), 'xavier' (Var 1/16 here), 'he' (Var 2/16 here)",
        loss="binary cross-entropy",
        optimizer=f"Adam, learning rate {LR}",
        epochs=epochs,
        batch_size=common.batches(BATCH, n),
    )
    print("size (root mean square) of each layer's outputs at the start, inputs first:")
    header = " ".join(f"{'layer ' + str(i) if i else 'inputs':>7}" for i in range(DEPTH + 1))
    print(f"  {'init':<8} {header}")
    result: dict[str, Any] = {}
    for init in ("uniform", "xavier", "he"):
        model = nn.MLP(2, [WIDTH] * DEPTH + [1], activation="relu", init=init, seed=0)
        sizes = layer_sizes(model, X)
        shown = " ".join(f"{s:7.3g}" for s in sizes)
        history = nn.train.fit(
            model,
            X,
            y,
            loss="binary_cross_entropy",
            optimizer=nn.Adam(model.parameters(), lr=LR),
            epochs=epochs,
            batch_size=BATCH,
            progress=False,
        )
        print(
            f"  {init:<8} {shown}   after {history.epochs} epochs: loss "
            f"{history.train_loss[-1]:.4f}, accuracy {history.train_accuracy[-1]:.0%}"
        )
        result[init] = {"sizes": sizes, "history": history}
    return result


def plot(deep: dict[str, Any], path: Path) -> None:
    """Size of the signal per layer (left, log scale) and training loss per epoch (right)."""
    plt = common.pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    for init, found in deep.items():
        left.plot(range(len(found["sizes"])), found["sizes"], "o-", label=init)
        history = found["history"]
        right.plot(range(1, history.epochs + 1), history.train_loss, label=init)
    left.set_yscale("log")
    left.set_xlabel("layer (0 = inputs)")
    left.set_ylabel("size of the outputs (root mean square)")
    left.set_title("the signal through a deep relu net, at the start")
    right.set_xlabel("epoch")
    nn.plot.integer_epochs(right)
    right.set_ylabel("training loss")
    right.set_title("training from each start")
    for ax in (left, right):
        ax.legend()
    common.save_figure(fig, path)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo; return the numbers it printed (and the pictures it saved)."""
    args = common.parse_args(__doc__, argv)
    out = common.out_dir(args)
    twins = symmetry(epochs=150 if args.quick else 300)
    deep = depth(epochs=8 if args.quick else 12, n=64 if args.quick else 120)
    picture = out / "init.png"
    plot(deep, picture)
    print(f"saved {picture}")
    common.takeaway(
        "start every weight equal and the neurons stay twins forever; start them random, "
        "at a size that keeps the signal steady layer after layer (he, for relu)."
    )
    return {"symmetry": twins, "deep": deep, "pictures": [picture]}


if __name__ == "__main__":
    main(sys.argv[1:])
