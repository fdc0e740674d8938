"""Every op in the table, checked against independent float64 maths.

The tests are parametrized over ``ops.OPS``, ``fused.FUSED_OPS`` and representative members
of the op families, so a new table entry is tested as soon as it gets a row in ``SPECS``
below (and ``test_every_op_has_a_spec`` fails until it does).  A spec says where the
op's inputs may be drawn from (its domain, kept away from kinks and singularities by
more than the central-difference step) and gives a reference forward function written
with ``math`` only, so the engine is never checked against itself.

For each op and each hypothesis-drawn point:

* the forward value equals the reference;
* backpropagated gradients equal central differences of the reference (1e-6 relative);
* the partials rule run on Values (the ``create_graph`` path) equals the float rule;
* second derivatives from ``grad(create_graph=True)`` equal central differences of the
  engine's first derivatives.

At the end, hypothesis draws random expression trees (little programs whose steps
reuse earlier nodes) and checks their values, gradients and second derivatives the
same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from helpers import assert_close, numeric_gradient, numeric_jacobian
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, apply, dot, fused, grad, numbers, ops
from autograd import sum as autograd_sum
from autograd.ops import Op

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


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _dot(*xs: float) -> float:
    n = len(xs) // 2
    bias = xs[-1] if len(xs) % 2 else 0.0
    return math.fsum([xs[i] * xs[n + i] for i in range(n)] + [bias])


def _dot_args(n: int, with_bias: bool) -> Floats:
    return st.lists(between(-5, 5), min_size=2 * n + with_bias, max_size=2 * n + with_bias)


def _neuron_args() -> Floats:
    # w·x + b between 0.05 and 3 away from 0: off relu's kink, and tanh/sigmoid not flat
    dots = st.integers(1, 3).flatmap(lambda n: _dot_args(n, False) | _dot_args(n, True))
    return dots.filter(lambda xs: 0.05 < abs(_dot(*xs)) < 3.0)


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
    "sigmoid": Spec(args(between(-15, 15)), _sigmoid),
    "relu": Spec(args(magnitude(0.01, 10)), lambda x: max(x, 0.0)),
    "sin": Spec(args(ANY), math.sin),
    "cos": Spec(args(ANY), math.cos),
    "sqrt": Spec(args(between(0.05, 100)), math.sqrt),
    "abs": Spec(args(magnitude(0.01, 10)), math.fabs),
    "sum": Spec(st.lists(ANY, min_size=1, max_size=6), lambda *xs: math.fsum(xs)),
    "dot": Spec(
        st.integers(1, 4).flatmap(lambda n: _dot_args(n, False) | _dot_args(n, True)), _dot
    ),
    # family members: power(n) and leaky_relu(slope)
    "pow2": Spec(args(ANY), lambda x: math.pow(x, 2)),
    "pow3": Spec(args(ANY), lambda x: math.pow(x, 3)),
    "pow0.5": Spec(args(between(0.05, 100)), lambda x: math.pow(x, 0.5)),
    "pow-1": Spec(args(magnitude(0.2, 10)), lambda x: math.pow(x, -1)),
    "pow-2": Spec(args(magnitude(0.2, 10)), lambda x: math.pow(x, -2)),
    "leaky_relu0.01": Spec(args(magnitude(0.01, 10)), lambda x: x if x > 0 else 0.01 * x),
    "leaky_relu0.2": Spec(args(magnitude(0.01, 10)), lambda x: x if x > 0 else 0.2 * x),
    # whole neurons, act(w·x + b) in one node (fused.neuron): w·x + b kept off relu's kink
    "relu(dot)": Spec(_neuron_args(), lambda *xs: max(_dot(*xs), 0.0)),
    "tanh(dot)": Spec(_neuron_args(), lambda *xs: math.tanh(_dot(*xs))),
    "sigmoid(dot)": Spec(_neuron_args(), lambda *xs: _sigmoid(_dot(*xs))),
    "leaky_relu0.01(dot)": Spec(
        _neuron_args(), lambda *xs: _dot(*xs) if _dot(*xs) > 0 else 0.01 * _dot(*xs)
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


def engine_gradient(op: Op) -> Callable[..., list[float]]:
    """The engine's first derivatives of op at a point, as plain floats."""

    def gradient(*xs: float) -> list[float]:
        leaves = [Value(x) for x in xs]
        return [g.data for g in grad(apply(op, *leaves), leaves)]

    return gradient


