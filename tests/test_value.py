"""Value itself: what it accepts, its operators, known answers, and every bad input.

Bad inputs are checked for their error type AND message: a beginner must be told which
operation failed, what it got and what is allowed.  A fuzz test throws junk at every
operation and checks that nothing answers with an AssertionError or a bare ``math``
error.
"""

from __future__ import annotations

import copy
import math
import pickle
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import autograd
from autograd import Value, fused, ops
from autograd.op import Op

# --- construction ------------------------------------------------------------------------


@pytest.mark.parametrize("data", [3, 3.0, -2, 0, 1e300, -0.5])
def test_value_accepts_int_and_float(data: float) -> None:
    v = Value(data, label="v")
    assert type(v.data) is float and v.data == data
    assert (v.grad, v.parents, v.local_grads, v.op, v.label) == (0.0, (), (), None, "v")
    assert v.is_leaf


@pytest.mark.parametrize(
    ("bad", "type_name"),
    [(True, "bool"), (False, "bool"), ("3", "str"), (None, "NoneType"), (1j, "complex"),
     ([1], "list"), ((1.0,), "tuple")],
)  # fmt: skip
def test_value_rejects_other_types_naming_the_type(bad: object, type_name: str) -> None:
    with pytest.raises(TypeError, match=f"needs an int or a float, got {type_name}"):
        Value(bad)  # type: ignore[arg-type]


def test_value_of_a_value_says_to_use_data() -> None:
    with pytest.raises(TypeError, match=r"got Value.*use \.data"):
        Value(Value(1.0))  # type: ignore[arg-type]


def test_label_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="label must be a str, got int"):
        Value(1.0, label=3)  # type: ignore[arg-type]


def test_a_label_assigned_later_must_be_a_string_too() -> None:
    # Assigning a label checks it as Value(...) does (it used to be stored as given,
    # and a picture then failed far from the line that was wrong).
    y = Value(2.0) * 3.0
    assert y.label == ""  # a node made by an op has no name until one is given
    y.label = "y"
    assert y.label == "y"
    with pytest.raises(TypeError, match="label must be a str, got int: 7"):
        y.label = 7  # type: ignore[assignment]
    assert y.label == "y"


@pytest.mark.parametrize("copy_of", [copy.copy, copy.deepcopy])
def test_copies_keep_the_label_and_the_number_inside_a_node(
    copy_of: Callable[[Value], Value],
) -> None:
    x = Value(3.0, label="x")
    y = 2.0 - x * 4.0  # two nodes, each with a plain number inside
    y.label = "y"
    twin = copy_of(y)
    assert (twin.data, twin.label, twin.local_grads) == (-10.0, "y", (-1.0,))
    assert twin.inputs[0] == 2.0
    inner = copy_of(y.parents[0])
    assert (inner.label, inner.local_grads, inner.inputs[1]) == ("", (4.0,), 4.0)
    assert copy_of(x).label == "x"
    assert pickle.loads(pickle.dumps(x)).label == "x"  # a leaf pickles; an op does not


def test_repr_shows_data_grad_and_label() -> None:
    x = Value(5.0, label="x")
    y = 2 * x**2
    y.label = "y"
    y.backward()
    assert repr(y) == "Value(data=50.0, grad=1.0, label='y', op='mul')"
    assert repr(x) == "Value(data=5.0, grad=20.0, label='x')"


def test_values_are_hashable_by_identity_and_have_no_float() -> None:
    a, b = Value(1.0), Value(1.0)
    assert len({a, b, a}) == 2
    assert a == a and a != b  # identity, not data
    assert {a: "a", b: "b"}[b] == "b"
    with pytest.raises(TypeError):
        float(a)


def test_using_a_value_as_a_float_says_what_to_write_instead() -> None:
    # Regression: math.exp(v) said only "must be real number, not Value".
    v = Value(2.0)
    for call in (lambda: float(v), lambda: math.exp(v), lambda: math.isfinite(v)):
        with pytest.raises(TypeError, match=r"not a float: use \.data.*\.exp\(\)"):
            call()


