"""Small built-in data sets, generated with the standard library's ``random`` and a seed.

The same call always gives the same numbers (no scikit-learn, no numpy).  ``X`` is a
list of samples, each a list of floats:

* ``pig_sales``: Wang Xiaoer's pigs from the article, ``y = 10x + 30``,
  ``y = 5x² + 30`` or ``y = 5x1² + 8x2 + 35x3 + 30``, with optional noise;
* ``xor``, ``moons``, ``circles``, ``spirals``, ``blobs``: classic classification toys
  with integer labels ``0 .. k-1`` (``to_pm1`` turns 0/1 into -1/+1 for the hinge loss).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from nn.checks import (
    Matrix,
    check_fraction,
    check_non_negative,
    check_number,
    check_positive_int,
    check_seed,
)

PIG_SALES_KINDS = ("linear", "quadratic", "multivariate")

SPIRAL_SWEEP = 4.0
"""How far (in radians) each spiral arm turns from its centre to its end."""


def _check_count(name: str, value: object, minimum: int) -> int:
    count = check_positive_int(name, value)
    if count < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {count}")
    return count


def pig_sales(
    kind: str = "linear", n: int = 50, noise: float = 0.0, seed: int = 0
) -> tuple[Matrix, list[float]]:
    """Wang Xiaoer's pig sales, generated from the article's formulas.

    * ``"linear"``: ``y = 10x + 30``, x = year in [0, 10];
    * ``"quadratic"``: ``y = 5x² + 30``, x = year in [0, 10] (the sample is ``[x]``;
      feed ``[x²]`` or ``[x, x²]`` to a linear model to recover 5 and 30);
    * ``"multivariate"``: ``y = 5x1² + 8x2 + 35x3 + 30`` with x1 = year in [0, 10],
      x2 = farm area in [0, 20] (hundreds of square metres) and x3 = employees, a whole
      number from 0 to 10.

    Args:
        kind: which formula.
        n: how many samples (>= 1).
        noise: standard deviation of Gaussian noise added to y, in pigs (0 = exact).
        seed: seed for the random inputs and noise.

    Returns:
        ``(X, y)``: X is a list of samples (lists of floats), y the pigs sold.

    Raises:
        ValueError: for an unknown kind, n < 1 or negative noise.
    """
    if kind not in PIG_SALES_KINDS:
        raise ValueError(f"pig_sales kind must be one of {PIG_SALES_KINDS}, got {kind!r}")
    n = check_positive_int("n", n)
    noise = check_non_negative("noise", noise)
    rng = random.Random(check_seed(seed))
    X: Matrix = []
    y: list[float] = []
    for _ in range(n):
        year = rng.uniform(0.0, 10.0)
        if kind == "linear":
            X.append([year])
            y.append(10.0 * year + 30.0)
        elif kind == "quadratic":
            X.append([year])
            y.append(5.0 * year**2 + 30.0)
        else:
            area = rng.uniform(0.0, 20.0)
            employees = float(rng.randint(0, 10))
            X.append([year, area, employees])
            y.append(5.0 * year**2 + 8.0 * area + 35.0 * employees + 30.0)
    if noise > 0.0:
        y = [v + rng.gauss(0.0, noise) for v in y]
    return X, y


def xor() -> tuple[Matrix, list[int]]:
    """The four XOR points: label 1 when exactly one input is 1.

    No straight line separates the two classes, so a model without a hidden layer
    gets at most 3 of the 4 right.
    """
    return [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0]


def _shuffled(X: Matrix, y: list[int], rng: random.Random) -> tuple[Matrix, list[int]]:
    order = list(range(len(X)))
    rng.shuffle(order)
    return [X[i] for i in order], [y[i] for i in order]


def _jitter(point: list[float], noise: float, rng: random.Random) -> list[float]:
    return [v + rng.gauss(0.0, noise) for v in point] if noise > 0.0 else point


def _split_counts(n: int, k: int) -> list[int]:
    """n samples over k classes as evenly as possible (the first classes get the extra)."""
    return [n // k + (1 if c < n % k else 0) for c in range(k)]


def moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[Matrix, list[int]]:
    """Two interleaving half circles (the classic "moons").

    Class 0 is the upper half of the unit circle, class 1 the lower half of a unit
    circle centred at (1, 0.5); the points are evenly spread along each arc, then
    Gaussian noise is added and the samples are shuffled.

    Args:
        n: total number of samples (>= 2); class 0 gets the extra one when n is odd.
        noise: standard deviation of the Gaussian noise on each coordinate.
        seed: seed for the noise and the shuffle.

    Returns:
        ``(X, y)`` with 2 features and labels 0 or 1.
    """
    n = _check_count("n", n, 2)
    noise = check_non_negative("noise", noise)
    rng = random.Random(check_seed(seed))
    X: Matrix = []
    y: list[int] = []
    for label, count in enumerate(_split_counts(n, 2)):
        for i in range(count):
            t = math.pi * i / (count - 1) if count > 1 else 0.0
            if label == 0:
                point = [math.cos(t), math.sin(t)]
            else:
                point = [1.0 - math.cos(t), 0.5 - math.sin(t)]
            X.append(_jitter(point, noise, rng))
            y.append(label)
    return _shuffled(X, y, rng)


def circles(
    n: int = 100, noise: float = 0.05, factor: float = 0.5, seed: int = 0
) -> tuple[Matrix, list[int]]:
    """A circle inside another: class 0 on the unit circle, class 1 on radius ``factor``.

    Args:
        n: total number of samples (>= 2).
        noise: standard deviation of the Gaussian noise on each coordinate.
        factor: the inner circle's radius, between 0 and 1.
        seed: seed for the noise and the shuffle.

    Returns:
        ``(X, y)`` with 2 features and labels 0 (outer) or 1 (inner).
    """
    n = _check_count("n", n, 2)
    noise = check_non_negative("noise", noise)
    factor = check_fraction("factor", factor)
    rng = random.Random(check_seed(seed))
    X: Matrix = []
    y: list[int] = []
    for label, (count, radius) in enumerate(zip(_split_counts(n, 2), (1.0, factor))):
        for i in range(count):
            t = 2.0 * math.pi * i / count
            X.append(_jitter([radius * math.cos(t), radius * math.sin(t)], noise, rng))
            y.append(label)
    return _shuffled(X, y, rng)


def spirals(
    n: int = 90, classes: int = 3, noise: float = 0.1, seed: int = 0
) -> tuple[Matrix, list[int]]:
    """k spiral arms winding out from the centre, one class per arm.

    Arm c starts at angle ``2πc/k``; along the arm the radius grows from 0 to 1 while
    the angle turns by a further 4 radians (about two thirds of a turn, like the
    classic CS231n spiral), so neighbouring arms interleave and no straight line
    separates them (a linear model gets about 57% of 3 arms right).

    Args:
        n: total number of samples (>= classes), shared as evenly as possible.
        classes: number of arms (>= 2).
        noise: standard deviation of the Gaussian noise on each coordinate.
        seed: seed for the noise and the shuffle.

    Returns:
        ``(X, y)`` with 2 features and labels ``0 .. classes-1``.
    """
    classes = _check_count("classes", classes, 2)
    n = _check_count("n", n, classes)
    noise = check_non_negative("noise", noise)
    rng = random.Random(check_seed(seed))
    X: Matrix = []
    y: list[int] = []
    for label, count in enumerate(_split_counts(n, classes)):
        for i in range(count):
            r = (i + 1) / count
            t = 2.0 * math.pi * label / classes + SPIRAL_SWEEP * r
            X.append(_jitter([r * math.cos(t), r * math.sin(t)], noise, rng))
            y.append(label)
    return _shuffled(X, y, rng)


def blobs(
    n: int = 100, classes: int = 3, spread: float = 1.0, seed: int = 0
) -> tuple[Matrix, list[int]]:
    """Gaussian clouds of points, one per class, with centres evenly spaced on a circle.

    The centres sit on a circle of radius 5 (turned by a random angle), so with the
    default spread of 1 the clouds barely touch.

    Args:
        n: total number of samples (>= classes).
        classes: number of clouds (>= 2).
        spread: standard deviation of each cloud (> 0).
        seed: seed for the angle, the points and the shuffle.

    Returns:
        ``(X, y)`` with 2 features and labels ``0 .. classes-1``.
    """
    classes = _check_count("classes", classes, 2)
    n = _check_count("n", n, classes)
    spread = check_number("spread", spread)
    if spread <= 0.0:
        raise ValueError(f"spread must be > 0, got {spread!r}")
    rng = random.Random(check_seed(seed))
    turn = rng.uniform(0.0, 2.0 * math.pi)
    X: Matrix = []
    y: list[int] = []
    for label, count in enumerate(_split_counts(n, classes)):
        angle = turn + 2.0 * math.pi * label / classes
        centre = [5.0 * math.cos(angle), 5.0 * math.sin(angle)]
        for _ in range(count):
            X.append(_jitter(centre, spread, rng))
            y.append(label)
    return _shuffled(X, y, rng)


def to_pm1(y: Sequence[int | float]) -> list[float]:
    """Map labels 0/1 to -1/+1 (what the hinge loss expects).

    Raises:
        ValueError: if a label is neither 0 nor 1.
    """
    out: list[float] = []
    for i, label in enumerate(y):
        if isinstance(label, bool) or label not in (0, 1):
            raise ValueError(f"to_pm1 needs labels 0 or 1, got y[{i}] = {label!r}")
        out.append(1.0 if label == 1 else -1.0)
    return out
