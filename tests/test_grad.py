"""grad, jacobian and hessian: derivatives as answers, to any order, leaving .grad alone.

Every expected number here is worked out by hand in a comment next to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

import autograd
from autograd import (
    Value,
    backward,
    grad,
    hessian,
    is_grad_enabled,
    jacobian,
    no_grad,
    ops,
    topological_order,
)
from autograd.op import Op


@pytest.mark.usefixtures("default_recursion_limit")
def test_grad_and_higher_derivatives_on_a_deep_chain() -> None:
    n = 20_000
    x0 = 1.00002  # x0^n = e^0.4: no underflow or overflow
    x = Value(x0)
    y = x
    for _ in range(n):
        y = y * x  # y = x^(n+1)
    first = grad(y, x, create_graph=True)  # (n + 1) x^n
    second = grad(first, x)  # (n + 1) n x^(n-1)
    assert first.data == pytest.approx((n + 1) * x0**n, rel=1e-9)
    assert second.data == pytest.approx((n + 1) * n * x0 ** (n - 1), rel=1e-9)
    assert len(topological_order(y)) == n + 1


# --- grad -----------------------------------------------------------------------------------


def test_grad_leaves_dot_grad_alone() -> None:
    x, y = Value(2.0), Value(5.0)
    mid = x * y
    z = mid + x
    gx, gy = grad(z, [x, y])
    assert (gx.data, gy.data) == (6.0, 2.0)  # dz/dx = y + 1, dz/dy = x
    assert [v.grad for v in (x, y, mid, z)] == [0.0, 0.0, 0.0, 0.0]


def test_grad_returns_one_value_for_one_input_and_zero_for_unused_inputs() -> None:
    x, unused = Value(3.0), Value(1.0)
    y = x**2
    single = grad(y, x)
    assert isinstance(single, Value) and single.data == 6.0
    both = grad(y, [x, unused])
    assert isinstance(both, list) and [g.data for g in both] == [6.0, 0.0]
    assert grad(y, []) == []


def test_grad_with_respect_to_an_interior_node() -> None:
    x = Value(2.0)
    mid = x.exp()
    y = mid * mid  # y = m^2, dy/dm = 2m
    assert grad(y, mid).data == 2 * math.exp(2.0)


def test_grad_outputs_weight_each_output() -> None:
    x, y = Value(2.0), Value(-3.0)
    f, g = x * y, x + y
    gx, gy = grad([f, g], [x, y], grad_outputs=[2.0, -1.0])
    assert gx.data == 2 * -3.0 - 1.0  # 2 df/dx - dg/dx = 2y - 1
    gy2 = 2 * 2.0 - 1.0  # 2 df/dy - dg/dy = 2x - 1
    assert gy.data == gy2
    unweighted = grad([f, g], [x, y])
    assert [v.data for v in unweighted] == [-3.0 + 1.0, 2.0 + 1.0]  # df + dg


def test_create_graph_gives_the_seed_second_derivative() -> None:
    x = Value(4.0)
    y = 5 * x**2 + 30
    dy = grad(y, x, create_graph=True)
    assert dy.data == 40.0  # 10x
    assert grad(dy, x).data == 10.0  # d^2(5x^2 + 30)/dx^2 = 10
    assert x.grad == 0.0


@pytest.mark.parametrize("x0", [-2.0, 0.0, 0.3, 1.0, 2.5])
def test_third_and_fourth_derivatives_of_sin(x0: float) -> None:
    x = Value(x0)
    d1 = grad(x.sin(), x, create_graph=True)  # cos
    d2 = grad(d1, x, create_graph=True)  # -sin
    d3 = grad(d2, x, create_graph=True)  # -cos
    d4 = grad(d3, x)  # sin
    assert d1.data == pytest.approx(math.cos(x0), rel=1e-15, abs=1e-15)
    assert d2.data == pytest.approx(-math.sin(x0), rel=1e-15, abs=1e-15)
    assert d3.data == pytest.approx(-math.cos(x0), rel=1e-15, abs=1e-15)
    assert d4.data == pytest.approx(math.sin(x0), rel=1e-15, abs=1e-15)


def test_create_graph_results_can_be_backpropagated() -> None:
    x, y = Value(1.5), Value(-2.0)
    f = x**3 * y  # df/dx = 3x^2 y
    dfdx = grad(f, x, create_graph=True)
    dfdx.backward()
    assert x.grad == pytest.approx(6 * 1.5 * -2.0)  # d(3x^2 y)/dx = 6xy
    assert y.grad == pytest.approx(3 * 1.5**2)  # d(3x^2 y)/dy = 3x^2


@pytest.mark.parametrize(
    ("outputs", "inputs", "message"),
    [
        (
            3.0,
            [Value(1.0)],
            "grad\\(\\) outputs must be a Value or a sequence of Values, got float",
        ),
        (Value(1.0), 2, "grad\\(\\) inputs must be a Value or a sequence of Values, got int"),
        ([Value(1.0), 2.0], [Value(1.0)], "grad\\(\\) outputs must be Values, got float"),
    ],
)
def test_grad_refuses_non_values_by_name(outputs: object, inputs: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        grad(outputs, inputs)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: backward(3.0), r"backward\(\) needs a Value, got float: 3.0"),
        (lambda: topological_order([Value(1.0), 2.0]), r"topological_order\(\) roots must be"),
        (lambda: jacobian([Value(1.0)], 2.0), r"jacobian\(\) inputs must be a Value or a seq"),
        (lambda: hessian(Value(1.0), [None]), r"hessian\(\) inputs must be Values, got None"),
    ],
)
def test_graph_functions_refuse_non_values_by_name(
    call: Callable[[], object], message: str
) -> None:
    # Regression: these ended in AttributeError "'float' object has no attribute 'parents'".
    with pytest.raises(TypeError, match=message):
        call()


def test_hessian_of_a_single_input() -> None:
    # Regression: hessian(y, x) with one Value (as grad(y, x) allows) said "'Value' object
    # is not iterable".  d2(x^3)/dx2 = 6x.
    x = Value(2.0)
    assert hessian(x**3, x) == [[12.0]]


def test_grad_outputs_must_match_the_outputs() -> None:
    x = Value(1.0)
    with pytest.raises(ValueError, match="one grad_outputs weight per output: got 2 weights"):
        grad([x * 2], [x], grad_outputs=[1.0, 2.0])
    with pytest.raises(TypeError, match="grad_outputs needs an int or a float, got str"):
        grad([x * 2], [x], grad_outputs=["1"])  # type: ignore[list-item]


# --- jacobian and hessian -------------------------------------------------------------------


def test_jacobian_by_hand() -> None:
    x, y = Value(0.5), Value(2.0)
    outs = [x * y, x + y, x.sin(), y**2]
    assert jacobian(outs, [x, y]) == [
        [2.0, 0.5],  # d(xy) = (y, x)
        [1.0, 1.0],
        [math.cos(0.5), 0.0],
        [0.0, 4.0],  # d(y^2)/dy = 2y
    ]


def test_hessian_by_hand() -> None:
    x, y = Value(1.5), Value(-2.0)
    f = x**2 * y + y**3
    # f_xx = 2y, f_xy = f_yx = 2x, f_yy = 6y
    assert hessian(f, [x, y]) == [[-4.0, 3.0], [3.0, -12.0]]


def test_hessian_of_the_seed_multivariate_formula() -> None:
    x1, x2, x3 = Value(1.0), Value(2.0), Value(3.0)
    y = 5 * x1**2 + 8 * x2 + 35 * x3 + 30
    assert jacobian([y], [x1, x2, x3]) == [[10.0, 8.0, 35.0]]
    assert hessian(y, [x1, x2, x3]) == [[10.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]


def test_create_graph_records_the_derivative_even_inside_no_grad() -> None:
    # Regression: inside no_grad() the derivative graph was not recorded, so hessian()
    # silently answered [[0.0]] for d2(x^3)/dx2 = 6x = 12.
    x = Value(2.0)
    y = x**3
    with no_grad():
        assert hessian(y, [x]) == [[12.0]]
        first = grad(y, x, create_graph=True)
        assert not is_grad_enabled()  # and the mode is back off afterwards
    assert grad(first, x).data == 12.0


@pytest.mark.parametrize(
    "activation",
    [ops.RELU, ops.TANH, ops.SIGMOID, ops.leaky_relu(0.01), ops.leaky_relu(2.5)],
    ids=lambda op: op.name,
)
def test_grad_and_jacobian_through_a_neuron_node_give_backwards_bits(activation: Op) -> None:
    # A neuron node passes back x * (slope * g), as a dot node under an activation node
    # does; grad() and jacobian() must add the same products, not (slope * x) * g.
    for s in range(1, 13):  # several points, so a different rounding shows in the bits
        w = [Value(math.sin(s * k + 1.0)) for k in range(3)]
        x = [Value(math.cos(s * k) * 1.7) for k in range(3)]
        b = Value(math.sin(s) / 3.0)
        y = autograd.dot(w, x, b, activation)
        out = y * y.tanh() + y  # so the neuron's incoming gradient is not 1.0
        leaves = [*w, *x, b]
        out.backward()
        by_backward = [v.grad for v in leaves]
        assert [v.data for v in grad(out, leaves)] == by_backward
        assert jacobian([out], leaves) == [by_backward]


def test_grad_through_a_dead_relu_neuron_fed_inf_passes_nothing_back() -> None:
    # w = -1, x = inf: relu(w·x + b) = relu(-inf) = 0, the neuron is off and its slope 0,
    # so nothing flows back (what backward, and a dot node under a relu node, give), not
    # the local partial slope * x = 0 * inf = NaN for the weight.
    w, x, b = Value(-1.0), Value(math.inf), Value(0.0)
    y = autograd.dot([w], [x], b, ops.RELU)  # relu(-inf) = 0
    y.backward()
    assert (w.grad, x.grad, b.grad) == (0.0, 0.0, 0.0)
    assert [v.data for v in grad(y, [w, x, b])] == [0.0, 0.0, 0.0]
    assert jacobian([y], [w, x, b]) == [[0.0, 0.0, 0.0]]


@pytest.mark.parametrize(
    "activation",
    [ops.RELU, ops.TANH, ops.SIGMOID, ops.leaky_relu(0.01), ops.leaky_relu(2.5)],
    ids=lambda op: op.name,
)
def test_create_graph_through_a_neuron_node_gives_backwards_bits(activation: Op) -> None:
    # grad(..., create_graph=True) must give the same first derivatives as backward:
    # x * (slope * g), as a dot node under an activation node passes them back.
    for s in range(1, 13):
        w = [Value(math.sin(s * k + 1.0)) for k in range(3)]
        x = [Value(math.cos(s * k) * 1.7) for k in range(3)]
        b = Value(math.sin(s) / 3.0)
        y = autograd.dot(w, x, b, activation)
        out = y * y.tanh() + y
        leaves = [*w, *x, b]
        out.backward()
        by_backward = [v.grad for v in leaves]
        assert [v.data for v in grad(out, leaves, create_graph=True)] == by_backward


def test_create_graph_through_a_dead_relu_neuron_fed_inf_passes_nothing_back() -> None:
    # As with the float path: relu(-1 * inf + 0) is off, so the weight's derivative is 0
    # (what backward and a dot node under a relu node give), not 0 * inf = NaN; and so
    # is its second derivative.
    w, x, b = Value(-1.0), Value(math.inf), Value(0.0)
    y = autograd.dot([w], [x], b, ops.RELU)
    assert [v.data for v in grad(y, [w, x, b], create_graph=True)] == [0.0, 0.0, 0.0]
    assert hessian(y, [w, b]) == [[0.0, 0.0], [0.0, 0.0]]