def test_every_op_has_a_spec() -> None:
    missing = [name for name in [*ops.OPS, *fused.FUSED_OPS] if name not in SPECS]
    assert not missing, f"ops without a domain/reference entry in SPECS: {missing}"


def test_table_names_match_ops() -> None:
    for table in (ops.OPS, fused.FUSED_OPS):
        for name, op in table.items():
            assert op.name == name
            assert op.symbol, f"{name} has no symbol for pictures"
    assert all(op.arity is None for op in fused.FUSED_OPS.values())


SLOPED = [op for op in ALL_OPS if op.local_grad_from_output is not None]


def test_the_activations_with_a_local_grad_from_output() -> None:
    assert [op.name for op in SLOPED] == [
        "tanh",
        "sigmoid",
        "relu",
        "leaky_relu0.01",
        "leaky_relu0.2",
    ]
    assert ops.leaky_relu(-0.5).local_grad_from_output is None  # out > 0 for x < 0 too


@pytest.mark.parametrize("op", SLOPED, ids=lambda op: op.name)
@given(x=st.floats(-50, 50) | st.sampled_from([0.0, -0.0, math.nan]))
def test_local_grad_from_output_is_the_partials_rule_bit_for_bit(op: Op, x: float) -> None:
    # A neuron node backpropagates with local_grad_from_output(out); a separate activation
    # node with partials(out, x): they must be the very same number.
    out = op.forward(x)
    (by_input,) = op.local_grads(out, x)
    by_output = op.local_grad_from_output(out)  # type: ignore[misc]
    assert by_output == by_input or (math.isnan(by_output) and math.isnan(by_input))


@pytest.mark.parametrize("bad", [ops.EXP, ops.ABS, ops.leaky_relu(-0.5), fused.DOT])
def test_a_neuron_op_needs_a_slope_read_off_the_output(bad: Op) -> None:
    with pytest.raises(ValueError, match=f"relu, tanh, sigmoid.*got {bad.name!r}"):
        fused.neuron(bad)
    with pytest.raises(ValueError, match="read off its output"):
        dot([Value(1.0)], [Value(2.0)], activation=bad)


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        ("relu", "str: 'relu'"),
        (Value.tanh, "function"),
        (math.tanh, "builtin"),
        (["relu"], r"list: \['relu'\]"),  # unhashable: the op cache cannot look it up
    ],
)
def test_a_neuron_activation_that_is_not_an_op_gets_a_clear_type_error(
    bad: object, shown: str
) -> None:
    # dot(w, x, b, "relu") or dot(..., activation=Value.tanh) is an easy slip: name the
    # value given and the ops allowed, not "'str' object has no attribute ...".
    makers = [lambda: dot([Value(1.0)], [Value(2.0)], None, bad)]
    if not isinstance(bad, list):  # fused.neuron itself is cached: it needs a hashable key
        makers.append(lambda: fused.neuron(bad))
    for make in makers:
        with pytest.raises(TypeError, match=f"ops.RELU, ops.TANH.*got {shown}"):
            make()  # type: ignore[no-untyped-call]


def test_families_are_cached() -> None:
    # Value.__pow__ asks for power(float(n)) on every use: one Op, made once.
    x = Value(3.0)
    assert (x**2).op is (x**2.0).op is ops.power(2.0)
    assert x.leaky_relu(0.2).op is x.leaky_relu(0.2).op
    assert ops.power(2.0) is not ops.power(3.0)


@by_name
@given(data=st.data())
def test_forward_matches_reference(op: Op, data: st.DataObject) -> None:
    spec = spec_of(op)
    xs = data.draw(spec.domain, label="inputs")
    out = apply(op, *[Value(x) for x in xs])
    assert_close(out.data, spec.reference(*xs), rtol=1e-12, atol=1e-12, what=op.name)
    assert out.op is op
    assert len(out.parents) == len(out.local_grads) == len(xs)


@by_name
@given(data=st.data())
def test_backward_matches_central_differences(op: Op, data: st.DataObject) -> None:
    spec = spec_of(op)
    xs = data.draw(spec.domain, label="inputs")
    leaves = [Value(x) for x in xs]
    apply(op, *leaves).backward()
    expected = numeric_gradient(spec.reference, xs)
    assert_close([v.grad for v in leaves], expected, what=f"d {op.name}")


