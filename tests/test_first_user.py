"""Mistakes a first user made in a notebook, each answered by a message that says what to do.

Every test here failed before the fix it comes with.
"""

from __future__ import annotations

import math

import pytest

from autograd import Value, custom_op, gradcheck, is_grad_enabled, no_grad

# A student's own log: fine for positive inputs, math's bare "math domain error" otherwise.
my_log = custom_op("my_log", math.log, lambda out, x: 1 / x)


def test_a_custom_op_whose_forward_fails_names_the_op_and_its_input() -> None:
    with pytest.raises(ValueError, match=r"custom op 'my_log'.*forward\(-1\.0\).*math domain"):
        my_log(Value(-1.0))
    # The error keeps its kind, so code that catches ValueError still does.
    big_exp = custom_op("big_exp", math.exp, lambda out, x: out)
    with pytest.raises(OverflowError, match=r"custom op 'big_exp'.*forward\(1000\.0\)"):
        big_exp(1000.0)
    assert my_log(Value(math.e)).data == pytest.approx(1.0)


def test_a_custom_op_whose_local_grads_fail_names_the_op_and_its_inputs() -> None:
    # sqrt is fine at 0, its slope 1 / (2 sqrt(x)) is not.
    my_sqrt = custom_op("my_sqrt", math.sqrt, lambda out, x: 1 / (2 * out))
    with pytest.raises(ZeroDivisionError, match=r"custom op 'my_sqrt'.*local_grads.*0\.0"):
        my_sqrt(Value(0.0))
    x = Value(4.0)
    my_sqrt(x).backward()
    assert x.grad == 0.25  # d/dx sqrt(x) = 1 / (2 sqrt(x)) = 1/4 at x = 4


def test_no_grad_as_a_decorator_without_parentheses_says_to_add_them() -> None:
    with pytest.raises(TypeError, match=r"@no_grad\(\) with parentheses"):

        @no_grad  # type: ignore[call-arg]
        def predict(x: Value) -> Value:
            return x * 2

    @no_grad()
    def predict_right(x: Value) -> Value:
        return x * 2

    assert predict_right(Value(1.5)).parents == ()  # recorded nothing
    assert is_grad_enabled()


def test_backward_after_no_grad_is_refused_as_mode_says() -> None:
    # The mistake autograd/grad_mode.py's docstring warns about, exactly as it describes it.
    w = Value(2.0)
    with no_grad():
        loss = (w * 3 - 1) ** 2
    with pytest.raises(RuntimeError, match="inside no_grad"):
        loss.backward()
    assert w.grad == 0.0 and loss.parents == ()
    loss = (w * 3 - 1) ** 2  # grad mode on: d/dw (3w - 1)^2 = 6 (3w - 1) = 30
    loss.backward()
    assert w.grad == 30.0


def test_a_custom_op_forward_written_for_values_says_it_gets_floats() -> None:
    # forward runs on plain floats; x.tanh() is a Value method, math.tanh(x) is the float one.
    wrong = custom_op("my_tanh", lambda x: x.tanh(), lambda out, x: 1 - out * out)
    with pytest.raises(TypeError, match=r"custom op 'my_tanh'.*plain floats.*math"):
        wrong(Value(1.0))
    right = custom_op("my_tanh", math.tanh, lambda out, x: 1 - out * out)
    x = Value(1.0)
    right(x).backward()
    assert x.grad == pytest.approx(1 - math.tanh(1.0) ** 2, rel=1e-12)


def test_a_custom_op_forward_that_makes_nan_from_numbers_is_an_error() -> None:
    # inf - inf is NaN: a forward that does it at a finite input is a bug worth naming.
    broken = custom_op("broken", lambda x: x * 1e308 * 10 - x * 1e308 * 10, lambda o, x: 0)
    with pytest.raises(ValueError, match=r"custom op 'broken'.*forward\(1\.0\).*nan"):
        broken(Value(1.0))
    # A NaN that comes in goes through, as with the built-in ops.
    assert math.isnan(custom_op("double", lambda x: 2 * x, lambda o, x: 2)(math.nan).data)


def test_gradcheck_takes_a_single_number_for_a_one_input_function() -> None:
    report = gradcheck(lambda x: x.tanh(), 0.5)
    assert report.ok and len(report.rows) == 1
    assert report.rows[0][1] == pytest.approx(1 - math.tanh(0.5) ** 2, rel=1e-12)


def test_gradcheck_with_fewer_inputs_than_fn_takes_says_so() -> None:
    with pytest.raises(TypeError, match=r"gradcheck: fn takes 2 inputs.*has 1 number"):
        gradcheck(lambda x, y: x * y, [0.5])
