"""compile's arguments: floats in, Values for the recording, gradients back in their shape.

A compiled function takes numbers, and lists or tuples of them, nested as you like.
``flatten`` reads the floats out in order (what a replay computes on) and the rest
(ints, strings, the shapes), which must be the recording's for a replay to fit;
``as_values`` makes each float a Value for the engine; ``unflatten`` puts the
gradients back in the arguments' shape.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from itertools import islice
from typing import Any

from autograd.value import Value


def int_hint(args: tuple[Any, ...]) -> str:
    """Why fn may have returned a number: it was given an int, say f(3) for f(3.0)."""
    if any(type(item) is int for item in flatten(args)[1]):
        return " (only float arguments arrive as Values: write 3.0, not 3)"
    return ""


def _all_floats(item: list[Any] | tuple[Any, ...]) -> bool:
    return set(map(type, item)) == {float}  # at C speed: data lists are long


def _is_float(item: Any) -> bool:
    """True for a float argument, which arrives in fn as a Value.

    That is a float, or any real number that is not a whole-number type (numpy's
    float64 and float32).  Ints stay fixed (labels).
    """
    if type(item) is float:
        return True
    return isinstance(item, numbers.Real) and not isinstance(item, numbers.Integral)


def flatten(args: Any) -> tuple[list[float], list[Any]]:
    """The float leaves of args in order, and everything else (with the shape) to compare."""
    floats: list[float] = []
    fixed: list[Any] = []
    stack = [args]
    while stack:
        item = stack.pop()
        if _is_float(item):
            floats.append(float(item))
            fixed.append(float)
        elif isinstance(item, list | tuple) and _all_floats(item):
            floats.extend(item)
            fixed.append((type(item), len(item), float))
        elif isinstance(item, list | tuple) and item and all(map(_is_float, item)):
            floats.extend(map(float, item))  # numpy's floats among them: as above
            fixed.append((type(item), len(item), float))
        elif isinstance(item, list | tuple):
            fixed.append((type(item), len(item)))
            stack.extend(reversed(item))
        else:
            fixed.append(item)
    return floats, fixed


def same_fixed(now: list[Any], then: list[Any]) -> bool:
    """Whether the arguments that are not floats are those of the recording.

    Each pair is the same object, or of one type and equal.  ``==`` on a numpy array
    answers an array, whose truth is an error: such an answer counts as equal only if
    all of it is true (``.all()``) and the shapes agree.
    """
    if len(now) != len(then):
        return False
    for a, b in zip(now, then):
        if a is b:
            continue
        if type(a) is not type(b) or getattr(a, "shape", None) != getattr(b, "shape", None):
            return False
        try:
            equal = a == b
            if not isinstance(equal, bool):
                equal = equal.all() if hasattr(equal, "all") else bool(equal)
        except Exception:  # an == that cannot answer: not the same
            return False
        if not equal:
            return False
    return True


def as_values(args: tuple[Any, ...]) -> tuple[tuple[Any, ...], list[Value]]:
    """args with each float made a Value, and those Values in flatten's order."""
    made: list[Value] = []
    return tuple(_convert(a, made) for a in args), made


def _convert(item: Any, made: list[Value]) -> Any:
    # A module-level function, not a closure: a closure that calls itself is a reference
    # cycle, garbage for the cycle collector on every call (pigrad makes none).
    if _is_float(item):
        made.append(Value(float(item)))
        return made[-1]
    if isinstance(item, list | tuple):
        return type(item)(_convert(x, made) for x in item)
    return item


def unflatten(args: tuple[Any, ...], grads: list[float]) -> tuple[Any, ...]:
    """grads (one per float of args, in flatten's order) in the shape of args."""
    rest = iter(grads)
    return tuple(_rebuild(a, rest) for a in args)


def _rebuild(item: Any, rest: Iterator[float]) -> Any:
    """item's shape filled with the next gradients from rest (None where no float)."""
    if _is_float(item):
        return next(rest)
    if isinstance(item, list | tuple) and _all_floats(item):
        part = list(islice(rest, len(item)))
        return part if type(item) is list else type(item)(part)
    if isinstance(item, list | tuple):
        return type(item)(_rebuild(x, rest) for x in item)
    return None
