"""autograd.compile: a replay gives the engine's numbers, and falls back when it must."""

from __future__ import annotations

import gc
import math
import random
import warnings
from collections.abc import Callable

import pytest

import autograd
import nn
from autograd import Value, fused, ops, topological_order
from autograd.numbers import times
from autograd.op import Op

TIGHT = 1e-12


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=TIGHT, abs_tol=TIGHT)


def engine(fn, *args: float) -> tuple[float, list[float]]:
    """The interpreted answer: value and gradients of fn at args, on the normal engine."""
    xs = [Value(a) for a in args]
    out = fn(*xs)
    out.backward()
    return out.data, [x.grad for x in xs]


# Every op in the table, mixed, with relus and comparisons that keep their side.
def mixed(a: Value, b: Value, c: Value) -> Value:
    t = (a * b - c / (b * b + 1.0)).tanh() + (-a).relu() * 3.0
    u = autograd.dot([a, b, c], [c, a, b], 0.5) + autograd.sum([a.exp(), (b * b + 1.0).log()])
    w = (c * c + 2.0).sqrt() ** 1.5 + a.sigmoid() - b.sin() * c.cos() + abs(a) + a.leaky_relu(0.1)
    return t * u - w / (u * u + 1.0) + (c ** Value(2.0) if c > 0.0 else c)


POINTS = [(0.3, -1.2, 0.7), (-0.8, 0.4, 1.9), (1.5, 2.5, 0.1), (-2.0, -0.3, 0.05)]


def test_replay_equals_the_engine_on_every_op_and_several_inputs() -> None:
    f = autograd.compile(mixed)
    for point in POINTS:
        value, grads = f(*point)
        want_value, want_grads = engine(mixed, *point)
        assert close(value, want_value)
        assert all(close(g, w) for g, w in zip(grads, want_grads, strict=True))
    assert f.replays == len(POINTS) - 1 and f.fallbacks == 0


def test_relu_switching_side_is_not_a_structure_change() -> None:
    def fn(x: Value, y: Value) -> Value:
        return (x * y).relu() + (x - y).relu() * 2.0

    f = autograd.compile(fn)
    rng = random.Random(0)
    for _ in range(20):
        point = (rng.uniform(-2, 2), rng.uniform(-2, 2))
        value, grads = f(*point)
        want_value, want_grads = engine(fn, *point)
        assert value == want_value and list(grads) == want_grads
    assert f.fallbacks == 0 and f.replays == 19


def test_a_branch_on_a_value_falls_back_to_the_engine_with_a_warning() -> None:
    def fn(a: Value, b: Value) -> Value:
        return a * b if a > 0 else a + b

    f = autograd.compile(fn)
    assert f(2.0, 3.0) == (6.0, (3.0, 2.0))
    with pytest.warns(RuntimeWarning, match=r"comparison .*> 0.0 is now False.*normal engine"):
        assert f(-2.0, 3.0) == (1.0, (1.0, 1.0))  # a + b: the engine's answer
    assert f.fallbacks == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(5.0, 3.0) == (15.0, (3.0, 5.0))  # the recorded branch replays again
    assert f.replays == 1

    def labelled(a: Value, b: Value) -> Value:
        a.label = "a"
        return a * b if a > b else a + b  # b has no label

    g = autograd.compile(labelled)
    g(2.0, 1.0)
    with pytest.warns(RuntimeWarning, match=r"the comparison a > a Value is now False"):
        g(1.0, 2.0)


def test_a_replay_that_would_raise_falls_back_and_the_engine_says_why() -> None:
    def fn(x: Value) -> Value:
        return x.log() if x > 0 else -x

    f = autograd.compile(fn)
    f(2.0)
    replay_raised = r"does not fit this call \(the replay raised ValueError\('log\(\) needs"
    with pytest.warns(RuntimeWarning, match=replay_raised):
        assert f(-3.0) == (3.0, (-1.0,))
    g = autograd.compile(lambda x: (x - 1.0).log())
    g(3.0)
    with pytest.warns(RuntimeWarning, match=replay_raised), pytest.raises(ValueError, match="log"):
        g(0.5)  # a real error: the engine raises it, with its own message


