"""Loss functions: one number that says how wrong a model's predictions are.

Training makes this number smaller by moving every parameter against its partial
derivative.  Each loss takes the model's outputs for a batch of samples (Values, or
plain floats) and their targets, and returns the MEAN loss over the batch as a Value,
built from few graph nodes (``autograd.dot`` and ``autograd.sum`` are one node each).

* ``mse``: mean of (prediction - target)², for predicting numbers (pig sales).
* ``hinge``: mean of max(0, 1 - y·s) with labels y = ±1 (micrograd's max-margin loss).
* ``binary_cross_entropy``: for two classes (labels 0/1) from raw scores (logits).
* ``cross_entropy``: for k classes: softmax over k scores, integer labels 0..k-1.
* ``l2``: the sum of squared parameters, added to a loss to keep weights small.
* ``l1``: the sum of absolute values of the parameters, added to a loss to push
  weights that do not help all the way to 0.

Every loss checks its targets first (``check_targets``), so a wrong label gives a clear
error naming the loss, the label and what is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeGuard, cast

from autograd import Op, Value, apply, as_value, dot, ops
from autograd import sum as value_sum
from nn.checks import plural
from nn.scalars import is_real, plain

Score = Value | float
LossFn = Callable[..., Value]


# --- checking targets -------------------------------------------------------------------


def _is_number(x: object) -> TypeGuard[float]:
    return is_real(x) and math.isfinite(x)


def outputs_problem(name: str, n_outputs: int) -> str | None:
    """What is wrong with using loss ``name`` on a model with ``n_outputs`` outputs, or None.

    The one place that says how many outputs each loss needs.
    """
    if name in ("hinge", "binary_cross_entropy") and n_outputs != 1:
        return (
            f"{name} needs a model with exactly 1 output (one score per sample), "
            f"got a model with {n_outputs} (use cross_entropy for several classes)"
        )
    if name == "cross_entropy" and n_outputs < 2:
        return (
            f"cross_entropy needs a model with one output per class (2 or more), "
            f"got a model with {n_outputs}"
        )
    return None


def target_problem(name: str, target: object, n_outputs: int) -> str | None:
    """What loss ``name`` allows, if ``target`` is not allowed; None when it is fine.

    The one place that states each loss's label rule (the trainer's input checks use it
    too, so a loss and ``nn.fit`` can never disagree about what a label may be).
    """
    if name == "mse":
        target = plain(target)
        row = target if isinstance(target, list | tuple) else [target]
        if len(row) == n_outputs and all(_is_number(v) for v in row):
            return None
        return f"mse needs {n_outputs} finite number(s) per target (one per output)"
    if name == "hinge":
        if _is_number(target) and target in (-1, 1):
            return None
        return "hinge needs labels -1 or +1 (nn.data.to_pm1 maps 0/1 labels to -1/+1)"
    if name == "binary_cross_entropy":
        if _is_number(target) and target in (0, 1):
            return None
        return "binary_cross_entropy needs labels 0 or 1"
    if _is_number(target) and float(target).is_integer() and 0 <= target < n_outputs:
        return None
    return (
        f"cross_entropy needs whole-number class labels 0 .. {n_outputs - 1} (one per model output)"
    )


def check_targets(name: str, targets: Sequence[object], n_outputs: int = 1) -> None:
    """Check that targets suit the loss ``name`` and a model with ``n_outputs`` outputs.

    Args:
        name: a key of ``LOSSES``.
        targets: one target per sample.
        n_outputs: how many numbers the model outputs per sample.

    Raises:
        ValueError: naming the loss, the first bad target (and its index) and what is
            allowed; or for an unknown loss, no targets, or a model with the wrong
            number of outputs for the loss.
    """
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; use one of {', '.join(LOSSES)}")
    targets = plain(targets)  # type: ignore[assignment]  # a numpy array: its list
    if isinstance(targets, str) or not isinstance(targets, Sequence) or len(targets) == 0:
        raise ValueError(f"{name} loss needs a non-empty list of targets, got {targets!r}")
    problem = outputs_problem(name, n_outputs)
    if problem:
        raise ValueError(problem)
    for i, y in enumerate(targets):
        problem = target_problem(name, y, n_outputs)
        if problem:
            raise ValueError(f"{name} loss: bad target {y!r} at index {i}; {problem}")


_CALLS = {
    "mse": ("predictions", "targets", "mse([pred], [target])"),
    "hinge": ("scores", "labels", "hinge([score], [label])"),
    "binary_cross_entropy": ("logits", "labels", "binary_cross_entropy([logit], [label])"),
    "cross_entropy": ("rows of scores", "labels", "cross_entropy([[s0, s1, s2]], [label])"),
}
"""What each loss takes, in words and as a one-sample call, for the error a non-list gets."""


def _is_list(x: object) -> bool:
    """A list, tuple or anything list-like (has a length and items), but not a string."""
    return not isinstance(x, str) and hasattr(x, "__len__") and hasattr(x, "__getitem__")


def _same_length(name: str, preds: Sequence[object], targets: Sequence[object]) -> None:
    """Check that preds and targets are lists of the same, non-zero length.

    Raises:
        TypeError: if either is a single Value or number instead of a list.
        ValueError: if their lengths differ or they are empty.
    """
    if not (_is_list(preds) and _is_list(targets)):
        what, labels, example = _CALLS[name]
        bad, given = (what, preds) if not _is_list(preds) else (labels, targets)
        raise TypeError(
            f"{name} needs a list of {what} and a list of {labels}, one per sample: "
            f"{example} for a single sample; the {bad} given are one "
            f"{type(given).__name__}, {given!r}, not a list"
        )
    if len(preds) != len(targets):
        raise ValueError(
            f"{name} loss needs one target per prediction, got "
            f"{plural(len(preds), 'prediction')} and {plural(len(targets), 'target')}"
        )
    if not preds:
        raise ValueError(f"{name} loss needs at least one prediction, got none")


def _scalars(name: str, preds: Sequence[Score | Sequence[Score]]) -> list[Value]:
    """One score per sample as a Value (a one-element row counts as its element)."""
    out = []
    for i, p in enumerate(preds):
        row = _row(name, i, p)
        if len(row) != 1:
            raise ValueError(
                f"{name} loss needs one score per sample, got {len(row)} for sample {i}"
            )
        out.append(row[0])
    return out


def _target_row(t: float | Sequence[float]) -> list[float]:
    given = plain(t)  # a numpy array: its list
    if is_real(given):
        return [float(given)]
    return [float(v) for v in cast("Sequence[float]", given)]  # checked by check_targets


def _score(name: str, i: int, p: object) -> Value:
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
        f"{name} loss: the prediction for sample {i} must be a Value or a number (or a "
        f"list of them, one per output), got {type(p).__name__}: {p!r:.60}{hint}"
    )


def _row(name: str, i: int, p: object) -> list[Value]:
    """Sample i's prediction as a row of Values (a bare score is a row of one)."""
    p = plain(p)
    if isinstance(p, Sequence) and not isinstance(p, str | bytes):
        return [_score(name, i, v) for v in p]
    return [_score(name, i, p)]


