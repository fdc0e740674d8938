"""Loss functions: one number that says how wrong a model's predictions are.

Training makes this number smaller by moving every parameter against its partial
derivative.  Each loss takes the model's outputs for a batch of samples (Values, or
plain floats) and their targets, and returns the MEAN loss over the batch as a Value,
built from few graph nodes (``autograd.dot`` and ``autograd.sum`` are one node each).

* ``mse``: mean of (prediction - target)², for predicting numbers (pig sales).
* ``hinge``: mean of max(0, 1 - y·s) with labels y = ±1 (micrograd's max-margin loss).
* ``binary_cross_entropy``: for two classes (labels 0/1) from raw scores (logits).
* ``cross_entropy``: for k classes: softmax over k scores, integer labels 0..k-1.

Every loss first reads the predictions (``nn.loss_inputs``) and checks the targets
(``nn.targets.check_targets``), so a wrong label gives a clear error naming the loss,
the label and what is allowed.  The penalties added to a loss, ``l1`` and ``l2``, are
in ``nn.penalties``; the overflow-proof ops the classification losses are built from,
in ``nn.stable_ops``.

Each loss is written once, as a function of Values (``mse_of_values`` ...), which the
loss users call wraps with its checks, and which ``LOSSES_ON_ROWS`` wraps for the
training step ``nn.fit`` records and replays (its targets arrive as rows of Values).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value, as_value, dot, ops
from autograd import sum as value_sum
from nn.loss_inputs import Score, check_lists, one_score_each, rows_of_values
from nn.stable_ops import log_sum_exp, softplus
from nn.targets import check_targets

LossFn = Callable[[list[Any], list[Any]], Value]
"""A loss: ``loss(outputs, targets) -> Value``, the mean over the batch."""


# --- each loss on Values: the maths, written once ----------------------------------------


def mse_of_values(preds: Sequence[Value], targets: Sequence[Value | float]) -> Value:
    """The mean of (p - t)² over matching predictions and targets (no checks)."""
    diffs = [p - t for p, t in zip(preds, targets)]
    # dot(d, d) = sum of d²: one node whose partial for each d is 2d.
    return dot(diffs, diffs) / len(diffs)


def hinge_of_values(scores: Sequence[Value], labels: Sequence[Value | float]) -> Value:
    """The mean of max(0, 1 - y·s) over scores s and labels y = ±1 (no checks)."""
    # max(0, 1 - y·s) as one neuron node: weights [s], inputs [-y], bias 1, then relu.
    # The plain numbers are made constant leaves here, as dot would make them.
    margins = [dot([s], [as_value(-y)], as_value(1.0), ops.RELU) for s, y in zip(scores, labels)]
    return value_sum(margins) / len(margins)


def binary_cross_entropy_of_values(
    logits: Sequence[Value], labels: Sequence[Value | float]
) -> Value:
    """The mean of softplus((1 - 2y)·z) over logits z and labels y = 0/1 (no checks)."""
    # (1 - 2y) is -1 or +1: multiplying by it only flips the sign, exactly.
    terms = [softplus(z * (1.0 - 2.0 * y)) for z, y in zip(logits, labels)]
    return value_sum(terms) / len(terms)


def cross_entropy_of_values(rows: Sequence[Sequence[Value]], picked: Sequence[Value]) -> Value:
    """The mean of log_sum_exp(row) - z_y, given each row's score of its label, z_y."""
    terms = [log_sum_exp(row) - z for row, z in zip(rows, picked)]
    return value_sum(terms) / len(terms)


# --- the losses users call: read, check, then the maths -----------------------------------


def mse(
    preds: Sequence[Score | Sequence[Score]], targets: Sequence[float | Sequence[float]]
) -> Value:
    """Mean squared error: the mean of (prediction - target)² over every output.

    Args:
        preds: one prediction per sample (a Value or float, or a row of them).
        targets: one number (or a row of numbers) per sample.

    Returns:
        The mean squared error as a Value.

    Raises:
        TypeError: if preds or targets is not a list, or a prediction is not a number.
        ValueError: for mismatched lengths or targets that are not finite numbers.
    """
    check_lists("mse", preds, targets)
    rows = rows_of_values("mse", preds)
    flat_targets = check_targets("mse", targets, len(rows[0]))
    return mse_of_values([p for row in rows for p in row], flat_targets)


def hinge(scores: Sequence[Score | Sequence[Score]], labels: Sequence[int | float]) -> Value:
    """Max-margin loss: the mean of max(0, 1 - y·s) for labels y = ±1.

    A sample costs nothing once its score is on the right side by a margin of 1;
    otherwise it pulls its score the right way.

    Args:
        scores: one score per sample (a Value or float).
        labels: -1 or +1 per sample.

    Returns:
        The mean hinge loss as a Value.

    Raises:
        TypeError: if scores or labels is not a list, or a score is not a number.
        ValueError: for mismatched lengths or a label that is not -1 or +1.
    """
    check_lists("hinge", scores, labels)
    values = one_score_each("hinge", scores)
    return hinge_of_values(values, check_targets("hinge", labels, 1))