def test_parameters_get_their_grad_like_backward_and_new_arguments_are_used() -> None:
    w = Value(0.5)
    f = autograd.compile(lambda x: (w * x).tanh())
    for x in (1.0, -2.0, 0.25):
        w.grad = 0.0
        value, (gx,) = f(x)
        assert close(value, math.tanh(0.5 * x))
        slope = 1.0 - math.tanh(0.5 * x) ** 2
        assert close(gx, slope * 0.5) and close(w.grad, slope * x)
    w.grad = 1.0  # gradients accumulate, as with backward()
    f(1.0)
    assert close(w.grad, 1.0 + (1.0 - math.tanh(0.5) ** 2))


def test_a_changed_non_float_argument_falls_back() -> None:
    f = autograd.compile(lambda xs, k: autograd.sum(xs) * k)
    assert f([1.0, 2.0], 2) == (6.0, ([2.0, 2.0], None))
    with pytest.warns(RuntimeWarning, match="not a float changed"):
        assert f([1.0, 2.0], 3) == (9.0, ([3.0, 3.0], None))
    with pytest.warns(RuntimeWarning, match=r"not a float changed \(or a shape\)"):
        assert f([1.0, 2.0, 4.0], 2)[0] == 14.0


def test_mlp_training_step_replays_the_engine_to_1e_12() -> None:
    X, labels = nn.moons(40, noise=0.1, seed=1)
    y = nn.to_pm1(labels)
    interpreted, replayed = nn.MLP(2, [8, 8, 1], seed=3), nn.MLP(2, [8, 8, 1], seed=3)

    def loss(model: nn.MLP, xs: list[list[Value]]) -> Value:
        return nn.hinge([model(x) for x in xs], y) + 1e-4 * nn.l2(model.parameters())

    step = autograd.compile(lambda xs: loss(replayed, xs))
    opt_a = nn.SGD(interpreted.parameters(), lr=0.1)
    opt_b = nn.SGD(replayed.parameters(), lr=0.1)
    for _ in range(5):  # the weights change every step, some relus switch side
        a = loss(interpreted, X)
        opt_a.zero_grad()
        a.backward()
        opt_b.zero_grad()
        b, _ = step(X)
        assert close(a.data, b)
        pairs = zip(interpreted.parameters(), replayed.parameters(), strict=True)
        assert all(close(p.grad, q.grad) for p, q in pairs)
        opt_a.step()
        opt_b.step()
    assert step.replays == 4 and step.fallbacks == 0


def test_a_long_chain_and_a_wide_sum_compile() -> None:
    def chain(x: Value) -> Value:
        for _ in range(20_000):
            x = x * 1.0001 + 0.0001
        return x

    f = autograd.compile(chain)
    f(0.5)
    value, (g,) = f(0.25)
    assert close(g, 1.0001**20_000) and close(value, engine(chain, 0.25)[0])
    wide = autograd.compile(lambda xs: autograd.dot(xs, xs))
    xs = [float(i) for i in range(5000)]
    wide(xs)
    value, (grads,) = wide(xs)
    assert value == sum(x * x for x in xs) and grads == [2 * x for x in xs]


def test_the_result_must_be_a_value() -> None:
    with pytest.raises(TypeError, match=r"must return a Value, got float: 3\.0$"):
        autograd.compile(lambda x: 3.0)(1.0)
    with pytest.raises(TypeError, match=r"got int: 9 \(only float arguments .* 3\.0, not 3\)"):
        autograd.compile(lambda x: x * x)(3)  # an int is passed through, not made a Value


def test_keyword_arguments_are_refused_with_a_message_saying_why() -> None:
    f = autograd.compile(lambda x, y: x * y)
    with pytest.raises(TypeError, match=r"by position, got x=, y= by keyword.*order"):
        f(x=1.0, y=2.0)
    assert f(1.0, 2.0) == (2.0, (2.0, 1.0))


