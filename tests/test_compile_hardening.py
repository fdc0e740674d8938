"""autograd.compile never replays stale numbers: what it must notice, and what it accepts.

A replay is right only while the recorded graph is the graph ``fn`` would build now.
The decisions inside derivative rules (which side of 0 ``abs`` or ``leaky_relu`` is on,
when a derivative is recorded with ``create_graph=True``), a compiled function called
inside another, a captured list of Values that grows and a Value rebound to a new one
all change that graph: each is noticed (a RuntimeWarning, and the engine's numbers).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import pytest

import autograd
from autograd import Value, ops


def engine(fn: Callable[..., Value], *xs: float) -> tuple[float, tuple[float, ...]]:
    values = [Value(x) for x in xs]
    out = fn(*values)
    out.backward()
    return out.data, tuple(v.grad for v in values)


def first_derivative(inner: Callable[[Value], Value]) -> Callable[[Value], Value]:
    """x -> d inner/dx, recorded so that compile differentiates it once more."""
    return lambda x: autograd.grad(inner(x), x, create_graph=True)


# --- decisions inside derivative rules are comparisons ----------------------------------

RULES_WITH_A_DECISION: dict[str, Callable[[Value], Value]] = {
    "abs": lambda x: x.abs() * x,  # d/dx = 2|x|: its slope is 2 sign(x)
    "leaky_relu": lambda x: x.leaky_relu(0.1) * x,
    "leaky_relu neuron": lambda x: autograd.dot([x], [1.0], None, ops.leaky_relu(0.1)) * x,
    "relu": lambda x: x.relu() * x,
}


@pytest.mark.parametrize("name", RULES_WITH_A_DECISION)
def test_a_decision_inside_a_derivative_rule_is_checked_on_replay(name: str) -> None:
    fn = first_derivative(RULES_WITH_A_DECISION[name])
    f = autograd.compile(fn)
    assert f(2.0) == engine(fn, 2.0)
    with pytest.warns(RuntimeWarning, match="comparison"):  # the other side of 0
        assert f(-2.0) == engine(fn, -2.0)
    assert f(3.0) == engine(fn, 3.0)  # the recorded side again: replayed
    assert f.replays == 1


def test_the_issues_example_abs_recorded_at_2_called_at_minus_2() -> None:
    f = autograd.compile(first_derivative(lambda x: x.abs() * x))
    f(2.0)
    with pytest.warns(RuntimeWarning):
        assert f(-2.0) == (4.0, (-2.0,))


@pytest.mark.parametrize("inner", [lambda x: x**0.5, lambda x: x.sqrt()], ids=["x ** 0.5", "sqrt"])
def test_a_vertical_slope_recorded_at_zero_is_right_elsewhere(
    inner: Callable[[Value], Value],
) -> None:
    fn = first_derivative(inner)  # 0.5 / sqrt(x), and its slope -1 / (4 x^1.5)
    f = autograd.compile(fn)
    assert f(0.0) == (math.inf, (-math.inf,))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert f(4.0) == engine(fn, 4.0) == (0.25, (-1 / 32,))


# --- a replay raises where fn raises ----------------------------------------------------


def test_a_replay_raises_where_fn_raises_in_what_feeds_the_result() -> None:
    f = autograd.compile(lambda x: (x - 1.0).log() + x)
    f(3.0)
    with (
        pytest.warns(RuntimeWarning, match="replay raised ValueError"),
        pytest.raises(ValueError, match=r"log\(\) needs a positive number"),
    ):
        f(0.5)


def test_a_replay_raises_where_fn_raises_in_what_it_computes_and_drops() -> None:
    def fn(x: Value) -> Value:
        (x - 1.0).log()  # computed, never used: fn raises below 1 all the same
        return x * 2.0

    f = autograd.compile(fn)
    f(3.0)
    assert f(4.0) == (8.0, (2.0,)) and f.replays == 1
    with (
        pytest.warns(RuntimeWarning, match="replay raised ValueError"),
        pytest.raises(ValueError, match=r"log\(\) needs a positive number, got -0.5"),
    ):
        f(0.5)


# --- a compiled function inside another -------------------------------------------------


def test_a_compiled_function_called_inside_another_is_not_frozen_into_its_replay() -> None:
    square = autograd.compile(lambda x: x * x)
    outer = autograd.compile(lambda y: y * square(y.data)[0])  # y * y², via a float
    with pytest.warns(RuntimeWarning, match="calls the compiled function"):
        assert outer(2.0) == (8.0, (4.0,))
    assert outer(3.0) == (27.0, (9.0,))  # not 3 * 4 from the recording
    assert outer.replays == 0


# --- what fn reads without receiving it -------------------------------------------------


def test_a_captured_list_of_values_that_grows_is_noticed() -> None:
    weights = [Value(1.0), Value(2.0)]
    f = autograd.compile(lambda x: x * autograd.sum(weights))
    assert f(1.0) == (3.0, (3.0,))
    weights.append(Value(4.0))
    with pytest.warns(RuntimeWarning, match="recording it again"):
        assert f(1.0) == (7.0, (7.0,))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(2.0) == (14.0, (7.0,))  # the new recording replays
    assert weights[2].grad == 1.0 + 2.0


W = Value(2.0)


def times_w(x: Value) -> Value:
    return x * W


def test_a_global_value_rebound_is_noticed() -> None:
    global W
    f = autograd.compile(times_w)
    assert f(3.0) == (6.0, (2.0,))
    old, W = W, Value(5.0)
    try:
        with pytest.warns(RuntimeWarning, match="replaced"):
            assert f(3.0) == (15.0, (5.0,))
    finally:
        W = old


def test_an_attribute_rebound_is_noticed() -> None:
    class Line:
        def __init__(self) -> None:
            self.slope, self.offset = Value(2.0), Value(1.0)

    line = Line()
    f = autograd.compile(lambda x: line.slope * x + line.offset)
    assert f(3.0) == (7.0, (2.0,))
    line.slope = Value(-1.0)
    with pytest.warns(RuntimeWarning, match="recording it again"):
        assert f(3.0) == (-2.0, (-1.0,))


def test_a_model_weight_replaced_is_noticed() -> None:
    nn = pytest.importorskip("nn")
    model = nn.MLP(2, [3, 1], seed=0)
    f = autograd.compile(lambda a, b: model([a, b]))
    f(0.5, -1.0)
    first = model.layers[0].neurons[0]
    first.w[0] = Value(first.w[0].data + 1.0)  # a new Value where a weight was
    with pytest.warns(RuntimeWarning, match="recording it again"):
        value, grads = f(0.5, -1.0)
    assert (value, grads) == engine(lambda a, b: model([a, b]), 0.5, -1.0)


def test_updating_weights_in_place_is_not_a_change() -> None:
    weights = [Value(1.0), Value(2.0)]
    f = autograd.compile(lambda x: x * autograd.sum(weights))
    f(1.0)
    weights[0].data = 10.0  # an optimizer step: the same Values, new numbers
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(1.0) == (12.0, (12.0,))
    assert f.replays == 1


# --- numpy arguments ----------------------------------------------------------------------


def test_numpy_floats_are_float_arguments() -> None:
    np = pytest.importorskip("numpy")
    f = autograd.compile(lambda x, ys: x * ys[0] + ys[1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(np.float64(2.0), [np.float32(3.0), 1.0]) == (7.0, (3.0, [2.0, 1.0]))
        assert f(2.0, [4.0, 1.0]) == (9.0, (4.0, [2.0, 1.0]))  # the same graph: replayed
    assert f.replays == 1


def test_an_equal_new_numpy_array_as_a_fixed_argument_replays() -> None:
    np = pytest.importorskip("numpy")
    f = autograd.compile(lambda x, table: x * float(table.sum()))
    f(2.0, np.array([1.0, 2.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(3.0, np.array([1.0, 2.0])) == (9.0, (3.0, None))
    with pytest.warns(RuntimeWarning, match="not a float changed"):
        assert f(3.0, np.array([1.0, 5.0])) == (18.0, (6.0, None))
    with pytest.warns(RuntimeWarning, match="not a float changed"):
        f(3.0, np.array([1.0, 2.0, 0.0]))  # another shape


# --- the recording's hook on node allocation ----------------------------------------------


def test_recording_puts_the_engines_allocation_back_even_when_fn_raises() -> None:
    allocate = autograd.nodes.allocate
    autograd.compile(lambda x: x * 2.0)(1.0)
    with pytest.raises(ValueError):
        autograd.compile(lambda x: x.log())(-1.0)
    assert autograd.nodes.allocate is allocate


def test_two_threads_recording_at_once_keep_their_nodes_apart() -> None:
    # a starts recording, then b; a finishes first, while b still records
    import threading

    allocate = autograd.nodes.allocate
    b_started, a_done = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def fn_a(x: Value) -> Value:
        b_started.wait(5)
        return x * 3.0

    def fn_b(x: Value) -> Value:
        b_started.set()
        a_done.wait(5)
        (x - 1.0).log()  # made after a finished: still b's, and replayed (it raises)
        return x * x

    def record_a() -> None:
        f = autograd.compile(fn_a)
        f(2.0)
        a_done.set()
        results["a"] = (f(4.0), f.replays)

    def record_b() -> None:
        g = autograd.compile(fn_b)
        g(2.0)
        results["b"] = (g(5.0), g.replays)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                g(0.5)
            except ValueError as error:
                results["b raises"] = str(error)

    threads = [threading.Thread(target=record_a), threading.Thread(target=record_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results == {
        "a": ((12.0, (3.0,)), 1),
        "b": ((25.0, (10.0,)), 1),
        "b raises": "log() needs a positive number, got -0.5",
    }
    assert autograd.nodes.allocate is allocate


def test_a_recorded_derivative_replays_the_zero_rule_at_a_singular_point() -> None:
    # d/dx (a sqrt(x)) = a / (2 sqrt x), recorded at an ordinary point, replayed at
    # a = x = 0, where the chain rule meets 0 * inf: 0 on the replay as on the engine
    fn = first_derivative_of_a_times_sqrt
    f = autograd.compile(fn)
    assert f(1.0, 4.0) == engine(fn, 1.0, 4.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the replay itself answers
        assert f(0.0, 0.0) == engine(fn, 0.0, 0.0) == (0.0, (math.inf, 0.0))


def first_derivative_of_a_times_sqrt(a: Value, x: Value) -> Value:
    return autograd.grad(a * x.sqrt(), x, create_graph=True)


def test_a_replay_whose_plain_products_meet_0_times_inf_gives_the_engines_numbers() -> None:
    # sqrt(x * c) at x = c = 0: sqrt's slope there is inf, and x * c passes it on times
    # c = 0 and x = 0.  The plain products give NaN; the rule (numbers.times) gives 0.
    # A replay computes plain products first and must notice, then answer by the rule.
    def fn(x: Value, c: Value) -> Value:
        return (x * c).sqrt() + x

    f = autograd.compile(fn)
    assert f(4.0, 1.0) == engine(fn, 4.0, 1.0)  # recorded and replayed at a finite point
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the replay itself answers, no fallback
        assert f(0.0, 0.0) == engine(fn, 0.0, 0.0) == (0.0, (1.0, 0.0))
        assert f(9.0, 1.0) == engine(fn, 9.0, 1.0)  # and plain products again after
    assert f.replays == 2  # the first call recorded
