"""Targets: checking ``y`` against the loss it will be scored with, before any training.

Each loss takes its own kind of target: numbers for ``mse``, -1/+1 for ``hinge``, 0/1
for ``binary_cross_entropy``, class numbers 0 .. k-1 for ``cross_entropy``.  The rules
themselves are written once, in ``nn.losses`` (``target_problem``, ``outputs_problem``).
Each loss checks the targets it is given (``nn.losses.check_targets``); here the same
rules are applied to a user's ``y`` before training, with errors that name the argument
(``y[i]``, ``validation y[i]``), and the targets are put in the form the loss takes
(``prepare_targets``).  ``fit``,
``evaluate`` and ``accuracy`` use these; ``check_validation`` does the same for
``fit``'s validation set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value
from nn import losses as _losses
from nn.checks import Matrix, check_matrix, check_same_length, check_vector
from nn.scalars import plain

LossFn = Callable[[list[Any], list[Any]], Value]
"""A loss: ``loss(outputs, targets) -> Value``, the mean over the batch."""

CLASSIFICATION_LOSSES = ("hinge", "binary_cross_entropy", "cross_entropy")
"""Losses whose targets are class labels, so accuracy means something."""


def check_targets(loss: str, name: str, targets: object, n_outputs: int) -> list[float]:
    """Check that targets suit a built-in loss and a model with n_outputs outputs.

    * ``mse``: any numbers, one per output (a number per sample for one output, a row
      of n_outputs numbers per sample otherwise; rows of one number are also taken
      for one output, as ``Standardizer`` or ``[[v] for v in y]`` may give them);
    * ``hinge``: labels -1 or +1, one output;
    * ``binary_cross_entropy``: labels 0 or 1, one output (a logit);
    * ``cross_entropy``: integer class labels 0 .. n_outputs - 1, two or more outputs.

    Args:
        loss: the loss's name.
        name: the targets' argument name (``"y"``).
        targets: the targets.
        n_outputs: how many numbers the model returns per sample.

    Returns:
        The targets as floats, flattened row by row for multi-output ``mse``.

    Raises:
        TypeError: for non-numbers.
        ValueError: for targets that do not fit the loss or the model.
    """
    problem = _losses.outputs_problem(loss, n_outputs)
    if problem:
        raise ValueError(problem)
    if loss == "mse" and (n_outputs > 1 or _holds_rows(targets)):
        rows = check_matrix(name, targets, width=n_outputs)
        return [v for row in rows for v in row]
    labels = check_vector(name, targets)
    for i, v in enumerate(labels):
        problem = _losses.target_problem(loss, v, n_outputs)
        if problem:
            raise ValueError(f"{name}[{i}] = {v!r}: {problem}")
    return labels


def _holds_rows(targets: object) -> bool:
    """True if targets look like a table: a list whose first item is itself a list (or a
    numpy array of two dimensions)."""
    targets = plain(targets)
    if isinstance(targets, str | bytes) or not isinstance(targets, Sequence) or not targets:
        return False
    first = targets[0]
    return isinstance(first, Sequence) and not isinstance(first, str | bytes)


def resolve_loss(loss: str | LossFn) -> LossFn:
    """The loss function for a name in ``nn.losses.LOSSES``, or the callable itself.

    Raises:
        ValueError: for an unknown name.
    """
    if callable(loss):
        return loss
    if loss not in _losses.LOSSES:
        raise ValueError(
            f"unknown loss {loss!r}; choose one of {sorted(_losses.LOSSES)} or pass a function"
        )
    fn: LossFn = _losses.LOSSES[loss]
    return fn


def prepare_targets(
    loss: str | LossFn, name: str, y: Sequence[Any], n_outputs: int
) -> tuple[LossFn, list[Any]]:
    """The loss function and the targets in the form it takes, checked against the loss.

    Args:
        loss: a loss name or a callable (whose targets are passed through unchecked).
        name: the targets' argument name, for errors (``"y"``, ``"validation y"``).
        y: the targets.
        n_outputs: how many numbers the model returns per sample.

    Returns:
        ``(loss_fn, targets)``: class labels as ints for cross_entropy, one row per
        sample for mse on several outputs, floats otherwise.

    Raises:
        TypeError, ValueError: see ``check_targets``; ValueError for an unknown loss.
    """
    loss_fn = resolve_loss(loss)
    y = plain(y)  # type: ignore[assignment]  # a numpy array: its list
    if callable(loss):
        return loss_fn, list(y)
    checked = check_targets(loss, name, y, n_outputs)
    if loss == "cross_entropy":
        return loss_fn, [int(t) for t in checked]
    if loss == "mse" and n_outputs > 1:
        rows = [checked[i : i + n_outputs] for i in range(0, len(checked), n_outputs)]
        return loss_fn, rows  # nn.losses.mse takes one row of targets per sample
    return loss_fn, checked


def check_validation(
    validation: object, loss: str | LossFn, nin: int | None, n_outputs: int
) -> tuple[Matrix, list[Any]] | None:
    """Check ``fit``'s ``validation=(X_val, y_val)`` against the model and the loss.

    Returns:
        ``(X_val, targets)`` in the form the loss takes, or None for no validation.

    Raises:
        TypeError: if validation is not a pair; TypeError, ValueError: for bad samples
            or targets (see ``check_matrix`` and ``prepare_targets``).
    """
    if validation is None:
        return None
    if not isinstance(validation, tuple | list) or len(validation) != 2:
        raise TypeError(f"validation must be a pair (X_val, y_val), got {validation!r:.80}")
    X_val = check_matrix("validation X", validation[0], width=nin)
    check_same_length("validation X", X_val, "validation y", validation[1])
    return X_val, prepare_targets(loss, "validation y", validation[1], n_outputs)[1]