def test_gradients_come_back_in_the_shape_of_the_arguments() -> None:
    def fn(pair: tuple[Value, Value], rows: list[list[Value]], scale: int) -> Value:
        return (pair[0] * pair[1] + autograd.sum([v for row in rows for v in row])) * scale

    f = autograd.compile(fn)
    for call in range(2):  # the recording call, then a replay
        value, grads = f((1.0, 2.0), [[3.0], [4.0, 5.0], []], 2)
        assert value == 28.0
        assert grads == ((4.0, 2.0), [[2.0], [2.0, 2.0], []], None), call


def test_functions_it_cannot_replay_run_on_the_engine_with_one_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def scaled(x: Value) -> Value:
        with autograd.no_grad():
            scale = x * 2.0  # depends on x, but is not in the graph: a replay would be stale
        return x * scale

    f = autograd.compile(scaled)
    with pytest.warns(RuntimeWarning, match="under no_grad"):
        assert f(3.0) == (18.0, (6.0,))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(5.0) == (50.0, (10.0,))  # right, from the engine, without more warnings
    assert f.fallbacks == 1 and f.replays == 0

    def summed(x: Value) -> Value:
        with autograd.no_grad():
            total = autograd.sum([x, x])  # an n-ary op (no fixed arity): refused too
        return x * total

    g = autograd.compile(summed)
    with pytest.warns(RuntimeWarning, match="'sum' under no_grad"):
        assert g(3.0) == (18.0, (6.0,))
    assert g(5.0) == (50.0, (10.0,)) and g.replays == 0

    monkeypatch.setattr("autograd.codegen.MAX_NODES", 10)
    big = autograd.compile(lambda x: autograd.sum([x * float(i) for i in range(20)]))
    with pytest.warns(RuntimeWarning, match="more than MAX_NODES"):
        assert big(1.0) == (190.0, (190.0,))


def test_inside_no_grad_it_still_gives_gradients() -> None:
    # A compiled function exists for its gradients: no_grad() around the call does not
    # turn them into zeros (recording and replaying alike).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = autograd.compile(lambda x: x * x)
        with autograd.no_grad():
            assert f(2.0) == (4.0, (4.0,))  # recorded inside no_grad
            assert f(3.0) == (9.0, (6.0,))  # replayed inside no_grad
    assert f(4.0) == (16.0, (8.0,)) and f.replays == 2 and f.fallbacks == 0


SPECIAL = [0.0, -0.0, 1e-300, -1e-300, 2.5, -3.5, math.inf, -math.inf, math.nan]
INLINED = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "neg": lambda a, b: -a + 0.0 * b,
    "relu": lambda a, b: a.relu() * b,
    "dot": lambda a, b: autograd.dot([a, b], [b, a], a),
    "sum": lambda a, b: autograd.sum([a, b, a]),
    "relu(dot)": lambda a, b: autograd.dot([a, b], [b, a], a, ops.RELU),
    "tanh(dot)": lambda a, b: autograd.dot([a, b], [b, a], a, ops.TANH),
    "sigmoid(dot)": lambda a, b: autograd.dot([a, b], [b, a], None, ops.SIGMOID),
    "leaky_relu(dot)": lambda a, b: autograd.dot([a, b], [b, a], 0.5, ops.leaky_relu(0.01)),
}


def same(x: float, y: float) -> bool:
    return x == y or (x != x and y != y)  # NaN is the same as NaN here


@pytest.mark.parametrize("name", sorted(INLINED))
def test_ops_written_inline_match_the_op_table_bit_for_bit_even_at_special_numbers(
    name: str,
) -> None:
    # The replay writes these ops out by hand (the others call the table itself): if the
    # table changes (say relu and NaN), this test says the templates must follow.
    fn = INLINED[name]
    f = autograd.compile(fn)
    f(1.5, 2.5)  # recorded at ordinary numbers
    for a in SPECIAL:
        for b in SPECIAL:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # inf - inf is fine here, not a fallback
                value, grads = f(a, b)
            want_value, want_grads = engine(fn, a, b)
            assert same(value, want_value), (a, b)
            assert all(same(g, w) for g, w in zip(grads, want_grads)), (a, b)
    assert f.fallbacks == 0


