"""custom_op (users' own primitives) and gradcheck (users' derivative checker)."""

from __future__ import annotations

import gc
import math
import weakref
from collections.abc import Callable

import pytest
from helpers import assert_close, numeric_gradient

import autograd
from autograd import GradcheckError, Value, custom_op, grad, gradcheck, numbers

# The article's "define your own ReLU": a forward and its slope, nothing else.
my_relu = custom_op("my_relu", lambda x: max(x, 0.0), lambda out, x: 1.0 if x > 0 else 0.0)

# A two-input op whose rule works on floats and on Values alike:
# hypot(a, b) = sqrt(a^2 + b^2), d/da = a / hypot, d/db = b / hypot.
hypot = custom_op("hypot", math.hypot, lambda out, a, b: (a / out, b / out), symbol="‖·‖")

# x^3 with slope 3x^2: differentiable again, to any order.
cube = custom_op("cube", lambda x: x * x * x, lambda out, x: 3 * x * x)


@pytest.mark.parametrize("x0", [-2.0, -0.5, 0.0, 0.25, 3.0])
def test_user_relu_matches_the_builtin_relu(x0: float) -> None:
    mine, builtin = Value(x0), Value(x0)
    y1, y2 = my_relu(mine), builtin.relu()
    y1.backward()
    y2.backward()
    assert (y1.data, mine.grad) == (y2.data, builtin.grad)
    assert y1.op is my_relu.op and y1.op.name == "my_relu" and y1.op.symbol == "my_relu"


def test_two_input_op_against_central_differences_and_by_hand() -> None:
    a, b = Value(3.0), Value(-4.0)
    y = hypot(a, b)
    assert y.data == 5.0 and y.op.symbol == "‖·‖"
    y.backward()
    assert_close([a.grad, b.grad], numeric_gradient(math.hypot, [3.0, -4.0]))
    assert (a.grad, b.grad) == (3.0 / 5.0, -4.0 / 5.0)
    # numbers work as inputs too (they become constants)
    assert hypot(a, 4).data == 5.0


def test_custom_ops_in_create_graph() -> None:
    x = Value(2.0)
    d1 = grad(cube(x), x, create_graph=True)  # 3x^2 = 12
    d2 = grad(d1, x, create_graph=True)  # 6x = 12
    d3 = grad(d2, x)  # 6
    assert (d1.data, d2.data, d3.data) == (12.0, 12.0, 6.0)
    a, b = Value(3.0), Value(4.0)
    # d2 hypot / da2 = b^2 / hypot^3, d2 hypot / da db = -a b / hypot^3
    table = autograd.hessian(hypot(a, b), [a, b])
    assert_close(table[0], [16 / 125, -12 / 125], rtol=1e-14, what="row 0")
    assert_close(table[1], [-12 / 125, 9 / 125], rtol=1e-14, what="row 1")


def test_a_rule_written_with_ops_helpers_works_on_values() -> None:
    my_sin = custom_op("my_sin", math.sin, lambda out, x: numbers.cos(x))
    x = Value(0.4)
    d2 = grad(grad(my_sin(x), x, create_graph=True), x)
    assert d2.data == pytest.approx(-math.sin(0.4), rel=1e-15)


def test_wrong_number_of_local_grads_is_a_value_error() -> None:
    bad = custom_op("bad_mul", lambda a, b: a * b, lambda out, a, b: b)
    with pytest.raises(
        ValueError, match="custom op 'bad_mul': local_grads returned 1 derivative for 2"
    ):
        bad(Value(1.0), Value(2.0))


def test_a_float_only_rule_fails_clearly_with_create_graph() -> None:
    soft = custom_op(
        "softplus", lambda x: math.log1p(math.exp(x)), lambda out, x: 1 - math.exp(-out)
    )
    x = Value(0.3)
    y = soft(x)
    y.backward()  # the float path is fine
    assert x.grad == pytest.approx(1 / (1 + math.exp(-0.3)), rel=1e-12)
    with pytest.raises(
        TypeError, match="custom op 'softplus': its local_grads rule does not work on"
    ):
        grad(y, x, create_graph=True)


