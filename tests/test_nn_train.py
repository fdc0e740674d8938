"""fit's contract: early stopping and History, bad input refused before any training, the
default optimizer, target shapes, the progress bar, the paused cycle collector.

Every run is seeded, so each test is deterministic."""

from __future__ import annotations

import dataclasses
import gc
import math

import pytest

import autograd
from autograd import Value
from nn import losses
from nn.data import Standardizer, moons, pig_sales, to_pm1
from nn.mlp import MLP
from nn.optim import SGD
from nn.train import (
    DEFAULT_LR,
    History,
    accuracy,
    collector_paused,
    evaluate,
    fit,
    predict,
)

# --- early stopping and history ----------------------------------------------------------------


def test_early_stopping_keeps_the_best_validation_weights() -> None:
    # Validation targets that training moves away from: the validation loss soon rises.
    X, y = pig_sales("linear", n=20, seed=6)
    Z = Standardizer().fit_transform(X)
    X_val, y_val = Z[:10], [0.0] * 10

    def run(epochs: int, patience: int | None) -> tuple[MLP, History]:
        model = MLP(1, [1], seed=1)
        opt = SGD(model.parameters(), lr=0.05)
        validation = (X_val, y_val)
        return model, fit(
            model,
            Z,
            y,
            "mse",
            opt,
            epochs,
            validation=validation,
            early_stopping=patience,
            progress=False,
        )

    model, history = run(100, patience=3)
    best = min(range(history.epochs), key=history.val_loss.__getitem__) + 1
    assert history.stopped_early and history.best_epoch == best
    assert history.epochs == best + 3 < 100
    assert "stopped early" in history.message
    reference, _ = run(best, patience=None)
    assert model.state_dict() == reference.state_dict()
    assert evaluate(model, X_val, y_val) == pytest.approx(history.val_loss[best - 1])


def test_history_records_every_epoch_and_the_schedule_per_step() -> None:
    X, labels = moons(30, noise=0.1, seed=7)
    X_val, val_labels = moons(20, noise=0.1, seed=8)
    model = MLP(2, [4, 1], seed=0)
    history = fit(
        model,
        X,
        labels,
        loss="binary_cross_entropy",
        epochs=6,
        batch_size=7,
        schedule=lambda step: 1.0 / (1 + step),
        validation=(X_val, val_labels),
        progress=False,
    )
    assert history.epochs == 6 and not history.stopped_early and not history.diverged
    for series in (history.val_loss, history.train_accuracy, history.val_accuracy, history.lr):
        assert len(series) == 6
    # 30 samples in batches of 7: 5 steps an epoch; the epoch's lr is its last step's
    assert history.lr == pytest.approx([1.0 / (1 + 5 * e + 4) for e in range(6)])
    assert history.train_loss[-1] == pytest.approx(
        evaluate(model, X, labels, "binary_cross_entropy")
    )
    assert history.val_accuracy[-1] == accuracy(model, X_val, val_labels)
    # regression: no accuracy
    assert fit(MLP(2, [1]), X, [0.5] * 30, epochs=2, progress=False).train_accuracy == []


def test_fit_is_reproducible_with_a_seed() -> None:
    X, labels = moons(20, noise=0.1, seed=9)

    def run(seed: int) -> dict[str, float]:
        model = MLP(2, [4, 1], seed=0)
        fit(
            model,
            X,
            labels,
            "binary_cross_entropy",
            epochs=3,
            batch_size=4,
            seed=seed,
            progress=False,
        )
        return model.state_dict()

    assert run(1) == run(1) and run(1) != run(2)


# --- bad input fails before any training ----------------------------------------------------

