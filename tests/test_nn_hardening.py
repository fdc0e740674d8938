"""nn under hostile input: user bugs stay user bugs, huge numbers stay numbers, schedules
keep their promises, numpy values are taken, and every slip gets an error that names it.
"""

from __future__ import annotations

import math
import statistics
import warnings
from itertools import pairwise
from typing import Any

import numpy as np
import pytest

import nn
from autograd import Value
from nn import schedules
from nn.data import Standardizer

X = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
Y = [1.0, 1.0, 0.0, 0.0]


def quiet_fit(model: Any, X: Any, y: Any, **kw: Any) -> nn.History:
    return nn.fit(model, X, y, progress=False, **kw)


# --- fit: whose ArithmeticError is it? ----------------------------------------------------


@pytest.mark.parametrize("error", [ZeroDivisionError, OverflowError, ArithmeticError])
def test_an_arithmetic_error_in_a_custom_loss_propagates(error: type[Exception]) -> None:
    def broken_loss(preds: list[Value], targets: list[float]) -> Value:
        raise error("a bug in the user's loss")

    model = nn.MLP(2, [3, 1])
    before = model.state_dict()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "training diverged" warning either
        with pytest.raises(error, match="a bug in the user's loss"):
            quiet_fit(model, X, Y, loss=broken_loss, epochs=2)
    assert model.state_dict() == before


def test_a_custom_loss_that_overflows_in_math_propagates() -> None:
    def loss(preds: list[Value], targets: list[float]) -> Value:
        return preds[0] * math.exp(1000.0)  # math, not the engine: a bug in this loss

    with pytest.raises(OverflowError, match="math range error"):
        quiet_fit(nn.MLP(2, [1]), X, Y, loss=loss, epochs=1)


def test_an_arithmetic_error_in_a_schedule_or_custom_activation_propagates() -> None:
    def schedule(step: int) -> float:
        return 1.0 / (step - step)  # a bug in the user's schedule

    with pytest.raises(ZeroDivisionError):
        quiet_fit(nn.MLP(2, [1]), X, Y, schedule=schedule, epochs=1)

    def activation(v: Value) -> Value:
        raise OverflowError("a bug in the user's activation")

    with pytest.raises(OverflowError, match="user's activation"):
        quiet_fit(nn.MLP(2, [2, 1], activation=activation), X, Y, epochs=1)


def test_an_overflow_in_the_engine_still_means_divergence() -> None:
    def loss(preds: list[Value], targets: list[float]) -> Value:
        return (preds[0] * 1e200) ** 2  # the engine's pow overflows to inf

    model = nn.MLP(2, [1])
    before = model.state_dict()
    with pytest.warns(RuntimeWarning, match="training diverged"):
        history = quiet_fit(model, X, Y, loss=loss, epochs=2)
    assert history.diverged and "the loss became inf" in history.message
    assert model.state_dict() == before


# --- fit: losses that cannot train --------------------------------------------------------------


def test_a_custom_loss_built_from_data_is_refused_before_any_step() -> None:
    def loss_from_numbers(preds: list[Value], targets: list[float]) -> Value:
        return Value(sum((p.data - t) ** 2 for p, t in zip(preds, targets)))

    model = nn.MLP(2, [1])
    before = model.state_dict()
    with pytest.raises(ValueError, match=r"does not depend on any of the model's parameters"):
        quiet_fit(model, X, Y, loss=loss_from_numbers, epochs=3)
    assert model.state_dict() == before


def test_a_custom_loss_returning_a_float_is_refused() -> None:
    with pytest.raises(TypeError, match=r"must return a Value.*got float"):
        quiet_fit(nn.MLP(2, [1]), X, Y, loss=lambda preds, targets: 0.5, epochs=1)


def test_a_custom_loss_with_a_graph_to_the_parameters_trains() -> None:
    def loss(preds: list[Value], targets: list[float]) -> Value:
        return sum(((p - t) ** 2 for p, t in zip(preds, targets)), Value(0.0)) / len(preds)

    history = quiet_fit(nn.MLP(2, [4, 1]), X, Y, loss=loss, epochs=20)
    assert history.train_loss[-1] < history.train_loss[0]