def test_verify_catches_a_branch_compile_cannot_see() -> None:
    def sneaky(x: Value) -> Value:
        return x * 2.0 if x.data > 0 else x * 3.0  # .data: a plain float, not logged

    f = autograd.compile(sneaky, verify=True)
    assert f(1.0) == (2.0, (2.0,))
    assert f(4.0) == (8.0, (2.0,))  # same branch: replay and engine agree
    with pytest.raises(RuntimeError, match=r"x\.data"):
        f(-1.0)
    # x.detach() is a new leaf on every engine call, but one leaf read by every replay
    stale = autograd.compile(lambda x: x * x.detach())
    stale(2.0)
    assert stale(3.0) == (6.0, (2.0,))  # not 9.0: documented, and what verify is for
    checked = autograd.compile(lambda x: x * x.detach(), verify=True)
    checked(2.0)
    with pytest.raises(RuntimeError, match=r"replay gave 6\.0, the engine 9\.0"):
        checked(3.0)
    # the other way round: a node made before the call is recomputed by a replay
    w = Value(2.0)
    reg = w * w
    outside = autograd.compile(lambda x: x * w + reg, verify=True)
    assert outside(1.0) == (6.0, (2.0,))
    w.data = 3.0  # the engine keeps reg = 4.0 (7.0 in all); the replay recomputes 9.0
    with pytest.raises(RuntimeError, match=r"replay gave 12\.0, the engine 7\.0"):
        outside(1.0)


def test_values_passed_as_arguments_act_like_parameters() -> None:
    w = Value(2.0)
    f = autograd.compile(lambda w, x: w * x * x)
    assert f(w, 3.0) == (18.0, (None, 12.0))
    assert w.grad == 9.0
    w.data, w.grad = -1.0, 0.0  # an optimizer's update is seen by the replay
    assert f(w, 3.0) == (-9.0, (None, -6.0))
    assert w.grad == 9.0 and f.replays == 1
    with pytest.warns(RuntimeWarning, match="not a float changed"):
        f(Value(2.0), 3.0)  # another Value object: a different graph


def test_a_result_that_is_a_parameter_gets_its_grad_on_every_call() -> None:
    # d(w)/d(w) = 1: each call adds 1 to w.grad, as w.backward() does, replays included.
    w = Value(2.0)
    f = autograd.compile(lambda x: w)
    g = autograd.compile(lambda v, x: v)
    for call in (1, 2, 3):
        assert f(1.0) == (2.0, (0.0,)) and w.grad == 2 * call - 1
        assert g(w, 1.0) == (2.0, (None, 0.0)) and w.grad == 2 * call
    assert f.replays == g.replays == 2


def test_a_compiled_function_called_while_another_records_stays_out_of_its_recording() -> None:
    # inner cannot be recorded (it compares a Value made under no_grad) and runs on the
    # engine each call.  outer calls it while recording: inner's answer is a plain float
    # that outer's recording cannot follow, so outer is not recorded (one warning) and
    # every call runs the engine, with inner's comparison kept out of outer's.
    def inner_fn(x: Value) -> Value:
        with autograd.no_grad():
            s = x * 2.0
        return x * 3.0 if s > 0.0 else x

    inner = autograd.compile(inner_fn)
    with pytest.warns(RuntimeWarning, match="under no_grad"):
        inner(1.0)
    outer = autograd.compile(lambda y: y * inner(2.0)[0])
    with pytest.warns(RuntimeWarning, match="calls the compiled function inner_fn"):
        assert outer(1.5) == (9.0, (6.0,))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert outer(2.5) == (15.0, (6.0,))
    assert outer.replays == 0 and outer.fallbacks == 1