def _rows(name: str, preds: Sequence[Score | Sequence[Score]]) -> list[list[Value]]:
    """The predictions as rows of Values (a bare score is a row of one)."""
    rows = [_row(name, i, p) for i, p in enumerate(preds)]
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(
                f"{name} loss needs the same number of outputs for every sample: sample 0 "
                f"has {width}, sample {i} has {len(row)}"
            )
    return rows


# --- the losses ---------------------------------------------------------------------------


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
        ValueError: for mismatched lengths or targets that are not finite numbers.
    """
    _same_length("mse", preds, targets)
    rows = _rows("mse", preds)
    check_targets("mse", targets, len(rows[0]))
    flat_targets = [v for t in targets for v in _target_row(t)]
    return _mse([p for row in rows for p in row], flat_targets)


def _mse(preds: Sequence[Value], targets: Sequence[Value | float]) -> Value:
    diffs = [p - t for p, t in zip(preds, targets)]
    # dot(d, d) = sum of d²: one node whose partial for each d is 2d.
    return dot(diffs, diffs) / len(diffs)


def hinge(scores: Sequence[Score | Sequence[Score]], labels: Sequence[int | float]) -> Value:
    """Max-margin loss: the mean of max(0, 1 - y·s) for labels y = ±1.

    A sample costs nothing once its score is on the right side by a margin of 1;
    otherwise it pulls its score the right way.

    Raises:
        ValueError: for mismatched lengths or a label that is not -1 or +1.
    """
    _same_length("hinge", scores, labels)
    values = _scalars("hinge", scores)
    check_targets("hinge", labels, 1)
    return _hinge(values, [float(y) for y in labels])


def _hinge(scores: Sequence[Value], labels: Sequence[Value | float]) -> Value:
    # max(0, 1 - y·s) as one neuron node: weights [s], inputs [-y], bias 1, then relu.
    margins = [dot([s], [-y], 1.0, ops.RELU) for s, y in zip(scores, labels)]
    return value_sum(margins) / len(margins)


def _softplus_forward(t: float) -> float:
    # log(1 + e^t) never overflowing: for t > 0 it is t + log(1 + e^-t), so exp only
    # sees numbers <= 0.  The branch is inside the op, on floats: the graph is one node.
    if t > 0.0:
        return t + math.log1p(math.exp(-t))
    return math.log1p(math.exp(t))


def _sigmoid(t: Value | float) -> Value | float:
    if isinstance(t, Value):  # the rule on Values, for second derivatives
        return t.sigmoid()
    if t >= 0.0:
        return 1.0 / (1.0 + math.exp(-t))
    e = math.exp(t)
    return e / (1.0 + e)


# d/dt log(1 + e^t) = e^t / (1 + e^t) = sigmoid(t)
SOFTPLUS = Op(
    name="softplus",
    forward=_softplus_forward,
    local_grads=lambda out, t: (_sigmoid(t),),
    symbol="softplus",
)


def softplus(t: Value | float) -> Value:
    """log(1 + e^t) as one node, never overflowing, with the exact derivative sigmoid(t).

    An op of its own (``SOFTPLUS``) rather than ``(t.exp() + 1).log()``: that would
    overflow for t > 709, and choosing a stabler form by looking at ``t.data`` would
    make the graph depend on the sign of t, which a recorded step cannot see.
    """
    return apply(SOFTPLUS, t)


def binary_cross_entropy(
    logits: Sequence[Score | Sequence[Score]], labels: Sequence[int | float]
) -> Value:
    """Cross-entropy for two classes, from raw scores (logits), labels 0 or 1.

    With p = sigmoid(z) the loss is -log(p) for label 1 and -log(1 - p) for label 0,
    which simplify to softplus(-z) and softplus(z), i.e. softplus((1 - 2y)·z): no
    sigmoid, no log(0), no overflow even for logits of ±1000.

    Raises:
        ValueError: for mismatched lengths or a label that is not 0 or 1.
    """
    _same_length("binary_cross_entropy", logits, labels)
    values = _scalars("binary_cross_entropy", logits)
    check_targets("binary_cross_entropy", labels, 1)
    return _binary_cross_entropy(values, [float(y) for y in labels])


def _binary_cross_entropy(logits: Sequence[Value], labels: Sequence[Value | float]) -> Value:
    # (1 - 2y) is -1 or +1: multiplying by it only flips the sign, exactly.
    terms = [softplus(z * (1.0 - 2.0 * y)) for z, y in zip(logits, labels)]
    return value_sum(terms) / len(terms)


def _log_sum_exp_forward(*zs: float) -> float:
    # log(sum_j e^(z_j)) = log(sum_j e^(z_j - m)) + m with m the largest: exp never
    # sees a positive number.  (m is a number inside the op, not a node.)
    m = max(zs)
    if math.isinf(m):
        return m
    return math.log(math.fsum(math.exp(z - m) for z in zs)) + m


def _exp(x: Value | float) -> Value | float:
    return x.exp() if isinstance(x, Value) else math.exp(x)


# d/dz_j log(sum_k e^(z_k)) = e^(z_j) / sum_k e^(z_k) = e^(z_j - out): the softmax
LOG_SUM_EXP = Op(
    name="log_sum_exp",
    forward=_log_sum_exp_forward,
    local_grads=lambda out, *zs: tuple(_exp(z - out) for z in zs),
    symbol="logΣexp",
    arity=None,
)


def cross_entropy(logit_rows: Sequence[Sequence[Score]], labels: Sequence[int | float]) -> Value:
    """Cross-entropy for k classes: softmax over each row of k scores, integer labels.

    For one sample with scores z and label y the loss is -log(softmax(z)_y)
    = log(sum_j e^(z_j)) - z_y.  The log-sum-exp is one node (``LOG_SUM_EXP``) that
    subtracts the largest score first, so exp never sees a positive number.

    Raises:
        ValueError: for mismatched lengths, rows of different widths, or a label that is
            not a whole number in 0..k-1.
    """
    _same_length("cross_entropy", logit_rows, labels)
    rows = _rows("cross_entropy", logit_rows)
    check_targets("cross_entropy", labels, len(rows[0]))
    return _cross_entropy(rows, [row[int(y)] for row, y in zip(rows, labels)])


def _cross_entropy(rows: Sequence[Sequence[Value]], picked: Sequence[Value]) -> Value:
    """The mean of log_sum_exp(row) - z_y, given each row's score of its label, z_y."""
    terms = [apply(LOG_SUM_EXP, *row) - z for row, z in zip(rows, picked)]
    return value_sum(terms) / len(terms)