# --- fit, predict, evaluate, accuracy: what is not a model or not targets ---------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: quiet_fit(None, X, Y), r"fit needs a model to run.*got NoneType"),
        (lambda: nn.train.predict(None, X), r"predict needs a model.*NoneType"),  # type: ignore[arg-type]
        (lambda: nn.train.evaluate(None, X, Y), r"evaluate needs a model.*NoneType"),  # type: ignore[arg-type]
        (lambda: nn.train.accuracy(None, X, Y), r"accuracy needs a model.*NoneType"),  # type: ignore[arg-type]
        (lambda: quiet_fit(nn.MLP(2, [1]), X, None), r"y must be a list of targets.*NoneType"),
        (lambda: nn.train.evaluate(nn.MLP(2, [1]), X, 3.0), r"y must be a list of targets"),  # type: ignore[arg-type]
        (lambda: quiet_fit(nn.MLP(2, [1]), None, Y), r"X must be a list of samples"),
    ],
)
def test_what_is_not_a_model_or_a_list_gets_a_type_error(call: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call()


# --- losses: predictions that are not numbers --------------------------------------------------


@pytest.mark.parametrize(
    ("loss", "preds", "targets"),
    [
        (nn.losses.mse, [None], [1.0]),
        (nn.losses.hinge, [Value(1.0), None], [1.0, -1.0]),
        (nn.losses.binary_cross_entropy, [None], [1.0]),
        (nn.losses.cross_entropy, [[Value(0.0), None]], [1]),
    ],
)
def test_a_none_prediction_names_the_sample(
    loss: Any, preds: list[Any], targets: list[Any]
) -> None:
    message = r"prediction for sample \d must be a Value.*forget to return"
    with pytest.raises(TypeError, match=message):
        loss(preds, targets)


def test_a_string_prediction_is_named_without_the_none_hint() -> None:
    with pytest.raises(TypeError, match=r"mse loss: the prediction for sample 0.*str: 'a'$"):
        nn.losses.mse(["a"], [1.0])


# --- optimizers: a gradient that is not a number -------------------------------------------------


@pytest.mark.parametrize("make", [lambda ps: nn.SGD(ps, momentum=0.5), lambda ps: nn.Adam(ps)])
def test_a_none_grad_stops_the_step_before_anything_moves(make: Any) -> None:
    a, b = Value(1.0, "a"), Value(2.0, "b")
    opt = make([a, b])
    a.grad, b.grad = 1.0, None  # type: ignore[assignment]
    with pytest.raises(TypeError, match=r"parameter 1 \(b\) has \.grad = None.*zero_grad\(\)"):
        opt.step()
    assert (a.data, b.data) == (1.0, 2.0)  # a did not move either
    b.grad = 1.0
    opt.step()  # and the optimizer's state was not half updated: the step works
    assert a.data < 1.0 and b.data < 2.0


# --- Standardizer at the edge of the floats ------------------------------------------------------


@pytest.mark.parametrize(
    "column",
    [[1e200, -1e200, 3e200], [1.7e308, 1.7e308, -1.7e308], [-1e300, 1e300], [1e-300, 3e-300]],
)
def test_standardizer_fits_huge_and_tiny_finite_numbers(column: list[float]) -> None:
    s = Standardizer().fit(column)
    # the truth, computed in a scale where nothing overflows
    unit = max(abs(v) for v in column)
    mean = statistics.fmean(v / unit for v in column) * unit
    std = statistics.pstdev([v / unit for v in column]) * unit
    assert s.mean[0] == pytest.approx(mean, rel=1e-12)
    assert s.scale[0] == pytest.approx(std, rel=1e-12) or s.scale[0] == 1.0
    z = s.transform(column)
    assert all(math.isfinite(v) for v in z)
    back = s.inverse_transform(z)
    assert back == pytest.approx(column, rel=1e-12)


def test_standardizer_gives_the_textbook_numbers_on_everyday_data() -> None:
    column = [3.0, 7.5, -2.25, 10.0, 0.1]
    s = Standardizer().fit(column)
    mean = math.fsum(column) / len(column)
    assert s.mean == [mean]
    assert s.scale == [math.sqrt(math.fsum((v - mean) ** 2 for v in column) / len(column))]


# --- schedules keep going down ----------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: schedules.Exponential(0.1, 1.5),
        lambda: schedules.StepDecay(0.1, 10, 2.0),
    ],
)
def test_a_decay_factor_above_one_is_refused(make: Any) -> None:
    with pytest.raises(ValueError, match=r"gamma must be in \(0, 1\] so the rate decays"):
        make()


