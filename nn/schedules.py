"""Learning-rate schedules: the step size as training goes on.

Big steps early cover ground fast; small steps late settle into a minimum instead of
bouncing around it.  A schedule is a callable ``schedule(step) -> lr`` (step = 0, 1, 2,
...); the trainer sets ``optimizer.lr = schedule(step)`` before each step or epoch.

* ``Constant(lr)``: lr at every step.
* ``LinearDecay(start, end, steps)``: a straight line from start to end over ``steps``,
  then end.  micrograd's demo is ``LinearDecay(1.0, 0.1, 100)``: 1.0 - 0.9 * k / 100.
* ``StepDecay(lr, step_size, gamma)``: multiply by gamma every ``step_size`` steps.
* ``Exponential(lr, gamma)``: lr * gamma^k, a little smaller every step.
* ``Cosine(lr, steps, min_lr)``: half a cosine wave from lr down to min_lr over
  ``steps``, then min_lr.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nn.scalars import is_real, whole_number


def _positive(value: float, what: str, allow_zero: bool = False) -> None:
    ok_type = is_real(value)
    if not ok_type or not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        sign = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{what} must be a finite number {sign}, got {value!r}")


def _decay_factor(gamma: float, what: str) -> None:
    # gamma > 1 would make the rate grow without end (and overflow), not decay.
    _positive(gamma, what)
    if gamma > 1:
        raise ValueError(
            f"{what} must be in (0, 1] so the rate decays (1 keeps it constant), got {gamma!r}"
        )


def _not_above(low: float, low_name: str, high: float, high_name: str) -> None:
    # The rate goes from high down to low; the other way round it would rise.
    if low > high:
        raise ValueError(
            f"{low_name} ({low!r}) must not be above {high_name} ({high!r}): the rate "
            f"goes down from {high_name} to {low_name}"
        )


def _count(value: int, what: str) -> None:
    whole = whole_number(value)  # an int, or a numpy integer
    if whole is None or whole < 1:
        raise ValueError(f"{what} must be a whole number >= 1, got {value!r}")


def _check_step(step: int) -> int:
    """Return step as an int; a ValueError unless it is a whole number >= 0."""
    whole = whole_number(step)
    if whole is None or whole < 0:
        raise ValueError(f"a schedule's step must be a whole number >= 0, got {step!r}")
    return whole


@dataclass(frozen=True)
class Constant:
    """The same learning rate at every step."""

    lr: float

    def __post_init__(self) -> None:
        _positive(self.lr, "Constant lr")

    def __call__(self, step: int) -> float:
        """The rate at ``step`` (0, 1, 2 ...): ``lr``, whatever the step."""
        _check_step(step)
        return float(self.lr)


@dataclass(frozen=True)
class LinearDecay:
    """From ``start`` to ``end`` in a straight line over ``steps`` steps, then ``end``.

    lr(k) = start + (end - start) * min(k, steps) / steps.  ``end`` may be 0: the
    last steps then barely move the weights, and steps past the end not at all.  ``end``
    may not be above ``start``: the rate only goes down.
    """

    start: float
    end: float
    steps: int

    def __post_init__(self) -> None:
        _positive(self.start, "LinearDecay start")
        _positive(self.end, "LinearDecay end", allow_zero=True)  # like Cosine's min_lr
        _not_above(self.end, "LinearDecay end", self.start, "LinearDecay start")
        _count(self.steps, "LinearDecay steps")

    def __call__(self, step: int) -> float:
        """The rate at ``step`` (0, 1, 2 ...): ``start`` at 0, ``end`` from ``steps`` on."""
        k = min(_check_step(step), self.steps)
        return self.start + (self.end - self.start) * k / self.steps


@dataclass(frozen=True)
class StepDecay:
    """Multiply the rate by ``gamma`` every ``step_size`` steps: lr * gamma^(k // step_size).

    ``gamma`` is in (0, 1]: the rate decays (or, at 1, stays as it is).
    """

    lr: float
    step_size: int
    gamma: float = 0.1

    def __post_init__(self) -> None:
        _positive(self.lr, "StepDecay lr")
        _count(self.step_size, "StepDecay step_size")
        _decay_factor(self.gamma, "StepDecay gamma")

    def __call__(self, step: int) -> float:
        """The rate at ``step`` (0, 1, 2 ...): ``lr`` for the first ``step_size`` steps."""
        return self.lr * self.gamma ** (_check_step(step) // self.step_size)


@dataclass(frozen=True)
class Exponential:
    """Multiply the rate by ``gamma`` every step: lr * gamma^k, with ``gamma`` in (0, 1]."""

    lr: float
    gamma: float

    def __post_init__(self) -> None:
        _positive(self.lr, "Exponential lr")
        _decay_factor(self.gamma, "Exponential gamma")

    def __call__(self, step: int) -> float:
        """The rate at ``step`` (0, 1, 2 ...): ``lr`` at 0, gamma times smaller each step."""
        return self.lr * self.gamma ** _check_step(step)


@dataclass(frozen=True)
class Cosine:
    """Half a cosine from ``lr`` down to ``min_lr`` over ``steps`` steps, then ``min_lr``.

    lr(k) = min_lr + (lr - min_lr) * (1 + cos(pi * min(k, steps) / steps)) / 2, with
    ``min_lr`` not above ``lr``.
    """

    lr: float
    steps: int
    min_lr: float = 0.0

    def __post_init__(self) -> None:
        _positive(self.lr, "Cosine lr")
        _count(self.steps, "Cosine steps")
        _positive(self.min_lr, "Cosine min_lr", allow_zero=True)
        _not_above(self.min_lr, "Cosine min_lr", self.lr, "Cosine lr")

    def __call__(self, step: int) -> float:
        """The rate at ``step`` (0, 1, 2 ...): ``lr`` at 0, ``min_lr`` from ``steps`` on."""
        k = min(_check_step(step), self.steps)
        fraction = (1.0 + math.cos(math.pi * k / self.steps)) / 2.0  # 1 at k = 0, 0 at the end
        return self.min_lr + (self.lr - self.min_lr) * fraction
