"""fit learns: the seed's pig-sales formulas, micrograd's moons, XOR (only with a hidden
layer) and three spirals.  Every run is seeded, so each test is deterministic."""

from __future__ import annotations

import pytest

from nn.data import Standardizer, moons, pig_sales, spirals, to_pm1, xor
from nn.mlp import MLP
from nn.optim import SGD, Adam
from nn.schedules import LinearDecay
from nn.train import (
    History,
    accuracy,
    fit,
)


def _linear_weights(model: MLP) -> tuple[list[float], float]:
    neuron = model.layers[0].neurons[0]
    return [w.data for w in neuron.w], neuron.b.data


def _fit_linear(X: list[list[float]], y: list[float]) -> tuple[list[float], float]:
    """Fit a linear model on standardized features; return weights in original units."""
    scaler = Standardizer().fit(X)
    model = MLP(len(X[0]), [1], seed=0)
    history = fit(
        model,
        scaler.transform(X),
        y,
        loss="mse",
        optimizer=SGD(model.parameters(), lr=0.3),
        epochs=150,
        progress=False,
    )
    assert not history.diverged and history.train_loss[-1] < history.train_loss[0]
    return scaler.unscale_linear(*_linear_weights(model))


# --- the seed's pig sales ---------------------------------------------------------------


def test_linear_model_recovers_10x_plus_30() -> None:
    X, y = pig_sales("linear", n=30, seed=1)
    (w,), b = _fit_linear(X, y)
    assert w == pytest.approx(10.0, rel=0.01) and b == pytest.approx(30.0, rel=0.01)


def test_quadratic_model_on_x_squared_recovers_5_and_30() -> None:
    X, y = pig_sales("quadratic", n=30, seed=2)
    (w,), b = _fit_linear([[x * x] for (x,) in X], y)
    assert w == pytest.approx(5.0, rel=0.01) and b == pytest.approx(30.0, rel=0.01)


def test_multivariate_model_recovers_5_8_35_and_30() -> None:
    X, y = pig_sales("multivariate", n=40, seed=3)
    w, b = _fit_linear([[x1 * x1, x2, x3] for x1, x2, x3 in X], y)
    assert w == pytest.approx([5.0, 8.0, 35.0], rel=0.01)
    assert b == pytest.approx(30.0, rel=0.01)


# --- micrograd's moons demo ---------------------------------------------------------------


@pytest.fixture(scope="module")
def moons_model() -> tuple[MLP, History, list[list[float]], list[float]]:
    """micrograd's demo: 100 moons, MLP(2, [16, 16, 1]), hinge + 1e-4 L2, lr 1.0 -> 0.1.

    Not a lucky seed: over data seeds 0-5 and model seeds 0-2, 17 of the 18 runs end at
    100% (all 18 pass through 100%; data seed 0 with model seed 0 ends at 99%), and
    every one scores >= 99% on 200 held-out points.
    """
    X, labels = moons(100, noise=0.1, seed=1)
    y = to_pm1(labels)
    model = MLP(2, [16, 16, 1], seed=0)
    history = fit(
        model,
        X,
        y,
        loss="hinge",
        optimizer=SGD(model.parameters(), lr=1.0),
        schedule=LinearDecay(1.0, 0.1, 100),
        l2=1e-4,
        epochs=100,
        progress=False,
    )
    return model, history, X, y


def test_micrograd_demo_reaches_100_percent_training_accuracy(moons_model) -> None:  # type: ignore[no-untyped-def]
    model, history, X, y = moons_model
    assert not history.diverged and history.epochs == 100
    assert history.train_accuracy[-1] == 1.0
    assert accuracy(model, X, y) == 1.0
    assert history.lr[0] == pytest.approx(1.0) and history.lr[-1] < history.lr[0]
    assert history.train_loss[-1] < 0.1 * history.train_loss[0]


def test_micrograd_demo_generalizes_to_held_out_moons(moons_model) -> None:  # type: ignore[no-untyped-def]
    model, _, X, _ = moons_model
    X_test, labels = moons(200, noise=0.1, seed=12345)
    assert all(row not in X for row in X_test)  # really unseen points
    assert accuracy(model, X_test, to_pm1(labels)) >= 0.95


# --- XOR: a hidden layer is needed --------------------------------------------------------


@pytest.mark.parametrize("loss", ["hinge", "binary_cross_entropy"])
def test_xor_without_hidden_layer_cannot_beat_75_percent(loss: str) -> None:
    X, labels = xor()
    y = to_pm1(labels) if loss == "hinge" else labels
    for seed in range(4):
        for lr in (0.01, 0.1, 1.0):
            model = MLP(2, [1], seed=seed)
            opt = SGD(model.parameters(), lr=lr)
            fit(model, X, y, loss=loss, optimizer=opt, epochs=100, progress=False)
            assert accuracy(model, X, y) <= 0.75  # no line separates XOR's classes


def test_xor_with_one_hidden_layer_reaches_100_percent() -> None:
    X, labels = xor()
    model = MLP(2, [8, 1], activation="tanh", seed=0)
    opt = Adam(model.parameters(), lr=0.05)
    history = fit(model, X, labels, "binary_cross_entropy", opt, epochs=200, progress=False)
    assert history.train_accuracy[-1] == 1.0 and accuracy(model, X, labels) == 1.0


# --- several classes -------------------------------------------------------------------------


def test_three_spirals_with_cross_entropy_reach_90_percent() -> None:
    X, y = spirals(90, classes=3, noise=0.05, seed=0)
    model = MLP(2, [16, 16, 3], seed=0)
    opt = Adam(model.parameters(), lr=0.05)
    history = fit(model, X, y, "cross_entropy", opt, epochs=60, progress=False)
    assert history.train_accuracy[-1] >= 0.9
    assert accuracy(model, X, y) == history.train_accuracy[-1]