def test_wrong_arity_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="custom op 'my_relu' takes 1 input, got 2"):
        my_relu(Value(1.0), Value(2.0))
    # Regression: math.hypot takes *args, so the arity was unknown and a missing input
    # surfaced as "<lambda>() missing 1 required positional argument"; the local_grads rule
    # (out, a, b) says there are two.
    with pytest.raises(TypeError, match="custom op 'hypot' takes 2 inputs, got 1"):
        hypot(Value(1.0))
    total = custom_op("total", lambda *xs: sum(xs), lambda out, *xs: (1.0,) * len(xs))
    assert total(Value(1.0), 2.0, 3.0).data == 6.0  # both variadic: any number of inputs


@pytest.mark.parametrize(
    ("forward", "local_grads", "message"),
    [
        (
            lambda x: 2 * x,
            lambda x: 2.0,
            r"2 arguments \(the result, then the 1 input\).*<lambda>\(x\)",
        ),
        (lambda a, b: a * b, lambda out, a: a, r"3 arguments \(the result, then the 2 inputs\)"),
        (lambda x: x, lambda out, x, y: 1.0, r"but it cannot take 2: <lambda>\(out, x, y\)"),
    ],
)
def test_a_local_grads_rule_without_room_for_out_and_each_input_is_refused_at_once(
    forward: Callable[..., float], local_grads: Callable[..., float], message: str
) -> None:
    # Regression: forgetting ``out`` (local_grads=lambda x: 2.0) passed, and the first use
    # failed deep inside with "<lambda>() takes 1 positional argument but 2 were given".
    with pytest.raises(
        TypeError, match=r"custom op 'oops': local_grads is called as local_grads\(out"
    ):
        custom_op("oops", forward, local_grads)
    with pytest.raises(TypeError, match=message):
        custom_op("oops", forward, local_grads)


def test_local_grads_rules_with_defaults_or_star_args_are_accepted() -> None:
    scaled = custom_op("scaled", lambda x: 3 * x, lambda out, x, k=3.0: k)
    spread = custom_op("spread", lambda a, b: a + b, lambda out, *xs: (1.0,) * len(xs))
    x = Value(1.0)
    (scaled(x) + spread(x, 2.0)).backward()
    assert x.grad == 4.0


def test_custom_op_refuses_bad_definitions() -> None:
    with pytest.raises(TypeError, match="name must be a non-empty str"):
        custom_op("", abs, lambda out, x: 1.0)
    with pytest.raises(TypeError, match="custom op 'f': local_grads must be callable, got 3"):
        custom_op("f", abs, 3)  # type: ignore[arg-type]
    text = custom_op("text", lambda x: "no", lambda out, x: 1.0)
    with pytest.raises(TypeError, match="forward must return an int or a float, got str"):
        text(Value(1.0))


def test_custom_op_graphs_hold_no_reference_cycles() -> None:
    gc.collect()
    gc.disable()
    try:
        x = Value(1.5)
        inner = cube(x)
        root = hypot(inner, my_relu(x))
        first = grad(root, x, create_graph=True)
        refs = [weakref.ref(v) for v in (inner, root, first)]
        del inner, root, first
        assert [r() for r in refs] == [None, None, None]
    finally:
        gc.enable()


# --- gradcheck ---------------------------------------------------------------------------


def test_gradcheck_passes_good_functions() -> None:
    report = gradcheck(lambda x, y: (x * y).tanh() + x.exp() / y, [0.3, 1.7])
    assert report.ok and len(report.rows) == 2
    assert str(report).startswith("gradcheck passed")
    assert gradcheck(hypot, [Value(3.0), 4.0]).ok  # Values and numbers as the point
    assert gradcheck(lambda x: x**3, [2.0], second_order=True).ok


def test_gradcheck_reports_a_wrong_derivative() -> None:
    wrong = custom_op("wrong_sin", math.sin, lambda out, x: -numbers.cos(x))  # sign error
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x: wrong(x) * 2, [0.5])
    text = str(caught.value)
    assert text.startswith("gradcheck FAILED")
    assert "worst: d/dx0" in text
    backprop, central = -2 * math.cos(0.5), 2 * math.cos(0.5)
    assert caught.value.report.worst is not None
    _, a, n, error = caught.value.report.worst
    assert a == pytest.approx(backprop) and n == pytest.approx(central, rel=1e-6)
    assert error == pytest.approx(abs(central - backprop), rel=1e-6)

    report = gradcheck(lambda x: wrong(x), [0.5], raise_on_failure=False)
    assert not report.ok


