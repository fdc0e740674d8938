"""Feature scaling: ``Standardizer`` rescales numbers to mean 0 and spread 1.

Gradient descent works best when every feature (and the targets) has a size near 1.
A ``Standardizer`` learns each feature's mean and standard deviation from the training
data, rescales any data the same way, and turns a model's answers back into the
original units.  The arithmetic is written so that huge numbers (1e200, near the
largest float) neither overflow nor lose the answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import overload

from nn.checks import Matrix, check_matrix, check_vector, plural
from nn.scalars import plain

__all__ = ["Standardizer"]

Data = Sequence[Sequence[float]] | Sequence[float]
"""What a Standardizer takes: a table of samples, or a plain list of numbers (one feature)."""


class Standardizer:
    """Rescale each feature to mean 0 and standard deviation 1.

    Gradient descent is much happier when all features have similar sizes: with years
    in 0..10 and years² in 0..100, one learning rate is either too big for one weight or
    too small for the other.  Fit on the training set only (the test set must stay
    unseen), then transform both.  A feature that never changes gets scale 1, so it
    is only shifted to 0.

    Data can be a table (one row of features per sample) or a plain list of numbers,
    which counts as one feature: targets such as pig sales, or a one-input model's
    samples.  Every method gives back data of the shape it was given, so targets
    scaled with ``transform(y)`` come back in pigs with ``inverse_transform(predictions)``.

    Example:
        >>> s = Standardizer().fit([[1.0], [3.0]])
        >>> s.transform([[1.0], [3.0]])
        [[-1.0], [1.0]]
        >>> Standardizer().fit_transform([10.0, 20.0, 30.0])
        [-1.224744871391589, 0.0, 1.224744871391589]
    """

    def __init__(self) -> None:
        self.mean: list[float] = []
        self.scale: list[float] = []

    def fit(self, X: Data) -> Standardizer:
        """Learn each feature's mean and standard deviation from X; returns self.

        Args:
            X: a table of samples, or a plain list of numbers (one feature).

        Raises:
            TypeError, ValueError: for empty, ragged or non-numeric data.
        """
        table = _as_table(X)
        self.mean, self.scale = [], []
        for col in zip(*table):
            mean, std = _mean_and_std(col)
            self.mean.append(mean)
            self.scale.append(std if std > 1e-12 * max(1.0, abs(mean)) else 1.0)
        return self

    def _fitted(self) -> None:
        if not self.mean:
            raise ValueError("this Standardizer is not fitted yet: call .fit(X_train) first")

    def _check(self, X: Data) -> Matrix:
        self._fitted()
        fitted = f"this Standardizer (fitted on {plural(len(self.mean), 'feature')})"
        if not _is_flat(X):
            return check_matrix("X", X, width=len(self.mean), expected_by=fitted)
        if len(self.mean) != 1:
            raise ValueError(
                f"X is a plain list of numbers (one feature) but {fitted} expects samples "
                f"of {len(self.mean)} numbers each"
            )
        return _as_table(X)

    @overload
    def transform(self, X: Sequence[float]) -> list[float]: ...
    @overload
    def transform(self, X: Sequence[Sequence[float]]) -> Matrix: ...
    def transform(self, X: Data) -> Matrix | list[float]:
        """Each value becomes ``(value - mean) / scale`` of its feature (same shape as X)."""
        return self._each_value(X, _standardized)

    @overload
    def fit_transform(self, X: Sequence[float]) -> list[float]: ...
    @overload
    def fit_transform(self, X: Sequence[Sequence[float]]) -> Matrix: ...
    def fit_transform(self, X: Data) -> Matrix | list[float]:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    @overload
    def inverse_transform(self, X: Sequence[float]) -> list[float]: ...
    @overload
    def inverse_transform(self, X: Sequence[Sequence[float]]) -> Matrix: ...
    def inverse_transform(self, X: Data) -> Matrix | list[float]:
        """Undo ``transform``: each value becomes ``value * scale + mean`` (same shape as X)."""
        return self._each_value(X, _unstandardized)

    def _each_value(
        self, X: Data, change: Callable[[float, float, float], float]
    ) -> Matrix | list[float]:
        """``change(value, its feature's mean, its feature's scale)`` for every value of X."""
        table = [
            [change(v, m, s) for v, m, s in zip(row, self.mean, self.scale)]
            for row in self._check(X)
        ]
        return _shaped_like(X, table)

    def unscale_linear(self, weights: Sequence[float], bias: float) -> tuple[list[float], float]:
        """Turn a linear model fitted on standardized features back into original units.

        If ``y = Σ w_i (x_i - m_i) / s_i + b``, then ``y = Σ (w_i / s_i) x_i + b'`` with
        ``b' = b - Σ w_i m_i / s_i``.

        Returns:
            ``(weights, bias)`` for the original (unscaled) features.

        Raises:
            ValueError: if the Standardizer is not fitted, or there is not one weight
                per feature.
        """
        self._fitted()
        if len(weights) != len(self.mean):
            raise ValueError(
                f"unscale_linear needs {len(self.mean)} weights (one per feature), "
                f"got {len(weights)}"
            )
        w = [wi / s for wi, s in zip(weights, self.scale)]
        b = bias - math.fsum(wi * m for wi, m in zip(w, self.mean))
        return w, b

    def __repr__(self) -> str:
        return f"Standardizer(mean={self.mean}, scale={self.scale})"


def _mean_and_std(values: Sequence[float]) -> tuple[float, float]:
    """The mean and (population) standard deviation of finite numbers, without overflow.

    Squaring 1e200 overflows a float, and so does adding two numbers near 1.7e308, though
    the mean and spread of such numbers are finite.  So the numbers are first divided
    by a power of two near the largest of them (exact: only the exponent changes), the
    sums are done on numbers of at most 1, and the power of two is multiplied back in.
    On everyday numbers the results are the same floats as the textbook formulas give.
    """
    n = len(values)
    biggest = max(abs(v) for v in values)
    shift = math.frexp(biggest)[1] if biggest else 0  # biggest < 2**shift
    scaled = [math.ldexp(v, -shift) for v in values]
    mean = math.fsum(scaled) / n
    spread = math.sqrt(math.fsum((v - mean) ** 2 for v in scaled) / n)
    return math.ldexp(mean, shift), math.ldexp(spread, shift)


def _standardized(v: float, mean: float, scale: float) -> float:
    """(v - mean) / scale, also when v - mean alone would overflow.

    That happens for v and mean huge and of opposite signs: then each is divided first.
    """
    z = (v - mean) / scale
    return z if not math.isinf(z) else v / scale - mean / scale


def _unstandardized(z: float, mean: float, scale: float) -> float:
    """z * scale + mean, also when z * scale alone would overflow though the sum is finite.

    Halving both terms is exact, and doubling the sum back overflows only if it must.
    """
    v = z * scale + mean
    return v if not math.isinf(v) else 2.0 * (z * (scale / 2.0) + mean / 2.0)


def _is_flat(X: object) -> bool:
    """True for a plain list of numbers (as opposed to a table of samples)."""
    X = plain(X)
    if isinstance(X, str | bytes) or not isinstance(X, Sequence) or len(X) == 0:
        return False
    first = X[0]
    return isinstance(first, int | float) and not isinstance(first, bool)


def _as_table(X: object) -> Matrix:
    """X checked, as a table: a plain list of numbers becomes a column (one feature)."""
    if _is_flat(X):
        return [[v] for v in check_vector("X", X)]
    return check_matrix("X", X)


def _shaped_like(X: object, table: Matrix) -> Matrix | list[float]:
    """The table back in the shape of X: a plain list again if X was one."""
    return [row[0] for row in table] if _is_flat(X) else table
