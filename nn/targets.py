"""Targets: what each loss allows as a label or a target, written once.

Each loss takes its own kind of target and needs a model with a certain number of
outputs:

* ``mse``: numbers, one per output;
* ``hinge``: labels -1 or +1, one output (a score);
* ``binary_cross_entropy``: labels 0 or 1, one output (a logit);
* ``cross_entropy``: whole-number class labels 0 .. k-1, one output per class (k >= 2).

``TARGET_RULES`` says it per loss, ``outputs_problem`` says it for the number of
outputs, and ``check_targets`` applies both to a whole list of targets.  Every loss
checks what it is handed with ``check_targets``, and so do ``fit``, ``evaluate`` and
``accuracy`` before any work, so a loss and the trainer can never disagree about what a
label may be.  ``target_rows`` puts checked targets in the form a recorded training
step replays (``nn.steps``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeGuard, cast

from nn.checks import check_matrix, check_vector
from nn.scalars import is_real, plain

CLASSIFICATION_LOSSES = ("hinge", "binary_cross_entropy", "cross_entropy")
"""Losses whose targets are class labels, so accuracy means something."""


def _is_number(x: object) -> TypeGuard[float]:
    """True for a finite int, float or numpy number (bools excluded)."""
    return is_real(x) and math.isfinite(x)


def _mse_rule(target: object, n_outputs: int) -> str | None:
    target = plain(target)
    row = target if isinstance(target, list | tuple) else [target]
    if len(row) == n_outputs and all(_is_number(v) for v in row):
        return None
    return f"mse needs {n_outputs} finite number(s) per target (one per output)"


def _hinge_rule(target: object, n_outputs: int) -> str | None:
    if _is_number(target) and target in (-1, 1):
        return None
    return "hinge needs labels -1 or +1 (nn.data.to_pm1 maps 0/1 labels to -1/+1)"


def _binary_cross_entropy_rule(target: object, n_outputs: int) -> str | None:
    if _is_number(target) and target in (0, 1):
        return None
    return "binary_cross_entropy needs labels 0 or 1"


def _cross_entropy_rule(target: object, n_outputs: int) -> str | None:
    if _is_number(target) and float(target).is_integer() and 0 <= target < n_outputs:
        return None
    return (
        f"cross_entropy needs whole-number class labels 0 .. {n_outputs - 1} (one per model output)"
    )


TARGET_RULES: dict[str, Callable[[object, int], str | None]] = {
    "mse": _mse_rule,
    "hinge": _hinge_rule,
    "binary_cross_entropy": _binary_cross_entropy_rule,
    "cross_entropy": _cross_entropy_rule,
}
"""Each built-in loss's rule: ``rule(target, n_outputs)`` is None for a target the loss
allows, else what it allows, in words.  (``nn.losses.LOSSES`` holds the losses
themselves, under the same names.)"""


def outputs_problem(loss: str, n_outputs: int) -> str | None:
    """What is wrong with using ``loss`` on a model with ``n_outputs`` outputs, or None.

    Args:
        loss: a key of ``TARGET_RULES``.
        n_outputs: how many numbers the model returns per sample.

    Returns:
        None if the loss suits the model, else a sentence saying what the loss needs.
    """
    if loss in ("hinge", "binary_cross_entropy") and n_outputs != 1:
        return (
            f"{loss} needs a model with exactly 1 output (one score per sample), "
            f"got a model with {n_outputs} (use cross_entropy for several classes)"
        )
    if loss == "cross_entropy" and n_outputs < 2:
        return (
            f"cross_entropy needs a model with one output per class (2 or more), "
            f"got a model with {n_outputs}"
        )
    return None


def check_targets(
    loss: str, targets: object, n_outputs: int = 1, name: str | None = None
) -> list[float]:
    """Check that targets suit ``loss`` and a model with ``n_outputs`` outputs.

    For ``mse`` with one output, a target may be a number or a row of one number (as
    ``Standardizer`` or ``[[v] for v in y]`` give them).

    Who asks decides how an error points at a bad target.  A loss checking the targets
    it was handed (``name=None``) names itself and the index: ``hinge loss: bad target
    0 at index 1; hinge needs labels -1 or +1 ...``.  ``fit``, ``evaluate`` and
    ``accuracy`` pass the argument's name, so the error names it as a user wrote it:
    ``y[1] = 0.0: hinge needs labels -1 or +1 ...``; and a target that is not a number
    at all is then a TypeError naming ``y[1]`` (see ``nn.checks.check_vector``).

    Args:
        loss: a key of ``TARGET_RULES``.
        targets: one target per sample (a numpy array is read as its list).
        n_outputs: how many numbers the model returns per sample.
        name: the targets' argument name (``"y"``, ``"validation y"``), or None when a
            loss checks the targets it was given.

    Returns:
        The targets as floats; for ``mse`` with rows, the rows one after the other.

    Raises:
        ValueError: for an unknown loss, no targets, a model with the wrong number of
            outputs for the loss, or a target the loss does not allow (naming the loss,
            the target, where it is and what is allowed).
        TypeError: with a ``name``, for targets that are not numbers.
    """
    if loss not in TARGET_RULES:
        raise ValueError(f"unknown loss {loss!r}; use one of {', '.join(TARGET_RULES)}")
    given = plain(targets)  # a numpy array: its list
    if name is None and (
        isinstance(given, str) or not isinstance(given, Sequence) or len(given) == 0
    ):
        raise ValueError(f"{loss} loss needs a non-empty list of targets, got {given!r}")
    problem = outputs_problem(loss, n_outputs)
    if problem:
        raise ValueError(problem)
    rows: Sequence[object]
    if name is None:
        rows = cast("Sequence[object]", given)
    elif loss == "mse" and (n_outputs > 1 or _holds_rows(given)):
        rows = check_matrix(name, given, width=n_outputs)
    else:
        rows = check_vector(name, given)
    rule = TARGET_RULES[loss]
    for i, target in enumerate(rows):
        problem = rule(target, n_outputs)
        if problem:
            where = (
                f"{loss} loss: bad target {target!r} at index {i};"
                if name is None
                else f"{name}[{i}] = {target!r}:"
            )
            raise ValueError(f"{where} {problem}")
    return [v for target in rows for v in _as_row(target)]


def _holds_rows(targets: object) -> bool:
    """True if targets look like a table: a list whose first item is itself a list."""
    if isinstance(targets, str | bytes) or not isinstance(targets, Sequence) or not targets:
        return False
    first = targets[0]
    return isinstance(first, Sequence) and not isinstance(first, str | bytes)


def _as_row(target: object) -> list[float]:
    """A checked target as a row of floats: a number is a row of one."""
    given = plain(target)  # a numpy array: its list
    if is_real(given):
        return [float(given)]
    return [float(v) for v in cast("Sequence[float]", given)]


def target_rows(loss: str, targets: Sequence[object], n_outputs: int) -> list[list[float]]:
    """Checked targets as one row of floats per sample, as a recorded step takes them.

    A recorded training step (``autograd.compile``) replays the same graph on every
    batch, so the targets must be numbers going into it, like the samples: the
    losses of ``nn.losses.LOSSES_ON_ROWS`` take them in this form.

    Args:
        loss: a key of ``TARGET_RULES``.
        targets: targets already checked (by ``check_targets``) for that loss.
        n_outputs: how many numbers the model returns per sample.

    Returns:
        For mse, the sample's targets; for hinge and binary_cross_entropy, ``[label]``;
        for cross_entropy, the label one-hot: ``[0.0, 1.0, 0.0]`` for class 1 of 3.
    """
    if loss == "cross_entropy":
        return [[1.0 if j == y else 0.0 for j in range(n_outputs)] for y in targets]
    return [_as_row(t) for t in targets]