@pytest.mark.parametrize(
    ("make", "names"),
    [
        (lambda: schedules.Cosine(0.1, 100, min_lr=0.5), "min_lr.*lr"),
        (lambda: schedules.LinearDecay(0.1, 0.5, 100), "end.*start"),
    ],
)
def test_an_end_rate_above_the_start_is_refused(make: Any, names: str) -> None:
    with pytest.raises(ValueError, match=rf"{names}.*the rate goes down"):
        make()


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.Exponential(0.1, 1.0),
        schedules.StepDecay(0.1, 3, 1.0),
        schedules.Cosine(0.1, 10, min_lr=0.1),
        schedules.LinearDecay(0.1, 0.1, 10),
        schedules.Exponential(0.1, 0.9),
        schedules.Cosine(0.1, 10, min_lr=0.01),
    ],
)
def test_allowed_schedules_never_rise(schedule: Any) -> None:
    rates = [schedule(k) for k in range(30)]
    assert all(later <= earlier for earlier, later in pairwise(rates))


# --- numpy values --------------------------------------------------------------------------------


def test_numpy_integers_are_taken_as_sizes_seeds_and_steps() -> None:
    model = nn.MLP(np.int64(2), [np.int64(3), np.int32(1)], seed=np.int64(4))
    assert (model.nin, model.nouts) == (2, [3, 1])
    assert type(model.nin) is int and all(type(n) is int for n in model.nouts)
    assert nn.MLP(2, np.array([3, 1])).nouts == [3, 1]
    history = quiet_fit(model, X, Y, epochs=np.int64(3), batch_size=np.int64(2), seed=np.int64(1))
    assert history.epochs == 3
    assert schedules.Cosine(0.1, np.int64(10))(np.int64(10)) == pytest.approx(0.0)
    assert schedules.StepDecay(0.1, np.int64(2), 0.5)(np.int64(4)) == pytest.approx(0.025)


def test_numpy_arrays_train_like_the_same_lists() -> None:
    labels = [1, 1, 0, 0]
    with_lists = nn.MLP(2, [3, 2], seed=0)  # the same weights (unseeded models now differ)
    with_arrays = nn.MLP(2, [3, 2], seed=0)
    a = quiet_fit(with_lists, X, labels, loss="cross_entropy", epochs=4)
    b = quiet_fit(with_arrays, np.array(X), np.array(labels), loss="cross_entropy", epochs=4)
    assert a.train_loss == b.train_loss
    assert with_lists.state_dict() == with_arrays.state_dict()
    assert nn.train.predict(with_lists, X) == nn.train.predict(with_arrays, np.array(X))
    assert nn.train.accuracy(with_lists, np.array(X), np.array(labels)) == nn.train.accuracy(
        with_lists, X, labels
    )


def test_numpy_scalars_are_taken_as_samples_labels_and_predictions() -> None:
    model = nn.MLP(2, [1])
    assert model([np.int64(1), np.float32(0.5)]).data == model([1.0, 0.5]).data
    assert model(np.array([1.0, 0.5])).data == model([1.0, 0.5]).data
    scores = [[Value(1.0), Value(0.0)]]
    assert (
        nn.losses.cross_entropy(scores, np.array([1])).data
        == nn.losses.cross_entropy(scores, [1]).data
    )
    assert nn.losses.mse([np.float32(1.0)], [np.int64(3)]).data == 4.0


def test_a_numpy_column_of_targets_trains_like_a_list_of_rows() -> None:
    column = [[0.0], [1.0], [1.0], [0.0]]
    a, b = nn.MLP(2, [2, 1], seed=0), nn.MLP(2, [2, 1], seed=0)
    assert (
        quiet_fit(a, X, column, epochs=3).train_loss
        == quiet_fit(b, X, np.array(column), epochs=3).train_loss
    )


@pytest.mark.parametrize("size", [np.float64(3.0), 2.5, True, np.True_, "3"])
def test_what_is_not_a_whole_number_is_still_refused_as_a_size(size: Any) -> None:
    with pytest.raises(ValueError, match="must be a whole number >= 1"):
        nn.MLP(2, [size])


def test_numpy_bools_are_refused_as_labels_like_bools() -> None:
    with pytest.raises(TypeError, match=r"y\[0\] must be a number.*bool"):
        quiet_fit(nn.MLP(2, [1]), X, [np.True_, np.False_, 1.0, 0.0], epochs=1)