def test_verify_accepts_a_replay_that_gives_nan_like_the_engine() -> None:
    f = autograd.compile(lambda x: x * 2.0, verify=True)
    f(1.0)
    value, (g,) = f(math.nan)  # NaN in, NaN out on both paths: they agree
    assert math.isnan(value) and g == 2.0
    assert f(math.inf) == (math.inf, (2.0,))


def test_calls_leave_no_reference_cycles_for_the_collector() -> None:
    # Like the engine's graphs, a call is freed by reference counting alone.
    w = Value(0.5)
    f = autograd.compile(lambda xs, pair, k: (w * autograd.sum(xs) * pair[0]).tanh() * k)
    args = ([1.0, 2.0], (3.0, [4.0]), 2)
    f(*args)  # the recording call
    gc.collect()
    f(*args)  # a replay
    assert gc.collect() == 0
    with pytest.warns(RuntimeWarning, match="not a float changed"):
        f([1.0, 2.0], (3.0, [4.0]), 3)  # the engine's path
    assert gc.collect() == 0


# --- neurons: act(w·x + b) as ONE node (fused.neuron) -------------------------------------

FUSABLE = {
    "relu": ops.RELU,
    "tanh": ops.TANH,
    "sigmoid": ops.SIGMOID,
    "leaky_relu": ops.leaky_relu(0.01),
}


def two_layers(act: Op) -> tuple[Callable[..., Value], list[Value]]:
    """A 2-layer network of fused neurons written out by hand, and its parameters.

    Hidden neuron h2 has no bias and shares the weight w[0] with h1; h3's bias of -2.0
    keeps it on the negative side (a dead relu) at most inputs; the output neuron is
    fed by the three hidden neurons and has a plain-number bias (a constant leaf, which
    the engine computes through ``op.forward`` rather than ``dot``'s own loop).
    """
    rng = random.Random(7)
    w = [Value(rng.uniform(-1.0, 1.0)) for _ in range(10)]
    b1, b3 = Value(0.1), Value(-2.0)

    def fn(x: Value, y: Value, z: Value) -> Value:
        h1 = autograd.dot(w[0:3], [x, y, z], b1, act)
        h2 = autograd.dot([w[3], w[0]], [x, y], None, act)
        h3 = autograd.dot(w[4:7], [x, y, z], b3, act)
        out = autograd.dot(w[7:10], [h1, h2, h3], 0.25, act)
        return (out - 0.5) * (out - 0.5) + h2 * z  # a loss, and a neuron used twice

    return fn, [*w, b1, b3]


@pytest.mark.parametrize("name", sorted(FUSABLE))
def test_fused_neurons_replay_the_engine_bit_for_bit(name: str) -> None:
    act = FUSABLE[name]
    fn, params = two_layers(act)
    f = autograd.compile(fn)
    rng = random.Random(1)
    points = [(0.5, -1.0, 2.0), (-1.5, -1.5, -1.5), (0.0, 0.0, 0.0)]
    points += [(rng.uniform(-2, 2), rng.uniform(-2, 2), rng.uniform(-2, 2)) for _ in range(9)]
    sides = set()  # whether each neuron's w·x + b was > 0, over all the points
    for point in points:
        for p in params:
            p.grad = 0.0
        xs = [Value(v) for v in point]
        out = fn(*xs)
        out.backward()
        neurons = [n for n in topological_order(out) if n.op is fused.neuron(act)]
        assert len(neurons) == 4
        sides |= {n.data > act.forward(0.0) for n in neurons}  # act is increasing
        want_params = [p.grad for p in params]
        for p in params:
            p.grad = 0.0
        value, grads = f(*point)
        assert value == out.data, point
        assert list(grads) == [x.grad for x in xs], point
        assert [p.grad for p in params] == want_params, point
    assert sides == {True, False}  # both sides of every activation were replayed
    assert f.replays == len(points) - 1 and f.fallbacks == 0