def test_format_spec_formats_the_number() -> None:
    v = Value(2.0 / 3.0, label="v")
    assert f"{v:.2f}" == "0.67" and f"{v:>6.1f}" == "   0.7"
    assert f"{v}" == repr(v)


def test_comparisons_look_at_data() -> None:
    a, b = Value(1.0), Value(2.0)
    assert a < b and a <= b and b > a and b >= a and a < 1.5 and a >= 1
    assert max(a, b) is b
    with pytest.raises(TypeError, match="comparison with a Value needs an int or a float"):
        _ = a < "2"  # type: ignore[operator]


# --- operators: every form against hand-written float maths ------------------------------

X, Y = 1.7, -0.6
# (expression on two Values, its value, d/dx, d/dy) at x = X, y = Y
FORMS: dict[str, tuple[Callable[[Value, Value], Value], float, float, float]] = {
    "x + y": (lambda x, y: x + y, X + Y, 1.0, 1.0),
    "x + 2": (lambda x, y: x + 2, X + 2, 1.0, 0.0),
    "2 + x": (lambda x, y: 2 + x, 2 + X, 1.0, 0.0),
    "x - y": (lambda x, y: x - y, X - Y, 1.0, -1.0),
    "x - 2": (lambda x, y: x - 2, X - 2, 1.0, 0.0),
    "2 - x": (lambda x, y: 2 - x, 2 - X, -1.0, 0.0),
    "x * y": (lambda x, y: x * y, X * Y, Y, X),
    "3 * x": (lambda x, y: 3 * x, 3 * X, 3.0, 0.0),
    "x * 3": (lambda x, y: x * 3, X * 3, 3.0, 0.0),
    "x / y": (lambda x, y: x / y, X / Y, 1 / Y, -X / Y**2),
    "x / 4": (lambda x, y: x / 4, X / 4, 0.25, 0.0),
    "4 / x": (lambda x, y: 4 / x, 4 / X, -4 / X**2, 0.0),
    "-x": (lambda x, y: -x, -X, -1.0, 0.0),
    "+x": (lambda x, y: +x, X, 1.0, 0.0),
    "x ** 3": (lambda x, y: x**3, X**3, 3 * X**2, 0.0),
    "y ** 2": (lambda x, y: y**2, Y**2, 0.0, 2 * Y),
    "y ** -1": (lambda x, y: y**-1, 1 / Y, 0.0, -1 / Y**2),
    "x ** 0.5": (lambda x, y: x**0.5, math.sqrt(X), 0.0 + 0.5 / math.sqrt(X), 0.0),
    "x ** 0": (lambda x, y: x**0, 1.0, 0.0, 0.0),
    "2 ** y": (lambda x, y: 2**y, 2**Y, 0.0, 2**Y * math.log(2)),
    "x ** y": (lambda x, y: x**y, X**Y, Y * X ** (Y - 1), X**Y * math.log(X)),
    "abs(y)": (lambda x, y: abs(y), abs(Y), 0.0, -1.0),
    "x.exp()": (lambda x, y: x.exp(), math.exp(X), math.exp(X), 0.0),
    "x.log()": (lambda x, y: x.log(), math.log(X), 1 / X, 0.0),
    "y.tanh()": (lambda x, y: y.tanh(), math.tanh(Y), 0.0, 1 - math.tanh(Y) ** 2),
    "y.relu()": (lambda x, y: y.relu(), 0.0, 0.0, 0.0),
    "x.relu()": (lambda x, y: x.relu(), X, 1.0, 0.0),
    "y.leaky_relu()": (lambda x, y: y.leaky_relu(), 0.01 * Y, 0.0, 0.01),
    "y.leaky_relu(0.1)": (lambda x, y: y.leaky_relu(0.1), 0.1 * Y, 0.0, 0.1),
    "x.sin()": (lambda x, y: x.sin(), math.sin(X), math.cos(X), 0.0),
    "x.cos()": (lambda x, y: x.cos(), math.cos(X), -math.sin(X), 0.0),
    "x.sqrt()": (lambda x, y: x.sqrt(), math.sqrt(X), 0.5 / math.sqrt(X), 0.0),
    "y.abs()": (lambda x, y: y.abs(), abs(Y), 0.0, -1.0),
}
FORMS["sigmoid"] = (
    lambda x, y: y.sigmoid(),
    1 / (1 + math.exp(-Y)),
    0.0,
    math.exp(-Y) / (1 + math.exp(-Y)) ** 2,
)


