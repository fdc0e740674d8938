"""Math functions that check their domain: the forwards (and two slope helpers) of the op table.

``math.log(-1.0)`` says ``math domain error`` and names nothing; these say which
operation failed, at which number, and what is allowed (``log() needs a positive
number, got -1.0``).  Each is the ``forward`` of one entry in ``autograd/ops.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd.numbers import Scalar, as_float, fmt


def div(a: float, b: float) -> float:
    if b == 0.0:
        raise ZeroDivisionError(f"division by zero: {fmt(a)} / 0.0 (the divisor must not be 0)")
    return a / b


def exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowError(
            f"exp() overflowed: exp({fmt(x)}) is larger than the biggest float "
            "(inputs above about 709.78 overflow)"
        ) from None


def log_positive(x: float) -> float:
    if x <= 0.0:
        raise ValueError(f"log() needs a positive number, got {fmt(x)}")
    return math.log(x)


def sqrt(x: float) -> float:
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
    try:
        return float(a**b)
    except OverflowError:
        raise OverflowError(f"pow overflowed: {fmt(a)} ** {fmt(b)} is too large") from None


def power_in_slope(x: Scalar, p: Scalar, shown: str) -> Scalar:
    # x ** p inside a derivative rule.  A result can fit in a float while its slope does
    # not (1e-200 ** -1 = 1e200, slope -1e400): name the op instead of letting Python
    # raise its bare "(34, 'Numerical result out of range')".
    try:
        return x**p
    except OverflowError:
        raise OverflowError(
            f"the derivative of {shown} at x = {fmt(as_float(x))} is too large for a float "
            f"(x ** {as_float(p)!r} overflows)"
        ) from None


def half_over(out: Scalar) -> Scalar:
    # 1 / (2 out), with the infinite slope of sqrt at 0 reported as inf, not an exception.
    return 0.5 / out if as_float(out) != 0.0 else math.inf
