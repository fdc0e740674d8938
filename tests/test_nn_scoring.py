"""fit's scores after each epoch, replayed (nn.scoring, nn.forward_code): the floats' numbers.

A recorded forward pass and a recorded loss must give ``outputs_on_floats`` and
``loss_on_floats`` bit for bit, for every activation and loss; a model whose graph
cannot be recorded, or whose recording gives other numbers, is scored on floats; a model
whose Values are replaced is recorded again; and fit's History is the engine path's.
"""

from __future__ import annotations

import math
import traceback
import warnings
from collections.abc import Sequence
from typing import Any

import pytest

import autograd
import nn
import nn.forward_code
import nn.train
from autograd import Value
from nn.data import moons, spirals
from nn.forward_code import CannotRecord, RecordedForward, RecordedLoss
from nn.layer import Layer, Neuron
from nn.loss_choice import prepare_targets
from nn.losses import LOSSES
from nn.metrics import loss_on_floats, outputs_on_floats
from nn.mlp import MLP
from nn.optim import SGD
from nn.scoring import Scorer

SQUARE = autograd.custom_op("square", lambda x: x * x, lambda out, x: 2 * x)


def halved_tanh(v: Value) -> Value:
    return v.tanh() * 0.5


ACTIVATIONS = ["relu", "tanh", "sigmoid", "leaky_relu", "linear", halved_tanh, SQUARE]


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize(
    "make",
    [
        lambda act: MLP(2, [5, 4, 3], activation=act, seed=1),
        lambda act: MLP(2, [3], output_activation=act, seed=2),
        lambda act: Layer(2, 3, activation=act, rng=None),
        lambda act: Neuron(2, activation=act),
    ],
    ids=["mlp", "one-layer-mlp", "layer", "neuron"],
)
def test_a_recorded_forward_gives_forward_floats_numbers(make: Any, activation: Any) -> None:
    nn.manual_seed(3)
    model = make(activation)
    X, _ = spirals(15, classes=3, seed=1)
    recorded = RecordedForward(model, X[0])
    assert recorded(X) == [model.forward_floats(x) for x in X]
    for p in model.parameters():  # the parameters' numbers are read on every call
        p.data *= -1.5
    assert recorded(X) == [model.forward_floats(x) for x in X]


DATA = {
    "mse": lambda: ([[i / 7, (i % 3) / 3] for i in range(11)], [i / 5 - 1 for i in range(11)]),
    "hinge": lambda: (moons(11, 0.1, seed=2)[0], [1 - 2 * (i % 2) for i in range(11)]),
    "binary_cross_entropy": lambda: moons(11, 0.1, seed=3),
    "cross_entropy": lambda: spirals(11, classes=3, noise=0.05, seed=4),
}


@pytest.mark.parametrize("loss", list(LOSSES))
def test_a_recorded_loss_gives_loss_on_floats_number(loss: str) -> None:
    X, y = DATA[loss]()
    model = MLP(2, [5, 3 if loss == "cross_entropy" else 1], seed=5)
    loss_fn, targets = prepare_targets(loss, "y", y, len(model.forward_floats(X[0])))
    rows = outputs_on_floats(model, X)
    recorded = RecordedLoss(loss_fn, rows, targets)
    assert recorded(rows) == loss_on_floats(loss_fn, rows, targets)
    for p in model.parameters():
        p.data *= 2.5  # new outputs of the same set
    rows = outputs_on_floats(model, X)
    assert recorded(rows) == loss_on_floats(loss_fn, rows, targets)


def scorer_for(model: Any, loss: str, y: Sequence[Any]) -> tuple[Scorer, list[Any]]:
    loss_fn, targets = prepare_targets(loss, "y", y, len(model.forward_floats([1.0, 1.0])))
    return Scorer(model, loss_fn, replay=True), targets


def on_floats(scorer: Scorer, X: list[list[float]], targets: list[Any]) -> tuple[float, Any]:
    rows = outputs_on_floats(scorer.model, X)
    return loss_on_floats(scorer.loss_fn, rows, targets), rows


