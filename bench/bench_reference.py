"""The benchmark's yardstick: the same computations written by hand with plain floats.

No graph, no objects per number: forward passes that keep just what the backward pass
needs, and backward passes written out with the chain rule by hand.  This is about as
fast as the same work gets in pure Python, so ``bench/benchmark.py`` reports every
engine as a ratio to these functions.  The benchmark checks at startup that they give
the same losses and gradients as pigrad (to 1e-9), so the comparison is fair: same
maths, same numbers, only the bookkeeping differs.

Workloads (see ``bench/benchmark.py``):

* W1 ``mlp_step``: one SGD step of a ReLU network with a mean hinge loss plus L2
  (the data comes from ``nn.moons``);
* W2 ``chain``: ``x = x*1.0001 + 0.0001`` repeated n times, and dx_n/dx_0;
* W3 ``sum_of_products``: ``sum(a_i * b_i)`` and its gradients;
* W4 ``fit_epochs``: what ``nn.fit`` does for W1's network with mini-batches: the
  loss before training, then per epoch shuffled batches of ``mlp_step`` and the
  training loss and accuracy on all the data.
"""

from __future__ import annotations

import random

SIZES = (2, [16, 16, 1])
"""W1's network: 2 inputs, two hidden ReLU layers of 16, one linear output."""
N_PARAMS = 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1
"""Its weights and biases (337): they exist before a step, so graph counts leave them out."""
ALPHA, LR = 1e-4, 0.05
"""W1's L2 weight and SGD learning rate."""

Layer = tuple[list[list[float]], list[float]]
"""One layer's parameters: weights[j][k] (neuron j, input k) and biases[j]."""


def init_mlp(nin: int, nouts: list[int], seed: int) -> list[Layer]:
    """Weights drawn from U(-1, 1) layer by layer, neuron by neuron; biases 0."""
    rng = random.Random(seed)
    layers: list[Layer] = []
    for fan_in, fan_out in zip([nin, *nouts], nouts):
        weights = [[rng.uniform(-1.0, 1.0) for _ in range(fan_in)] for _ in range(fan_out)]
        layers.append((weights, [0.0] * fan_out))
    return layers


def mlp_step(
    layers: list[Layer], X: list[list[float]], y: list[float], alpha: float, lr: float
) -> tuple[float, list[Layer]]:
    """One training step, by hand: forward, mean hinge + alpha*L2, backward, SGD update.

    Hidden layers are ReLU, the last layer is linear with one output (the score).
    Loss = mean_i max(0, 1 - y_i * score_i) + alpha * sum of every parameter squared.

    Args:
        layers: the parameters, updated in place (p -= lr * dloss/dp).
        X, y: the data, labels -1/+1.
        alpha: the L2 weight.
        lr: the SGD learning rate.

    Returns:
        (loss, grads) before the update; grads has the shape of ``layers``.
    """
    n = len(X)
    last = len(layers) - 1
    grads: list[Layer] = [([[0.0] * len(w) for w in ws], [0.0] * len(bs)) for ws, bs in layers]
    data_loss = 0.0
    for x, label in zip(X, y):
        # forward, keeping each layer's input (backward needs them)
        inputs = [x]
        h = x
        for depth, (ws, bs) in enumerate(layers):
            out = []
            for w, b in zip(ws, bs):
                s = b
                for wk, hk in zip(w, h):
                    s += wk * hk
                out.append(s if depth == last or s > 0.0 else 0.0)
            h = out
            inputs.append(h)
        margin = 1.0 - label * h[0]
        if margin <= 0.0:
            continue  # hinge is flat here: this point adds nothing to loss or gradients
        data_loss += margin
        # backward: d(margin/n)/dscore = -label/n, then the chain rule layer by layer
        upstream = [-label / n]
        for depth in range(last, -1, -1):
            ws, _ = layers[depth]
            gws, gbs = grads[depth]
            h_in = inputs[depth]
            h_out = inputs[depth + 1]
            down = [0.0] * len(h_in)
            for j, g in enumerate(upstream):
                if g == 0.0 or (depth != last and h_out[j] <= 0.0):
                    continue  # relu off, or nothing flows back
                gbs[j] += g
                w, gw = ws[j], gws[j]
                for k, hk in enumerate(h_in):
                    gw[k] += g * hk
                    down[k] += g * w[k]
            upstream = down
    loss = data_loss / n
    for (ws, bs), (gws, gbs) in zip(layers, grads):
        for w, gw in zip(ws, gws):
            for k, wk in enumerate(w):
                loss += alpha * wk * wk
                gw[k] += 2.0 * alpha * wk
        for j, b in enumerate(bs):
            loss += alpha * b * b
            gbs[j] += 2.0 * alpha * b
    for (ws, bs), (gws, gbs) in zip(layers, grads):
        for w, gw in zip(ws, gws):
            for k, gk in enumerate(gw):
                w[k] -= lr * gk
        for j, gb in enumerate(gbs):
            bs[j] -= lr * gb
    return loss, grads


