"""Plain numbers: what a Value accepts, and helpers that work on floats and Values alike.

The op table's derivative rules are written once and run on two kinds of number: plain
floats (the fast path, at forward time) and Values (to build a graph of the derivative
itself, for second and higher derivatives).  The helpers here (``cos``, ``sin``,
``log``, ``relu_slope``, ``sign``) are what lets one rule serve both: on a float they
call ``math``, on a Value they call its method, which records the operation.
"""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias, overload

if TYPE_CHECKING:
    from autograd.value import Value

Number: TypeAlias = "float | int"
"""Plain numbers that Values accept: ``int`` and ``float`` (not ``bool``), and any other
real number (``numbers.Real``: numpy's float32, int64 ..., ``fractions.Fraction``)."""

Scalar: TypeAlias = "float | Value"
"""What a derivative rule computes with: a float on the fast path, a Value when the
derivative is itself recorded (``grad(..., create_graph=True)``)."""


def check_number(data: object, what: str = "Value") -> float:
    """Return data as a float, or raise an error that says what is allowed.

    Args:
        data: the number to check.
        what: who asks, for the message (``"backward() gradient"``).

    Returns:
        ``data`` as a float.

    Raises:
        TypeError: for anything but a real number (bool, str, None, complex, a Value...).
        OverflowError: for an int beyond the float range.
    """
    tolist = getattr(data, "tolist", None)  # a numpy scalar: the Python number inside
    if callable(tolist) and not isinstance(plain := tolist(), list):
        data = plain
    # int and float first (the common case), then any numbers.Real: numpy registers its
    # scalars there (np.float32, np.int64), and autograd must not import numpy.
    if isinstance(data, bool) or not isinstance(data, int | float | numbers.Real):
        hint = " (use .data to get the number inside a Value)" if hasattr(data, "grad") else ""
        raise TypeError(
            f"{what} needs an int or a float, got {type(data).__name__}: {data!r}{hint}"
        )
    try:
        return float(data)
    except OverflowError:  # an int beyond the float range (about 1.8e308)
        bits = f" ({data.bit_length()} bits;" if isinstance(data, int) else " ("
        raise OverflowError(
            f"{what} got an int too large for a float{bits} floats end near 1.8e308)"
        ) from None


def as_float(x: Scalar) -> float:
    """The plain number inside x, whether x is a float or a Value (its ``data``)."""
    return float(x) if isinstance(x, float | int) else float(x.data)


def fmt(x: float) -> str:
    """A number as error messages show it (``-1.0``, ``inf``)."""
    return repr(float(x))


def _call(x: Scalar, name: str) -> Scalar:
    if isinstance(x, float | int):
        result: float = getattr(math, name)(x)
        return result
    method: Callable[[], Value] = getattr(x, name)
    return method()


def cos(x: Scalar) -> Scalar:
    """cos on a float or a Value."""
    return _call(x, "cos")


def sin(x: Scalar) -> Scalar:
    """sin on a float or a Value."""
    return _call(x, "sin")


def log(x: Scalar) -> Scalar:
    """Natural log on a float or a Value."""
    return _call(x, "log")


@overload
def times(local: float, g: float) -> float: ...
@overload
def times(local: Scalar, g: Scalar) -> Scalar: ...
def times(local: Scalar, g: Scalar) -> Scalar:
    """``local * g``, the chain rule's product, where a zero factor stops the gradient.

    A node whose local derivative is 0 does not move when its parent moves, so nothing
    flows back through that edge, however large (even infinite) the gradient arriving
    is: ``relu(-1)`` then ``sqrt`` passes 0 back, not ``0 * inf = nan``.  The same holds
    the other way round (a zero gradient through an infinite slope).  Every chain-rule
    product of the engine follows this rule: ``backward``, ``grad`` on floats and on
    Values, the fused ops and ``autograd.compile``.

    On Values (``create_graph=True``) the product is recorded as an op of its own,
    ``ops.CHAIN`` (a product whose forward is this rule), so that its derivative is kept
    (``2x`` is 0 at x = 0 but its slope is not) and a replay of the recorded derivative
    by ``autograd.compile`` follows the rule at every point.
    """
    if isinstance(local, float | int) and isinstance(g, float | int):
        if (local == 0.0 or g == 0.0) and local * g != local * g:  # 0 * inf or 0 * nan
            return 0.0
        return local * g
    from autograd.nodes import apply
    from autograd.ops import CHAIN  # ops and value import this module

    return apply(CHAIN, local, g)


def relu_slope(x: Scalar) -> float:
    """1.0 where x > 0, else 0.0: the local derivative of relu.  A constant.

    Its own derivative is 0 everywhere it exists, so returning a plain float (no graph)
    is exact for every higher derivative too.  ``x > 0.0`` works on both kinds of
    number: a Value's comparisons look at its ``.data``.
    """
    return 1.0 if x > 0.0 else 0.0


def sign(x: Scalar) -> float:
    """-1.0, 0.0 or 1.0: the local derivative of abs (0 at 0, by convention).  A constant.

    Compared as x itself, not as_float(x): a Value's comparisons are written down while
    ``autograd.compile`` records, so a replay on the other side of 0 is noticed.
    """
    return 1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0)


def positional_count(fn: Callable[..., object]) -> int | None:
    """How many positional inputs fn requires, or None if it takes *args (or we cannot tell)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    count = 0
    for p in params:
        if p.kind is p.VAR_POSITIONAL:
            return None
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty:
            count += 1
    return count


def can_take(fn: Callable[..., object], n: int) -> bool:
    """Whether fn accepts n positional arguments (True when we cannot tell)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return True
    try:
        signature.bind(*range(n))
    except TypeError:
        return False
    return True
