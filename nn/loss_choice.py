"""The ``loss=`` of ``fit`` and ``evaluate``: a loss by name or a function, with its targets.

A built-in loss is chosen by name (``"mse"``, ``"hinge"`` ...) or a function of your
own is passed.  Before any work, a named loss's targets are checked against its rule
(``nn.targets``), with errors that name the argument as you wrote it (``y[3]``,
``validation y[0]``), and put in the form the loss takes: class numbers as ints for
``cross_entropy``, one row per sample for ``mse`` on several outputs.  A function of
your own gets the targets as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nn.checks import Matrix, check_matrix, check_same_length
from nn.losses import LOSSES, LossFn
from nn.scalars import plain
from nn.targets import check_targets


def resolve_loss(loss: str | LossFn) -> LossFn:
    """The loss function for a name in ``nn.losses.LOSSES``, or the callable itself.

    Args:
        loss: a loss name, or a function ``(outputs, targets) -> Value``.

    Returns:
        The function to call on a batch's outputs and targets.

    Raises:
        ValueError: for an unknown name.
    """
    if callable(loss):
        return loss
    if loss not in LOSSES:
        raise ValueError(
            f"unknown loss {loss!r}; choose one of {sorted(LOSSES)} or pass a function"
        )
    return LOSSES[loss]


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
        TypeError: for targets that are not numbers.
        ValueError: for an unknown loss, or targets that do not fit the loss or the
            model (see ``nn.targets.check_targets``).
    """
    loss_fn = resolve_loss(loss)
    y = plain(y)  # type: ignore[assignment]  # a numpy array: its list
    if callable(loss):
        return loss_fn, list(y)
    checked = check_targets(loss, y, n_outputs, name=name)
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

    Args:
        validation: the pair ``(X_val, y_val)``, or None for no validation.
        loss: the loss fit trains with (a name or a function).
        nin: the model's number of inputs, if it says (every sample must have as many).
        n_outputs: how many numbers the model returns per sample.

    Returns:
        ``(X_val, targets)`` in the form the loss takes, or None for no validation.

    Raises:
        TypeError: if validation is not a pair; TypeError, ValueError: for bad samples
            or targets (see ``nn.checks.check_matrix`` and ``prepare_targets``).
    """
    if validation is None:
        return None
    if not isinstance(validation, tuple | list) or len(validation) != 2:
        raise TypeError(f"validation must be a pair (X_val, y_val), got {validation!r:.80}")
    X_val = check_matrix("validation X", validation[0], width=nin)
    check_same_length("validation X", X_val, "validation y", validation[1])
    return X_val, prepare_targets(loss, "validation y", validation[1], n_outputs)[1]
