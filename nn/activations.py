"""Activation functions: the bend after each neuron's weighted sum.

Without a bend, a stack of layers is still one straight-line (linear) function, however
deep it is; ``relu``, ``tanh``, ``sigmoid`` and ``leaky_relu`` are what let a network
draw curves.  Each activation comes in two versions that compute exactly the same
numbers:

* on Values, recording a graph node so training can backpropagate through it;
* on plain floats, for the fast forward pass used by prediction and plots.

The float versions reuse the engine's own op table (``autograd.ops``), so the two paths
agree to the last bit.  Any callable ``Value -> Value`` can also be used as an
activation; its float version wraps the number in a Value under ``no_grad``.  It is
tried once on ``Value(0.5)`` when a model is built, so a function that returns a plain
number is refused then, not at the first training step.
"""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value, no_grad, ops
from autograd.op import Op

ValueFn = Callable[[Value], Value]
FloatFn = Callable[[float], float]
Activation = str | ValueFn
"""An activation given by name (``"relu"``) or as any callable ``Value -> Value``."""

LEAKY_SLOPE = 0.01
"""The slope of ``leaky_relu`` for negative inputs (the article's 0.01x)."""

_LEAKY = ops.leaky_relu(LEAKY_SLOPE)


def _identity(x: Value) -> Value:
    # linear: no node at all, the weighted sum is the output.
    return x


def _identity_float(x: float) -> float:
    return x


ACTIVATIONS: dict[str, tuple[ValueFn, FloatFn]] = {
    "relu": (Value.relu, ops.RELU.forward),
    "tanh": (Value.tanh, ops.TANH.forward),
    "sigmoid": (Value.sigmoid, ops.SIGMOID.forward),
    "leaky_relu": (lambda v: v.leaky_relu(LEAKY_SLOPE), _LEAKY.forward),
    "linear": (_identity, _identity_float),
}
"""Every named activation: name -> (function on Values, the same function on floats)."""

FUSED: dict[str, Op] = {
    "relu": ops.RELU,
    "tanh": ops.TANH,
    "sigmoid": ops.SIGMOID,
    "leaky_relu": _LEAKY,
}
"""The named activations a neuron applies inside its own dot node, ``act(w·x + b)`` as
ONE graph node (``autograd.dot(w, x, b, activation=op)``): their slope can be read off
their output, so the node needs nothing else stored.  ``linear`` needs no activation at
all, and a custom function gets a node of its own after the dot node."""


def _custom_value(fn: ValueFn) -> ValueFn:
    """A user's Value -> Value function, checked to return a Value every time it runs.

    A function that returns a plain number (``lambda v: max(v.data, 0)``) would cut the
    graph: backward could not reach the weights, and training would fail much later
    with a puzzling error, or silently not learn.
    """

    def on_value(x: Value) -> Value:
        return _must_be_value(fn, fn(x))

    return on_value


def _custom_float(fn: ValueFn) -> FloatFn:
    """The float version of a user's Value -> Value function (wrap, call, unwrap)."""

    def on_float(x: float) -> float:
        with no_grad():
            return _must_be_value(fn, fn(Value(x))).data

    return on_float


def _must_be_value(fn: ValueFn, out: object) -> Value:
    if not isinstance(out, Value):
        raise TypeError(
            f"custom activation {_name_of(fn)} must return a Value, "
            f"got {type(out).__name__}: {out!r}"
        )
    return out


def _name_of(fn: object) -> str:
    return getattr(fn, "__name__", None) or repr(fn)


def display_name(activation: Activation) -> str:
    """An activation's name for pictures and messages.

    Args:
        activation: a name from ``ACTIVATIONS``, or a function Value -> Value.

    Returns:
        The name itself (``"relu"``), a function's own name (``"swish"``), or
        ``"custom"`` for a lambda, which has none.
    """
    if isinstance(activation, str):
        return activation
    name = getattr(activation, "__name__", "")
    return name if name and name != "<lambda>" else "custom"


def resolve(activation: Activation) -> tuple[str, ValueFn, FloatFn]:
    """Look an activation up by name, or accept a callable.

    Args:
        activation: one of the names in ``ACTIVATIONS`` or a callable ``Value -> Value``.

    Returns:
        ``(name, function on Values, function on floats)``; the name of a callable is
        ``"custom"``, and both its versions raise a TypeError if it returns anything
        but a Value.  A callable is tried once, on ``Value(0.5)``.

    Raises:
        ValueError: for an unknown name (the message lists the allowed names).
        TypeError: for anything that is neither a str nor callable, or a callable
            that does not return a Value.
    """
    if isinstance(activation, str):
        if activation not in ACTIVATIONS:
            allowed = ", ".join(sorted(ACTIVATIONS))
            raise ValueError(
                f"unknown activation {activation!r}; use one of {allowed}, "
                "or pass a function that takes a Value and returns a Value"
            )
        on_value, on_float = ACTIVATIONS[activation]
        return activation, on_value, on_float
    if callable(activation):
        on_value = _custom_value(activation)
        with no_grad():  # a try-out: nothing to record
            on_value(Value(0.5))
        return "custom", on_value, _custom_float(activation)
    raise TypeError(
        f"activation must be a name ({', '.join(sorted(ACTIVATIONS))}) or a function "
        f"Value -> Value, got {type(activation).__name__}: {activation!r}"
    )
