"""Math functions that check their domain: the forwards (and the slope helpers) of the op table.

``math.log(-1.0)`` says ``math domain error`` and names nothing; these say which
operation failed, at which number, and what is allowed (``log() needs a positive
number, got -1.0``).  Each is the ``forward`` of one entry in ``autograd/ops.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd.numbers import Scalar, fmt


def div(a: float, b: float) -> float:
    """a / b, refusing b = 0 with a message that shows the division."""
    if b == 0.0:
        raise ZeroDivisionError(f"division by zero: {fmt(a)} / 0.0 (the divisor must not be 0)")
    return a / b


def exp(x: float) -> float:
    """e ** x, where a result too large for a float is inf (the overflow policy of ops.py)."""
    try:
        return math.exp(x)
    except OverflowError:  # the overflow policy (ops.py): too large for a float is inf
        return math.inf


def log_positive(x: float) -> float:
    """ln x, refusing x <= 0 with a message that names log and the number."""
    if x <= 0.0:
        raise ValueError(f"log() needs a positive number, got {fmt(x)}")
    return math.log(x)


def sqrt(x: float) -> float:
    """The square root of x, refusing x < 0 with a message that names sqrt and the number."""
    if x < 0.0:
        raise ValueError(f"sqrt() needs a number >= 0, got {fmt(x)}")
    return math.sqrt(x)


def finite(name: str, f: Callable[[float], float]) -> Callable[[float], float]:
    """f, refusing infinite inputs with a message that names the function."""

    def forward(x: float) -> float:
        if math.isinf(x):
            raise ValueError(f"{name}() needs a finite number, got {fmt(x)}")
        return f(x)

    return forward


def sigmoid(x: float) -> float:
    """1 / (1 + e^-x), for every float x: no overflow however large x is."""
    # Written in two halves so exp() only ever sees a number <= 0: no overflow at -1000.
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def pow_positive(a: float, b: float) -> float:
    """a ** b where the exponent b is itself a Value, so d/db = a**b * log(a) is needed."""
    if a <= 0.0:
        raise ValueError(
            f"x ** y with a Value exponent needs a positive base (the derivative with respect "
            f"to the exponent is x**y * log(x)), got base {fmt(a)}; use a plain number "
            "as the exponent if you do not need that derivative"
        )
    return float_power(a, b)


def float_power(x: float, p: float) -> float:
    """x ** p on floats, where a result too large for a float is ±inf.

    That is the overflow policy of ops.py, instead of Python's bare
    "(34, 'Numerical result out of range')".
    """
    try:
        return float(x**p)
    except OverflowError:
        negative = x < 0.0 and float(p).is_integer() and p % 2 == 1  # (-10) ** 401
        return -math.inf if negative else math.inf


def reciprocal_in_slope(x: float) -> float:
    """1 / x inside a derivative rule: +inf at 0, where a slope is vertical (√x at 0).

    The forward of ``ops.SLOPE_RECIPROCAL``; users' ``1 / x`` at 0 still raises.
    """
    return 1.0 / x if x != 0.0 else math.inf


def _reciprocal(x: Scalar) -> Scalar:
    # reciprocal_in_slope on a float, or recorded on a Value (as ops.SLOPE_RECIPROCAL, whose
    # own derivative -1/x² makes the second derivative at a vertical slope -inf, not 0)
    if isinstance(x, float | int):
        return reciprocal_in_slope(x)
    from autograd.nodes import apply
    from autograd.ops import SLOPE_RECIPROCAL  # ops and value import this module

    return apply(SLOPE_RECIPROCAL, x)


def power_in_slope(x: Scalar, p: Scalar) -> Scalar:
    """x ** p inside a derivative rule (the x^(n-1) of n·x^(n-1)).

    Too large for a float is inf, like every result (the overflow policy of ops.py); for
    p < 0 it is 1 / x^-p, so that 0 to a negative power is the vertical slope +inf
    (x ** 0.5 at 0), where a user's ``0 ** -0.5`` raises.  No branch on x: a graph
    recorded at x = 0 is valid at every x (``autograd.compile`` replays it).
    """
    if p < 0.0:
        return _reciprocal(_power(x, -p))
    return _power(x, p)


def _power(x: Scalar, p: Scalar) -> Scalar:
    if isinstance(x, float | int) and isinstance(p, float | int):
        return float_power(x, p)
    return x**p


def half_over(out: Scalar) -> Scalar:
    """1 / (2 out): the slope of √x read off its output out, +inf at 0 (a vertical slope)."""
    # on a Value, recorded through SLOPE_RECIPROCAL (see _reciprocal)
    return 0.5 * _reciprocal(out)
