"""The playground's set-up (data, features, network, training) and the checks on it.

Everything a client may change arrives as JSON and goes through ``updated`` here: each
field has one checker that either returns the cleaned value or raises ``BadInput``
naming the field and what is allowed.  The server turns ``BadInput`` into a 400
answer, so nothing unchecked reaches the training code.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CLASSIFICATION = ("xor", "circles", "moons", "spirals", "gaussian")
REGRESSION = ("pig_sales", "plane")
DATASETS = CLASSIFICATION + REGRESSION
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "cos(x1)", "cos(x2)")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear", "leaky_relu")
REGULARIZATIONS = ("none", "l1", "l2")
MAX_POINTS = 2000
MAX_LAYERS = 6
MAX_NEURONS = 8
MAX_SEED = 2**31 - 1
MAX_BATCH = 100
"""Samples per step at most: the training thread checks for pause between steps, so a
step must stay short, even for the largest network on the most points."""


class BadInput(ValueError):
    """A client sent something not allowed: which field, and what is allowed."""

    def __init__(self, field: str, allowed: str, got: object) -> None:
        shown = repr(got)
        if len(shown) > 60:  # never echo a huge input back
            shown = shown[:57] + "..."
        super().__init__(f"{field} must be {allowed}, got {shown}")
        self.field = field
        self.allowed = allowed


@dataclass
class Settings:
    """One playground set-up; the page keeps it in its URL, so a link reproduces it."""

    dataset: str = "circles"
    noise: int = 0  # percent
    train_percent: int = 50
    points: int = 200
    batch_size: int = 10
    features: list[str] = field(default_factory=lambda: ["x1", "x2"])
    hidden: list[int] = field(default_factory=lambda: [4, 2])
    activation: str = "tanh"
    regularization: str = "none"
    regularization_rate: float = 0.0
    learning_rate: float = 0.03
    seed: int = 0

    @property
    def regression(self) -> bool:
        return self.dataset in REGRESSION

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# --- one checker per field ---------------------------------------------------------------


def whole_number(name: str, value: object, low: int, high: int, also: str = "") -> int:
    """value if it is a whole number from low to high, else BadInput naming the field."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadInput(name, f"a whole number from {low} to {high}{also}", value)
    return value


def number(name: str, value: object, allowed: str, fits: Callable[[float], bool]) -> float:
    """value as a float if it is a finite number that ``fits``, else BadInput."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadInput(name, allowed, value)
    if not math.isfinite(value) or not fits(value):
        raise BadInput(name, allowed, value)
    return float(value)


def _whole(name: str, low: int, high: int) -> Callable[[object], int]:
    return lambda value: whole_number(name, value, low, high)


def _number(name: str, low: float, high: float, low_included: bool) -> Callable[[object], float]:
    allowed = f"a number in {'[' if low_included else '('}{low:g}, {high:g}]"

    def fits(v: float) -> bool:
        return (low <= v if low_included else low < v) and v <= high

    return lambda value: number(name, value, allowed, fits)


def _choice(name: str, allowed: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise BadInput(name, "one of " + ", ".join(allowed), value)
        return value

    return check


def _features(value: object) -> list[str]:
    allowed = "a list of 1 to 9 different names from " + ", ".join(FEATURES)
    if not isinstance(value, list) or not 1 <= len(value) <= len(FEATURES):
        raise BadInput("features", allowed, value)
    if any(not isinstance(f, str) or f not in FEATURES for f in value) or len(set(value)) < len(
        value
    ):
        raise BadInput("features", allowed, value)
    return [f for f in FEATURES if f in value]  # always in the page's order


def _hidden(value: object) -> list[int]:
    allowed = (
        f"a list of 0 to {MAX_LAYERS} layer sizes, each a whole number from 1 to {MAX_NEURONS}"
    )
    if not isinstance(value, list) or len(value) > MAX_LAYERS:
        raise BadInput("hidden", allowed, value)
    for n in value:
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_NEURONS:
            raise BadInput("hidden", allowed, value)
    return list(value)


CHECKS: dict[str, Callable[[object], Any]] = {
    "dataset": _choice("dataset", DATASETS),
    "noise": _whole("noise", 0, 50),
    "train_percent": _whole("train_percent", 10, 90),
    "points": _whole("points", 10, MAX_POINTS),
    "batch_size": _whole("batch_size", 1, MAX_BATCH),
    "features": _features,
    "hidden": _hidden,
    "activation": _choice("activation", ACTIVATIONS),
    "regularization": _choice("regularization", REGULARIZATIONS),
    "regularization_rate": _number("regularization_rate", 0.0, 10.0, low_included=True),
    "learning_rate": _number("learning_rate", 0.0, 10.0, low_included=False),
    "seed": _whole("seed", 0, MAX_SEED),
}

LIVE = frozenset({"batch_size", "regularization", "regularization_rate", "learning_rate"})
"""Fields that change how training goes on; any other change starts over (epoch 0)."""


def updated(current: Settings, changes: object) -> Settings:
    """A copy of ``current`` with ``changes`` (a JSON object) applied, every field checked.

    Raises:
        BadInput: for anything that is not a JSON object of known, allowed fields.
    """
    if not isinstance(changes, dict):
        raise BadInput("settings", 'a JSON object such as {"learning_rate": 0.1}', changes)
    unknown = sorted(str(k) for k in changes if k not in CHECKS)
    if unknown:
        raise BadInput("settings", "made of the fields " + ", ".join(CHECKS), unknown[0])
    values = {name: CHECKS[name](value) for name, value in changes.items()}
    return dataclasses.replace(current, **values)
