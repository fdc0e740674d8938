"""Every op in the table, checked against independent float64 maths.

The tests are parametrized over ``ops.OPS``, ``fused.FUSED_OPS`` and representative members
of the op families, so a new table entry is tested as soon as it gets a row in ``SPECS``
(in ``tests/strategies.py``; ``test_every_op_has_a_spec`` fails until it does).  A spec
says where the op's inputs may be drawn from (its domain, kept away from kinks and singularities by
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

import pytest
from helpers import assert_close, numeric_gradient, numeric_jacobian
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    ALL_OPS,
    SPECS,
    Program,
    by_name,
    programs,
    reference,
    run,
    spec_of,
)

from autograd import Value, apply, dot, fused, grad, numbers, ops
from autograd.op import Op


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
