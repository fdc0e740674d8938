"""Getting data ready for training: splits, mini-batches and feature scaling.

* ``train_test_split``: hold samples out to measure generalization;
* ``batches``: mini-batches with seeded shuffling, each sample once per epoch;
* ``Standardizer``: rescale features (or a plain list of targets) to mean 0 and spread 1,
  fitted on training data only (it lives in ``nn.scaling``).

The built-in data sets (``pig_sales``, ``xor``, ``moons``, ``circles``, ``spirals``,
``blobs`` and ``to_pm1``) live in ``nn.datasets``.  All of them, and ``Standardizer``,
are importable from here: ``nn.data`` is where a user looks for data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import TypeVar

from nn.checks import (
    Matrix,
    check_fraction,
    check_matrix,
    check_positive_int,
    check_same_length,
    check_seed,
)
from nn.datasets import (
    blobs,
    circles,
    moons,
    pig_sales,
    spirals,
    to_pm1,
    xor,
)
from nn.scalars import plain
from nn.scaling import Standardizer

__all__ = [
    "Standardizer",
    "batches",
    "blobs",
    "circles",
    "moons",
    "pig_sales",
    "spirals",
    "to_pm1",
    "train_test_split",
    "xor",
]

T = TypeVar("T")


def train_test_split(
    X: Sequence[Sequence[float]],
    y: Sequence[T],
    test_fraction: float = 0.25,
    seed: int = 0,
) -> tuple[Matrix, Matrix, list[T], list[T]]:
    """Shuffle the samples and hold a fraction of them out for testing.

    A model is judged on samples it never trained on: doing well on the training set
    but badly on the test set is over-fitting.

    Args:
        X: the samples (at least 2).
        y: one target per sample.
        test_fraction: the share that goes to the test set, in (0, 1); rounded, but
            both sets always get at least one sample.
        seed: seed for the shuffle.

    Returns:
        ``(X_train, X_test, y_train, y_test)``.

    Raises:
        ValueError: for fewer than 2 samples, mismatched lengths or a bad fraction.
    """
    table = check_matrix("X", X)
    y = plain(y)  # type: ignore[assignment]  # a numpy array: its list
    check_same_length("X", table, "y", y)
    if len(table) < 2:
        raise ValueError(f"train_test_split needs at least 2 samples, got {len(table)}")
    fraction = check_fraction("test_fraction", test_fraction)
    order = list(range(len(table)))
    random.Random(check_seed(seed)).shuffle(order)
    n_test = min(max(round(fraction * len(table)), 1), len(table) - 1)
    test, train = order[:n_test], order[n_test:]
    return (
        [table[i] for i in train],
        [table[i] for i in test],
        [y[i] for i in train],
        [y[i] for i in test],
    )


def batches(
    X: Sequence[Sequence[float]],
    y: Sequence[T],
    batch_size: int,
    rng: random.Random | int,
) -> Iterator[tuple[list[list[float]], list[T]]]:
    """One epoch of mini-batches: the samples shuffled, then cut into chunks.

    Every sample appears exactly once; the last batch is shorter when batch_size does
    not divide the number of samples.  Pass the same ``random.Random`` for every epoch
    so each epoch gets a new, reproducible order.

    Args:
        X: the samples.
        y: one target per sample.
        batch_size: samples per batch (>= 1).
        rng: a ``random.Random`` (or an int seed) that decides the order.

    Returns:
        An iterator of ``(X_batch, y_batch)`` pairs.

    Raises:
        ValueError: for mismatched lengths, no samples or batch_size < 1.
        TypeError: if rng is neither a random.Random nor an int.
    """
    X, y = plain(X), plain(y)  # type: ignore[assignment]  # numpy arrays: their lists
    check_same_length("X", X, "y", y)
    if len(X) == 0:
        raise ValueError("batches needs at least one sample, got none")
    size = check_positive_int("batch_size", batch_size)
    if not isinstance(rng, random.Random):
        rng = random.Random(check_seed(rng))
    order = list(range(len(X)))
    rng.shuffle(order)
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    # Checked and shuffled now (not lazily at the first next()), so errors surface here.
    return iter([([list(X[i]) for i in chunk], [y[i] for i in chunk]) for chunk in chunks])