def test_gradcheck_second_order_catches_a_constant_slope() -> None:
    # Right on floats, but on Values the slope is a plain number: the graph of the
    # derivative is cut, so d2/dx2 comes out 0 instead of 6x.
    frozen = custom_op("frozen_cube", lambda x: x**3, lambda out, x: 3 * numbers.as_float(x) ** 2)
    assert gradcheck(frozen, [1.5]).ok
    report = gradcheck(frozen, [1.5], second_order=True, raise_on_failure=False)
    assert not report.ok
    assert report.worst is not None and report.worst[0] == "d2/dx0dx0"
    assert report.worst[1] == 0.0 and report.worst[2] == pytest.approx(9.0, rel=1e-6)


def test_gradcheck_refuses_bad_arguments() -> None:
    with pytest.raises(TypeError, match="fn must return a Value, got float"):
        gradcheck(lambda x: 3.0, [1.0])  # type: ignore[arg-type, return-value]
    with pytest.raises(TypeError, match="gradcheck input needs an int or a float, got str"):
        gradcheck(lambda x: x, ["1"])  # type: ignore[list-item]


def test_gradcheck_with_zero_tolerance_is_an_exact_check() -> None:
    # Regression: atol = rtol = 0 divided 0 by 0 (ZeroDivisionError) instead of passing
    # an exact derivative.  x * 2 at 1.0: backprop 2.0, central difference exactly 2.0.
    assert gradcheck(lambda x: x * 2, [1.0], eps=0.5, rtol=0.0, atol=0.0).ok
    report = gradcheck(lambda x: x * x, [1.0], eps=0.5, rtol=0, atol=0, raise_on_failure=False)
    assert report.ok  # (1.5^2 - 0.5^2) / 1 = 2 exactly: central differences are exact on x^2
    wrong = custom_op("off", lambda x: 2 * x, lambda out, x: 2.5)
    assert not gradcheck(wrong, [1.0], rtol=0, atol=0, raise_on_failure=False).ok


@pytest.mark.parametrize("eps", [0.0, -1e-6, math.nan])
def test_gradcheck_refuses_a_nudge_that_is_not_positive(eps: float) -> None:
    # Regression: eps = 0 crashed with ZeroDivisionError inside the central difference.
    with pytest.raises(ValueError, match="gradcheck eps must be a positive number"):
        gradcheck(lambda x: x, [1.0], eps=eps)


def test_a_local_grads_rule_that_returns_none_is_named() -> None:
    # Regression: a rule that forgot its ``return`` gave None, and the engine answered
    # with AttributeError "'NoneType' object has no attribute 'data'".
    def rule(out: float, x: float) -> None:
        _ = 2 * x  # the forgotten return is the point

    forgot = custom_op("forgot", lambda x: 2 * x, rule)  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"custom op 'forgot': local_grads must return numbers.*None"
    ):
        forgot(Value(1.0))
    text = custom_op("text", lambda x: x, lambda out, x: "1")
    with pytest.raises(TypeError, match=r"local_grads must return numbers.*got str: '1'"):
        text(Value(1.0))
    # a bool slope (x > 0) is a number: 1.0 or 0.0
    step = custom_op("step_relu", lambda x: max(x, 0.0), lambda out, x: x > 0)
    x = Value(2.0)
    step(x).backward()
    assert x.grad == 1.0


def test_gradcheck_inside_no_grad_still_checks() -> None:
    # Regression: called inside no_grad() (say from an evaluation function), gradcheck
    # built fn's graph without recording, read backprop slopes of 0 and reported a
    # false failure (d/dx x^2 at 3: "backprop 0 vs central difference 6").
    with autograd.no_grad():
        report = gradcheck(lambda x: x * x, [3.0], second_order=True)
        assert report.ok and report.rows[0][1] == 6.0 and report.rows[1][1] == 2.0
        assert not autograd.is_grad_enabled()


@pytest.mark.parametrize("x0", [1e5, -3e7, 1e12])
def test_gradcheck_passes_correct_functions_at_large_inputs(x0: float) -> None:
    # Regression: the nudge was a fixed 1e-6, lost in the rounding of x = 1e5 (about
    # 1e-11 absolute), so x*x failed: "backprop 200000 vs central difference 199998.86".
    assert gradcheck(lambda x: x * x + 3 * x, [x0], second_order=True).ok
    assert gradcheck(lambda x, y: x * y, [x0, 2.0]).ok