@pytest.mark.parametrize("form", FORMS)
def test_operator_forms_value_and_gradient(form: str) -> None:
    fn, value, dx, dy = FORMS[form]
    x, y = Value(X), Value(Y)
    out = fn(x, y)
    out.backward()
    assert out.data == pytest.approx(value, rel=1e-14)
    assert (x.grad, y.grad) == (pytest.approx(dx, rel=1e-14), pytest.approx(dy, rel=1e-14))


METHOD_NAMES = [
    "__add__",
    "__radd__",
    "__sub__",
    "__rsub__",
    "__mul__",
    "__rmul__",
    "__truediv__",
    "__rtruediv__",
    "__neg__",
    "__pow__",
    "__rpow__",
    "__abs__",
    "exp",
    "log",
    "tanh",
    "sigmoid",
    "relu",
    "leaky_relu",
    "sin",
    "cos",
    "sqrt",
    "abs",
]


@pytest.mark.parametrize("name", METHOD_NAMES)
def test_operator_methods_carry_their_own_names(name: str) -> None:
    # Operators are made by factories; each must still read as the def it replaces:
    # Value.__mul__ named "__mul__" (not "Value.mul"), so help(Value) and tracebacks
    # show it, and pickle (by qualified name) finds the very same function again.
    method = getattr(Value, name)
    assert (method.__name__, method.__qualname__) == (name, f"Value.{name}")
    assert pickle.loads(pickle.dumps(method)) is method


def test_plain_numbers_stay_inside_their_node() -> None:
    x = Value(2.0)
    y, z = x * 3, 1 - x
    assert y.parents == (x,) and y.inputs == (x, 3.0) and y.local_grads == (3.0,)
    assert z.parents == (x,) and z.inputs == (1.0, x) and z.local_grads == (-1.0,)
    assert x.inputs == () and (x * x).inputs == (x, x)
    const = autograd.as_value(3.0)  # a number made a Value on purpose: a constant leaf
    assert const.op is ops.CONST and const.data == 3.0 and const.is_leaf
    assert autograd.as_value(x) is x


def test_a_number_exponent_is_part_of_the_op_a_value_exponent_a_parent() -> None:
    x, n = Value(2.0), Value(3.0)
    assert (x**3).parents == (x,)
    assert (x**n).parents == (x, n)


# --- known answers from the seed article -------------------------------------------------


@pytest.mark.parametrize("x0", [-3.0, 0.0, 0.5, 2.0, 7.0])
def test_seed_derivatives(x0: float) -> None:
    x = Value(x0)
    (10 * x + 30).backward()
    assert x.grad == 10.0  # d(10x + 30)/dx = 10
    x = Value(x0)
    y = 5 * x**2 + 30
    y.backward()
    assert y.data == 5 * x0**2 + 30
    assert x.grad == 10 * x0  # d(5x^2 + 30)/dx = 10x


@pytest.mark.parametrize("point", [(1.0, 2.0, 3.0), (-2.5, 0.0, 4.0), (0.0, -1.0, 0.1)])
def test_seed_multivariate_partials(point: tuple[float, float, float]) -> None:
    x1, x2, x3 = (Value(p) for p in point)
    y = 5 * x1**2 + 8 * x2 + 35 * x3 + 30
    y.backward()
    assert (x1.grad, x2.grad, x3.grad) == (10 * point[0], 8.0, 35.0)


