"""The benchmark's workloads in micrograd 0.1.0, written as its README writes them.

micrograd is optional: ``import_micrograd()`` returns None when it is not installed and
the benchmark skips it.  Its recursive backward cannot go much past 500 nodes deep, so
the deep workloads (W2, and W3's chain of additions) run it with ``deep()``, which
raises the recursion limit for that one call.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import bench_reference as ref
from bench_reference import ALPHA, LR, N_PARAMS, SIZES


def import_micrograd() -> ModuleType | None:
    """micrograd's engine module when micrograd is installed, else None."""
    try:
        importlib.import_module("micrograd.nn")
        return importlib.import_module("micrograd.engine")
    except ImportError:
        return None


def micrograd_net(mg: ModuleType, layers: list[ref.Layer]) -> Any:
    model = sys.modules["micrograd.nn"].MLP(SIZES[0], list(SIZES[1]))
    for layer, (ws, bs) in zip(model.layers, layers):
        for neuron, w, b in zip(layer.neurons, ws, bs):
            for v, wk in zip(neuron.w, w):
                v.data = wk
            neuron.b.data = b
    return model


def micrograd_loss(mg: ModuleType, model: Any, X: list[list[float]], y: list[float]) -> Any:
    """micrograd's own README demo loss: mean hinge + alpha * L2."""
    inputs = [[mg.Value(v) for v in x] for x in X]
    scores = [model(x) for x in inputs]
    losses = [(1 + -label * s).relu() for label, s in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    return data_loss + ALPHA * sum(p * p for p in model.parameters())


def micrograd_step(mg: ModuleType, model: Any, X: list[list[float]], y: list[float]) -> float:
    loss = micrograd_loss(mg, model, X, y)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= LR * p.grad
    return float(loss.data)


def count_micrograd(root: Any) -> int:
    seen, stack = {id(root)}, [root]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen) - N_PARAMS


def micrograd_chain(n: int) -> tuple[float, float]:
    mg = sys.modules["micrograd.engine"]
    x0 = mg.Value(0.5)
    x = x0
    for _ in range(n):
        x = x * 1.0001 + 0.0001
    x.backward()
    return x.data, x0.grad


def deep(run: Callable[[], object]) -> object:
    """micrograd's recursive backward, given room for deep graphs."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 100_000))
    try:
        return run()
    finally:
        sys.setrecursionlimit(old)


def micrograd_sum(a: list[Any], b: list[Any]) -> float:
    for v in (*a, *b):
        v.grad = 0
    s = sum(ai * bi for ai, bi in zip(a, b))
    s.backward()
    return float(s.data)
