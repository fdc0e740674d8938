"""Shared test strategies: where each op may be evaluated, and random programs.

``SPECS`` gives every op of the table (and representative members of its families) a
domain to draw inputs from, kept away from kinks and singularities by more than the
central-difference step, and a reference forward written with ``math`` only, so the
engine is never checked against itself.  ``programs()`` draws little programs whose
steps reuse earlier nodes, as real graphs do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import strategies as st
from references import dot, sigmoid

from autograd import dot as autograd_dot
from autograd import fused, ops
from autograd import sum as autograd_sum
from autograd.op import Op

Floats = st.SearchStrategy[list[float]]


def between(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats in [lo, hi]."""
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def magnitude(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats with lo <= |x| <= hi, of either sign (keeps x away from a kink at 0)."""
    return between(lo, hi) | between(-hi, -lo)


def args(*coords: st.SearchStrategy[float]) -> Floats:
    """A fixed number of inputs, each from its own strategy."""
    return st.tuples(*coords).map(list)


@dataclass(frozen=True)
class Spec:
    """Where an op may be evaluated, and what it should compute there."""

    domain: Floats
    reference: Callable[..., float]


def _dot_args(n: int, with_bias: bool) -> Floats:
    return st.lists(between(-5, 5), min_size=2 * n + with_bias, max_size=2 * n + with_bias)


def _neuron_args() -> Floats:
    # w·x + b between 0.05 and 3 away from 0: off relu's kink, and tanh/sigmoid not flat
    dots = st.integers(1, 3).flatmap(lambda n: _dot_args(n, False) | _dot_args(n, True))
    return dots.filter(lambda xs: 0.05 < abs(dot(*xs)) < 3.0)


ANY = between(-10, 10)

SPECS: dict[str, Spec] = {
    "add": Spec(args(ANY, ANY), lambda a, b: a + b),
    "sub": Spec(args(ANY, ANY), lambda a, b: a - b),
    "mul": Spec(args(ANY, ANY), lambda a, b: a * b),
    "div": Spec(args(ANY, magnitude(0.2, 10)), lambda a, b: a / b),
    "neg": Spec(args(ANY), lambda a: -a),
    "pow": Spec(args(between(0.1, 5), between(-3, 3)), math.pow),
    "exp": Spec(args(ANY), math.exp),
    "log": Spec(args(between(0.05, 100)), math.log),
    "tanh": Spec(args(between(-8, 8)), math.tanh),
    "sigmoid": Spec(args(between(-15, 15)), sigmoid),
    "relu": Spec(args(magnitude(0.01, 10)), lambda x: max(x, 0.0)),
    "sin": Spec(args(ANY), math.sin),
    "cos": Spec(args(ANY), math.cos),
    "sqrt": Spec(args(between(0.05, 100)), math.sqrt),
    "abs": Spec(args(magnitude(0.01, 10)), math.fabs),
    "sum": Spec(st.lists(ANY, min_size=1, max_size=6), lambda *xs: math.fsum(xs)),
    "dot": Spec(st.integers(1, 4).flatmap(lambda n: _dot_args(n, False) | _dot_args(n, True)), dot),
    # family members: power(n) and leaky_relu(slope)
    "pow2": Spec(args(ANY), lambda x: math.pow(x, 2)),
    "pow3": Spec(args(ANY), lambda x: math.pow(x, 3)),
    "pow0.5": Spec(args(between(0.05, 100)), lambda x: math.pow(x, 0.5)),
    "pow-1": Spec(args(magnitude(0.2, 10)), lambda x: math.pow(x, -1)),
    "pow-2": Spec(args(magnitude(0.2, 10)), lambda x: math.pow(x, -2)),
    "leaky_relu0.01": Spec(args(magnitude(0.01, 10)), lambda x: x if x > 0 else 0.01 * x),
    "leaky_relu0.2": Spec(args(magnitude(0.01, 10)), lambda x: x if x > 0 else 0.2 * x),
    # whole neurons, act(w·x + b) in one node (fused.neuron): w·x + b kept off relu's kink
    "relu(dot)": Spec(_neuron_args(), lambda *xs: max(dot(*xs), 0.0)),
    "tanh(dot)": Spec(_neuron_args(), lambda *xs: math.tanh(dot(*xs))),
    "sigmoid(dot)": Spec(_neuron_args(), lambda *xs: sigmoid(dot(*xs))),
    "leaky_relu0.01(dot)": Spec(
        _neuron_args(), lambda *xs: dot(*xs) if dot(*xs) > 0 else 0.01 * dot(*xs)
    ),
}

FAMILY_MEMBERS = [
    ops.power(2),
    ops.power(3),
    ops.power(0.5),
    ops.power(-1),
    ops.power(-2),
    ops.leaky_relu(0.01),
    ops.leaky_relu(0.2),
    fused.neuron(ops.RELU),
    fused.neuron(ops.TANH),
    fused.neuron(ops.SIGMOID),
    fused.neuron(ops.leaky_relu(0.01)),
]
ALL_OPS: list[Op] = [*ops.OPS.values(), *fused.FUSED_OPS.values(), *FAMILY_MEMBERS]
by_name = pytest.mark.parametrize("op", ALL_OPS, ids=lambda op: op.name)


def spec_of(op: Op) -> Spec:
    if op.name not in SPECS:
        pytest.fail(f"op {op.name!r} has no entry in SPECS: add its domain and reference")
    return SPECS[op.name]


# --- random expression trees ---------------------------------------------------------------
# A tree is a little program: leaves, then steps that each combine two earlier nodes
# (so nodes get reused, as in real graphs).  Each step has an engine form on Values and
# a reference form on floats written with ``math``.  Domain-limited ops are guarded
# (log(1 + a^2), a / (1 + b^2)) so any program stays in the domain, and kinked ops
# (relu, abs) are left to the per-op tests above, where inputs avoid the kink.

Step = tuple[Callable[[Any, Any], Any], Callable[[float, float], float]]
STEPS: dict[str, Step] = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / (1 + b * b), lambda a, b: a / (1 + b * b)),
    "neg": (lambda a, b: -a, lambda a, b: -a),
    "square": (lambda a, b: a**2, lambda a, b: a * a),
    "cube": (lambda a, b: a**3, lambda a, b: a * a * a),
    "exp": (lambda a, b: a.tanh().exp(), lambda a, b: math.exp(math.tanh(a))),
    "log": (lambda a, b: (1 + a * a).log(), lambda a, b: math.log(1 + a * a)),
    "sqrt": (lambda a, b: (a * a + 0.25).sqrt(), lambda a, b: math.sqrt(a * a + 0.25)),
    "pow": (lambda a, b: (a * a + 0.5) ** b.tanh(), lambda a, b: (a * a + 0.5) ** math.tanh(b)),
    "inverse": (lambda a, b: (a * a + 1) ** -1, lambda a, b: 1 / (a * a + 1)),
    "tanh": (lambda a, b: a.tanh(), lambda a, b: math.tanh(a)),
    "sigmoid": (lambda a, b: a.sigmoid(), lambda a, b: sigmoid(a)),
    "sin": (lambda a, b: a.sin(), lambda a, b: math.sin(a)),
    "cos": (lambda a, b: b.cos() * a, lambda a, b: math.cos(b) * a),
    "sum": (lambda a, b: autograd_sum([a, b, a]), lambda a, b: a + b + a),
    "dot": (lambda a, b: autograd_dot([a, b], [b, 0.5], a), lambda a, b: a * b + b * 0.5 + a),
}
Program = tuple[list[float], list[tuple[str, int, int]]]


@st.composite
def programs(draw: st.DrawFn, steps_from: Sequence[str] = tuple(STEPS)) -> Program:
    """Random programs: 1-3 leaves in [-2, 2], then 1-8 steps named in ``steps_from``."""
    leaves = draw(st.lists(between(-2, 2), min_size=1, max_size=3), label="leaves")
    steps = []
    for k in range(draw(st.integers(1, 8), label="length")):
        size = len(leaves) + k
        name = draw(st.sampled_from(sorted(steps_from)))
        steps.append((name, draw(st.integers(0, size - 1)), draw(st.integers(0, size - 1))))
    return leaves, steps


def run(program: Program, leaves: list[Any]) -> Any:
    """The program's last node, computed with an engine's Values (iteratively)."""
    nodes = list(leaves)
    for name, i, j in program[1]:
        nodes.append(STEPS[name][0](nodes[i], nodes[j]))
    return nodes[-1]


def reference(program: Program) -> Callable[..., float]:
    """The same program on plain floats."""

    def f(*xs: float) -> float:
        nodes = list(xs)
        for name, i, j in program[1]:
            nodes.append(STEPS[name][1](nodes[i], nodes[j]))
        return nodes[-1]

    return f
