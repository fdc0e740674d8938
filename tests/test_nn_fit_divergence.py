"""fit stops cleanly when training diverges: the last good weights, a fresh optimizer,
a warning that says what to do."""

from __future__ import annotations

import math
import warnings

import pytest

import autograd
from autograd import Value
from nn import losses
from nn.data import Standardizer, pig_sales
from nn.divergence import BLOW_UP
from nn.mlp import MLP
from nn.optim import SGD, Adam
from nn.train import (
    History,
    evaluate,
    fit,
)

# --- divergence -------------------------------------------------------------------------------


def test_too_large_learning_rate_stops_with_last_good_weights_and_a_warning() -> None:
    X, y = pig_sales("quadratic", n=20, seed=4)
    X2 = [[x * x] for (x,) in X]  # unscaled: years² up to 100, so lr 0.01 explodes

    def run(epochs: int) -> tuple[MLP, History]:
        model = MLP(1, [1], seed=0)
        opt = SGD(model.parameters(), lr=0.01)
        return model, fit(model, X2, y, optimizer=opt, epochs=epochs, progress=False)

    with pytest.warns(RuntimeWarning, match="smaller") as caught:
        model, history = run(1000)
    assert history.diverged and 0 < history.epochs < 1000
    assert "diverged" in history.message and "smaller" in history.message
    assert str(caught[0].message) == history.message
    assert len(history.train_loss) == len(history.lr) == history.epochs
    assert all(math.isfinite(v) for v in history.train_loss)
    # the weights are exactly those after the last finished epoch
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no divergence this time
        again, _ = run(history.epochs)
    assert model.state_dict() == again.state_dict()


@pytest.mark.parametrize(
    "make",
    [
        lambda params: SGD(params, lr=3.0, momentum=0.9),
        lambda params: Adam(params, lr=1e4),  # steps of about lr: loss ~ 1e8 at once
    ],
    ids=["sgd-momentum", "adam"],
)
def test_after_divergence_the_optimizer_starts_fresh_from_the_restored_weights(make) -> None:  # type: ignore[no-untyped-def]
    # Regression: the momentum (Adam: m, v and t) built up by the steps that blew up was
    # kept, so fitting again with a smaller lr and the same optimizer was kicked off course.
    X, y = pig_sales("linear", n=20, seed=0)
    X, y = Standardizer().fit_transform(X), Standardizer().fit_transform(y)
    model = MLP(1, [1], seed=0)
    opt = make(model.parameters())
    with pytest.warns(RuntimeWarning, match="reset the optimizer"):
        assert fit(model, X, y, optimizer=opt, epochs=200, progress=False).diverged
    restored = model.state_dict()
    opt.lr = 0.01
    again = fit(model, X, y, optimizer=opt, epochs=5, progress=False)
    # the same as a brand-new optimizer of the same settings from the restored weights
    fresh_model = MLP(1, [1], seed=0)
    fresh_model.load_state_dict(restored)
    fresh = make(fresh_model.parameters())
    fresh.lr = 0.01
    expected = fit(fresh_model, X, y, optimizer=fresh, epochs=5, progress=False)
    assert again.train_loss == expected.train_loss
    assert model.state_dict() == fresh_model.state_dict()


def test_a_finite_but_exploding_loss_counts_as_diverged() -> None:
    # Regression: full-batch training with too large a rate "finished" with a loss of 1e97,
    # because only NaN and inf counted.  Each epoch multiplies this loss by ~1000.
    X, y = pig_sales("quadratic", n=20, seed=4)
    X2 = [[x * x] for (x,) in X]
    model = MLP(1, [1], seed=0)
    initial = evaluate(model, X2, y, "mse")
    with pytest.warns(RuntimeWarning, match="times its value before training"):
        history = fit(model, X2, y, optimizer=SGD(model, lr=0.01), epochs=30, progress=False)
    assert history.diverged and history.epochs < 30
    assert all(loss <= BLOW_UP * initial for loss in history.train_loss)
    assert evaluate(model, X2, y, "mse") == history.train_loss[-1]


def test_engine_errors_mid_step_stop_training_cleanly() -> None:
    X, y = pig_sales("linear", n=10, seed=5)
    calls = 0

    def flaky_mse(outputs: list[Value], targets: list[float]) -> Value:
        nonlocal calls
        if not autograd.is_grad_enabled():  # fit scoring the model on floats, not a step
            return losses.mse(outputs, targets)
        calls += 1
        if calls == 4:  # 4th step: the engine raises ZeroDivisionError inside the loss
            return losses.mse(outputs, targets) / (outputs[0] - outputs[0])
        return losses.mse(outputs, targets)

    model = MLP(1, [1], seed=0)
    opt = SGD(model.parameters(), lr=0.001)
    with pytest.warns(RuntimeWarning, match="ZeroDivisionError"):
        history = fit(model, X, y, flaky_mse, opt, epochs=10, batch_size=5, progress=False)
    # 2 steps per epoch: epoch 1 finished, epoch 2 failed on its second step
    assert history.diverged and history.epochs == 1
    reference = MLP(1, [1], seed=0)
    fit(reference, X, y, "mse", SGD(reference.parameters(), lr=0.001), 1, 5, progress=False)
    assert model.state_dict() == reference.state_dict()


def test_nan_weights_hidden_by_relu_are_caught() -> None:
    # fit checks the weights themselves, not only the loss.
    X, y = [[1.0], [2.0]], [1.0, 2.0]
    model = MLP(1, [1, 1], seed=0)  # the NaN goes into the hidden relu neuron's weight
    good = model.state_dict()

    class NaNStep(SGD):
        def step(self) -> None:
            self.params[0].data = math.nan

    with pytest.warns(RuntimeWarning, match="NaN or infinite"):
        history = fit(model, X, y, optimizer=NaNStep(model), epochs=1, progress=False)
    assert history.diverged and history.epochs == 0
    assert model.state_dict() == good
