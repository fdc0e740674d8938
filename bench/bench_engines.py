"""The benchmark's workloads written for each engine: pigrad and micrograd.

Each is the natural user code for that engine; ``bench_reference.py`` holds the same
computations written by hand with floats.  ``check_*`` functions assert that every
engine gets the reference's losses and gradients to 1e-9 before anything is timed.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from types import ModuleType
from typing import Any

import bench_floor as floor
import bench_reference as ref
from bench_micrograd import deep as mg_deep
from bench_micrograd import (
    micrograd_chain,
    micrograd_loss,
    micrograd_net,
    micrograd_step,
    micrograd_sum,
)
from bench_reference import ALPHA, LR, N_PARAMS, SIZES

import autograd
import nn
from autograd import Value
from nn.steps import REPLAY_FROM
from nn.train import collector_paused

W1_NETWORK = "nn.MLP(2, [16, 16, 1]), nn.hinge + 1e-4 * nn.l2, nn.SGD"
N_POINTS, NOISE, SEED = 100, 0.1, 0
TOL = 1e-9


def close(a: float, b: float, what: str) -> None:
    if not math.isclose(a, b, rel_tol=TOL, abs_tol=TOL):
        raise AssertionError(f"{what}: {a!r} != reference {b!r} (tolerance {TOL})")


def flat(layers: list[ref.Layer]) -> list[float]:
    """Parameters (or gradients) in nn's order: layer by layer, neuron by neuron, w then b."""
    return [v for ws, bs in layers for w, b in zip(ws, bs) for v in (*w, b)]


# --- W1: an MLP training step ------------------------------------------------------------


def pigrad_model(layers: list[ref.Layer]) -> nn.MLP:
    """nn.MLP(2, [16, 16, 1]) holding the given weights (the reference's, to compare)."""
    model = nn.MLP(SIZES[0], list(SIZES[1]), seed=SEED)
    for p, v in zip(model.parameters(), flat(layers), strict=True):
        p.data = v
    return model


def pigrad_loss(model: nn.MLP, X: list[list[float]], y: list[float]) -> Value:
    """Mean hinge loss + ALPHA * L2: what a pigrad user writes."""
    return nn.hinge([model(x) for x in X], y) + ALPHA * nn.l2(model.parameters())


