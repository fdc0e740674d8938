"""Scoring a model on plain floats: ``predict``, ``evaluate`` and ``accuracy``.

These run ``model.forward_floats``, the forward pass on plain numbers, so no graph is
built and nothing is kept for backpropagation: several times faster than calling the
model on Values, which is what training needs and judging does not.  ``fit`` uses the
same helpers to record its per-epoch losses and accuracies.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from autograd import Value, no_grad
from nn.checks import (
    Matrix,
    check_matrix,
    check_model,
    check_same_length,
    check_vector,
)
from nn.loss_choice import prepare_targets
from nn.losses import LossFn
from nn.targets import CLASSIFICATION_LOSSES, check_targets


class Model(Protocol):
    """What training and scoring need from a model (every ``nn`` model has it)."""

    def __call__(self, x: Sequence[float]) -> Value | list[Value]:
        """The model on one sample, as Values: what training differentiates."""

    def parameters(self) -> list[Value]:
        """The Values training moves."""

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        """The model on one sample, as plain floats: what scoring reads."""


def outputs_on_floats(model: Model, X: Matrix) -> list[list[float]]:
    """Every sample's outputs (a list per sample), from ``model.forward_floats``.

    A model with ``forward_floats_batch`` (``MLP``) computes them all at once: the
    same numbers, faster.
    """
    batch = getattr(model, "forward_floats_batch", None)
    if batch is not None:
        rows: list[list[float]] = batch(X)
        return rows
    return [model.forward_floats(x) for x in X]


def predict(model: Model, X: Sequence[Sequence[float]]) -> list[Any]:
    """The model's outputs on each sample, computed on plain floats (no graph).

    Args:
        model: any nn model.
        X: the samples.

    Returns:
        One float per sample when the model has one output, else one list per sample.

    Raises:
        TypeError, ValueError: for empty or non-numeric samples.
    """
    check_model(model, "predict")
    rows = outputs_on_floats(model, check_matrix("X", X, width=getattr(model, "nin", None)))
    return [row[0] for row in rows] if len(rows[0]) == 1 else rows


def loss_on_floats(loss_fn: LossFn, rows: list[list[float]], targets: list[Any]) -> float:
    """The mean loss of outputs computed by ``outputs_on_floats``, as a float."""
    with no_grad():  # the loss is built from Values, but no graph is recorded
        outputs: list[Any] = [
            Value(row[0]) if len(row) == 1 else [Value(v) for v in row] for row in rows
        ]
        loss = loss_fn(outputs, targets)
    if not isinstance(loss, Value):
        # A custom loss that works on .data, or returns a plain number, cuts the graph:
        # training could not backpropagate through it.  fit scores before its first step,
        # so this is caught before any training.
        name = getattr(loss_fn, "__name__", None) or repr(loss_fn)
        raise TypeError(
            f"the loss function {name} must return a Value built from the model's outputs "
            f"(so backward can reach the weights), got {type(loss).__name__}: {loss!r:.60}"
        )
    return loss.data


def output_threshold(model: object) -> float:
    """Where a one-output model's answer switches from one class to the other.

    0.5 when the output goes through a sigmoid (it is then a probability between 0 and
    1, never below 0), else 0 (a score for hinge, a logit for binary_cross_entropy).
    """
    names = getattr(model, "activations", None) or [getattr(model, "activation_name", "")]
    return 0.5 if names[-1] == "sigmoid" else 0.0


def share_right(
    rule: str, rows: list[list[float]], targets: Sequence[Any], threshold: float = 0.0
) -> float:
    """Share of samples whose predicted class matches the target under a loss's rule.

    A one-output model predicts the positive class when its output is above
    ``threshold`` (see ``output_threshold``); several outputs: the largest one wins.
    """
    right = 0
    for row, t in zip(rows, targets):
        if rule == "cross_entropy":
            right += max(range(len(row)), key=row.__getitem__) == int(t)
        elif rule == "hinge":
            right += (row[0] > threshold) == (t > 0)
        else:  # binary_cross_entropy: above the threshold means class 1
            right += (row[0] > threshold) == (t == 1)
    return right / len(rows)


def accuracy_rule(loss: str | None, n_outputs: int, labels: list[float]) -> str:
    """Which loss's rule turns outputs into classes (``loss``, or guessed from labels)."""
    if loss is not None:
        if loss not in CLASSIFICATION_LOSSES:
            raise ValueError(
                f"accuracy needs a classification loss {CLASSIFICATION_LOSSES}, got {loss!r}"
            )
        return loss
    if n_outputs > 1:
        return "cross_entropy"
    if set(labels) <= {-1.0, 1.0}:
        return "hinge"
    if set(labels) <= {0.0, 1.0}:
        return "binary_cross_entropy"
    raise ValueError(
        "accuracy needs labels -1/+1 (scores, as for hinge) or 0/1 (logits, as for "
        f"binary_cross_entropy) for a one-output model, got {sorted(set(labels))[:5]}"
    )


def accuracy(
    model: Model, X: Sequence[Sequence[float]], y: Sequence[float], loss: str | None = None
) -> float:
    """Share of samples the model classifies right (0.0 .. 1.0), on plain floats.

    The predicted class depends on what the model was trained for:

    * ``hinge``: the sign of the score, against labels -1/+1;
    * ``binary_cross_entropy``: logit > 0 means class 1, against labels 0/1;
    * ``cross_entropy``: the output with the largest score, against labels 0 .. k-1.

    A model whose output goes through a sigmoid gives a probability, so there the
    dividing line is 0.5, not 0.

    Args:
        model: a trained model.
        X: the samples.
        y: the labels.
        loss: which of the rules above; None picks it from the model and the labels
            (several outputs: cross_entropy; labels -1/+1: hinge; 0/1: logits).

    Raises:
        ValueError: for labels that fit no rule, or bad samples.
    """
    check_model(model, "accuracy")
    table = check_matrix("X", X, width=getattr(model, "nin", None))
    check_same_length("X", table, "y", y)
    labels = check_vector("y", y)
    rows = outputs_on_floats(model, table)
    rule = accuracy_rule(loss, len(rows[0]), labels)
    check_targets(rule, labels, len(rows[0]), name="y")
    return share_right(rule, rows, labels, output_threshold(model))


def evaluate(
    model: Model, X: Sequence[Sequence[float]], y: Sequence[Any], loss: str | LossFn = "mse"
) -> float:
    """The model's mean loss on (X, y), computed on plain floats (no graph).

    Args:
        model: the model.
        X: the samples.
        y: the targets.
        loss: a loss name from ``nn.losses.LOSSES`` or a callable.

    Returns:
        The mean loss as a float.

    Raises:
        ValueError: for unknown losses, bad samples or targets that do not fit the loss.
    """
    check_model(model, "evaluate")
    table = check_matrix("X", X, width=getattr(model, "nin", None))
    check_same_length("X", table, "y", y)
    rows = outputs_on_floats(model, table)
    loss_fn, targets = prepare_targets(loss, "y", y, len(rows[0]))
    return loss_on_floats(loss_fn, rows, targets)
