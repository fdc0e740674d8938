"""predict, evaluate and accuracy: float-only answers that equal the graph's."""

from __future__ import annotations

import pytest

import autograd
from autograd import Value
from nn import losses
from nn.data import moons, to_pm1
from nn.mlp import MLP
from nn.optim import SGD
from nn.train import (
    accuracy,
    evaluate,
    fit,
    predict,
)

# --- predict, evaluate, accuracy ------------------------------------------------------------------


def _set(model: MLP, weights: list[list[float]], biases: list[float]) -> None:
    for neuron, w, b in zip(model.layers[-1].neurons, weights, biases):
        for p, v in zip(neuron.w, w):
            p.data = v
        neuron.b.data = b


def test_predict_builds_no_graph_and_matches_the_graph_forward(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    model, one = MLP(2, [5, 3], seed=0), MLP(2, [1], seed=0)
    X = moons(10, noise=0.1, seed=1)[0]
    expected = [[v.data for v in model(x)] for x in X]
    expected_one = [one(x).data for x in X]

    def no_values(*args: object) -> Value:
        raise AssertionError("a Value was made")

    # Every Value is made by Value.__init__ or, for op results, by nodes.allocate.
    monkeypatch.setattr(autograd.nodes, "allocate", no_values)
    monkeypatch.setattr(Value, "__init__", no_values)
    rows = predict(model, X)
    for row, want in zip(rows, expected, strict=True):
        assert row == pytest.approx(want, rel=1e-12)
    accuracy(model, X, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
    assert predict(one, X) == pytest.approx(expected_one, rel=1e-12)  # one output: floats


def test_evaluate_equals_the_loss_on_the_graph() -> None:
    X, labels = moons(12, noise=0.1, seed=2)
    model = MLP(2, [4, 1], seed=3)
    for loss, y in (("mse", labels), ("hinge", to_pm1(labels)), ("binary_cross_entropy", labels)):
        on_graph = losses.LOSSES[loss]([model(x) for x in X], y).data
        assert evaluate(model, X, y, loss) == pytest.approx(on_graph, rel=1e-12)
    ce_model = MLP(2, [4, 3], seed=3)
    y3 = [i % 3 for i in range(12)]
    expected = losses.cross_entropy([ce_model(x) for x in X], y3).data
    assert evaluate(ce_model, X, y3, "cross_entropy") == pytest.approx(expected, rel=1e-12)


def test_accuracy_rules_for_each_loss() -> None:
    X = [[-2.0], [-1.0], [1.0], [2.0]]
    model = MLP(1, [1], seed=0)
    _set(model, [[1.0]], [0.0])  # score = x
    assert accuracy(model, X, [-1, -1, 1, 1]) == 1.0  # sign of the score vs ±1
    assert accuracy(model, X, [-1, 1, 1, 1], loss="hinge") == 0.75
    assert accuracy(model, X, [0, 0, 1, 1]) == 1.0  # logit > 0 vs 0/1
    assert accuracy(model, X, [1, 1, 0, 1], loss="binary_cross_entropy") == 0.25
    three = MLP(1, [3], seed=0)
    _set(three, [[-1.0], [0.0], [1.0]], [0.0, 0.5, 0.0])  # argmax: 0 for x<-0.5, 2 for x>0.5
    assert accuracy(three, X, [0, 0, 2, 2]) == 1.0
    assert accuracy(three, [*X, [0.0]], [0, 0, 2, 2, 1]) == 1.0
    assert accuracy(three, X, [0, 1, 1, 2], loss="cross_entropy") == 0.5


def test_a_sigmoid_output_is_a_probability_split_at_one_half() -> None:
    # Regression: accuracy split every one-output model at 0, so a sigmoid output (always
    # above 0) predicted class 1 for every sample; the decision-boundary plot used 0.5.
    X = [[-2.0], [-1.0], [1.0], [2.0]]
    model = MLP(1, [1], output_activation="sigmoid", seed=0)
    _set(model, [[1.0]], [0.0])  # p = sigmoid(x): above 1/2 exactly when x > 0
    assert accuracy(model, X, [0, 0, 1, 1]) == 1.0
    assert accuracy(model, X, [-1, -1, 1, 1], loss="hinge") == 1.0
    # fit's per-epoch accuracies use the same split (lr 0: the weights stay as set)
    opt = SGD(model, lr=0.01)
    opt.lr = 0.0
    with pytest.warns(UserWarning, match="squashed twice"):  # a sigmoid under bce: said
        history = fit(model, X, [0, 0, 1, 1], "binary_cross_entropy", opt, epochs=1, progress=False)
    assert history.train_accuracy == [1.0]
