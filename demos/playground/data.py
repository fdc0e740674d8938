"""The playground's data: 2-D points from nn's data sets, and the features fed to the network.

Every data set lives in the square [-6, 6]² the page draws, with its points within
[-5, 5]: nn's moons, circles, spirals and blobs are scaled to fit; xor is points in
the four quadrants (label 1 when exactly one coordinate is positive).  The regression
sets are the article's pig sales (x1 is the year, centred; x2 plays no part, and a
good network learns to ignore it) and a tilted plane.  Labels are 0/1 for
classification; regression targets are scaled to [-1, 1].
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from settings import Settings

import nn

DOMAIN = 6.0
"""The page draws x1 and x2 from -DOMAIN to DOMAIN."""

Points = list[list[float]]


def _fit_in_square(X: Points, half: float = 5.0) -> Points:
    """Centre the points and scale them so the farthest coordinate is at ±half."""
    centre = [(min(col) + max(col)) / 2 for col in zip(*X)]
    reach = max(abs(v - c) for row in X for v, c in zip(row, centre)) or 1.0
    return [[(v - c) * half / reach for v, c in zip(row, centre)] for row in X]


def points(settings: Settings) -> tuple[Points, list[float]]:
    """All the points of the set-up's data set (before the train/test split) and targets."""
    n, seed, name = settings.points, settings.seed, settings.dataset
    # Not random.Random(seed): nn's data sets use that stream, and pig sales' x2 drawn
    # from it would repeat the years exactly (every point on one diagonal).
    rng = random.Random(f"playground {seed}")
    sigma = settings.noise / 100 * 2.0  # 50% noise: a spread of 1 in a square of 10
    y: list[float]
    if name == "xor":
        X = [[rng.uniform(-5, 5), rng.uniform(-5, 5)] for _ in range(n)]
        y = [float((a > 0) != (b > 0)) for a, b in X]
    elif name in ("circles", "moons", "spirals", "gaussian"):
        if name == "circles":
            X, labels = nn.circles(n, noise=0.0, seed=seed)
        elif name == "moons":
            X, labels = nn.moons(n, noise=0.0, seed=seed)
        elif name == "spirals":
            X, labels = nn.spirals(n, classes=2, noise=0.0, seed=seed)
        else:
            X, labels = nn.blobs(n, classes=2, seed=seed)
        X, y = _fit_in_square(X), [float(v) for v in labels]
    elif name == "pig_sales":
        years, sales = nn.pig_sales("quadratic", n, seed=seed)  # 5 year² + 30 pigs
        X = [[year - 5.0, rng.uniform(-5, 5)] for (year,) in years]
        y = [(s - 280.0) / 250.0 for s in sales]  # 30..530 pigs -> -1..1
    else:  # plane
        X = [[rng.uniform(-5, 5), rng.uniform(-5, 5)] for _ in range(n)]
        y = [(a + b) / 10.0 for a, b in X]
    if sigma > 0.0:
        if settings.regression:
            y = [v + rng.gauss(0.0, sigma / 5.0) for v in y]
        else:
            X = [[v + rng.gauss(0.0, sigma) for v in row] for row in X]
    return X, y


def split(settings: Settings) -> tuple[Points, Points, list[float], list[float]]:
    """``(X_train, X_test, y_train, y_test)`` for the set-up (``train_percent`` for training)."""
    X, y = points(settings)
    test_fraction = 1.0 - settings.train_percent / 100
    return nn.train_test_split(X, y, test_fraction=test_fraction, seed=settings.seed)


_FEATURE_FUNCTIONS: dict[str, Callable[[float, float], float]] = {
    "x1": lambda a, b: a,
    "x2": lambda a, b: b,
    "x1^2": lambda a, b: a * a,
    "x2^2": lambda a, b: b * b,
    "x1*x2": lambda a, b: a * b,
    "sin(x1)": lambda a, b: math.sin(a),
    "sin(x2)": lambda a, b: math.sin(b),
    "cos(x1)": lambda a, b: math.cos(a),
    "cos(x2)": lambda a, b: math.cos(b),
}

FEATURE_RANGE = {"x1": DOMAIN, "x2": DOMAIN, "x1^2": DOMAIN**2, "x2^2": DOMAIN**2}
"""How far each feature reaches over the square (for drawing it); the rest reach 1."""
FEATURE_RANGE["x1*x2"] = DOMAIN**2


def features(point: list[float], names: list[str]) -> list[float]:
    """The network's inputs for one point: the chosen features of (x1, x2)."""
    a, b = point
    return [_FEATURE_FUNCTIONS[name](a, b) for name in names]
