"""nn.fit's recorded steps: replaying them gives the engine's numbers, bit for bit.

Every test trains the same model twice from the same weights, once building every
step's graph (``compile=False``) and once replaying recorded steps (``compile=True``),
and asks for the very same History and weights: every loss, every named activation and
a custom one, a short last batch, l2, schedules, early stopping, divergence, and a
model that branches on a Value (whose steps fall back to the engine).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import pytest

import autograd
import nn
from autograd import Value
from nn.data import moons, pig_sales, spirals, to_pm1
from nn.loss_choice import prepare_targets
from nn.losses import LOSSES, LOSSES_ON_ROWS
from nn.mlp import MLP
from nn.optim import SGD, Adam
from nn.schedules import LinearDecay, StepDecay
from nn.steps import REPLAY_FROM
from nn.targets import target_rows
from nn.train import History, fit

N = 23  # with batches of 5: four of 5, then a short one of 3


def both_ways(
    make_model: Callable[[], Any],
    X: Sequence[Sequence[float]],
    y: Sequence[Any],
    loss: Any,
    make_opt: Callable[[list[Value]], Any] = lambda p: SGD(p, lr=0.1),
    **options: Any,
) -> tuple[tuple[History, list[float]], tuple[History, list[float]]]:
    """(History, weights) after fit on the engine, then after fit replaying its steps."""
    runs = []
    for compile in (False, True):
        model = make_model()
        history = fit(
            model,
            X,
            y,
            loss,
            make_opt(model.parameters()),
            progress=False,
            compile=compile,
            **options,
        )
        runs.append((history, [p.data for p in model.parameters()]))
    return runs[0], runs[1]


def same_run(engine: tuple[History, list[float]], replay: tuple[History, list[float]]) -> None:
    """The same History (but for timing and path) and bit-for-bit the same weights."""
    (h1, w1), (h2, w2) = engine, replay
    for field in (
        "train_loss",
        "val_loss",
        "train_accuracy",
        "val_accuracy",
        "lr",
        "stopped_early",
        "best_epoch",
        "diverged",
        "message",
    ):
        assert getattr(h1, field) == getattr(h2, field), field
    assert w1 == w2
    assert h1.path == "engine" and h1.replayed_steps == 0


DATA = {
    "mse": lambda: pig_sales("quadratic", n=N, seed=1),
    "hinge": lambda: (moons(N, 0.1, seed=2)[0], to_pm1(moons(N, 0.1, seed=2)[1])),
    "binary_cross_entropy": lambda: moons(N, 0.1, seed=3),
    "cross_entropy": lambda: spirals(N, classes=3, noise=0.05, seed=4),
}


@pytest.mark.parametrize("loss", list(LOSSES))
def test_every_loss_replays_the_engines_numbers_with_a_short_last_batch_and_l2(
    loss: str,
) -> None:
    X, y = DATA[loss]()
    nout = 3 if loss == "cross_entropy" else 1
    X = [list(x) if isinstance(x, list) else [x] for x in X]
    engine, replay = both_ways(
        lambda: MLP(len(X[0]), [6, nout], seed=0), X, y, loss, epochs=4, batch_size=5, l2=1e-3
    )
    same_run(engine, replay)
    history = replay[0]
    assert history.path == "replay"
    # Two recordings (batches of 5 and the short one of 3), every other step replayed.
    assert history.engine_steps == 2 and history.replayed_steps == 4 * 5 - 2


def test_mse_with_several_outputs_replays_the_engines_numbers() -> None:
    X = [[i / 10, (i % 3) / 3] for i in range(12)]
    y = [[x0 + x1, x0 - 2 * x1] for x0, x1 in X]
    same_run(*both_ways(lambda: MLP(2, [5, 2], seed=1), X, y, "mse", epochs=3, batch_size=4))


def halved_tanh(v: Value) -> Value:
    """A custom activation: replayed through the ops it is made of."""
    return v.tanh() * 0.5


SQUARE = autograd.custom_op("square", lambda x: x * x, lambda out, x: 2 * x)


@pytest.mark.parametrize(
    "activation", ["relu", "tanh", "sigmoid", "leaky_relu", "linear", halved_tanh, SQUARE]
)
def test_every_activation_and_custom_ones_replay_the_engines_numbers(activation: Any) -> None:
    X, labels = moons(N, 0.1, seed=5)
    same_run(
        *both_ways(
            lambda: MLP(2, [5, 1], activation=activation, seed=2),
            X,
            to_pm1(labels),
            "hinge",
            epochs=3,
            batch_size=6,
        )
    )


@pytest.mark.parametrize("schedule", [LinearDecay(0.2, 0.01, 12), StepDecay(0.2, 3, 0.5)])
def test_schedules_and_adam_replay_the_engines_numbers(schedule: Any) -> None:
    X, y = spirals(N, classes=3, noise=0.05, seed=6)
    same_run(
        *both_ways(
            lambda: MLP(2, [6, 3], seed=3),
            X,
            y,
            "cross_entropy",
            lambda p: Adam(p, lr=0.05),
            epochs=3,
            batch_size=4,
            schedule=schedule,
        )
    )


def test_early_stopping_with_validation_replays_the_engines_numbers() -> None:
    X, labels = moons(40, 0.2, seed=7)
    val = (X[30:], labels[30:])
    engine, replay = both_ways(
        lambda: MLP(2, [8, 1], seed=4),
        X[:30],
        labels[:30],
        "binary_cross_entropy",
        lambda p: SGD(p, lr=2.0),
        epochs=40,
        batch_size=10,
        validation=val,
        early_stopping=2,
    )
    same_run(engine, replay)
    assert replay[0].stopped_early and replay[0].path == "replay"


def test_divergence_is_still_stopped_cleanly_when_replaying() -> None:
    X, y = pig_sales("quadratic", n=20, seed=4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        engine, replay = both_ways(
            lambda: MLP(1, [8, 1], seed=5),
            X,
            y,
            "mse",
            lambda p: SGD(p, lr=5.0),
            epochs=20,
            batch_size=5,
        )
    same_run(engine, replay)
    assert replay[0].diverged
    assert all(math.isfinite(w) for w in replay[1])
    diverged = [w for w in caught if "training diverged" in str(w.message)]
    assert len(diverged) == 2  # one per run, the same sentence
    assert not [w for w in caught if "ran on the engine" in str(w.message)]


class SignBranch(nn.Module):
    """A model whose graph depends on the sign of its first input (a Python ``if``)."""

    def __init__(self) -> None:
        self.nin = 2
        self.mlp = MLP(2, [4, 1], seed=6)

    def named_parameters(self) -> list[tuple[str, Value]]:
        return self.mlp.named_parameters()

    def __call__(self, x: Sequence[Any]) -> Any:
        out = self.mlp(x)
        return out * 3.0 if x[0] > 0.0 else out  # a comparison of Values: recorded

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        out = self.mlp.forward_floats(x)[0]
        return [out * 3.0 if x[0] > 0.0 else out]


def test_a_model_branching_on_a_value_falls_back_to_the_engine_with_one_warning() -> None:
    X, labels = moons(N, 0.1, seed=8)
    with pytest.warns(RuntimeWarning, match="ran on the engine") as caught:
        engine, replay = both_ways(SignBranch, X, labels, "mse", epochs=3, batch_size=5)
    same_run(engine, replay)
    assert len([w for w in caught if "ran on the engine" in str(w.message)]) == 1
    assert "comparison" in str(caught[0].message)
    history = replay[0]
    assert history.engine_steps > 2  # the recordings, and the batches they did not fit
    assert history.engine_steps + history.replayed_steps == 3 * 5


def test_by_default_only_runs_long_enough_to_repay_a_recording_replay() -> None:
    X, labels = moons(N, 0.1, seed=9)
    short = fit(MLP(2, [4, 1], seed=0), X, labels, "mse", epochs=2, progress=False)
    assert short.path == "engine" and short.engine_steps == 2
    long = fit(MLP(2, [4, 1], seed=0), X, labels, "mse", epochs=REPLAY_FROM, progress=False)
    assert long.path == "replay"
    assert (long.engine_steps, long.replayed_steps) == (1, REPLAY_FROM - 1)


def test_a_custom_loss_runs_on_the_engine() -> None:
    X, labels = moons(N, 0.1, seed=10)

    def squared(outputs: list[Value], targets: list[float]) -> Value:
        return autograd.sum([(o - t) ** 2 for o, t in zip(outputs, targets)])

    history = fit(MLP(2, [4, 1], seed=0), X, labels, squared, epochs=2, compile=True)
    assert history.path == "engine" and history.engine_steps == 2 and history.replayed_steps == 0


def test_compile_must_be_none_true_or_false() -> None:
    with pytest.raises(TypeError, match="compile must be None, True or False, got 'yes'"):
        fit(MLP(2, [1]), [[0.0, 1.0]], [1.0], compile="yes")  # type: ignore[arg-type]


@pytest.mark.parametrize("loss", list(LOSSES))
def test_the_losses_on_rows_give_the_losses_numbers_and_gradients_bit_for_bit(loss: str) -> None:
    _, y = DATA[loss]()
    nout = 3 if loss == "cross_entropy" else 1
    outputs = [[Value(math.sin(i + j)) for j in range(nout)] for i in range(len(y))]
    flat = [v for row in outputs for v in row]
    _, targets = prepare_targets(loss, "y", y, nout)
    LOSSES[loss](outputs, targets).backward()
    want = [v.grad for v in flat]
    autograd.zero_grad(flat)
    rows = [[Value(t) for t in row] for row in target_rows(loss, targets, nout)]
    on_rows = LOSSES_ON_ROWS[loss](outputs, rows)
    on_rows.backward()
    assert on_rows.data == LOSSES[loss](outputs, targets).data
    assert [v.grad for v in flat] == want


def test_a_step_too_big_to_record_runs_on_the_engine_and_warns_only_if_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(autograd.codegen, "MAX_NODES", 10)  # every step is "too big"
    X, labels = moons(N, 0.1, seed=11)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the default says nothing
        quiet = fit(MLP(2, [4, 1], seed=0), X, labels, "mse", epochs=REPLAY_FROM, progress=False)
    assert quiet.path == "engine" and quiet.engine_steps == REPLAY_FROM
    with pytest.warns(RuntimeWarning, match="cannot record"):
        asked = fit(MLP(2, [4, 1], seed=0), X, labels, "mse", epochs=3, compile=True)
    assert asked.path == "engine" and asked.engine_steps == 3
    assert quiet.train_loss[:3] == asked.train_loss


@pytest.mark.parametrize("activation", ["relu", "tanh", halved_tanh])
def test_scoring_a_whole_set_at_once_gives_each_samples_numbers(activation: Any) -> None:
    model = MLP(2, [5, 4, 3], activation=activation, seed=7)
    X, _ = spirals(12, classes=3, seed=1)
    rows = model.forward_floats_batch(X)
    assert rows == [model.forward_floats(x) for x in X]
    assert rows == [[v.data for v in model(x)] for x in X]  # type: ignore[union-attr]