@by_name
@given(data=st.data())
def test_partials_rule_on_values_equals_float_rule(op: Op, data: st.DataObject) -> None:
    xs = data.draw(spec_of(op).domain, label="inputs")
    leaves = [Value(x) for x in xs]
    out = apply(op, *leaves)
    on_values = op.local_grads(out, *leaves)
    assert len(on_values) == len(xs)
    assert_close(
        [numbers.as_float(d) for d in on_values],
        list(out.local_grads),
        rtol=1e-12,
        atol=0.0,
        what=f"{op.name} partials on Values",
    )


@by_name
@settings(max_examples=30)
@given(data=st.data())
def test_second_derivative_matches_central_differences(op: Op, data: st.DataObject) -> None:
    xs = data.draw(spec_of(op).domain, label="inputs")
    gradient = engine_gradient(op)
    leaves = [Value(x) for x in xs]
    first = grad(apply(op, *leaves), leaves, create_graph=True)
    assert_close([g.data for g in first], gradient(*xs), rtol=1e-12, what="first")
    hessian = [[h.data for h in grad(g, leaves)] for g in first]
    expected = numeric_jacobian(gradient, xs)
    for i, row in enumerate(hessian):
        assert_close(row, expected[i], rtol=1e-6, atol=1e-7, what=f"d2 {op.name} row {i}")


# --- random expression trees ---------------------------------------------------------------
# A tree is a little program: leaves, then steps that each combine two earlier nodes
# (so nodes get reused, as in real graphs).  Each step has an engine form on Values and
# a reference form on floats written with ``math``.  Domain-limited ops are guarded
# (log(1 + a^2), a / (1 + b^2)) so any program stays in the domain, and kinked ops
# (relu, abs) are left to the per-op tests above, where inputs avoid the kink.

Step = tuple[Callable[[Value, Value], Value], Callable[[float, float], float]]
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
    "sigmoid": (lambda a, b: a.sigmoid(), lambda a, b: _sigmoid(a)),
    "sin": (lambda a, b: a.sin(), lambda a, b: math.sin(a)),
    "cos": (lambda a, b: b.cos() * a, lambda a, b: math.cos(b) * a),
    "sum": (lambda a, b: autograd_sum([a, b, a]), lambda a, b: a + b + a),
    "dot": (lambda a, b: dot([a, b], [b, 0.5], a), lambda a, b: a * b + b * 0.5 + a),
}
Program = tuple[list[float], list[tuple[str, int, int]]]


@st.composite
def programs(draw: st.DrawFn) -> Program:
    leaves = draw(st.lists(between(-2, 2), min_size=1, max_size=3), label="leaves")
    steps = []
    for k in range(draw(st.integers(1, 8), label="length")):
        size = len(leaves) + k
        name = draw(st.sampled_from(sorted(STEPS)))
        steps.append((name, draw(st.integers(0, size - 1)), draw(st.integers(0, size - 1))))
    return leaves, steps


def run(program: Program, leaves: list[Value]) -> Value:
    """The program's last node, computed with the engine (iteratively)."""
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


@settings(max_examples=100)
@given(program=programs())
def test_random_expression_trees_match_central_differences(program: Program) -> None:
    xs = program[0]
    f = reference(program)
    leaves = [Value(x) for x in xs]
    out = run(program, leaves)
    assert_close(out.data, f(*xs), rtol=1e-12, atol=1e-12, what="tree value")
    out.backward()
    expected = numeric_gradient(f, xs)
    assert_close([v.grad for v in leaves], expected, atol=1e-7, what="tree gradient")
    assert_close([g.data for g in grad(out, leaves)], [v.grad for v in leaves], rtol=0, atol=0)


@settings(max_examples=40)
@given(program=programs())
def test_random_expression_trees_second_derivatives(program: Program) -> None:
    xs = program[0]

    def gradient(*point: float) -> list[float]:
        leaves = [Value(x) for x in point]
        return [g.data for g in grad(run(program, leaves), leaves)]

    leaves = [Value(x) for x in xs]
    first = grad(run(program, leaves), leaves, create_graph=True)
    table = [[h.data for h in grad(g, leaves)] for g in first]
    for i, row in enumerate(numeric_jacobian(gradient, xs)):
        assert_close(table[i], row, atol=1e-6, what=f"tree hessian row {i}")