def test_sum_and_dot_are_one_node() -> None:
    ws = [Value(float(i)) for i in range(1, 6)]
    xs = [Value(float(-i)) for i in range(1, 6)]
    b = Value(0.5)
    total = autograd.sum(ws)
    out = autograd.dot(ws, xs, b)
    assert total.parents == tuple(ws) and total.data == 15.0
    assert out.parents == (*ws, *xs, b)
    assert all(p.is_leaf for p in out.parents)
    out.backward()
    assert [w.grad for w in ws] == [x.data for x in xs]
    assert [x.grad for x in xs] == [w.data for w in ws]
    assert b.grad == 1.0
    assert autograd.sum([]).data == 0.0
    assert autograd.sum(v for v in [Value(1.0), 2.0]).data == 3.0


def test_sum_and_dot_with_a_value_used_twice() -> None:
    x, y = Value(3.0), Value(-2.0)
    s = autograd.sum([x, x, y])  # 2x + y
    d = autograd.dot([x, x], [x, y], x)  # x^2 + xy + x
    (s + d).backward()
    assert (s.data, d.data) == (4.0, 6.0)
    assert x.grad == 2.0 + (2 * 3.0 + -2.0 + 1.0)  # 2 + (2x + y + 1)
    assert y.grad == 1.0 + 3.0  # 1 + x


@given(
    st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)), min_size=0, max_size=20),
    st.one_of(st.none(), st.floats(-1e6, 1e6)),
    st.sampled_from([None, ops.RELU, ops.TANH, ops.SIGMOID, ops.leaky_relu(0.01)]),
)
def test_sum_and_dot_compute_the_table_forward_bit_for_bit(
    pairs: list[tuple[float, float]], bias: float | None, act: Op | None
) -> None:
    # sum() and dot() add up the Values' data themselves (the hot path of every neuron)
    # instead of calling fused.SUM/fused.DOT.forward: they must give the very same bits, and
    # so must the path for plain numbers among the inputs (turned into constant leaves).
    ws, xs = [w for w, _ in pairs], [x for _, x in pairs]
    floats = [*ws, *xs] if bias is None else [*ws, *xs, bias]
    b = None if bias is None else Value(bias)
    op = fused.DOT if act is None else fused.neuron(act)
    out = autograd.dot([Value(w) for w in ws], [Value(x) for x in xs], b, act)
    assert out.data == op.forward(*floats)
    assert out.op is op and len(out.parents) == len(floats)
    mixed = autograd.dot([Value(w) for w in ws], xs, bias, act)  # numbers: the general path
    assert mixed.data == out.data and len(mixed.parents) == len(floats)
    assert all(p.op is ops.CONST for p in mixed.parents[len(ws) :])
    assert autograd.sum([Value(f) for f in floats]).data == fused.SUM.forward(*floats)
    assert autograd.sum(floats).data == fused.SUM.forward(*floats)


