"""What users extend the engine with: ``custom_op``.

``custom_op`` turns a forward function and its derivative rule into an operation that
works on Values, shows in graph pictures under its own name, and (when its rule is
written with Value-friendly operations) can be differentiated again.  Check the rule
with ``autograd.gradcheck`` (in ``autograd/gradcheck.py``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

from autograd.nodes import apply
from autograd.numbers import Number, Scalar, as_float, can_take, positional_count
from autograd.op import Op
from autograd.value import Value


class CustomOp:
    """A user-defined operation, callable on Values and numbers.

    Made by :func:`custom_op`; ``.op`` is the underlying table-style :class:`Op`.
    """

    def __init__(self, op: Op) -> None:
        self.op = op

    def __call__(self, *inputs: Value | Number) -> Value:
        """Apply the op: a node recording it, whose local derivatives are the op's rule.

        Raises:
            TypeError: for the wrong number of inputs, or an input that is not a number.
        """
        arity = self.op.arity
        if arity is not None and len(inputs) != arity:
            raise TypeError(
                f"custom op {self.op.name!r} takes {arity} input{'s' * (arity != 1)}, "
                f"got {len(inputs)}"
            )
        return apply(self.op, *inputs)

    def __repr__(self) -> str:
        return f"custom_op({self.op.name!r})"


def custom_op(
    name: str,
    forward: Callable[..., float],
    local_grads: Callable[..., Scalar],
    symbol: str | None = None,
) -> CustomOp:
    """Define your own operation with its derivative (the article's "define your own ReLU").

    Args:
        name: shown in errors and graph pictures.
        forward: computes the result from plain floats, e.g. ``lambda x: max(x, 0.0)``.
        local_grads: the local partial derivatives, called as ``local_grads(out, *inputs)``,
            returning one number per input (or a single number for one input).  It is
            called with floats during the forward pass; to use the op with
            ``grad(..., create_graph=True)`` write it with operations that also work on
            Values (``+ - * / **``, comparisons, ``x.exp()``, ``autograd.numbers.cos``...).
        symbol: short text for pictures (defaults to ``name``).

    Returns:
        A callable ``op(*inputs) -> Value``.

    Raises:
        TypeError: if name is not a non-empty str, forward/local_grads are not callable,
            or local_grads cannot take ``out`` followed by one argument per input.

    Example:
        >>> from autograd import Value, custom_op
        >>> square = custom_op("square", lambda x: x * x, lambda out, x: 2 * x)
        >>> y = square(Value(3.0))
        >>> y.backward()
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"custom_op name must be a non-empty str, got {name!r}")
    for what, fn in (("forward", forward), ("local_grads", local_grads)):
        if not callable(fn):
            raise TypeError(f"custom op {name!r}: {what} must be callable, got {fn!r}")
    arity = positional_count(forward)
    if arity is None:
        # forward takes *args (math.hypot does): count the rule's inputs after ``out``.
        from_rule = positional_count(local_grads)
        arity = from_rule - 1 if from_rule else None
    if arity is not None and not can_take(local_grads, arity + 1):
        raise TypeError(
            f"custom op {name!r}: local_grads is called as local_grads(out, *inputs), with "
            f"{arity + 1} arguments (the result, then the {arity} input"
            f"{'s' * (arity != 1)}), but it cannot take {arity + 1}: {_signature(local_grads)}"
        )

    def checked_forward(*xs: float) -> float:
        try:
            result = forward(*xs)
        except _DOMAIN_ERRORS as error:  # math's "math domain error" names nothing
            if type(error) not in _DOMAIN_ERRORS:  # a subclass: leave it as it is
                raise
            raise _renamed(error, name, f"forward({_listed(xs)})", "op") from error
        except AttributeError as error:  # x.tanh() on a float: forward written for Values
            raise TypeError(
                f"custom op {name!r}: forward is called with plain floats ({_listed(xs)}), "
                f"not Values ({error}); write it with the math module: math.tanh(x), "
                "math.exp(x), ..."
            ) from error
        if isinstance(result, bool) or not isinstance(result, int | float):
            raise TypeError(
                f"custom op {name!r}: forward must return an int or a float, "
                f"got {type(result).__name__}: {result!r}"
            )
        if result != result and all(x == x for x in xs):  # NaN made from numbers, not passed on
            raise ValueError(
                f"custom op {name!r}: forward({_listed(xs)}) returned nan (such as inf - inf "
                "or 0 * inf inside it); a nan would spread silently through everything after"
            )
        return float(result)

    def checked_local_grads(out: Scalar, *xs: Scalar) -> tuple[Scalar, ...]:
        on_values = isinstance(out, Value)
        try:
            result = local_grads(out, *xs)
        except _DOMAIN_ERRORS as error:  # e.g. sqrt's slope 1 / (2 sqrt(x)) at x = 0
            if type(error) not in _DOMAIN_ERRORS:  # a subclass: leave it as it is
                raise
            raise _renamed(
                error, name, f"local_grads({_listed((out, *xs))})", "derivative"
            ) from error
        except TypeError as error:
            if not on_values:
                raise
            raise TypeError(
                f"custom op {name!r}: its local_grads rule does not work on Values ({error}). "
                "To differentiate it again (create_graph=True), write the rule with "
                "operations Values support: + - * / **, comparisons, .exp(), .tanh() ..."
            ) from error
        local = tuple(result) if isinstance(result, tuple | list) else (result,)
        if len(local) != len(xs):
            raise ValueError(
                f"custom op {name!r}: local_grads returned {len(local)} derivative"
                f"{'s' * (len(local) != 1)} for {len(xs)} input{'s' * (len(xs) != 1)}"
            )
        for d in local:
            if not isinstance(d, int | float | Value):  # e.g. None from a missing return
                raise TypeError(
                    f"custom op {name!r}: local_grads must return numbers (one per input), "
                    f"got {type(d).__name__}: {d!r}"
                )
        if on_values:
            return local
        return tuple(as_float(d) for d in local)

    return CustomOp(
        Op(
            name=name,
            forward=checked_forward,
            local_grads=checked_local_grads,
            symbol=symbol or name,
            arity=arity,
        )
    )


# What math raises outside a function's domain (log(-1), exp(1000), 1 / 0).  Only these
# exact types are renamed: a user's own exception class may not take one message.
_DOMAIN_ERRORS = (ValueError, ZeroDivisionError, OverflowError)


def _renamed(error: Exception, name: str, call: str, what: str) -> Exception:
    """The same kind of error, saying which custom op and which inputs caused it."""
    return type(error)(
        f"custom op {name!r}: {call} failed: {error} (the {what} is not defined, or too "
        "big for a float, at this input)"
    )


def _listed(args: Sequence[Scalar]) -> str:
    return ", ".join(repr(a.data if isinstance(a, Value) else a) for a in args)


def _signature(fn: Callable[..., object]) -> str:
    try:
        return f"{getattr(fn, '__name__', 'local_grads')}{inspect.signature(fn)}"
    except (TypeError, ValueError):
        return repr(fn)
