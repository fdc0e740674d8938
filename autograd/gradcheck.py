"""Checking derivatives: ``gradcheck`` against central differences.

``gradcheck`` compares backpropagation with the oldest definition of a derivative there
is: nudge one input a tiny step ``eps`` up and down and see how much the result moves,
``(f(x + eps) - f(x - eps)) / (2 eps)`` (a *central difference*).  Use it on anything
you write yourself: a ``custom_op``'s partials rule, a loss, any function of a few inputs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from autograd.grad import grad, hessian
from autograd.grad_mode import enable_grad, no_grad
from autograd.numbers import Number, can_take, check_number, positional_count
from autograd.value import Value

R = TypeVar("R")


@dataclass
class GradcheckReport:
    """What ``gradcheck`` found: one row per input (per pair of inputs for 2nd order).

    Attributes:
        ok: True when every row is within tolerance.
        rows: (name, backprop value, central-difference value, error) per derivative.
        worst: the row with the largest error relative to its tolerance.
    """

    ok: bool
    rows: list[tuple[str, float, float, float]] = field(default_factory=list)
    worst: tuple[str, float, float, float] | None = None

    def __str__(self) -> str:
        head = "gradcheck passed" if self.ok else "gradcheck FAILED"
        lines = [head, f"{'derivative':<16}{'backprop':>22}{'central diff':>22}{'error':>12}"]
        for name, a, n, e in self.rows:
            lines.append(f"{name:<16}{a:>22.12g}{n:>22.12g}{e:>12.3g}")
        if self.worst is not None and not self.ok:
            name, a, n, e = self.worst
            lines.append(f"worst: {name}: backprop {a!r} vs central difference {n!r}")
        return "\n".join(lines)


class GradcheckError(AssertionError):
    """Raised by ``gradcheck`` when backprop and central differences disagree."""

    def __init__(self, report: GradcheckReport) -> None:
        super().__init__(str(report))
        self.report = report


def gradcheck(
    fn: Callable[..., Value],
    inputs: Sequence[Number | Value] | Number | Value,
    eps: float = 1e-6,
    rtol: float = 1e-6,
    atol: float = 1e-6,
    second_order: bool = False,
    raise_on_failure: bool = True,
) -> GradcheckReport:
    """Check ``fn``'s backprop derivatives against central differences.

    Args:
        fn: takes one Value per input and returns a Value.
        inputs: the point to check at, one number per argument of fn (or Values, whose
            data is used); a single number for a one-input fn.
        eps: the nudge used for central differences; for an input x with |x| > 1 it is
            eps * |x|, so the nudge stays far above the float rounding of x.
        rtol: relative tolerance: a derivative passes when
            ``|backprop - central| <= atol + rtol*|central|``.
        atol: absolute tolerance, in the same test.
        second_order: also check every second partial (the Hessian, built with
            ``create_graph=True``) against central differences of the gradient.
        raise_on_failure: raise :class:`GradcheckError` instead of returning a failed report.

    Returns:
        A :class:`GradcheckReport`; ``str(report)`` is a readable table.

    Raises:
        GradcheckError: on a mismatch, when ``raise_on_failure`` is True.
        TypeError: if fn does not return a Value or inputs are not numbers.
        ValueError: if eps is not positive, or a nudge by eps leaves fn's domain (the
            message says which input and where).
    """
    if isinstance(inputs, Value | int | float):  # gradcheck(f, 0.5): one input, no list
        inputs = [inputs]
    point = [x.data if isinstance(x, Value) else check_number(x, "gradcheck input") for x in inputs]
    takes = positional_count(fn)
    if takes is not None and takes != len(point) and not can_take(fn, len(point)):
        raise TypeError(
            f"gradcheck: fn takes {takes} input{'s' * (takes != 1)}, but inputs has "
            f"{len(point)} number{'s' * (len(point) != 1)} ({point}): give one number per "
            "argument of fn"
        )
    if not check_number(eps, "gradcheck eps") > 0.0:
        raise ValueError(f"gradcheck eps must be a positive number (the nudge), got {eps!r}")
    # A fixed nudge of 1e-6 on x = 1e5 is lost in rounding (x carries ~16 digits): scale it.
    steps = [eps * max(1.0, abs(x)) for x in point]

    def value_at(xs: list[float]) -> Value:
        return _call_fn(fn, [Value(x) for x in xs])

    def gradient_at(xs: list[float]) -> list[float]:
        leaves = [Value(x) for x in xs]
        return [g.data for g in grad(_recorded(fn, leaves), leaves)]

    def nudged(xs: list[float], i: int, step: float) -> list[float]:
        moved = list(xs)
        moved[i] += step
        return moved

    def at_nudge(compute: Callable[[list[float]], R], i: int, step: float) -> R:
        # fn at the point nudged along input i.  fn worked at the point itself, so an
        # error here comes from gradcheck's own nudge crossing the edge of fn's domain.
        moved = nudged(point, i, step)
        try:
            return compute(moved)
        except (ValueError, ZeroDivisionError, OverflowError) as error:
            sign = "+" if step > 0 else "-"
            raise ValueError(
                f"gradcheck's own nudge left fn's domain: fn works at x{i} = {point[i]!r}, "
                f"but its central difference also needs x{i} {sign} {abs(step)!r} = "
                f"{moved[i]!r}, where fn raised {type(error).__name__}: {error}.  Check a "
                "point farther than the nudge from the edge of the domain, or pass a "
                "smaller eps"
            ) from error

    rows: list[tuple[str, float, float, float]] = []
    analytic = gradient_at(point)
    for i, a in enumerate(analytic):
        with no_grad():
            up = at_nudge(value_at, i, steps[i]).data
            down = at_nudge(value_at, i, -steps[i]).data
        rows.append((f"d/dx{i}", a, (up - down) / (2 * steps[i]), 0.0))
    if second_order:
        leaves = [Value(x) for x in point]
        table = hessian(_recorded(fn, leaves), leaves)
        for j in range(len(point)):
            up_g = at_nudge(gradient_at, j, steps[j])
            down_g = at_nudge(gradient_at, j, -steps[j])
            for i in range(len(point)):
                central = (up_g[i] - down_g[i]) / (2 * steps[j])
                rows.append((f"d2/dx{i}dx{j}", table[i][j], central, 0.0))

    scored = []
    worst_ratio = -1.0
    worst = None
    for name, a, n, _ in rows:
        error = abs(a - n)
        ratio = _times_over(error, atol + rtol * abs(n))
        row = (name, a, n, error)
        scored.append(row)
        if ratio > worst_ratio:
            worst_ratio, worst = ratio, row
    report = GradcheckReport(ok=worst_ratio <= 1.0, rows=scored, worst=worst)
    if not report.ok and raise_on_failure:
        raise GradcheckError(report)
    return report


def _recorded(fn: Callable[..., Value], leaves: list[Value]) -> Value:
    """fn's graph, recorded even when gradcheck is called inside no_grad()."""
    with enable_grad():
        return _call_fn(fn, leaves)


def _times_over(error: float, allowed: float) -> float:
    """How many times its tolerance an error is (<= 1 passes); exact checks allow 0."""
    if not math.isfinite(error):
        return math.inf
    if allowed > 0.0:
        return error / allowed
    return 0.0 if error == 0.0 else math.inf


def _call_fn(fn: Callable[..., Value], leaves: list[Value]) -> Value:
    """fn applied to the leaves, checked to return a Value."""
    result = fn(*leaves)
    if not isinstance(result, Value):
        raise TypeError(f"gradcheck: fn must return a Value, got {type(result).__name__}")
    return result