def l2(params: Sequence[Value]) -> Value:
    """The sum of squared parameters (one dot node): add ``alpha * l2(params)`` to a loss
    to keep weights small (weight decay).

    Raises:
        TypeError: if params is not a list (e.g. one Value): use ``l2(model.parameters())``.
    """
    if not _is_list(params):
        raise TypeError(
            "l2 needs a list of parameters, e.g. l2(model.parameters()) or l2([w]); got one "
            f"{type(params).__name__}, {params!r}"
        )
    return dot(params, params)


def l1(params: Sequence[Value]) -> Value:
    """The sum of absolute values of the parameters: add ``alpha * l1(params)`` to a loss.

    Its derivative is the sign of each parameter (0 at exactly 0), whatever its size, so
    unlike ``l2`` (whose pull 2w fades as w shrinks) it drives weights that do not help
    the loss all the way to 0: a sparse network.

    Raises:
        TypeError: if params is not a list (e.g. one Value): use ``l1(model.parameters())``.
    """
    if not _is_list(params):
        raise TypeError(
            "l1 needs a list of parameters, e.g. l1(model.parameters()) or l1([w]); got one "
            f"{type(params).__name__}, {params!r}"
        )
    return value_sum([abs(p) for p in params])


LOSSES: dict[str, LossFn] = {
    "mse": mse,
    "hinge": hinge,
    "binary_cross_entropy": binary_cross_entropy,
    "cross_entropy": cross_entropy,
}
"""The losses by name (what ``nn.fit(loss=...)`` accepts)."""


