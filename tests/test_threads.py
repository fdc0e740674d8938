"""Grad mode, compile's comparison log and nn.fit, each thread on its own.

The rule guarded here: what one thread does (entering ``no_grad``, recording a compiled
function, training a model) never changes what another thread computes.  The threads
are put in step with events, so each test takes the same interleaving on every run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import threading
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

import autograd
import nn
from autograd import Value, enable_grad, is_grad_enabled, no_grad
from nn.train import collector_paused

TIMEOUT = 30.0  # seconds a test thread may wait for the other one: a hang fails the test


def run_in_thread(body: Callable[[], Any]) -> Callable[[], Any]:
    """Start body in a thread; the function returned joins it and returns (or raises) its
    result."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = body()
        except BaseException as error:  # handed to the joining thread
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()

    def join() -> Any:
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "the thread did not finish"
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    return join


def wait(event: threading.Event) -> None:
    assert event.wait(TIMEOUT), "the other thread never got there"


# --- grad mode -----------------------------------------------------------------------------


def test_interleaved_no_grad_blocks_in_two_threads_leave_grad_mode_on() -> None:
    # A enters, B enters, A exits, B exits: each thread's mode is its own, so both end on.
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()

    def thread_b() -> list[bool]:
        seen = [is_grad_enabled()]  # A is inside no_grad: B is not
        wait(a_in)
        with no_grad():
            b_in.set()
            wait(a_out)
            seen.append(is_grad_enabled())
        seen.append(is_grad_enabled())
        return seen

    join_b = run_in_thread(thread_b)
    with no_grad():
        a_in.set()
        wait(b_in)
        inside_a = is_grad_enabled()
    a_out.set()
    after_a = is_grad_enabled()
    assert join_b() == [True, False, True]
    assert (inside_a, after_a) == (False, True)
    assert (Value(2.0) * Value(3.0)).parents  # recording, for the rest of the process


def test_no_grad_in_one_thread_does_not_reach_gradients_in_another() -> None:
    entered, computed = threading.Event(), threading.Event()

    def evaluator() -> bool:
        with no_grad():
            entered.set()
            wait(computed)
            return is_grad_enabled()

    join = run_in_thread(evaluator)
    wait(entered)
    x, y = Value(3.0), Value(4.0)
    z = x * y + x.relu()
    gradients = autograd.grad(z, [x, y])
    computed.set()
    assert [g.data for g in gradients] == [5.0, 3.0]
    assert join() is False


def test_a_new_thread_starts_with_grad_mode_on_whatever_its_parent_has() -> None:
    with no_grad():
        join = run_in_thread(is_grad_enabled)
        assert join() is True
        assert not is_grad_enabled()


def test_the_same_no_grad_object_entered_by_two_threads_restores_each() -> None:
    shared = no_grad()
    entered, a_left = threading.Event(), threading.Event()

    def thread_b() -> list[bool]:
        with no_grad():  # B was off before it entered the shared block
            with shared:
                entered.set()
                wait(a_left)
            seen = is_grad_enabled()
        return [seen, is_grad_enabled()]

    join = run_in_thread(thread_b)
    with shared:
        wait(entered)
    a_left.set()
    assert is_grad_enabled()
    assert join() == [False, True]


# --- grad mode on generators and coroutines --------------------------------------------------


def test_no_grad_on_a_generator_function_covers_its_body_and_only_its_body() -> None:
    @no_grad()
    def squares(values: list[Value]) -> Iterator[tuple[bool, Value]]:
        for v in values:
            yield is_grad_enabled(), v * v

    x = Value(2.0)
    seen = []
    for inside, square in squares([x, x]):
        seen.append((inside, square.parents, is_grad_enabled()))
    assert seen == [(False, (), True), (False, (), True)]
    assert squares.__name__ == "squares"


def test_enable_grad_on_a_generator_records_inside_no_grad() -> None:
    @enable_grad()
    def products(x: Value) -> Iterator[Value]:
        yield x * 3

    x = Value(2.0)
    with no_grad():
        (y,) = list(products(x))
        assert not is_grad_enabled()
    assert y.parents[0] is x


