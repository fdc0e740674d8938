"""Tests for nn/data.py: the data sets follow their formulas, splits and batches keep
every sample exactly once, the Standardizer does what its maths says, bad arguments
raise clear errors."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nn.data import (
    Standardizer,
    batches,
    blobs,
    circles,
    moons,
    pig_sales,
    spirals,
    to_pm1,
    train_test_split,
    xor,
)

# --- pig sales ---------------------------------------------------------------------------


def test_pig_sales_linear_follows_10x_plus_30() -> None:
    X, y = pig_sales("linear", n=40, seed=1)
    assert len(X) == len(y) == 40
    for (year,), pigs in zip(X, y):
        assert 0.0 <= year <= 10.0
        assert pigs == pytest.approx(10 * year + 30)


def test_pig_sales_quadratic_follows_5x2_plus_30() -> None:
    X, y = pig_sales("quadratic", n=40, seed=2)
    for (year,), pigs in zip(X, y):
        assert pigs == pytest.approx(5 * year**2 + 30)


def test_pig_sales_multivariate_follows_the_article() -> None:
    X, y = pig_sales("multivariate", n=60, seed=3)
    for (year, area, employees), pigs in zip(X, y):
        assert 0.0 <= year <= 10.0 and 0.0 <= area <= 20.0
        assert employees == int(employees) and 0 <= employees <= 10
        assert pigs == pytest.approx(5 * year**2 + 8 * area + 35 * employees + 30)
    # the features vary independently (otherwise the weights could not be recovered)
    assert len({row[2] for row in X}) > 5


def test_pig_sales_noise_has_the_requested_spread() -> None:
    X, exact = pig_sales("linear", n=2000, seed=4)
    X2, noisy = pig_sales("linear", n=2000, noise=3.0, seed=4)
    assert X == X2  # same inputs, only y changes
    residuals = [a - b for a, b in zip(noisy, exact)]
    mean = sum(residuals) / len(residuals)
    std = math.sqrt(sum((r - mean) ** 2 for r in residuals) / len(residuals))
    assert abs(mean) < 0.3 and 2.8 < std < 3.2


def test_data_sets_are_reproducible_and_depend_on_the_seed() -> None:
    for make in (
        lambda s: pig_sales("multivariate", 20, 1.0, s),
        lambda s: moons(20, 0.1, s),
        lambda s: circles(20, 0.1, 0.5, s),
        lambda s: spirals(21, 3, 0.1, s),
        lambda s: blobs(20, 4, 1.0, s),
    ):
        assert make(5) == make(5)
        assert make(5) != make(6)


# --- classification toys ---------------------------------------------------------------


def test_xor_labels_are_exclusive_or() -> None:
    X, y = xor()
    assert [int(a) ^ int(b) for a, b in X] == y


def test_moons_without_noise_lie_on_their_half_circles() -> None:
    X, y = moons(101, noise=0.0, seed=0)
    assert y.count(0) == 51 and y.count(1) == 50
    for (a, b), label in zip(X, y):
        if label == 0:  # upper half of the unit circle
            assert math.hypot(a, b) == pytest.approx(1.0) and b >= -1e-12
        else:  # lower half of the unit circle centred at (1, 0.5)
            assert math.hypot(a - 1, b - 0.5) == pytest.approx(1.0) and b <= 0.5 + 1e-12
    assert y != sorted(y)  # shuffled


def test_circles_without_noise_have_their_radii() -> None:
    X, y = circles(40, noise=0.0, factor=0.3, seed=0)
    for point, label in zip(X, y):
        assert math.hypot(*point) == pytest.approx(1.0 if label == 0 else 0.3)


def test_spirals_arms_are_rotated_copies_of_each_other() -> None:
    X, y = spirals(60, classes=3, noise=0.0, seed=0)
    assert sorted(set(y)) == [0, 1, 2] and all(y.count(c) == 20 for c in range(3))
    by_radius = {(round(math.hypot(*p), 9), c): p for p, c in zip(X, y)}
    turn = 2 * math.pi / 3
    for (r, c), (a, b) in by_radius.items():
        if c == 0:  # arm 1 is arm 0 rotated by a third of a turn
            a1, b1 = by_radius[(r, 1)]
            assert a1 == pytest.approx(a * math.cos(turn) - b * math.sin(turn))
            assert b1 == pytest.approx(a * math.sin(turn) + b * math.cos(turn))


def test_blobs_cluster_around_separate_centres() -> None:
    X, y = blobs(400, classes=4, spread=0.5, seed=1)
    centres = []
    for c in range(4):
        pts = [p for p, label in zip(X, y) if label == c]
        assert len(pts) == 100
        centres.append([sum(v) / len(pts) for v in zip(*pts)])
    for c, centre in enumerate(centres):
        assert math.hypot(*centre) == pytest.approx(5.0, abs=0.2)
        for other in centres[c + 1 :]:
            assert math.dist(centre, other) > 6.0  # sqrt(2) * 5 for 4 classes on a circle


def test_to_pm1_maps_0_and_1() -> None:
    assert to_pm1([0, 1, 1, 0]) == [-1.0, 1.0, 1.0, -1.0]
    with pytest.raises(ValueError, match=r"to_pm1 needs labels 0 or 1, got y\[1\] = 2"):
        to_pm1([0, 2])


# --- split, batches ----------------------------------------------------------------------


def test_train_test_split_partitions_the_samples() -> None:
    X = [[float(i)] for i in range(20)]
    y = list(range(20))
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_fraction=0.25, seed=3)
    assert len(X_te) == 5 and len(X_tr) == 15
    assert sorted(y_tr + y_te) == y  # every sample in exactly one set
    assert all(row == [float(label)] for row, label in zip(X_tr + X_te, y_tr + y_te))
    assert train_test_split(X, y, 0.25, seed=3) == (X_tr, X_te, y_tr, y_te)
    assert train_test_split(X, y, 0.25, seed=4) != (X_tr, X_te, y_tr, y_te)
    # tiny fractions still leave one sample on each side
    assert len(train_test_split(X[:2], y[:2], 0.01)[1]) == 1
    assert len(train_test_split(X[:2], y[:2], 0.99)[0]) == 1


@given(n=st.integers(1, 40), size=st.integers(1, 50), seed=st.integers(0, 10**6), epochs=st.just(3))
def test_batches_yield_every_sample_once_per_epoch(
    n: int, size: int, seed: int, epochs: int
) -> None:
    X = [[float(i), -float(i)] for i in range(n)]
    y = list(range(n))
    rng = random.Random(seed)
    orders = []
    for _ in range(epochs):
        seen: list[int] = []
        chunks = list(batches(X, y, size, rng))
        for i, (xb, yb) in enumerate(chunks):
            assert len(xb) == len(yb)
            assert len(xb) == size if i < len(chunks) - 1 else 1 <= len(xb) <= size
            assert all(row == [float(t), -float(t)] for row, t in zip(xb, yb))
            seen += yb
        assert sorted(seen) == y
        orders.append(seen)
    # same seed, same orders
    again = random.Random(seed)
    assert [[t for _, yb in batches(X, y, size, again) for t in yb] for _ in range(epochs)] == (
        orders
    )


def test_batches_shuffle_differently_each_epoch() -> None:
    X = [[float(i)] for i in range(30)]
    rng = random.Random(0)
    first = [t for _, yb in batches(X, list(range(30)), 7, rng) for t in yb]
    second = [t for _, yb in batches(X, list(range(30)), 7, rng) for t in yb]
    assert first != second and sorted(first) == sorted(second)


# --- Standardizer -------------------------------------------------------------------------


def test_standardizer_gives_mean_0_and_std_1_on_the_training_set() -> None:
    X, _ = pig_sales("multivariate", n=50, seed=5)
    s = Standardizer().fit(X)
    Z = s.transform(X)
    for col in zip(*Z):
        mean = sum(col) / len(col)
        std = math.sqrt(sum((v - mean) ** 2 for v in col) / len(col))
        assert mean == pytest.approx(0.0, abs=1e-12) and std == pytest.approx(1.0)
    back = s.inverse_transform(Z)
    for row, orig in zip(back, X):
        assert row == pytest.approx(orig)


def test_standardizer_uses_training_statistics_on_new_data() -> None:
    s = Standardizer().fit([[0.0], [2.0]])  # mean 1, std 1
    assert s.transform([[5.0]]) == [[4.0]]


def test_standardizer_zero_variance_feature_is_only_shifted() -> None:
    s = Standardizer().fit([[3.0, 1.0], [3.0, 2.0], [3.0, 3.0]])
    assert s.scale[0] == 1.0
    Z = s.transform([[3.0, 2.0], [4.0, 2.0]])
    assert Z == [[0.0, 0.0], [1.0, 0.0]]
    assert all(math.isfinite(v) for row in Z for v in row)


def test_standardizer_takes_a_plain_list_as_one_feature_and_keeps_its_shape() -> None:
    _, y = pig_sales("quadratic", n=40, noise=5.0, seed=3)
    s = Standardizer().fit(y)
    z = s.transform(y)
    assert isinstance(z, list) and all(isinstance(v, float) for v in z)
    mean = sum(z) / len(z)
    assert mean == pytest.approx(0.0, abs=1e-12)
    assert math.sqrt(sum((v - mean) ** 2 for v in z) / len(z)) == pytest.approx(1.0)
    assert s.inverse_transform(z) == pytest.approx(y)
    # a plain list is exactly a one-column table, in either direction
    column = Standardizer().fit([[v] for v in y])
    assert (s.mean, s.scale) == (column.mean, column.scale)
    assert column.transform(y) == z and s.transform([[v] for v in y]) == [[v] for v in z]
    assert Standardizer().fit_transform(y) == z


def test_standardizer_unscale_linear_maps_weights_back() -> None:
    X, _ = pig_sales("multivariate", n=30, seed=6)
    s = Standardizer().fit(X)
    w_true, b_true = [5.0, 8.0, 35.0], 30.0
    # the same linear function written in standardized units
    w_std = [w * sc for w, sc in zip(w_true, s.scale)]
    b_std = b_true + sum(w * m for w, m in zip(w_true, s.mean))
    w, b = s.unscale_linear(w_std, b_std)
    assert w == pytest.approx(w_true) and b == pytest.approx(b_true)
    for row, z in zip(X, s.transform(X)):
        assert sum(wi * zi for wi, zi in zip(w_std, z)) + b_std == pytest.approx(
            sum(wi * xi for wi, xi in zip(w, row)) + b
        )


# --- bad arguments -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: pig_sales("cubic"), ValueError, "kind must be one of"),
        (lambda: pig_sales(n=0), ValueError, "n must be >= 1"),
        (lambda: pig_sales(noise=-1.0), ValueError, "noise must be >= 0"),
        (lambda: pig_sales(seed=1.5), TypeError, "seed must be an int"),
        (lambda: moons(1), ValueError, "n must be at least 2"),
        (lambda: moons(10, noise=float("nan")), ValueError, "noise must be a finite"),
        (lambda: circles(10, factor=1.0), ValueError, "factor must be between 0 and 1"),
        (lambda: spirals(2, classes=3), ValueError, "n must be at least 3"),
        (lambda: spirals(10, classes=1), ValueError, "classes must be at least 2"),
        (lambda: blobs(10, spread=0.0), ValueError, "spread must be > 0"),
        (lambda: blobs(10, classes=True), TypeError, "classes must be an int"),
        (lambda: train_test_split([[1.0]], [0]), ValueError, "at least 2 samples"),
        (lambda: train_test_split([[1.0], [2.0]], [0]), ValueError, "same length"),
        (lambda: train_test_split([[1.0], [2.0]], [0, 1], 1.0), ValueError, "test_fraction"),
        (lambda: train_test_split([], []), ValueError, "X is empty"),
        (lambda: train_test_split([[1.0], ["a"]], [0, 1]), TypeError, r"X\[1\]\[0\]"),
        (lambda: batches([[1.0]], [0], 0, 0), ValueError, "batch_size must be >= 1"),
        (lambda: batches([[1.0]], [0, 1], 1, 0), ValueError, "same length"),
        (lambda: batches([], [], 1, 0), ValueError, "at least one sample"),
        (lambda: Standardizer().transform([[1.0]]), ValueError, "not fitted"),
        (lambda: Standardizer().unscale_linear([2.0], 1.0), ValueError, "not fitted"),
        (
            lambda: Standardizer().fit([[1.0]]).transform([[1.0, 2.0]]),
            ValueError,
            r"has 2 values but this Standardizer \(fitted on 1 feature\) expects 1",
        ),
        (lambda: Standardizer().fit([[1.0], [None]]), TypeError, "NoneType"),
        (lambda: Standardizer().fit([1.0, None]), TypeError, r"X\[1\] must be a number"),
        (
            lambda: Standardizer().fit([[1.0, 2.0]]).transform([1.0, 2.0]),
            ValueError,
            r"plain list of numbers \(one feature\) but this Standardizer \(fitted on 2",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()
