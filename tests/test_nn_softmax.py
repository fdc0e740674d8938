"""softmax, predict_proba and predict_classes: probabilities from scores, checked against the
maths (central differences and the exact Jacobian p_i (δ_ij - p_j)) and against accuracy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import assert_close, central_difference
from hypothesis import given
from hypothesis import strategies as st

import nn
import nn.train
from autograd import Value

SCORES = st.lists(st.floats(-30.0, 30.0), min_size=1, max_size=5)


def exact_softmax(zs: list[float]) -> list[float]:
    """The textbook formula, fine for the small scores it is used on here."""
    total = math.fsum(math.exp(z) for z in zs)
    return [math.exp(z) / total for z in zs]


@given(SCORES)
def test_softmax_of_floats_is_the_formula_and_adds_up_to_one(zs: list[float]) -> None:
    p = nn.softmax(zs)
    assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in p)
    assert math.fsum(p) == pytest.approx(1.0, abs=1e-12)
    assert_close(p, exact_softmax(zs), rtol=1e-12, atol=1e-15)


def test_softmax_is_stable_for_large_scores() -> None:
    # e^1000 overflows a float; subtracting the largest score first, it never appears.
    assert nn.softmax([1000.0, 1000.0]) == [0.5, 0.5]
    assert_close(nn.softmax([1000.0, 1001.0, 999.0]), exact_softmax([1.0, 2.0, 0.0]), rtol=1e-12)
    assert nn.softmax([-1000.0, 0.0]) == [0.0, 1.0]
    big = nn.softmax([Value(800.0), Value(801.0)])
    assert_close([v.data for v in big], exact_softmax([0.0, 1.0]), rtol=1e-12)


@given(st.lists(st.floats(-5.0, 5.0), min_size=2, max_size=4))
def test_softmax_of_values_has_the_exact_jacobian_and_matches_central_differences(
    zs: list[float],
) -> None:
    p_float = nn.softmax(zs)
    for i in range(len(zs)):
        xs = [Value(z) for z in zs]
        out = nn.softmax(xs)
        assert [v.data for v in out] == pytest.approx(p_float, rel=1e-12, abs=1e-15)
        out[i].backward()
        grads = [x.grad for x in xs]
        # d p_i / d z_j = p_i (δ_ij - p_j)
        exact = [p_float[i] * ((1.0 if j == i else 0.0) - p_float[j]) for j in range(len(zs))]
        assert_close(grads, exact, rtol=1e-9, atol=1e-12)
        numeric = [
            central_difference(lambda *z, i=i: nn.softmax(list(z))[i], zs, j)
            for j in range(len(zs))
        ]
        assert_close(grads, numeric, rtol=1e-6, atol=1e-9)


def test_softmax_takes_a_mix_of_numbers_and_values_and_numpy() -> None:
    z = Value(1.0)
    p = nn.softmax([z, 0.0])
    assert all(isinstance(v, Value) for v in p)
    p[0].backward()
    q = exact_softmax([1.0, 0.0])
    assert z.grad == pytest.approx(q[0] * q[1], rel=1e-12)
    assert nn.softmax(np.array([1.0, 0.0])) == pytest.approx(q, rel=1e-15)


@pytest.mark.parametrize(
    ("scores", "error", "message"),
    [
        ([], ValueError, "at least one score"),
        ([1.0, math.nan], ValueError, "score 1 must be a finite number"),
        ([1.0, "2"], TypeError, "score 1 must be a number or a Value"),
        (3.0, TypeError, "needs a list of scores"),
    ],
)
def test_softmax_names_bad_scores(scores: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        nn.softmax(scores)  # type: ignore[arg-type]


def _set(model: nn.MLP, weights: list[list[float]], biases: list[float]) -> None:
    for neuron, w, b in zip(model.layers[-1].neurons, weights, biases):
        for p, v in zip(neuron.w, w):
            p.data = v
        neuron.b.data = b


X = [[-2.0], [-0.25], [0.25], [2.0]]


def test_predict_proba_is_the_sigmoid_of_one_logit() -> None:
    model = nn.MLP(1, [1], seed=0)
    _set(model, [[1.5]], [0.25])
    logits = [1.5 * x + 0.25 for (x,) in X]
    expected = [1.0 / (1.0 + math.exp(-z)) for z in logits]
    assert nn.predict_proba(model, X) == pytest.approx(expected, rel=1e-15)
    assert nn.predict_classes(model, X) == [int(z > 0) for z in logits]
    # a sigmoid output layer already gives probabilities: not squashed a second time
    squashed = nn.MLP(1, [1], output_activation="sigmoid", seed=0)
    _set(squashed, [[1.5]], [0.25])
    assert nn.predict_proba(squashed, X) == nn.predict(squashed, X)
    assert nn.predict_classes(squashed, X) == nn.predict_classes(model, X)


def test_predict_proba_is_the_softmax_of_several_scores_and_classes_the_argmax() -> None:
    model = nn.MLP(1, [3], seed=0)
    _set(model, [[-1.0], [0.0], [1.0]], [0.0, 0.5, 0.0])
    rows = nn.predict_proba(model, X)
    for row, (x,) in zip(rows, X):
        assert sum(row) == pytest.approx(1.0, abs=1e-15)
        assert row == pytest.approx(exact_softmax([-x, 0.5, x]), rel=1e-12)
    classes = nn.predict_classes(model, X)
    assert classes == [0, 1, 1, 2]
    assert nn.accuracy(model, X, classes) == 1.0  # the same rule as accuracy


def test_predict_classes_agrees_with_accuracy_on_a_trained_classifier() -> None:
    Xm, labels = nn.data.moons(n=40, noise=0.1, seed=3)
    model = nn.MLP(2, [8, 1], seed=0)
    nn.fit(model, Xm, labels, "binary_cross_entropy", epochs=20, lr=0.5, progress=False)
    predicted = nn.predict_classes(model, np.array(Xm))
    right = sum(p == t for p, t in zip(predicted, labels)) / len(labels)
    assert right == nn.accuracy(model, Xm, labels)
    assert predicted == [int(p > 0.5) for p in nn.predict_proba(model, Xm)]


def test_nn_train_shows_only_its_public_names() -> None:
    assert dir(nn.train) == sorted(nn.train.__all__)
    assert "check_matrix" not in dir(nn.train) and "fit" in dir(nn.train)
    assert {"softmax", "predict_proba", "predict_classes"} <= set(nn.__all__)