# --- targets as numbers in the graph: what nn.fit records once and replays ---------------
# A recorded training step (``autograd.compile``) replays the same graph on every batch,
# so the targets must be inputs of that graph, like the samples, not constants written
# into it.  Each loss below is the loss above with its targets as Values, one row of
# numbers per sample; cross_entropy's label becomes a one-hot row, so that "the score
# of class y" is dot(one_hot, row), arithmetic that a replay redoes for any label,
# instead of the indexing row[y], which a recording would freeze.  They give the same
# numbers as the losses above, bit for bit (tests/test_fit_replay.py).


def target_rows(name: str, targets: Sequence[object], n_outputs: int) -> list[list[float]]:
    """Targets checked by ``nn.targets.prepare_targets``, as one row of floats per sample.

    mse: the sample's targets; hinge and binary_cross_entropy: ``[label]``;
    cross_entropy: the label one-hot, ``[0.0, 1.0, 0.0]`` for class 1 of 3.
    """
    if name == "cross_entropy":
        return [[1.0 if j == y else 0.0 for j in range(n_outputs)] for y in targets]
    return [_target_row(t) for t in targets]  # type: ignore[arg-type]


def _output_rows(outputs: Sequence[Value | Sequence[Value]]) -> list[list[Value]]:
    return [[o] if isinstance(o, Value) else list(o) for o in outputs]


def _mse_on_rows(outputs: list[Any], targets: list[list[Value]]) -> Value:
    preds = [p for row in _output_rows(outputs) for p in row]
    return _mse(preds, [t for row in targets for t in row])


def _hinge_on_rows(outputs: list[Any], targets: list[list[Value]]) -> Value:
    return _hinge([row[0] for row in _output_rows(outputs)], [t[0] for t in targets])


def _binary_cross_entropy_on_rows(outputs: list[Any], targets: list[list[Value]]) -> Value:
    logits = [row[0] for row in _output_rows(outputs)]
    return _binary_cross_entropy(logits, [t[0] for t in targets])


def _cross_entropy_on_rows(outputs: list[Any], one_hots: list[list[Value]]) -> Value:
    rows = _output_rows(outputs)
    return _cross_entropy(rows, [dot(hot, row) for row, hot in zip(rows, one_hots)])


LOSSES_ON_ROWS: dict[str, LossFn] = {
    "mse": _mse_on_rows,
    "hinge": _hinge_on_rows,
    "binary_cross_entropy": _binary_cross_entropy_on_rows,
    "cross_entropy": _cross_entropy_on_rows,
}
"""Each loss of ``LOSSES`` taking its targets as rows of Values (see ``target_rows``);
no checks: the targets were checked before they became rows."""