def scores(layers: list[Layer], X: list[list[float]]) -> list[float]:
    """The network's output on each sample (ReLU hidden layers, a linear last one)."""
    last = len(layers) - 1
    out = []
    for x in X:
        h = x
        for depth, (ws, bs) in enumerate(layers):
            nxt = []
            for w, b in zip(ws, bs):
                s = 0.0
                for wk, hk in zip(w, h):
                    s += wk * hk
                s += b
                nxt.append(s if depth == last or s > 0.0 else 0.0)
            h = nxt
        out.append(h[0])
    return out


def hinge_and_accuracy(
    layers: list[Layer], X: list[list[float]], y: list[float]
) -> tuple[float, float]:
    """Mean hinge loss (no L2) and the share of samples on the right side of 0."""
    loss, right = 0.0, 0
    for s, label in zip(scores(layers, X), y):
        loss += max(0.0, 1.0 - label * s)
        right += (s > 0.0) == (label > 0)
    return loss / len(X), right / len(X)


def fit_epochs(
    layers: list[Layer],
    X: list[list[float]],
    y: list[float],
    alpha: float,
    lr: float,
    batch_size: int,
    epochs: int,
    seed: int,
) -> list[tuple[float, float]]:
    """W4 by hand: epochs of shuffled mini-batch ``mlp_step``s, scored after each one.

    The batches are shuffled exactly as ``nn.fit`` shuffles them (``random.Random(seed)``
    shuffling the sample numbers once per epoch), and the loss before training is
    computed first, as fit does (it watches for a blow-up against it).

    Returns:
        (training loss, accuracy) after each epoch.
    """
    rng = random.Random(seed)
    hinge_and_accuracy(layers, X, y)
    history = []
    for _ in range(epochs):
        order = list(range(len(X)))
        rng.shuffle(order)
        for i in range(0, len(order), batch_size):
            chunk = order[i : i + batch_size]
            mlp_step(layers, [X[k] for k in chunk], [y[k] for k in chunk], alpha, lr)
        history.append(hinge_and_accuracy(layers, X, y))
    return history


def chain(n: int, x0: float) -> tuple[float, float]:
    """x = x*1.0001 + 0.0001 applied n times: returns (x_n, dx_n/dx_0).

    The backward pass walks the n links back, multiplying by each link's local
    derivative d(x*1.0001 + 0.0001)/dx = 1.0001.
    """
    x = x0
    for _ in range(n):
        x = x * 1.0001 + 0.0001
    g = 1.0
    for _ in range(n):
        g *= 1.0001
    return x, g


def sum_of_products(a: list[float], b: list[float]) -> tuple[float, list[float], list[float]]:
    """s = sum_i a_i * b_i: returns (s, ds/da, ds/db), with ds/da_i = b_i, ds/db_i = a_i."""
    s = 0.0
    for ai, bi in zip(a, b):
        s += ai * bi
    ga = [0.0] * len(a)
    gb = [0.0] * len(b)
    for i, (ai, bi) in enumerate(zip(a, b)):
        ga[i] += bi
        gb[i] += ai
    return s, ga, gb