def test_the_scorer_replays_once_its_recordings_gave_the_floats_numbers() -> None:
    X, y = spirals(12, classes=3, seed=6)
    model = MLP(2, [6, 3], seed=6)
    scorer, targets = scorer_for(model, "cross_entropy", y)
    assert scorer.score("train", X, targets) == on_floats(scorer, X, targets)
    assert scorer.forward is not None and scorer.losses["train"] is not None
    assert scorer.why_not == ""
    for p in model.parameters():
        p.data += 0.125
    assert scorer.score("train", X, targets) == on_floats(scorer, X, targets)


def test_without_replay_the_scorer_records_nothing() -> None:
    X, y = spirals(12, classes=3, seed=6)
    model = MLP(2, [6, 3], seed=6)
    loss_fn, targets = prepare_targets("cross_entropy", "y", y, 3)
    scorer = Scorer(model, loss_fn, replay=False)
    assert scorer.score("train", X, targets) == on_floats(scorer, X, targets)
    assert scorer.forward is None and scorer.losses == {}


class SignBranch(nn.Module):
    """A model whose graph depends on the sign of its first input (a Python ``if``)."""

    def __init__(self) -> None:
        self.nin = 2
        self.mlp = MLP(2, [4, 1], seed=7)

    def named_parameters(self) -> list[tuple[str, Value]]:
        return self.mlp.named_parameters()

    def __call__(self, x: Sequence[Any]) -> Any:
        out = self.mlp(x)
        return out * 3.0 if x[0] > 0.0 else out

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        out = self.mlp.forward_floats(x)[0]
        return [out * 3.0 if x[0] > 0.0 else out]


class OffByALittle(SignBranch):
    """A model whose float forward pass is not its forward pass on Values."""

    def __call__(self, x: Sequence[Any]) -> Any:
        return self.mlp(x)

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        return [self.mlp.forward_floats(x)[0] + 1e-12]


@pytest.mark.parametrize(
    ("model", "why"),
    [
        (SignBranch(), "compares Values"),
        (OffByALittle(), "did not give forward_floats's numbers"),
    ],
)
def test_a_model_that_a_recording_does_not_fit_is_scored_on_floats(model: Any, why: str) -> None:
    X, labels = moons(10, 0.1, seed=8)
    scorer, targets = scorer_for(model, "binary_cross_entropy", labels)
    for _ in range(2):
        assert scorer.score("train", X, targets) == on_floats(scorer, X, targets)
    assert scorer.forward is None and why in scorer.why_not


def test_a_model_whose_values_were_replaced_is_recorded_again() -> None:
    X, y = spirals(12, classes=3, seed=9)
    model = MLP(2, [6, 3], seed=9)
    scorer, targets = scorer_for(model, "cross_entropy", y)
    scorer.score("train", X, targets)
    first = scorer.forward
    model.layers[0].neurons[2].w[1] = Value(4.0)  # not the recorded Value any more
    assert scorer.score("train", X, targets) == on_floats(scorer, X, targets)
    assert scorer.forward is not None and scorer.forward is not first


def test_a_replay_that_raises_gives_way_to_the_floats_path() -> None:
    reciprocal = autograd.custom_op("reciprocal", lambda x: 1.0 / x, lambda out, x: -out * out)
    model = MLP(2, [1], output_activation=reciprocal, seed=10)
    scorer, targets = scorer_for(model, "mse", [1.0, 1.0])
    X = [[1.0, 2.0], [3.0, 1.0]]
    scorer.score("train", X, targets)
    assert scorer.forward is not None
    # the bias starts at 0, so w·x + b is 0 at x = [0, 0]: the op divides by 0
    with pytest.raises(ZeroDivisionError) as raised:
        scorer.outputs([[1.0, 2.0], [0.0, 0.0]])
    frames = [frame.name for frame in traceback.extract_tb(raised.value.__traceback__)]
    assert "outputs_on_floats" in frames  # the floats path raised it, not the replay


