"""The engine's numbers at the edges: infinite slopes, overflow, singular points.

Two rules hold everywhere, and every path of the engine follows them: ``backward``,
the one-screen ``reference`` engine, ``grad`` on floats and on Values
(``create_graph=True``), the fused neurons and ``autograd.compile``'s replays.

* A zero local derivative stops the gradient, even an infinite one (``0 * inf`` is 0 in
  the chain rule, not NaN): ``relu(-1)`` feeding ``sqrt`` passes 0 back.
* A result too large for a float is ``inf``, for every op and every derivative; only a
  number outside an op's domain raises (see the overflow policy in ``autograd/ops.py``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import pytest

import autograd
from autograd import Value, grad, hessian, ops, reference

Program = Callable[..., Value]


def relu_then_sqrt(x: Value) -> Value:
    return x.relu().sqrt()


def zero_times_sqrt(a: Value, x: Value) -> Value:
    return a * x.sqrt()


def sqrt_of_product(x: Value, y: Value) -> Value:
    return (x * y).sqrt()


def abs_then_sqrt(x: Value) -> Value:
    return x.abs().sqrt()


def relu_then_power_half(x: Value) -> Value:
    return x.relu() ** 0.5


def relu_neuron_then_sqrt(w: Value, x: Value) -> Value:
    return autograd.dot([w], [x], activation=ops.RELU).sqrt()


def saturated_sigmoid_neuron_then_sqrt(w: Value, x: Value) -> Value:
    return autograd.dot([w], [x], activation=ops.SIGMOID).sqrt()  # sigmoid(-800) is 0.0


def flat_power(x: Value, y: Value) -> Value:
    return x**y  # at y = 0: x^0 = 1, flat in x, whatever x^-1 is


# (program, a point where an infinite slope meets a zero one, the true gradient there,
# an ordinary point to record compile at)
SINGULAR: dict[str, tuple[Program, list[float], list[float], list[float]]] = {
    "relu(-1).sqrt()": (relu_then_sqrt, [-1.0], [0.0], [2.0]),
    "a * sqrt(x) at 0, 0": (zero_times_sqrt, [0.0, 0.0], [0.0, 0.0], [1.0, 4.0]),
    "sqrt(x * y) at x = 0": (sqrt_of_product, [0.0, 2.0], [math.inf, 0.0], [1.0, 4.0]),
    "abs(0).sqrt()": (abs_then_sqrt, [0.0], [0.0], [2.0]),
    "relu(-1) ** 0.5": (relu_then_power_half, [-1.0], [0.0], [2.0]),
    "relu neuron off, then sqrt": (relu_neuron_then_sqrt, [1.0, -1.0], [0.0, 0.0], [1.0, 2.0]),
    "sigmoid neuron at -800, then sqrt": (
        saturated_sigmoid_neuron_then_sqrt,
        [1.0, -800.0],
        [0.0, 0.0],
        [1.0, 2.0],
    ),
    "1e-320 ** y at y = 0": (flat_power, [1e-320, 0.0], [0.0, math.log(1e-320)], [2.0, 1.5]),
}


def gradients_on_every_path(
    program: Program, point: list[float], record_at: list[float]
) -> dict[str, list[float]]:
    """The gradient of program at point, as each path of the engine computes it."""
    found: dict[str, list[float]] = {}
    xs = [Value(x) for x in point]
    program(*xs).backward()
    found["backward"] = [x.grad for x in xs]
    slow = [reference.Value(x) for x in point]
    reference_out = _reference_run(program, slow)
    if reference_out is not None:
        reference_out.backward()
        found["reference"] = [x.grad for x in slow]
    xs = [Value(x) for x in point]
    found["grad"] = [g.data for g in grad(program(*xs), xs)]
    xs = [Value(x) for x in point]
    found["grad(create_graph=True)"] = [g.data for g in grad(program(*xs), xs, create_graph=True)]
    compiled = autograd.compile(program)
    compiled(*record_at)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the replay itself must answer, not the engine
        found["compile"] = list(compiled(*point)[1])
    return found


def _reference_run(program: Program, xs: list[reference.Value]) -> reference.Value | None:
    # reference.py has no dot(): its neurons are the same numbers as act(w * x) there
    if program is relu_neuron_then_sqrt:
        return reference.apply(ops.RELU, xs[0] * xs[1]).sqrt()
    if program is saturated_sigmoid_neuron_then_sqrt:
        return reference.apply(ops.SIGMOID, xs[0] * xs[1]).sqrt()
    return program(*xs)  # type: ignore[arg-type]


@pytest.mark.parametrize("case", SINGULAR)
def test_a_zero_local_derivative_stops_even_an_infinite_gradient_on_every_path(
    case: str,
) -> None:
    program, point, truth, record_at = SINGULAR[case]
    found = gradients_on_every_path(program, point, record_at)
    for path, gradient in found.items():
        assert gradient == truth, f"{case}: {path} gave {gradient}, the maths {truth}"


def test_times_is_the_rule_a_zero_factor_wins() -> None:
    from autograd.numbers import times

    assert times(0.0, math.inf) == 0.0 and times(-math.inf, 0.0) == 0.0
    assert times(0.0, math.nan) == 0.0
    assert times(2.0, math.inf) == math.inf and times(3.0, 4.0) == 12.0
    assert math.isnan(times(math.nan, 2.0))
    # on Values, a zero factor keeps its graph (its own derivative may not be zero),
    # and 0 times inf is 0 there too
    x = Value(0.0)
    product = times(2.0 * x, 3.0)
    assert isinstance(product, Value) and grad(product, x).data == 6.0
    assert times(2.0 * x, math.inf).data == 0.0  # type: ignore[union-attr]


# --- second derivatives at singular points ----------------------------------------------


@pytest.mark.parametrize(
    "program", [lambda x: x.sqrt(), lambda x: x**0.5], ids=["sqrt", "x ** 0.5"]
)
def test_second_derivative_of_a_vertical_slope_is_minus_infinity(
    program: Callable[[Value], Value],
) -> None:
    # d²/dx² √x = -1 / (4 x^1.5): -inf at 0, where the slope itself is +inf
    x = Value(0.0)
    assert grad(program(x), x).data == math.inf
    assert hessian(program(x), [x]) == [[-math.inf]]
    x = Value(4.0)  # and the same rule elsewhere: -1 / (4 * 8)
    assert hessian(program(x), [x]) == [[-1 / 32]]


def test_third_derivative_of_sqrt_is_right_away_from_zero() -> None:
    # d³/dx³ √x = 3 / (8 x^2.5): at 4, 3 / 256
    x = Value(4.0)
    first = grad(x.sqrt(), x, create_graph=True)
    second = grad(first, x, create_graph=True)
    assert math.isclose(grad(second, x).data, 3 / 256, rel_tol=1e-12)


def test_second_order_rules_avoid_needless_intermediate_overflow() -> None:
    # 1 / sigmoid(x) = 1 + e^-x, whose second derivative e^-x is 1.94e130 at -300.  The
    # rule of division once held out / b² there (1e391: inf) on the way to it.
    x = Value(-300.0)
    [[second]] = hessian(1 / x.sigmoid(), [x])
    assert math.isclose(second, math.exp(300.0), rel_tol=1e-9)
    x = Value(-300.0)
    assert math.isclose(grad(1 / x.sigmoid(), x).data, -math.exp(300.0), rel_tol=1e-12)


def test_a_flat_power_has_a_zero_slope_even_when_x_to_the_minus_1_overflows() -> None:
    x, y = Value(1e-320), Value(0.0)
    out = x**y
    out.backward()
    assert (out.data, x.grad, y.grad) == (1.0, 0.0, math.log(1e-320))


# --- one overflow policy: too large for a float is inf, for every op -------------------

OVERFLOWS: dict[str, tuple[Callable[[], Value], float]] = {
    "x * x": (lambda: Value(1e200) * Value(1e200), math.inf),
    "x ** 2": (lambda: Value(1e200) ** 2, math.inf),
    "(-x) ** 3": (lambda: Value(-1e200) ** 3, -math.inf),
    "x ** y": (lambda: Value(1e200) ** Value(2.0), math.inf),
    "exp(1e200)": (lambda: Value(1e200).exp(), math.inf),
    "exp(1000)": (lambda: Value(1000.0).exp(), math.inf),
    "exp(inf)": (lambda: Value(math.inf).exp(), math.inf),
    "x / y": (lambda: Value(1e300) / Value(1e-300), math.inf),
    "x + x": (lambda: Value(1.7e308) + Value(1.7e308), math.inf),
}


@pytest.mark.parametrize("case", OVERFLOWS)
def test_a_result_too_large_for_a_float_is_inf(case: str) -> None:
    make, expected = OVERFLOWS[case]
    assert make().data == expected


@pytest.mark.parametrize(
    ("make", "at", "slope"),
    [
        (lambda x: x**-1, 1e-200, -math.inf),  # 1e200, slope -1e400
        (lambda x: x**-2, 1e-110, -math.inf),  # 1e220, slope -2e330
        (lambda x: 1 / x, 1e-200, -math.inf),
        (lambda x: Value(2.0) ** x, 1e-200, math.log(2.0)),
    ],
    ids=["x ** -1", "x ** -2", "1 / x", "2 ** x"],
)
def test_a_derivative_too_large_for_a_float_is_inf_and_never_stops_the_forward_pass(
    make: Callable[[Value], Value], at: float, slope: float
) -> None:
    x = Value(at)
    out = make(x)  # computing the value never raises because of its derivative
    assert math.isfinite(out.data)
    out.backward()
    assert x.grad == pytest.approx(slope, rel=1e-12)


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: Value(-1.0).log(), ValueError),
        (lambda: Value(0.0).log(), ValueError),
        (lambda: Value(-1.0).sqrt(), ValueError),
        (lambda: Value(1.0) / 0.0, ZeroDivisionError),
        (lambda: Value(0.0) ** -1, ZeroDivisionError),
        (lambda: Value(-8.0) ** 0.5, ValueError),
        (lambda: Value(math.inf).sin(), ValueError),
    ],
    ids=["log(-1)", "log(0)", "sqrt(-1)", "1/0", "0**-1", "(-8)**0.5", "sin(inf)"],
)
def test_outside_its_domain_an_op_still_raises(
    make: Callable[[], Value], error: type[Exception]
) -> None:
    with pytest.raises(error):
        make()


# --- real numbers that are not int or float: numpy's scalars ----------------------------


def numpy_scalars() -> list[object]:
    np = pytest.importorskip("numpy")
    return [np.float64(2.0), np.float32(2.0), np.int64(2), np.int32(2)]


def test_numpy_scalars_are_numbers_in_sum_dot_apply_and_operators() -> None:
    for two in numpy_scalars():
        x = Value(3.0)
        results = [
            autograd.sum([x, two]),  # type: ignore[list-item]
            autograd.dot([two], [x]),  # type: ignore[list-item]
            autograd.dot([x], [x], two),  # type: ignore[arg-type]
            autograd.apply(ops.MUL, x, two),  # type: ignore[arg-type]
            x * two,  # type: ignore[operator]
            x**two,  # type: ignore[operator]
        ]
        assert [r.data for r in results] == [5.0, 6.0, 11.0, 6.0, 6.0, 9.0], type(two)
        assert Value(two).data == 2.0  # type: ignore[arg-type]
        assert type(Value(two).data) is float  # type: ignore[arg-type]


def test_a_numpy_bool_or_array_is_still_refused_with_a_clear_error() -> None:
    np = pytest.importorskip("numpy")
    with pytest.raises(TypeError, match="needs an int or a float, got bool"):
        autograd.sum([Value(1.0), np.bool_(True)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="got ndarray"):
        autograd.dot([Value(1.0)], [np.array([1.0, 2.0])])  # type: ignore[list-item]


# --- gradcheck near the edge of a domain -------------------------------------------------


def test_gradcheck_names_its_own_nudge_when_it_leaves_the_domain() -> None:
    with pytest.raises(ValueError, match=r"gradcheck's own nudge.*x0 = 1e-07.*x0 - 1e-06"):
        autograd.gradcheck(lambda x: x.sqrt(), 1e-7)
    with pytest.raises(ValueError, match=r"own nudge.*x1 - "):
        autograd.gradcheck(lambda x, y: (y - 1).sqrt() * x, [2.0, 1.0000001], second_order=True)
    # an error at the point itself is fn's own, and is left alone
    with pytest.raises(ValueError, match=r"^log\(\) needs a positive number, got 0.0$"):
        autograd.gradcheck(lambda x: x.log(), 0.0)