@pytest.mark.parametrize("name", sorted(FUSABLE))
def test_fused_neurons_are_written_inline(name: str) -> None:
    # relu's neuron is written out whole; the others call only their activation's
    # forward and slope (never the neuron op's own forward).  The neuron's and mul's
    # local derivatives, with numbers.times, are called only on the branch that an
    # infinite or NaN gradient takes (a zero local derivative stops it).
    act = FUSABLE[name]
    fn, _ = two_layers(act)
    f = autograd.compile(fn)
    f(0.5, -1.0, 2.0)
    assert f._tape is not None
    called = {v for v in f._tape._replay.__globals__.values() if callable(v)}
    expected = {f._tape._replay}
    if act is not ops.RELU:
        expected |= {act.forward, act.local_grad_from_output}
    on_infinite_gradients = {times, fused.neuron(act).local_grads} | {
        op.local_grads
        for op in ops.OPS.values()  # (x * 2, x + 1: a number kept inside)
    }
    assert expected <= called <= expected | on_infinite_gradients
    assert fused.neuron(act).forward not in called


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu"])
def test_mlp_training_steps_replay_the_engine_bit_for_bit(activation: str) -> None:
    X, labels = nn.moons(30, noise=0.1, seed=2)
    y = nn.to_pm1(labels)
    interpreted = nn.MLP(2, [8, 8, 1], activation=activation, seed=4)
    replayed = nn.MLP(2, [8, 8, 1], activation=activation, seed=4)

    def loss(model: nn.MLP, xs: list[list[Value]]) -> Value:
        return nn.hinge([model(x) for x in xs], y) + 1e-4 * nn.l2(model.parameters())

    step = autograd.compile(lambda xs: loss(replayed, xs))
    opt_a = nn.SGD(interpreted.parameters(), lr=0.2)
    opt_b = nn.SGD(replayed.parameters(), lr=0.2)
    for _ in range(4):
        a = loss(interpreted, X)
        opt_a.zero_grad()
        a.backward()
        opt_b.zero_grad()
        b, _ = step(X)
        assert a.data == b
        assert [p.grad for p in interpreted.parameters()] == [q.grad for q in replayed.parameters()]
        opt_a.step()
        opt_b.step()
    assert step.replays == 3 and step.fallbacks == 0


def test_without_arg_grads_only_the_parameters_get_gradients() -> None:
    # A training step reads only its parameters' .grad: arg_grads=False leaves the
    # samples' gradients out of the replay, and the parameters' are the engine's.
    w, b = Value(0.5), Value(-0.25)

    def loss(xs: list[Value], ys: list[Value]) -> Value:
        errors = [(w * x + b - y) ** 2 for x, y in zip(xs, ys)]
        return autograd.sum(errors) / len(errors)

    xs, ys = [1.0, 2.0, -3.0], [0.5, 1.5, -1.0]
    want = []
    for _ in range(3):  # the engine: loss and the parameters' gradients, per call
        w.grad = b.grad = 0.0
        out = loss([Value(x) for x in xs], [Value(y) for y in ys])
        out.backward()
        want.append((out.data, w.grad, b.grad))
    f = autograd.compile(loss, arg_grads=False)
    for value, w_grad, b_grad in want:  # a recording, then two replays
        w.grad = b.grad = 0.0
        assert f(xs, ys) == (value, (None, None))
        assert (w.grad, b.grad) == (w_grad, b_grad)
    assert f.replays == 2


def test_without_arg_grads_every_call_answers_none_for_each_argument() -> None:
    def fn(x: Value, y: Value) -> Value:
        return x * y

    with_grads, without = autograd.compile(fn), autograd.compile(fn, arg_grads=False)
    assert with_grads(2.0, 3.0) == (6.0, (3.0, 2.0))
    assert without(2.0, 3.0) == (6.0, (None, None))
    assert with_grads(4.0, 5.0) == (20.0, (5.0, 4.0))  # replays
    assert without(4.0, 5.0) == (20.0, (None, None))
    assert without.replays == 1