def binary_cross_entropy(
    logits: Sequence[Score | Sequence[Score]], labels: Sequence[int | float]
) -> Value:
    """Cross-entropy for two classes, from raw scores (logits), labels 0 or 1.

    With p = sigmoid(z) the loss is -log(p) for label 1 and -log(1 - p) for label 0,
    which simplify to softplus(-z) and softplus(z), i.e. softplus((1 - 2y)·z): no
    sigmoid, no log(0), no overflow even for logits of ±1000.

    Args:
        logits: one raw score per sample (a Value or float); sigmoid(z) is the
            probability of class 1.
        labels: 0 or 1 per sample.

    Returns:
        The mean binary cross-entropy as a Value.

    Raises:
        TypeError: if logits or labels is not a list, or a logit is not a number.
        ValueError: for mismatched lengths or a label that is not 0 or 1.
    """
    check_lists("binary_cross_entropy", logits, labels)
    values = one_score_each("binary_cross_entropy", logits)
    labels_checked = check_targets("binary_cross_entropy", labels, 1)
    return binary_cross_entropy_of_values(values, labels_checked)


def cross_entropy(logit_rows: Sequence[Sequence[Score]], labels: Sequence[int | float]) -> Value:
    """Cross-entropy for k classes: softmax over each row of k scores, integer labels.

    For one sample with scores z and label y the loss is -log(softmax(z)_y)
    = log(sum_j e^(z_j)) - z_y.  The log-sum-exp is one node (``nn.stable_ops``) that
    subtracts the largest score first, so exp never sees a positive number.

    Args:
        logit_rows: one row of k scores per sample (Values or floats).
        labels: the class of each sample, a whole number 0 .. k-1.

    Returns:
        The mean cross-entropy as a Value.

    Raises:
        TypeError: if logit_rows or labels is not a list, or a score is not a number.
        ValueError: for mismatched lengths, rows of different widths, or a label that is
            not a whole number in 0..k-1.
    """
    check_lists("cross_entropy", logit_rows, labels)
    rows = rows_of_values("cross_entropy", logit_rows)
    classes = check_targets("cross_entropy", labels, len(rows[0]))
    return cross_entropy_of_values(rows, [row[int(y)] for row, y in zip(rows, classes)])


LOSSES: dict[str, LossFn] = {
    "mse": mse,
    "hinge": hinge,
    "binary_cross_entropy": binary_cross_entropy,
    "cross_entropy": cross_entropy,
}
"""The losses by name (what ``nn.fit(loss=...)`` accepts); their target rules are
``nn.targets.TARGET_RULES``, under the same names."""


# --- targets as numbers in the graph: what nn.fit records once and replays ---------------
# A recorded training step (``autograd.compile``) replays the same graph on every batch,
# so the targets must be inputs of that graph, like the samples, not constants written
# into it.  Each loss below is the loss above with its targets as Values, one row of
# numbers per sample (``nn.targets.target_rows``); cross_entropy's label becomes a
# one-hot row, so that "the score of class y" is dot(one_hot, row), arithmetic that a
# replay redoes for any label, instead of the indexing row[y], which a recording would
# freeze.  They give the same numbers as the losses above, bit for bit
# (tests/test_fit_replay.py).


def _output_rows(outputs: Sequence[Value | Sequence[Value]]) -> list[list[Value]]:
    return [[o] if isinstance(o, Value) else list(o) for o in outputs]


def _mse_on_rows(outputs: list[Any], targets: list[list[Value]]) -> Value:
    preds = [p for row in _output_rows(outputs) for p in row]
    return mse_of_values(preds, [t for row in targets for t in row])


def _hinge_on_rows(outputs: list[Any], targets: list[list[Value]]) -> Value:
    return hinge_of_values([row[0] for row in _output_rows(outputs)], [t[0] for t in targets])


def _binary_cross_entropy_on_rows(outputs: list[Any], targets: list[list[Value]]) -> Value:
    logits = [row[0] for row in _output_rows(outputs)]
    return binary_cross_entropy_of_values(logits, [t[0] for t in targets])


def _cross_entropy_on_rows(outputs: list[Any], one_hots: list[list[Value]]) -> Value:
    rows = _output_rows(outputs)
    return cross_entropy_of_values(rows, [dot(hot, row) for row, hot in zip(rows, one_hots)])


LOSSES_ON_ROWS: dict[str, LossFn] = {
    "mse": _mse_on_rows,
    "hinge": _hinge_on_rows,
    "binary_cross_entropy": _binary_cross_entropy_on_rows,
    "cross_entropy": _cross_entropy_on_rows,
}
"""Each loss of ``LOSSES`` taking its targets as rows of Values (see
``nn.targets.target_rows``); no checks: the targets were checked before they became
rows."""
