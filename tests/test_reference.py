"""autograd/reference.py, the one-screen engine, gives the fast engine's numbers.

Both engines read the same op table, so for every op (fused ones too: the reference
applies their table entries like any other) and for random programs that reuse nodes,
values and gradients must agree to 1e-12 relative.
"""

from __future__ import annotations

import inspect
import math
from pathlib import Path

import pytest
from helpers import assert_close
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import ALL_OPS, STEPS, Program, by_name, programs, run, spec_of

import autograd
from autograd import reference
from autograd.op import Op

TIGHT = {"rtol": 1e-12, "atol": 1e-12}


@by_name
@given(data=st.data())
def test_every_op_gives_the_fast_engines_value_and_gradients(op: Op, data: st.DataObject) -> None:
    xs = data.draw(spec_of(op).domain, label="inputs")
    slow = [reference.Value(x) for x in xs]
    fast = [autograd.Value(x) for x in xs]
    slow_out, fast_out = reference.apply(op, *slow), autograd.apply(op, *fast)
    slow_out.backward()
    fast_out.backward()
    assert_close(slow_out.data, fast_out.data, **TIGHT, what=f"{op.name} value")
    assert_close([v.grad for v in slow], [v.grad for v in fast], **TIGHT, what=op.name)


# sum and dot are fused ops of the fast engine only: the per-op test above covers them.
PLAIN_STEPS = sorted(set(STEPS) - {"sum", "dot"})


@settings(max_examples=200)
@given(program=programs(steps_from=PLAIN_STEPS), gradient=st.floats(-3, 3))
def test_random_programs_give_the_fast_engines_numbers(program: Program, gradient: float) -> None:
    xs = program[0]
    slow = [reference.Value(x) for x in xs]
    fast = [autograd.Value(x) for x in xs]
    slow_out, fast_out = run(program, slow), run(program, fast)
    slow_out.backward(gradient)
    fast_out.backward(gradient)
    assert_close(slow_out.data, fast_out.data, **TIGHT, what="program value")
    assert_close([v.grad for v in slow], [v.grad for v in fast], **TIGHT, what="gradients")


def test_inputs_accumulate_and_computed_values_start_again_as_in_the_fast_engine() -> None:
    for engine in (reference, autograd):
        x = engine.Value(3.0)
        y = x * x * x
        y.backward()
        y.backward()
        assert x.grad == 54.0  # 27 + 27: an input adds up
        assert y.grad == 1.0  # the result starts again each time


def test_the_articles_numbers() -> None:
    x1, x2, x3 = reference.Value(3.0), reference.Value(2.0), reference.Value(10.0)
    y = 5 * x1**2 + 8 * x2 + 35 * x3 + 30
    y.backward()
    assert (y.data, x1.grad, x2.grad, x3.grad) == (441.0, 30.0, 8.0, 35.0)
    x = reference.Value(2.0)
    rate = 10 * x + 30
    rate.backward()
    assert x.grad == 10.0


def test_numbers_on_either_side_and_value_exponents() -> None:
    a, b = reference.Value(2.0), reference.Value(0.5)
    y = 1 - a / 4 + 3 / a + 2**b + a**b - (-a)
    y.backward()
    expected_da = -1 / 4 - 3 / 4 + b.data * a.data ** (b.data - 1) + 1
    expected_db = math.log(2) * 2**0.5 + math.log(2) * 2**0.5
    assert_close([a.grad, b.grad], [expected_da, expected_db], **TIGHT, what="d/da, d/db")


def test_a_deep_chain_needs_no_recursion() -> None:
    x = reference.Value(1.0)
    y = x
    for _ in range(20_000):  # well past Python's recursion limit
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0


def test_the_reference_has_the_fast_values_operators_and_functions() -> None:
    wanted = {
        "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
        "__rtruediv__", "__neg__", "__pow__", "__rpow__", "exp", "log", "tanh", "sigmoid",
        "relu", "leaky_relu", "sin", "cos", "sqrt", "abs", "backward",
    }  # fmt: skip
    for name in wanted:
        assert hasattr(autograd.Value, name), name
        assert name in vars(reference.Value), f"reference.Value lacks {name}"


def test_the_reference_fits_on_one_screen_and_has_no_speed_tricks() -> None:
    source = Path(inspect.getfile(reference)).read_text()
    assert len(source.splitlines()) <= 150
    for trick in ("lru_cache", "__slots__", "allocate", "fused", "object.__new__"):
        assert trick not in source, trick


def test_fast_modules_point_readers_to_the_reference() -> None:
    for module in ("value", "backward", "fused"):
        doc = __import__(f"autograd.{module}", fromlist=["_"]).__doc__ or ""
        assert "reference.py" in doc, module


@pytest.mark.parametrize("op", [o for o in ALL_OPS if o.arity == 1], ids=lambda o: o.name)
def test_second_call_of_backward_on_a_fresh_graph_matches_too(op: Op) -> None:
    # One-input ops at a point inside every domain (0.7), twice through: grads add up
    # the same way in both engines.
    slow, fast = reference.Value(0.7), autograd.Value(0.7)
    for out in (reference.apply(op, slow), reference.apply(op, slow)):
        out.backward()
    for value in (autograd.apply(op, fast), autograd.apply(op, fast)):
        value.backward()
    assert_close(slow.grad, fast.grad, **TIGHT, what=op.name)
