"""What a loss is handed: the model's predictions, read and checked before any arithmetic.

A loss takes a LIST of predictions, one per sample, and a list of targets of the same
length.  A prediction is a Value or a plain number (a constant), or a row of them for
a model with several outputs.  The functions here turn that into Values and refuse,
with an error that names the loss, what a first user often passes instead: one
prediction instead of a list (``nn.mse(model(x), 1.0)``), lists of different lengths,
``None`` from a model that forgot to return, rows of different widths.  Whether the
targets suit the loss is ``nn.targets``' business.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Value, as_value
from nn.checks import plural
from nn.scalars import is_real, plain

Score = Value | float
"""One number a model gives for a sample: a Value, or a plain float (a constant)."""

_CALLS = {
    "mse": ("predictions", "targets", "mse([pred], [target])"),
    "hinge": ("scores", "labels", "hinge([score], [label])"),
    "binary_cross_entropy": ("logits", "labels", "binary_cross_entropy([logit], [label])"),
    "cross_entropy": ("rows of scores", "labels", "cross_entropy([[s0, s1, s2]], [label])"),
}
"""What each loss takes, in words and as a one-sample call, for the error a non-list gets."""


def is_list(x: object) -> bool:
    """True for a list, a tuple or anything list-like (a length and items), not a string."""
    return not isinstance(x, str) and hasattr(x, "__len__") and hasattr(x, "__getitem__")


def check_lists(loss: str, preds: Sequence[object], targets: Sequence[object]) -> None:
    """Check that preds and targets are lists of the same, non-zero length.

    Args:
        loss: the loss's name, for the error messages (a key of ``nn.losses.LOSSES``).
        preds: what the loss was given as predictions.
        targets: what the loss was given as targets.

    Raises:
        TypeError: if either is a single Value or number instead of a list; the message
            shows the loss's call for one sample, with lists.
        ValueError: if their lengths differ or they are empty.
    """
    if not (is_list(preds) and is_list(targets)):
        what, labels, example = _CALLS[loss]
        bad, given = (what, preds) if not is_list(preds) else (labels, targets)
        raise TypeError(
            f"{loss} needs a list of {what} and a list of {labels}, one per sample: "
            f"{example} for a single sample; the {bad} given are one "
            f"{type(given).__name__}, {given!r}, not a list"
        )
    if len(preds) != len(targets):
        raise ValueError(
            f"{loss} loss needs one target per prediction, got "
            f"{plural(len(preds), 'prediction')} and {plural(len(targets), 'target')}"
        )
    if not preds:
        raise ValueError(f"{loss} loss needs at least one prediction, got none")


def one_score_each(loss: str, preds: Sequence[Score | Sequence[Score]]) -> list[Value]:
    """One score per sample as a Value (a one-element row counts as its element).

    Args:
        loss: the loss's name, for the error messages.
        preds: one prediction per sample.

    Returns:
        The scores as Values (plain numbers become constants).

    Raises:
        TypeError: for a prediction that is not a Value or a number.
        ValueError: for a sample with more than one score.
    """
    out = []
    for i, p in enumerate(preds):
        row = _row(loss, i, p)
        if len(row) != 1:
            raise ValueError(
                f"{loss} loss needs one score per sample, got {len(row)} for sample {i}"
            )
        out.append(row[0])
    return out


def rows_of_values(loss: str, preds: Sequence[Score | Sequence[Score]]) -> list[list[Value]]:
    """The predictions as rows of Values, all of the same width (a bare score is a row of one).

    Args:
        loss: the loss's name, for the error messages.
        preds: one prediction (a score or a row of scores) per sample.

    Returns:
        One row of Values per sample.

    Raises:
        TypeError: for a prediction that is not a Value or a number (or a row of them).
        ValueError: for rows of different widths.
    """
    rows = [_row(loss, i, p) for i, p in enumerate(preds)]
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(
                f"{loss} loss needs the same number of outputs for every sample: sample 0 "
                f"has {width}, sample {i} has {len(row)}"
            )
    return rows


def _score(loss: str, i: int, p: object) -> Value:
    """Sample i's prediction (or one number of it) as a Value: numbers become constants."""
    if isinstance(p, Value):
        return p
    if is_real(p):
        return as_value(float(p))
    hint = (
        ": did the model (or the function that made the predictions) forget to return its result?"
        if p is None
        else ""
    )
    raise TypeError(
        f"{loss} loss: the prediction for sample {i} must be a Value or a number (or a "
        f"list of them, one per output), got {type(p).__name__}: {p!r:.60}{hint}"
    )


def _row(loss: str, i: int, p: object) -> list[Value]:
    """Sample i's prediction as a row of Values (a bare score is a row of one)."""
    p = plain(p)
    if isinstance(p, Sequence) and not isinstance(p, str | bytes):
        return [_score(loss, i, v) for v in p]
    return [_score(loss, i, p)]
