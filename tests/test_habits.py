"""Habits users bring from PyTorch and micrograd, each met with the answer they expect or an
error that says what to write instead."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import autograd
import nn
from autograd import Value
from nn.optim import DEFAULT_LR


def test_item_gives_the_plain_number() -> None:
    y = 5 * Value(3.0) ** 2 + 30
    assert y.item() == 75.0 and isinstance(y.item(), float)


def test_backward_create_graph_points_at_autograd_grad() -> None:
    x = Value(3.0)
    y = x**3
    with pytest.raises(ValueError, match=r"autograd\.grad\(y, \[x\], create_graph=True\)"):
        y.backward(create_graph=True)
    assert x.grad == 0.0  # refused before touching anything
    y.backward(create_graph=False)
    assert x.grad == 27.0
    # what the message recommends does give a differentiable derivative: d²(x³)/dx² = 6x
    dy = autograd.grad(x**3, [x], create_graph=True)[0]
    assert autograd.grad(dy, [x])[0].data == pytest.approx(18.0)


@pytest.mark.parametrize("convert", [int, round, lambda v: round(v, 2)])
def test_int_and_round_say_to_use_data(convert: object) -> None:
    with pytest.raises(TypeError, match=r"\.data"):
        convert(Value(2.7))  # type: ignore[operator]


def test_fit_lr_sets_the_default_optimizers_rate_and_sgd_agrees_with_fit() -> None:
    X, y = [[0.0], [1.0]], [0.0, 1.0]
    history = nn.fit(nn.MLP(1, [1], seed=0), X, y, epochs=3, lr=0.1, progress=False)
    assert history.lr == [0.1, 0.1, 0.1]
    default = nn.fit(nn.MLP(1, [1], seed=0), X, y, epochs=1, progress=False)
    model = nn.MLP(1, [1], seed=0)
    assert default.lr == [nn.SGD(model).lr] == [DEFAULT_LR]
    # the same rate by either road gives the same run
    by_hand = nn.fit(model, X, y, optimizer=nn.SGD(model), epochs=1, progress=False)
    assert by_hand.train_loss == default.train_loss
    with pytest.raises(ValueError, match="set the rate on your optimizer"):
        nn.fit(model, X, y, optimizer=nn.SGD(model), lr=0.1, progress=False)


def test_numpy_arrays_and_scalars_are_data_everywhere() -> None:
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    labels = np.array([1, 1, 0, 0])
    model = nn.MLP(2, [4, 1], seed=0)
    history = nn.fit(
        model,
        X,
        labels,
        "binary_cross_entropy",
        epochs=2,
        lr=0.1,
        validation=(X, labels),
        progress=False,
    )
    assert len(history.train_loss) == 2
    plain = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
    assert nn.predict(model, X) == nn.predict(model, plain)
    assert nn.evaluate(model, X, labels, "binary_cross_entropy") == nn.evaluate(
        model, plain, [1, 1, 0, 0], "binary_cross_entropy"
    )
    assert nn.accuracy(model, X, labels) == nn.accuracy(model, plain, [1, 1, 0, 0])
    assert model(X[0]).data == model([0.0, 1.0]).data
    assert model.forward_floats(X[1]) == model.forward_floats([1.0, 0.0])
    scaler = nn.data.Standardizer()
    assert scaler.fit_transform(np.array([1.0, 2.0, 3.0])) == scaler.fit_transform([1.0, 2.0, 3.0])
    assert scaler.inverse_transform(np.array([0.0])) == [2.0]
    split = nn.data.train_test_split(X, labels, seed=1)
    assert split == nn.data.train_test_split(plain, [1, 1, 0, 0], seed=1)
    assert all(type(t) is int for t in split[2])  # numbers, not numpy scalars
    assert list(nn.data.batches(X, labels, 2, 0)) == list(
        nn.data.batches(plain, [1, 1, 0, 0], 2, 0)
    )
    assert Value(np.float32(2.5)).data == 2.5 and Value(np.int64(3)).data == 3.0
    assert (Value(2.0) * np.int64(3)).data == 6.0
    with pytest.raises(TypeError, match="must be a number"):
        nn.predict(model, np.array([["a", "b"]]))


def test_activation_without_a_hidden_layer_says_where_it_applies() -> None:
    with pytest.warns(UserWarning, match="applies to the hidden layers, and this MLP has none"):
        model = nn.MLP(2, [1], activation="tanh")
    assert model.activations == ["linear"]
    with pytest.warns(UserWarning, match="output_activation='tanh'"):
        nn.MLP(2, [1], activation="tanh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nn.MLP(2, [1], output_activation="tanh").activations == ["tanh"]
        assert nn.MLP(2, [3, 1], activation="tanh").activations == ["tanh", "linear"]
        assert nn.MLP(2, [1], activation=[]).activations == ["linear"]  # one per hidden layer


def test_a_custom_activation_is_checked_when_the_model_is_built() -> None:
    def to_number(v: Value) -> float:
        return v.data

    with pytest.raises(TypeError, match="custom activation to_number must return a Value"):
        nn.MLP(2, [3, 1], activation=to_number)  # type: ignore[arg-type]


def swish(v: Value) -> Value:
    return v * v.sigmoid()


def test_plot_activations_and_the_diagram_name_a_custom_activation() -> None:
    fig = nn.plot_activations(["relu", swish])
    assert [ax.get_ylabel() for ax in fig.axes[::2]] == ["relu", "swish"]
    xs = list(fig.axes[2].lines[0].get_xdata())
    assert list(fig.axes[2].lines[0].get_ydata()) == pytest.approx(
        [x / (1 + math.exp(-x)) for x in xs], rel=1e-12
    )
    # its derivative, by backward: sigmoid(x) (1 + x (1 - sigmoid(x)))
    slopes = list(fig.axes[3].lines[0].get_ydata())
    s = [1 / (1 + math.exp(-x)) for x in xs]
    assert slopes == pytest.approx([si * (1 + x * (1 - si)) for si, x in zip(s, xs)], rel=1e-9)
    source = nn.MLP(2, [3, 1], activation=swish, seed=0).diagram().source
    assert "3 × swish" in source
    assert "3 × custom" in nn.MLP(2, [3, 1], activation=lambda v: v.tanh(), seed=0).diagram().source


@pytest.mark.parametrize(
    ("loss", "targets"),
    [("mse", [1.5, -0.5]), ("hinge", [1, -1]), ("binary_cross_entropy", [1, 0])],
)
def test_losses_take_numpy_targets(loss: str, targets: list[float]) -> None:
    scores = [Value(0.5), Value(-0.2)]
    assert nn.LOSSES[loss](scores, np.array(targets)).data == nn.LOSSES[loss](scores, targets).data
    rows = [[Value(0.1), Value(0.4)], [Value(-0.3), Value(0.2)]]
    assert nn.cross_entropy(rows, np.array([1, 0])).data == nn.cross_entropy(rows, [1, 0]).data