def test_a_decorated_generator_passes_send_throw_close_and_its_return_value() -> None:
    @no_grad()
    def echo() -> Iterator[Any]:
        received: Any = None
        try:
            while received != "stop":
                received = yield (received, is_grad_enabled())
        except KeyError:
            yield ("caught", is_grad_enabled())
        return "done"

    gen = echo()
    assert next(gen) == (None, False)
    assert gen.send(5) == (5, False)
    assert is_grad_enabled()
    assert gen.throw(KeyError("k")) == ("caught", False)
    with pytest.raises(StopIteration) as stop:
        next(gen)
    assert stop.value.value == "done"

    closed: list[bool] = []

    @no_grad()
    def watched() -> Iterator[int]:
        try:
            yield 1
        finally:
            closed.append(is_grad_enabled())

    gen2 = watched()
    next(gen2)
    gen2.close()
    assert closed == [False] and is_grad_enabled()


def test_no_grad_on_a_coroutine_function_covers_its_body() -> None:
    @no_grad()
    async def square(v: Value) -> tuple[bool, Value]:
        await asyncio.sleep(0)
        return is_grad_enabled(), v * v

    inside, y = asyncio.run(square(Value(3.0)))
    assert inside is False and y.parents == () and y.data == 9.0
    assert is_grad_enabled()


def test_no_grad_on_an_async_generator_function_is_refused_clearly() -> None:
    async def stream() -> AsyncIterator[int]:
        yield 1

    with pytest.raises(TypeError, match=r"async generator.*with no_grad\(\):"):
        no_grad()(stream)


# --- compile's comparison log ------------------------------------------------------------------


def test_comparisons_in_another_thread_do_not_enter_a_recording() -> None:
    p, q = Value(1.0), Value(0.0)
    recording, compared = threading.Event(), threading.Event()

    def fn(x: Value) -> Value:
        recording.set()
        wait(compared)  # the other thread compares Values while this one records
        return x * x if x > 0 else -x

    def other() -> bool:
        wait(recording)
        result = p > q
        compared.set()
        return result

    join = run_in_thread(other)
    f = autograd.compile(fn)
    assert f(3.0) == (9.0, (6.0,))
    assert join() is True
    p.data = -1.0  # would flip the other thread's comparison, had it been recorded
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f(2.0) == (4.0, (4.0,))
    assert (f.replays, f.fallbacks) == (1, 0)


# --- nn.fit ------------------------------------------------------------------------------------


def _train(seed: int) -> tuple[dict[str, Any], dict[str, float]]:
    X = [[i / 10.0, (i % 3) / 3.0] for i in range(12)]
    y = [1.0 if (a + b) > 0.8 else 0.0 for a, b in X]
    # A large validation set: each epoch ends with a long evaluation under no_grad(),
    # while the other thread is likely to be recording its training graph.
    X_val = [[i / 100.0, (i % 7) / 7.0] for i in range(300)]
    y_val = [1.0 if (a + b) > 0.8 else 0.0 for a, b in X_val]
    model = nn.MLP(2, [4, 1], seed=seed)
    history = nn.fit(
        model,
        X,
        y,
        loss="binary_cross_entropy",
        epochs=8,
        batch_size=4,
        validation=(X_val, y_val),
        progress=False,
        seed=seed,
    )
    fields = dataclasses.asdict(history)
    del fields["seconds"]  # wall time differs from run to run
    return fields, model.state_dict()


def test_two_fits_in_two_threads_give_their_sequential_results() -> None:
    expected = [_train(1), _train(2)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, so the runs really interleave
    try:
        joins = [run_in_thread(lambda s=s: _train(s)) for s in (1, 2)]
        results = [join() for join in joins]
    finally:
        sys.setswitchinterval(interval)
    assert results == expected


def test_the_cycle_collector_stays_paused_until_the_last_thread_leaves() -> None:
    import gc

    a_in, a_out = threading.Event(), threading.Event()

    def thread_a() -> None:
        with collector_paused():
            a_in.set()
            wait(a_out)

    assert gc.isenabled()
    join = run_in_thread(thread_a)
    wait(a_in)
    with collector_paused():
        a_out.set()
        join()  # A has left; this thread's block still runs
        assert not gc.isenabled()
    assert gc.isenabled()