def test_cannot_record_a_model_computing_values_under_no_grad() -> None:
    class Frozen(SignBranch):
        def __call__(self, x: Sequence[Any]) -> Any:
            with autograd.no_grad():
                scale = self.mlp.parameters()[0] * 2.0
            return self.mlp(x) * scale

    with pytest.raises(CannotRecord, match="no_grad"):
        RecordedForward(Frozen(), [0.5, 0.5])


def test_cannot_record_a_loss_that_compares_values() -> None:
    def worst_only(outputs: list[Value], targets: list[float]) -> Value:
        errors = [(o - t) * (o - t) for o, t in zip(outputs, targets)]
        return errors[0] if errors[0] > errors[1] else errors[1]

    with pytest.raises(CannotRecord, match="compares Values"):
        RecordedLoss(worst_only, [[0.5], [2.0]], [1.0, 1.0])


def test_cannot_record_a_graph_over_max_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autograd.codegen, "MAX_NODES", 4)  # the MLP makes 5
    with pytest.raises(CannotRecord, match="5 nodes, more than MAX_NODES = 4"):
        RecordedForward(MLP(2, [4, 1], seed=0), [0.5, 0.5])


# --- in fit -------------------------------------------------------------------------------


Run = tuple[nn.History, list[float]]


def fit_both_ways(
    monkeypatch: pytest.MonkeyPatch, make_options: Any
) -> tuple[Run, Run, list[Scorer]]:
    """fit on the engine, then replaying: (History, weights) of each, and the scorers.

    make_options(model) gives fit's keyword arguments (X, y, loss, ...) for that model.
    """
    scorers: list[Scorer] = []

    class Watched(Scorer):
        def __init__(self, *args: Any, **keywords: Any) -> None:
            super().__init__(*args, **keywords)
            scorers.append(self)

    monkeypatch.setattr(nn.train, "Scorer", Watched)
    runs = []
    for compile in (False, True):
        model = MLP(2, [6, 1], seed=11)
        options = {"optimizer": SGD(model.parameters(), lr=0.2), **make_options(model)}
        history = nn.train.fit(model, progress=False, compile=compile, **options)
        runs.append((history, [p.data for p in model.parameters()]))
    return runs[0], runs[1], scorers


def same_history(engine: Run, replay: Run) -> None:
    (h1, w1), (h2, w2) = engine, replay
    for field in ("train_loss", "val_loss", "train_accuracy", "val_accuracy", "message"):
        assert getattr(h1, field) == getattr(h2, field), field
    assert w1 == w2


def test_fit_replaying_its_steps_replays_its_scores_with_the_engines_history(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    X, labels = moons(30, 0.2, seed=12)
    engine, replay, scorers = fit_both_ways(
        monkeypatch,
        lambda model: {
            "X": X[:20],
            "y": labels[:20],
            "loss": "binary_cross_entropy",
            "validation": (X[20:], labels[20:]),
            "epochs": 5,
            "batch_size": 4,
        },
    )
    same_history(engine, replay)
    on_engine, replaying = scorers
    assert on_engine.forward is None and on_engine.losses == {}
    assert replaying.forward is not None
    assert replaying.losses["train"] is not None and replaying.losses["validation"] is not None


def test_fit_scores_from_values_replaced_during_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    X, labels = moons(20, 0.2, seed=13)

    def options(model: MLP) -> dict[str, Any]:
        def schedule(step: int) -> float:
            if step == 7:  # user code that swaps a weight for a new Value mid-run
                model.layers[0].neurons[0].b = Value(0.25)
            return 0.2

        return {"X": X, "y": labels, "loss": "mse", "epochs": 4, "batch_size": 5,
                "schedule": schedule}  # fmt: skip

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the step's recording is redone
        engine, replay, scorers = fit_both_ways(monkeypatch, options)
    same_history(engine, replay)
    assert scorers[1].forward is not None
    assert math.isfinite(replay[0].train_loss[-1])