def pigrad_step(model: nn.MLP, opt: nn.SGD, X: list[list[float]], y: list[float]) -> float:
    loss = pigrad_loss(model, X, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.data


def paused_step(model: nn.MLP, opt: nn.SGD, X: list[list[float]], y: list[float]) -> float:
    """The same step with Python's cycle collector paused, as ``nn.fit`` runs each step."""
    with collector_paused():
        return pigrad_step(model, opt, X, y)


def compiled_step(step: autograd.CompiledFunction, opt: nn.SGD, X: list[list[float]]) -> float:
    """The same step replayed by autograd.compile (recorded on its first call)."""
    opt.zero_grad()
    loss, _ = step(X)
    opt.step()
    return loss


class W1Workload:
    """The data, the shared initial weights and one model per engine."""

    def __init__(self, mg: ModuleType | None) -> None:
        self.mg = mg
        X, labels = nn.moons(N_POINTS, NOISE, SEED)
        self.X, self.y = X, nn.to_pm1(labels)
        self.init = ref.init_mlp(SIZES[0], list(SIZES[1]), SEED)

    def check(self) -> None:
        """Every engine's first-step loss and gradients equal the reference's to 1e-9."""
        X, y = self.X, self.y
        ref_loss, ref_grads = ref.mlp_step(copy.deepcopy(self.init), X, y, ALPHA, LR)
        want = flat(ref_grads)
        model = pigrad_model(self.init)
        close(pigrad_step(model, nn.SGD(model.parameters(), lr=LR), X, y), ref_loss, "W1 loss")
        for p, g in zip(model.parameters(), want, strict=True):
            close(p.grad, g, "pigrad W1 gradient")
        model = pigrad_model(self.init)
        opt = nn.SGD(model.parameters(), lr=LR)
        step = autograd.compile(lambda X: pigrad_loss(model, X, y))
        for call in ("recording", "replay"):  # both equal the reference
            for p, v in zip(model.parameters(), flat(self.init)):
                p.data = v
            close(compiled_step(step, opt, X), ref_loss, f"compiled W1 loss ({call})")
            for p, g in zip(model.parameters(), want, strict=True):
                close(p.grad, g, f"compiled W1 gradient ({call})")
        if self.mg:
            micro = micrograd_net(self.mg, self.init)
            close(micrograd_step(self.mg, micro, X, y), ref_loss, "micrograd W1 loss")
            for p, g in zip(micro.parameters(), want, strict=True):
                close(p.grad, g, "micrograd W1 gradient")

    def runners(self) -> dict[str, Callable[[], object]]:
        X, y = self.X, self.y
        layers = copy.deepcopy(self.init)
        model, replayed = pigrad_model(self.init), pigrad_model(self.init)
        opt, opt2 = nn.SGD(model.parameters(), lr=LR), nn.SGD(replayed.parameters(), lr=LR)
        paused = pigrad_model(self.init)
        opt3 = nn.SGD(paused.parameters(), lr=LR)
        step = autograd.compile(lambda X: pigrad_loss(replayed, X, y))
        compiled_step(step, opt2, X)  # record now: the timings are of replays
        for p, v in zip(replayed.parameters(), flat(self.init), strict=True):
            p.data = v  # undo the recording's update: every engine times the same steps
        runs: dict[str, Callable[[], object]] = {
            "reference": lambda: ref.mlp_step(layers, X, y, ALPHA, LR),
            "pigrad": lambda: pigrad_step(model, opt, X, y),
            "paused": lambda: paused_step(paused, opt3, X, y),
            "compiled": lambda: compiled_step(step, opt2, X),
        }
        if self.mg:
            mg, micro = self.mg, micrograd_net(self.mg, self.init)
            runs["micrograd"] = lambda: micrograd_step(mg, micro, X, y)
        return runs

    def pigrad_graph(self) -> Callable[[], Value]:
        """A function that builds the step's graph (and backpropagates) on a ready net."""
        model = pigrad_model(self.init)
        return lambda: _backward(pigrad_loss(model, self.X, self.y))

    def micrograd_graph(self) -> Callable[[], Any]:
        mg = self.mg
        assert mg is not None
        micro = micrograd_net(mg, self.init)
        return lambda: _backward(micrograd_loss(mg, micro, self.X, self.y))


def _backward(loss: Any) -> Any:
    loss.backward()
    return loss


def count_pigrad(root: Value) -> int:
    """Nodes made by the step: the whole graph minus the parameters that existed before."""
    return len(autograd.topological_order(root)) - N_PARAMS


# --- W2: a long chain --------------------------------------------------------------------


def chain(x: Value, n: int) -> Value:
    for _ in range(n):
        x = x * 1.0001 + 0.0001
    return x


def pigrad_chain(n: int) -> tuple[float, float]:
    x0 = Value(0.5)
    x = chain(x0, n)
    x.backward()
    return x.data, x0.grad


def compiled_chain(n: int) -> Callable[[float], tuple[float, float]]:
    """The chain recorded once by autograd.compile: x0 -> (x_n, dx_n/dx0) by replay."""
    step = autograd.compile(lambda x: chain(x, n))

    def run(x0: float) -> tuple[float, float]:
        value, (grad,) = step(x0)
        return value, grad

    run(0.5)  # the recording call
    return run


def check_chain(n: int, mg: ModuleType | None) -> None:
    want = ref.chain(n, 0.5)
    replay = compiled_chain(n)
    engines: dict[str, Callable[[Any], Any]] = {
        "pigrad": pigrad_chain,
        "compiled": replay,
        "floor": lambda n: floor.chain(n, 0.5),
    }
    if mg:  # checked as it is timed: with room for its recursive backward
        engines["micrograd"] = lambda n: mg_deep(lambda: micrograd_chain(n))
    for name, run in engines.items():
        got = run(0.5) if name == "compiled" else run(n)
        close(got[0], want[0], f"{name} chain value")
        close(got[1], want[1], f"{name} chain gradient")


def chain_runners(n: int, mg: ModuleType | None) -> dict[str, Callable[[], object]]:
    replay = compiled_chain(n)
    runs: dict[str, Callable[[], object]] = {
        "reference": lambda: ref.chain(n, 0.5),
        "pigrad": lambda: pigrad_chain(n),
        "compiled": lambda: replay(0.5),
        "floor": lambda: floor.chain(n, 0.5),
    }
    if mg:
        runs["micrograd"] = lambda: mg_deep(lambda: micrograd_chain(n))
    return runs


# --- W3: a sum of products ---------------------------------------------------------------


def sum_data(n: int) -> tuple[list[float], list[float]]:
    return [math.sin(i) for i in range(n)], [math.cos(0.5 * i) for i in range(n)]


def pigrad_sum(a: list[Value], b: list[Value]) -> float:
    autograd.zero_grad(a)
    autograd.zero_grad(b)
    s = autograd.sum([ai * bi for ai, bi in zip(a, b)])
    s.backward()
    return s.data


def pigrad_dot(a: list[Value], b: list[Value]) -> float:
    autograd.zero_grad(a)
    autograd.zero_grad(b)
    s = autograd.dot(a, b)
    s.backward()
    return s.data


def check_sums(n: int, mg: ModuleType | None) -> None:
    fa, fb = sum_data(n)
    want, ga, gb = ref.sum_of_products(fa, fb)
    engines: list[tuple[str, ModuleType, Callable[[list[Any], list[Any]], float]]] = [
        ("pigrad", autograd, pigrad_sum),
        ("pigrad dot", autograd, pigrad_dot),
    ]
    if mg:
        engines.append(("micrograd", mg, lambda a, b: float(mg_deep(lambda: micrograd_sum(a, b)))))
    for name, module, run in engines:
        a, b = [module.Value(v) for v in fa], [module.Value(v) for v in fb]
        close(run(a, b), want, f"{name} sum")
        for v, g in zip(a + b, ga + gb):
            close(v.grad, g, f"{name} sum gradient")
    fa_nodes, fb_nodes = [floor.leaf(v) for v in fa], [floor.leaf(v) for v in fb]
    close(floor.sum_of_products(fa_nodes, fb_nodes), want, "floor sum")
    for v, g in zip(fa_nodes + fb_nodes, ga + gb):
        close(v.grad, g, "floor sum gradient")
    step = compiled_sum()
    for _ in range(2):  # the recording call, then a replay
        value, (got_a, got_b) = step(fa, fb)
        close(value, want, "compiled sum")
        for g, w in zip(got_a + got_b, ga + gb, strict=True):
            close(g, w, "compiled sum gradient")


def compiled_sum() -> autograd.CompiledFunction:
    return autograd.compile(lambda a, b: autograd.sum([ai * bi for ai, bi in zip(a, b)]))


def sum_runners(n: int, mg: ModuleType | None) -> dict[str, Callable[[], object]]:
    fa, fb = sum_data(n)
    a, b = [Value(v) for v in fa], [Value(v) for v in fb]
    na, nb = [floor.leaf(v) for v in fa], [floor.leaf(v) for v in fb]
    step = compiled_sum()
    step(fa, fb)  # the recording call
    runs: dict[str, Callable[[], object]] = {
        "reference": lambda: ref.sum_of_products(fa, fb),
        "pigrad": lambda: pigrad_sum(a, b),
        "pigrad dot": lambda: pigrad_dot(a, b),
        "compiled": lambda: step(fa, fb),
        "floor": lambda: floor.sum_of_products(na, nb),
    }
    if mg:
        ma, mb = [mg.Value(v) for v in fa], [mg.Value(v) for v in fb]
        runs["micrograd"] = lambda: mg_deep(lambda: micrograd_sum(ma, mb))
    return runs


# --- W4: a fit epoch ---------------------------------------------------------------------

W4_BATCH = 32
W4_EPOCHS = REPLAY_FROM
"""Epochs per timed fit: enough that fit's default records and replays every batch size
(nn.steps.REPLAY_FROM steps of the last, short batch), the recordings included."""
W4_CHECKED = 3
"""Epochs compared with the hand-written fit before timing (to 1e-9)."""


class W4Workload:
    """W1's network and data trained by nn.fit in mini-batches, and the same by hand."""

    def __init__(self, epochs: int = W4_EPOCHS) -> None:
        self.epochs = epochs
        X, labels = nn.moons(N_POINTS, NOISE, SEED)
        self.X, self.y = X, nn.to_pm1(labels)
        self.init = ref.init_mlp(SIZES[0], list(SIZES[1]), SEED)

    def pigrad_fit(self, epochs: int, compile: bool | None) -> tuple[nn.History, nn.MLP]:
        model = pigrad_model(self.init)
        history = nn.fit(
            model,
            self.X,
            self.y,
            "hinge",
            nn.SGD(model.parameters(), lr=LR),
            epochs=epochs,
            batch_size=W4_BATCH,
            l2=ALPHA,
            progress=False,
            seed=SEED,
            compile=compile,
        )
        return history, model

    def by_hand(self, epochs: int) -> tuple[list[tuple[float, float]], list[ref.Layer]]:
        layers = copy.deepcopy(self.init)
        scores = ref.fit_epochs(layers, self.X, self.y, ALPHA, LR, W4_BATCH, epochs, SEED)
        return scores, layers

    def check(self) -> None:
        """nn.fit's epochs, both ways, equal the hand-written ones to 1e-9."""
        want, layers = self.by_hand(W4_CHECKED)
        for compile in (False, True):
            history, model = self.pigrad_fit(W4_CHECKED, compile)
            for (loss, acc), got, got_acc in zip(
                want, history.train_loss, history.train_accuracy, strict=True
            ):
                close(got, loss, f"W4 training loss (compile={compile})")
                close(got_acc, acc, f"W4 accuracy (compile={compile})")
            for p, v in zip(model.parameters(), flat(layers), strict=True):
                close(p.data, v, f"W4 weight after {W4_CHECKED} epochs (compile={compile})")

    def runners(self) -> dict[str, Callable[[], object]]:
        """One whole fit of self.epochs epochs each (the benchmark divides by epochs)."""
        return {
            "reference": lambda: self.by_hand(self.epochs),
            "engine": lambda: self.pigrad_fit(self.epochs, False),
            # compile=True: what the default does for a run this long (W4_EPOCHS), and
            # what it would do for a quick, shorter one.
            "replayed": lambda: self.pigrad_fit(self.epochs, True),
        }


# --- fit on spirals: the default against compile=False ------------------------------------

SPIRALS_EPOCHS = 200


def spirals_fit(epochs: int, compile: bool | None) -> nn.History:
    X, y = nn.spirals(90, classes=3, noise=0.05, seed=SEED)
    model = nn.MLP(2, [16, 16, 3], seed=SEED)
    opt = nn.Adam(model.parameters(), lr=0.05)
    return nn.fit(
        model, X, y, "cross_entropy", opt, epochs=epochs, batch_size=30, progress=False,
        compile=compile,
    )  # fmt: skip


def spirals_runners(epochs: int) -> dict[str, Callable[[], object]]:
    return {
        "engine": lambda: spirals_fit(epochs, False),
        "default": lambda: spirals_fit(epochs, None),
    }