GOOD_X = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"X": [[0.0], [1.0], [2.0]]}, ValueError, r"X\[0\] has 1 value but the model expects 2"),
        ({"y": [0.0, 1.0]}, ValueError, "same length.*3 samples and 2 targets"),
        ({"X": [], "y": []}, ValueError, "X is empty"),
        ({"X": [[0.0, 1.0], [True, 0.0], [1.0, 1.0]]}, TypeError, r"X\[1\]\[0\].*bool"),
        ({"X": [[0.0, 1.0], [1.0, "2"], [1.0, 1.0]]}, TypeError, r"X\[1\]\[1\].*str"),
        ({"X": [[0.0, 1.0], None, [1.0, 1.0]]}, TypeError, r"X\[1\] must be a sample"),
        (
            {"X": [0.0, 1.0, 2.0]},
            TypeError,
            r"X\[0\] must be a sample .* one number is still a list: X = \[\[v\] for v in",
        ),
        ({"X": [[0.0, math.nan], [1.0, 0.0], [1.0, 1.0]]}, ValueError, r"X\[0\]\[1\].*finite"),
        ({"y": [0.0, None, 1.0]}, TypeError, r"y\[1\].*NoneType"),
        ({"y": [0.0, math.inf, 1.0]}, ValueError, r"y\[1\].*finite"),
        ({"loss": "hinge", "y": [0, 1, 1]}, ValueError, r"hinge needs labels -1 or \+1.*to_pm1"),
        ({"loss": "binary_cross_entropy", "y": [-1, 1, 1]}, ValueError, "labels 0 or 1"),
        ({"loss": "cross_entropy", "y": [0, 1, 1]}, ValueError, "one output per class"),
        ({"loss": "cross_entropy", "nouts": [3], "y": [0, 3, 1]}, ValueError, r"0 \.\. 2"),
        ({"loss": "cross_entropy", "nouts": [3], "y": [0, 1.5, 1]}, ValueError, r"y\[1\] = 1.5"),
        ({"loss": "hinge", "nouts": [2], "y": [1, -1, 1]}, ValueError, "exactly 1 output"),
        ({"loss": "huber"}, ValueError, "unknown loss 'huber'"),
        ({"epochs": 0}, ValueError, "epochs must be >= 1"),
        ({"epochs": 2.5}, TypeError, "epochs must be an int"),
        ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
        ({"l2": -1.0}, ValueError, "l2 must be >= 0"),
        ({"early_stopping": 3}, ValueError, "pass validation="),
        ({"validation": ([[0.0]], [1.0])}, ValueError, r"validation X\[0\] has 1 value but"),
        ({"validation": (GOOD_X, [1.0])}, ValueError, "validation y must have the same length"),
        ({"validation": GOOD_X}, TypeError, "validation must be a pair"),
        (
            {"other_optimizer": True},
            ValueError,
            r"made for other parameters: 3 of its 3 are not this model's .*'layers.0.neurons.0",
        ),
    ],
)
def test_bad_input_is_refused_before_training(kwargs, error, match) -> None:  # type: ignore[no-untyped-def]
    kwargs = dict(kwargs)
    model = MLP(2, kwargs.pop("nouts", [1]), seed=0)
    before = model.state_dict()
    if kwargs.pop("other_optimizer", False):
        kwargs["optimizer"] = SGD(MLP(2, [1]).parameters())
    args = {"X": GOOD_X, "y": [0.0, 1.0, 1.0], "epochs": 2, "progress": False, **kwargs}
    with pytest.raises(error, match=match):
        fit(model, **args)
    assert model.state_dict() == before  # nothing was trained


def test_a_batch_bigger_than_the_data_is_full_batch_and_one_sample_trains() -> None:
    X, y = pig_sales("linear", n=6, noise=1.0, seed=2)
    runs: list[History] = []
    for size in (None, 6, 100):
        model = MLP(1, [1], seed=0)
        opt = SGD(model, lr=0.002)
        runs.append(fit(model, X, y, optimizer=opt, epochs=5, batch_size=size, progress=False))
    # one step per epoch on the whole (shuffled) set: the same mean, up to rounding
    for run in runs[1:]:
        assert run.train_loss == pytest.approx(runs[0].train_loss, rel=1e-12)
    # a single sample: each step is the exact gradient step of (w x + b - y)²
    model = MLP(1, [1], seed=0)
    neuron = model.layers[0].neurons[0]
    (w,), b = [v.data for v in neuron.w], neuron.b.data
    x, target = X[0][0], y[0]
    fit(model, [[x]], [target], optimizer=SGD(model, lr=0.01), epochs=1, progress=False)
    error = w * x + b - target
    (w_after,), b_after = [v.data for v in neuron.w], neuron.b.data
    assert [w_after, b_after] == pytest.approx([w - 0.02 * error * x, b - 0.02 * error])


def test_a_custom_loss_must_return_a_value_and_is_checked_before_training() -> None:
    # Regression: "AttributeError: 'float' object has no attribute 'data'".
    X, y = pig_sales("linear", n=5, seed=0)
    model = MLP(1, [1], seed=0)
    before = model.state_dict()

    def squared_error_on_data(outputs: list[Value], targets: list[float]) -> float:
        return sum((o.data - t) ** 2 for o, t in zip(outputs, targets)) / len(targets)

    message = "loss function squared_error_on_data must return a Value .* got float"
    with pytest.raises(TypeError, match=message):
        fit(model, X, y, loss=squared_error_on_data, progress=False)  # type: ignore[arg-type]
    assert model.state_dict() == before
    with pytest.raises(TypeError, match=message):
        evaluate(model, X, y, loss=squared_error_on_data)  # type: ignore[arg-type]


def test_predict_evaluate_accuracy_check_their_input() -> None:
    model = MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match="the model expects 2"):
        predict(model, [[1.0]])
    with pytest.raises(ValueError, match="same length"):
        evaluate(model, GOOD_X, [1.0])
    with pytest.raises(ValueError, match=r"labels -1/\+1.*or 0/1"):
        accuracy(model, GOOD_X, [0, 1, 2])
    with pytest.raises(ValueError, match="classification loss"):
        accuracy(model, GOOD_X, [0, 1, 1], loss="mse")


def test_default_optimizer_is_sgd_and_trains() -> None:
    X, labels = moons(40, noise=0.1, seed=10)
    model = MLP(2, [8, 1], seed=0)
    history = fit(model, X, to_pm1(labels), loss="hinge", epochs=30, progress=False)
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.lr == [DEFAULT_LR] * 30


