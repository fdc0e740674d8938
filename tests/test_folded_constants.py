"""A plain number in an operation stays inside its node instead of becoming a Value.

``x * 1.0001 + 0.0001`` is two nodes.  The rules that must still hold: each op's
local derivative (against central differences), second derivatives through the
number (against central differences of the first and the exact answer), pictures
that show the number beside its operation, compile replaying it, and the reference
engine telling the same story (the number is an input, not a parent).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from helpers import assert_close, central_difference

import autograd
from autograd import Value, reference
from autograd.ops import with_number

# Every operator that can take a plain number on either side, as a function of x.  The
# same function on a float is the oracle: Python's own arithmetic, no graph.
WITH_NUMBERS: dict[str, Callable[[Any], Any]] = {
    "x + 2.5": lambda x: x + 2.5,
    "2.5 + x": lambda x: 2.5 + x,
    "x - 2.5": lambda x: x - 2.5,
    "2.5 - x": lambda x: 2.5 - x,
    "x * 2.5": lambda x: x * 2.5,
    "2.5 * x": lambda x: 2.5 * x,
    "x / 2.5": lambda x: x / 2.5,
    "2.5 / x": lambda x: 2.5 / x,
    "2.5 ** x": lambda x: 2.5**x,
    "x * 3 (an int)": lambda x: x * 3,
    "3 - x (an int)": lambda x: 3 - x,
}


def test_the_w2_link_is_two_nodes() -> None:
    x0 = Value(0.5)
    y = x0 * 1.0001 + 0.0001
    assert len(autograd.topological_order(y)) == 3  # x0 and two operations, no constants
    assert y.inputs == (y.parents[0], 0.0001) and y.parents[0].inputs == (x0, 1.0001)


@pytest.mark.parametrize("name", list(WITH_NUMBERS))
def test_each_op_with_a_number_is_one_node_with_its_local_derivative(name: str) -> None:
    x = Value(0.7)
    y = WITH_NUMBERS[name](x)
    assert y.parents == (x,) and len(y.inputs) == 2
    assert y.op is not None and y.op.number_at is not None
    assert y.data == WITH_NUMBERS[name](0.7)
    y.backward()
    assert_close(x.grad, central_difference(WITH_NUMBERS[name], [0.7], 0), what=name)
    assert y.local_grads == (x.grad,)


@pytest.mark.parametrize("name", list(WITH_NUMBERS))
def test_second_derivatives_through_the_number_are_right(name: str) -> None:
    x = Value(0.7)
    first = autograd.grad(WITH_NUMBERS[name](x), x, create_graph=True)
    second = autograd.grad(first, x)

    def slope(t: float) -> float:  # dy/dx at t, by backward
        return _first_on_floats(name, t)

    assert_close(second.data, central_difference(slope, [0.7], 0), what=f"d2/dx2 of {name}")
    autograd.gradcheck(WITH_NUMBERS[name], [0.7], second_order=True)


def _first_on_floats(name: str, t: float) -> float:
    x = Value(t)
    WITH_NUMBERS[name](x).backward()
    return x.grad


def test_exact_second_derivatives_of_numbers_inside_nodes() -> None:
    x = Value(0.7)
    y = 2.5**x * 3.0 - 1.0 / x  # y'' = 3 ln(2.5)^2 2.5^x - 2 / x^3
    h = autograd.hessian(y, x)[0][0]
    exact = 3.0 * math.log(2.5) ** 2 * 2.5**0.7 - 2.0 / 0.7**3
    assert h == pytest.approx(exact, rel=1e-12)


def test_numbers_inside_nodes_are_drawn_beside_their_operation() -> None:
    x = Value(3.0, label="x")
    y = 1 - (5 * x**2 + 30)
    source = autograd.draw_graph(y).source
    for label in ('"5 *"', '"+ 30"', '"1 -"'):
        assert f"label={label}" in source
    # the same picture collapse_constants=True drew of the old constant leaves
    assert source == autograd.draw_graph(y, collapse_constants=True).source
    assert source.count("data ") == 5  # x, x**2, 5x**2, 5x**2 + 30, 1 - that: no 5, 30, 1


def test_compile_replays_numbers_inside_nodes() -> None:
    def f(x: Value) -> Value:
        return (2.5 - x) / 4.0 * (x * 1.0001 + 0.0001) + 2.0**x

    step = autograd.compile(f)
    for t in (0.5, -1.25, 3.0):  # the recording, then replays
        x = Value(t)
        want = f(x)
        want.backward()
        assert step(t) == (want.data, (x.grad,))
    assert step.replays == 2


def test_with_number_is_made_once_per_op_and_side() -> None:
    x = Value(2.0)
    assert (x * 2.0).op is (x * 3.0).op is with_number(autograd.ops.MUL, 1)
    assert (2.0 * x).op is with_number(autograd.ops.MUL, 0)
    assert (x * 2.0).op is not autograd.ops.MUL and (x * 2.0).op.name == "mul"


def test_no_grad_keeps_no_number_and_no_parent() -> None:
    x = Value(2.0)
    with autograd.no_grad():
        y = x * 4.0
    assert y.parents == () and y.inputs == () and y.data == 8.0 and y.local_grads == ()


def test_the_reference_engine_keeps_the_number_as_an_input_not_a_parent() -> None:
    for engine in (reference, autograd):
        x = engine.Value(0.5)
        y = 2.0 - x * 3.0
        assert y.parents == (y.parents[0],) and y.parents[0].parents == (x,)
        assert y.inputs == (2.0, y.parents[0]) and y.parents[0].inputs == (x, 3.0)
        y.backward()
        assert x.grad == -3.0
