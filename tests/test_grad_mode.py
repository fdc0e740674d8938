"""no_grad, enable_grad and detach: when operations record a graph."""

from __future__ import annotations

import pytest

import autograd
from autograd import (
    Value,
    is_grad_enabled,
    no_grad,
)

# --- no_grad and detach -----------------------------------------------------------------------


def test_no_grad_records_nothing_and_restores_the_mode() -> None:
    w = Value(2.0)
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        y = w * 3 + 1
        s = autograd.dot([w], [4.0], 1.0)
    assert is_grad_enabled()
    assert (y.data, s.data) == (7.0, 9.0)
    assert y.parents == () and y.local_grads == () and y.is_leaf
    assert s.parents == ()
    assert (w * 3).parents[0] is w  # recording again


def test_enable_grad_records_again_inside_no_grad_and_restores() -> None:
    w = Value(2.0)
    with no_grad():
        with autograd.enable_grad():
            y = w * w
        z = w * w
    assert y.parents == (w, w) and z.parents == ()
    assert is_grad_enabled()  # back outside both blocks

    @autograd.enable_grad()
    def square(v: Value) -> Value:
        return v * v

    with no_grad():
        assert square(w).parents == (w, w)


def test_no_grad_is_restored_after_an_exception() -> None:
    with pytest.raises(ValueError), no_grad():
        Value(-1.0).log()
    assert is_grad_enabled()


def test_no_grad_nests() -> None:
    guard = no_grad()
    with no_grad():
        with guard, guard:  # the same object entered twice
            assert not is_grad_enabled()
        assert not is_grad_enabled()  # the inner exit must not switch recording back on
    assert is_grad_enabled()


def test_no_grad_as_a_decorator() -> None:
    @no_grad()
    def evaluate(v: Value) -> Value:
        """Docstring kept."""
        assert not is_grad_enabled()
        return v * v

    x = Value(3.0)
    y = evaluate(x)
    assert y.data == 9.0 and y.parents == ()
    assert is_grad_enabled()
    assert evaluate.__name__ == "evaluate" and evaluate.__doc__ == "Docstring kept."

    @no_grad()
    def fails() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fails()
    assert is_grad_enabled()


def test_detach_cuts_the_graph() -> None:
    x = Value(2.0, label="x")
    y = x * x
    d = y.detach()
    assert (d.data, d.label, d.parents, d.grad) == (4.0, y.label, (), 0.0)
    z = d * x  # dz/dx with d constant = d = 4, not 3x^2 = 12
    z.backward()
    assert x.grad == 4.0 and y.grad == 0.0
