"""Shared test utilities: float64 reference derivatives and closeness checks.

Everything here works on plain floats and knows nothing of ``autograd``, so it can judge
the engine independently.  The derivative helpers use *central differences*: nudge one
input a small step ``h`` up and down and measure the slope.  The five-point stencil

    f'(x) ~ (f(x - 2h) - 8 f(x - h) + 8 f(x + h) - f(x + 2h)) / (12 h)

has an error of order h^4 (the plain two-point one, order h^2), so with h = 1e-3 it
agrees with the true derivative to about 1e-10 relative for smooth functions: tight
enough to hold the engine to a 1e-6 relative tolerance.  Keep the inputs at least
``2 h`` away from kinks (relu and abs at 0) and singularities.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

FloatFn = Callable[..., float]

STEP = 1e-3
"""Default central-difference step (scaled up for large inputs)."""

RTOL = 1e-6
"""Relative tolerance for backprop against central differences."""

ATOL = 1e-8
"""Absolute tolerance, for derivatives that are (nearly) zero."""


def step_for(x: float, h: float = STEP) -> float:
    """The step used at x: h, scaled with |x| above 1 so that x + h differs from x."""
    return h * max(1.0, abs(x))


def central_difference(
    f: FloatFn, xs: Sequence[float], i: int, h: float = STEP, points: int = 5
) -> float:
    """d f / d xs[i] at the point xs, by central differences in float64.

    Args:
        f: a function of ``len(xs)`` floats returning a float.
        xs: the point.
        i: which input to nudge.
        h: the step (scaled with |xs[i]| above 1).
        points: 5 for the fourth-order stencil, 2 for the classic
            ``(f(x + h) - f(x - h)) / (2 h)``.

    Returns:
        The estimated partial derivative.
    """
    step = step_for(xs[i], h)

    def at(k: float) -> float:
        moved = list(xs)
        moved[i] = xs[i] + k * step
        return float(f(*moved))

    if points == 2:
        return (at(1) - at(-1)) / (2 * step)
    if points == 5:
        return (at(-2) - 8 * at(-1) + 8 * at(1) - at(2)) / (12 * step)
    raise ValueError(f"points must be 2 or 5, got {points!r}")


def numeric_gradient(f: FloatFn, xs: Sequence[float], h: float = STEP) -> list[float]:
    """Every partial derivative of f at xs, by central differences."""
    return [central_difference(f, xs, i, h) for i in range(len(xs))]


def numeric_jacobian(
    grad_fn: Callable[..., Sequence[float]], xs: Sequence[float], h: float = STEP
) -> list[list[float]]:
    """Central differences of a vector function: row i is d grad_fn(xs)[i] / d xs.

    Used on a gradient function to get the Hessian (second derivatives).
    """
    n = len(grad_fn(*xs))
    return [
        [central_difference(lambda *p, i=i: grad_fn(*p)[i], xs, j, h) for j in range(len(xs))]
        for i in range(n)
    ]


def close(actual: float, expected: float, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """True when ``|actual - expected| <= atol + rtol * |expected|`` (both finite)."""
    if not (math.isfinite(actual) and math.isfinite(expected)):
        return actual == expected
    return abs(actual - expected) <= atol + rtol * abs(expected)


def assert_close(
    actual: Sequence[float] | float,
    expected: Sequence[float] | float,
    rtol: float = RTOL,
    atol: float = ATOL,
    what: str = "",
) -> None:
    """Assert two numbers (or two equally long lists of numbers) are close, saying where not."""
    a_list = [actual] if isinstance(actual, int | float) else list(actual)
    e_list = [expected] if isinstance(expected, int | float) else list(expected)
    assert len(a_list) == len(e_list), f"{what}: {len(a_list)} values vs {len(e_list)} expected"
    for k, (a, e) in enumerate(zip(a_list, e_list)):
        assert close(a, e, rtol, atol), (
            f"{what}[{k}]: got {a!r}, expected {e!r} (difference {abs(a - e):.3g}, "
            f"allowed {atol + rtol * abs(e):.3g})"
        )