def test_sum_and_dot_under_no_grad_and_with_bad_inputs() -> None:
    w, x = Value(2.0), Value(3.0)
    with autograd.no_grad():
        d, s = autograd.dot([w], [x], w), autograd.sum([w, x])
    assert (d.data, s.data) == (8.0, 5.0)
    assert d.parents == () and s.parents == ()  # nothing recorded
    with pytest.raises(TypeError, match="needs an int or a float, got str"):
        autograd.dot([w], ["3"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="needs an int or a float, got bool"):
        autograd.sum([w, True])


# --- numerics at the edges ---------------------------------------------------------------


@pytest.mark.parametrize("big", [1000.0, -1000.0, 745.0, -745.0])
def test_sigmoid_is_finite_at_huge_inputs(big: float) -> None:
    x = Value(big)
    s = x.sigmoid()
    s.backward()
    assert 0.0 <= s.data <= 1.0 and s.data == pytest.approx(float(big > 0), abs=1e-300)
    assert x.grad == pytest.approx(0.0, abs=1e-300)


def test_slopes_at_kinks_are_documented_conventions() -> None:
    for method, slope in [("relu", 0.0), ("abs", 0.0), ("leaky_relu", 0.01)]:
        x = Value(0.0)
        getattr(x, method)().backward()
        assert x.grad == slope, method


def test_nan_passes_through_activations_instead_of_vanishing() -> None:
    # Regression: relu(nan) used to return 0.0, hiding a diverged weight behind a finite loss.
    for method in ("relu", "leaky_relu", "tanh", "sigmoid", "abs"):
        assert math.isnan(getattr(Value(math.nan), method)().data), method


def test_sqrt_slope_at_zero_is_infinite_not_an_error() -> None:
    x = Value(0.0)
    x.sqrt().backward()
    assert x.grad == math.inf


# --- bad inputs: error type and message --------------------------------------------------

BAD: dict[str, tuple[Callable[[], object], type[Exception], str]] = {
    "log(0)": (lambda: Value(0.0).log(), ValueError, r"log\(\) needs a positive number, got 0.0"),
    "log(-1)": (lambda: Value(-1).log(), ValueError, r"log\(\) needs a positive number, got -1.0"),
    "sqrt(-1)": (lambda: Value(-1).sqrt(), ValueError, r"sqrt\(\) needs a number >= 0, got -1.0"),
    "(-8)**0.5": (lambda: Value(-8) ** 0.5, ValueError, r"x \*\* 0.5 needs x >= 0.*got x = -8.0"),
    "x/0": (lambda: Value(1.0) / 0, ZeroDivisionError, r"division by zero: 1.0 / 0.0"),
    "1/x at 0": (lambda: 1 / Value(0.0), ZeroDivisionError, r"the divisor must not be 0"),
    "0**-1": (lambda: Value(0.0) ** -1, ZeroDivisionError, r"zero to a negative power"),
    "(-2)**Value(0.5)": (
        lambda: Value(-2) ** Value(0.5),
        ValueError,
        r"needs a positive base.*got base -2.0",
    ),
    "(-8)**Value": (lambda: (-8) ** Value(0.5), ValueError, r"positive base.*got base -8.0"),
    "dot lengths": (
        lambda: autograd.dot([Value(1.0)], [1.0, 2.0]),
        ValueError,
        r"dot\(\) needs as many weights as inputs, got 1 weights and 2 inputs",
    ),
    "x + str": (lambda: Value(1.0) + "a", TypeError, r"needs an int or a float, got str"),
    "None * x": (lambda: None * Value(1.0), TypeError, r"got NoneType"),
    "x ** True": (lambda: Value(2.0) ** True, TypeError, r"exponent of \*\* .* got bool"),
    "leaky slope": (
        lambda: Value(1.0).leaky_relu("0.1"),  # type: ignore[arg-type]
        TypeError,
        r"leaky_relu slope needs an int or a float, got str",
    ),
    "gradient": (
        lambda: Value(1.0).backward(True),
        TypeError,
        r"backward\(\) gradient needs an int or a float",
    ),
    # regressions: these used to be bare Python messages
    "Value(10**400)": (
        lambda: Value(10**400),
        OverflowError,
        r"Value got an int too large for a float \(1329 bits",
    ),
    "x + 10**400": (
        lambda: Value(1.0) + 10**400,
        OverflowError,
        r"an operation on a Value got an int too large for a float",
    ),
    "apply(add, x)": (
        lambda: autograd.apply(ops.ADD, Value(1.0)),
        TypeError,
        r"op 'add' takes 2 inputs, got 1",
    ),
    "apply(exp, x, y)": (
        lambda: autograd.apply(ops.EXP, Value(1.0), 2.0),
        TypeError,
        r"op 'exp' takes 1 input, got 2",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_error_type_and_message(case: str) -> None:
    fn, error, message = BAD[case]
    with pytest.raises(error, match=message):
        fn()


def test_error_leaves_no_half_built_node_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    # A failed op raises before its result node is made (the forward runs first), and the
    # operand stays usable.  (Checking only x.data and x.grad could not fail: no op ever
    # writes to its operands.)  Op results are made by nodes.allocate: count them.
    made: list[type] = []
    real = autograd.nodes.allocate
    monkeypatch.setattr(autograd.nodes, "allocate", lambda cls: made.append(cls) or real(cls))
    x, zero = Value(-1.0), Value(0.0)
    for failing in (x.log, x.sqrt, lambda: x**0.5, lambda: x / zero, lambda: zero**-1):
        with pytest.raises((ValueError, ZeroDivisionError, OverflowError)):
            failing()
    assert made == []
    y = x * 2.0  # d(2x)/dx = 2
    y.backward()
    assert (y.data, x.grad) == (-2.0, 2.0)


# --- fuzz: never an AssertionError, never a bare math error ------------------------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=3),
    st.complex_numbers(allow_nan=False, max_magnitude=10),
    st.lists(st.integers(), max_size=2),
    st.integers(-(10**6), 10**6),
    st.just(-(10**400)),
    st.floats(allow_nan=True, allow_infinity=True),
)
OPERATIONS: dict[str, Callable[[Value, object], object]] = {
    "Value(j)": lambda v, j: Value(j),  # type: ignore[arg-type]
    "v + j": lambda v, j: v + j,
    "j - v": lambda v, j: j - v,
    "v * j": lambda v, j: v * j,
    "v / j": lambda v, j: v / j,
    "j / v": lambda v, j: j / v,
    "v ** j": lambda v, j: v**j,
    "j ** v": lambda v, j: j**v,
    "exp(j)": lambda v, j: Value(j).exp(),  # type: ignore[arg-type]
    "log(j)": lambda v, j: Value(j).log(),  # type: ignore[arg-type]
    "sqrt(j)": lambda v, j: Value(j).sqrt(),  # type: ignore[arg-type]
    "sin(j)": lambda v, j: Value(j).sin(),  # type: ignore[arg-type]
    "cos(j)": lambda v, j: Value(j).cos(),  # type: ignore[arg-type]
    "tanh(j)": lambda v, j: Value(j).tanh(),  # type: ignore[arg-type]
    "sigmoid(j)": lambda v, j: Value(j).sigmoid(),  # type: ignore[arg-type]
    "j ** -1": lambda v, j: Value(j) ** -1,  # type: ignore[arg-type]
    "leaky_relu(j)": lambda v, j: v.leaky_relu(j),  # type: ignore[arg-type]
    "v < j": lambda v, j: v < j,
    "dot": lambda v, j: autograd.dot([v], [j]),  # type: ignore[list-item]
    "sum": lambda v, j: autograd.sum([v, j]),  # type: ignore[list-item]
    "backward(j)": lambda v, j: v.backward(j),  # type: ignore[arg-type]
}


@given(
    junk=JUNK,
    base=st.floats(-1e300, 1e300) | st.sampled_from([0.0, -0.0, 1e-200, -1e-200]),
    op=st.sampled_from(sorted(OPERATIONS)),
)
@example(junk=math.inf, base=0.0, op="sin(j)")
@example(junk=-math.inf, base=0.0, op="cos(j)")
@example(junk=-2, base=1e-200, op="v ** j")
@example(junk=1e-300, base=-1.0, op="j ** v")
@example(junk=-math.inf, base=0.0, op="sqrt(j)")
@example(junk=math.nan, base=0.0, op="log(j)")
@example(junk=10**400, base=1.0, op="v * j")
def test_user_input_never_raises_assertion_or_bare_math_errors(
    junk: object, base: float, op: str
) -> None:
    try:
        OPERATIONS[op](Value(base), junk)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError) as error:
        message = str(error)
        assert message and "math domain error" not in message, message
        assert "Numerical result out of range" not in message, message
        assert "too large to convert" not in message, message