def test_mse_on_several_outputs_takes_one_row_of_targets_per_sample() -> None:
    # two outputs, two linear functions of the same inputs: y = (x1 + 2 x2, 3 x1 - x2 + 1)
    X = [[a / 3, b / 3] for a in range(-3, 4) for b in range(-3, 4)]
    Y = [[x1 + 2 * x2, 3 * x1 - x2 + 1] for x1, x2 in X]
    model = MLP(2, [2], seed=0)
    history = fit(model, X, Y, "mse", SGD(model, lr=0.3), epochs=200, progress=False)
    assert history.train_loss[-1] < 1e-12
    first, second = model.layers[0].neurons
    assert [w.data for w in first.w] + [first.b.data] == pytest.approx([1, 2, 0], abs=1e-6)
    assert [w.data for w in second.w] + [second.b.data] == pytest.approx([3, -1, 1], abs=1e-6)
    with pytest.raises(ValueError, match=r"y\[0\] has 1 value but the model expects 2"):
        fit(model, X, [[0.0]] * len(X), progress=False)


def test_mse_on_one_output_takes_rows_of_one_target_as_well_as_numbers() -> None:
    # A column of targets ([[v] for v in y], what a Standardizer fitted on a table
    # gives) used to be refused with "y[0] must be a number", though nn.losses.mse takes it.
    X, y = pig_sales("linear", n=12, noise=2.0, seed=1)
    column = [[v] for v in y]
    histories = []
    for targets in (y, column):
        model = MLP(1, [1], seed=0)
        histories.append(fit(model, X, targets, optimizer=SGD(model, lr=0.005), progress=False))
        assert evaluate(model, X, targets) == histories[-1].train_loss[-1]
    assert histories[0].train_loss == histories[1].train_loss
    with pytest.raises(ValueError, match=r"y\[1\] has 2 values but the model expects 1"):
        fit(MLP(1, [1]), X[:2], [[1.0], [1.0, 2.0]], progress=False)


# --- the cycle collector is paused during each step -------------------------------------


def test_fit_pauses_the_cycle_collector_in_every_step_and_restores_it() -> None:
    X, y = pig_sales("linear", n=10, seed=5)
    during: list[bool] = []

    def watching_mse(outputs: list[Value], targets: list[float]) -> Value:
        if autograd.is_grad_enabled():  # a training step (scoring runs on floats)
            during.append(gc.isenabled())
        return losses.mse(outputs, targets)

    assert gc.isenabled()
    fit(MLP(1, [1], seed=0), X, y, watching_mse, epochs=2, batch_size=5, progress=False)
    assert during == [False] * 4  # 2 epochs of 2 steps
    assert gc.isenabled()


def test_fit_restores_the_cycle_collector_when_a_step_raises() -> None:
    X, y = pig_sales("linear", n=10, seed=5)

    def broken_loss(outputs: list[Value], targets: list[float]) -> Value:
        if autograd.is_grad_enabled():
            raise RuntimeError("a bug in the loss")
        return losses.mse(outputs, targets)

    with pytest.raises(RuntimeError, match="a bug in the loss"):
        fit(MLP(1, [1], seed=0), X, y, broken_loss, epochs=1, progress=False)
    assert gc.isenabled()


@pytest.mark.parametrize("enabled_before", [True, False])
def test_collector_paused_puts_back_the_previous_state_even_after_an_error(
    enabled_before: bool,
) -> None:
    (gc.enable if enabled_before else gc.disable)()
    try:
        with pytest.raises(ZeroDivisionError), collector_paused():
            assert not gc.isenabled()
            Value(1.0) / 0.0
        assert gc.isenabled() is enabled_before
        with collector_paused(), collector_paused():  # nested
            assert not gc.isenabled()
        assert gc.isenabled() is enabled_before
    finally:
        gc.enable()


def test_history_repr_is_a_short_summary_not_every_float() -> None:
    """A History as a notebook cell's last line: epochs, first -> last training loss, the
    last validation numbers, how it ended; the per-epoch lists stay in the fields."""
    losses = [1.0 / (epoch + 1) for epoch in range(500)]
    history = History(
        train_loss=losses,
        val_loss=[2 * v for v in losses],
        train_accuracy=[0.5] * 500,
        val_accuracy=[0.25] * 499 + [0.875],
        stopped_early=True,
        best_epoch=480,
        message="stopped early after epoch 500",
    )
    text = repr(history)
    assert len(text) < 250 and text.count("\n") == 1
    assert "500 epochs" in text and f"training loss 1 -> {losses[-1]:.4g}" in text
    assert f"validation loss {2 * losses[-1]:.4g}" in text and "87.5%" in text
    assert "stopped early, kept epoch 480" in text and text.endswith(history.message)
    assert "DIVERGED" in repr(History(train_loss=[1.0, 1e300], diverged=True))
    assert repr(History()) == "History(no epochs finished)"
    assert [f.name for f in dataclasses.fields(History)][:5] == [
        "train_loss",
        "val_loss",
        "train_accuracy",
        "val_accuracy",
        "lr",
    ]
    assert history == dataclasses.replace(history)  # still a dataclass with equality
