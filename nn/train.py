"""Training: ``fit`` a model to data, and judge it with ``predict``/``evaluate``/``accuracy``.

One training step is the article's recipe: run the model on a batch of samples, measure
how wrong it is (the loss), backpropagate to get every weight's partial derivative,
and move each weight a little against it (the optimizer, with a learning rate that may
change as training goes on).  An epoch is one pass over all the training samples.

``fit`` also keeps watch: it checks every input before the first step (so a typo fails
in a second, not after minutes), records a ``History`` per epoch, can stop early when
the validation loss stops improving, and stops cleanly, with the last good weights
restored and a warning, when a too-large learning rate makes training blow up.

``predict``, ``evaluate`` and ``accuracy`` run the model on plain floats
(``model.forward_floats``): no graph is built, so they are fast.
"""

from __future__ import annotations

import math
import random
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from autograd import Value, no_grad
from nn import losses as _losses
from nn.checks import (
    CLASSIFICATION_LOSSES,
    Matrix,
    check_matrix,
    check_non_negative,
    check_positive_int,
    check_same_length,
    check_targets,
)
from nn.data import batches
from nn.optim import SGD
from nn.progress import ProgressBar

LossFn = Callable[[list[Any], list[Any]], Value]
"""A loss: ``loss(outputs, targets) -> Value``, the mean over the batch."""

DEFAULT_LR = 0.05
"""The learning rate of the SGD optimizer ``fit`` makes when none is given."""


class Model(Protocol):
    """What ``fit`` needs from a model (every ``nn`` model has it)."""

    def __call__(self, x: Sequence[float]) -> Value | list[Value]: ...

    def parameters(self) -> list[Value]: ...

    def forward_floats(self, x: Sequence[float]) -> list[float]: ...


class Optimizer(Protocol):
    """What ``fit`` needs from an optimizer (``nn.SGD`` and ``nn.Adam`` have it)."""

    lr: float
    params: list[Value]

    def step(self) -> None: ...

    def zero_grad(self) -> None: ...


@dataclass
class History:
    """What happened during ``fit``, one entry per finished epoch.

    Attributes:
        train_loss: the loss on the whole training set after each epoch (without l2).
        val_loss: the same on the validation set (empty without validation).
        train_accuracy: share of training samples classified right (classification
            losses only; empty otherwise).
        val_accuracy: the same on the validation set.
        lr: the learning rate of the epoch's last optimizer step.
        stopped_early: True if early stopping ended the run.
        best_epoch: with early stopping, the epoch (1-based) whose weights were kept.
        diverged: True if the loss blew up and training was stopped.
        message: a sentence saying how training ended.
        seconds: wall-clock time of the run.
    """

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    stopped_early: bool = False
    best_epoch: int | None = None
    diverged: bool = False
    message: str = ""
    seconds: float = 0.0

    @property
    def epochs(self) -> int:
        """How many epochs finished."""
        return len(self.train_loss)


# --- running a model on floats ----------------------------------------------------------


def _outputs(model: Model, X: Matrix) -> list[list[float]]:
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
    rows = _outputs(model, check_matrix("X", X, width=getattr(model, "nin", None)))
    return [row[0] for row in rows] if len(rows[0]) == 1 else rows


def _loss_on_floats(loss_fn: LossFn, rows: list[list[float]], targets: list[Any]) -> float:
    with no_grad():  # the loss is built from Values, but no graph is recorded
        outputs: list[Any] = [
            Value(row[0]) if len(row) == 1 else [Value(v) for v in row] for row in rows
        ]
        return loss_fn(outputs, targets).data


def _hits(rule: str, rows: list[list[float]], targets: Sequence[Any]) -> float:
    """Share of samples whose predicted class matches the target under a loss's rule."""
    right = 0
    for row, t in zip(rows, targets):
        if rule == "cross_entropy":
            right += max(range(len(row)), key=row.__getitem__) == int(t)
        elif rule == "hinge":
            right += (row[0] > 0.0) == (t > 0)
        else:  # binary_cross_entropy: a positive logit means class 1
            right += (row[0] > 0.0) == (t == 1)
    return right / len(rows)


def _accuracy_rule(loss: str | None, n_outputs: int, labels: list[float]) -> str:
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

    Args:
        model: a trained model.
        X: the samples.
        y: the labels.
        loss: which of the rules above; None picks it from the model and the labels
            (several outputs: cross_entropy; labels -1/+1: hinge; 0/1: logits).

    Raises:
        ValueError: for labels that fit no rule, or bad samples.
    """
    table = check_matrix("X", X, width=getattr(model, "nin", None))
    check_same_length("X", table, "y", y)
    rows = _outputs(model, table)
    rule = _accuracy_rule(loss, len(rows[0]), [float(t) for t in y])
    check_targets(rule, "y", y, len(rows[0]))
    return _hits(rule, rows, y)


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
    table = check_matrix("X", X, width=getattr(model, "nin", None))
    check_same_length("X", table, "y", y)
    rows = _outputs(model, table)
    loss_fn, targets = _prepare_targets(loss, "y", y, len(rows[0]))
    return _loss_on_floats(loss_fn, rows, targets)


def _resolve_loss(loss: str | LossFn) -> LossFn:
    if callable(loss):
        return loss
    if loss not in _losses.LOSSES:
        raise ValueError(
            f"unknown loss {loss!r}; choose one of {sorted(_losses.LOSSES)} or pass a function"
        )
    fn: LossFn = _losses.LOSSES[loss]
    return fn


def _prepare_targets(
    loss: str | LossFn, name: str, y: Sequence[Any], n_outputs: int
) -> tuple[LossFn, list[Any]]:
    """The loss function and the targets in the form it takes, checked."""
    loss_fn = _resolve_loss(loss)
    if callable(loss):
        return loss_fn, list(y)
    checked = check_targets(loss, name, y, n_outputs)
    if loss == "cross_entropy":
        return loss_fn, [int(t) for t in checked]
    if loss == "mse" and n_outputs > 1:
        rows = [checked[i : i + n_outputs] for i in range(0, len(checked), n_outputs)]
        return loss_fn, rows  # nn.losses.mse takes one row of targets per sample
    return loss_fn, checked


# --- fit -------------------------------------------------------------------------------


def _snapshot(params: list[Value]) -> list[float]:
    return [p.data for p in params]


def _restore(params: list[Value], numbers: list[float]) -> None:
    for p, number in zip(params, numbers):
        p.data = number


def fit(
    model: Model,
    X: Sequence[Sequence[float]],
    y: Sequence[Any],
    loss: str | LossFn = "mse",
    optimizer: Optimizer | None = None,
    epochs: int = 100,
    batch_size: int | None = None,
    schedule: Callable[[int], float] | None = None,
    l2: float = 0.0,
    validation: tuple[Sequence[Sequence[float]], Sequence[Any]] | None = None,
    early_stopping: int | None = None,
    progress: bool = True,
    seed: int = 0,
) -> History:
    """Train a model by gradient descent and return what happened, epoch by epoch.

    Every input is checked before the first step.  Each step runs the model on a batch,
    computes ``loss (+ l2 * nn.losses.l2(parameters))``, backpropagates, and lets the
    optimizer move the weights.  After each epoch the losses (and accuracies, for
    classification losses) on the training and validation sets are recorded.

    If the loss becomes NaN or infinite, or the engine overflows or divides by zero
    (usually a learning rate that is too large), training stops, the weights from the
    last good epoch are put back, ``History.diverged`` is set and a ``RuntimeWarning``
    says so.

    Args:
        model: the model to train (its parameters are changed in place).
        X: training samples, each a list of as many numbers as the model has inputs.
        y: one target per sample: numbers for ``mse``, -1/+1 for ``hinge``, 0/1 for
            ``binary_cross_entropy``, class numbers 0 .. k-1 for ``cross_entropy``.
        loss: a name from ``nn.losses.LOSSES`` or a function ``(outputs, targets) ->
            Value`` (outputs: one Value, or list of Values, per sample).
        optimizer: e.g. ``nn.Adam(model.parameters(), lr=0.01)``; None makes
            ``SGD(model.parameters(), lr=0.05)``.
        epochs: passes over the training set (>= 1).
        batch_size: samples per step (>= 1); None uses all of them (full batch).
            Batches are reshuffled every epoch from ``seed``.
        schedule: a function ``step -> learning rate`` (``nn.schedules``), applied
            before every optimizer step (steps counted from 0).
        l2: weight of the l2 penalty on the parameters (0 = none).
        validation: ``(X_val, y_val)`` to score after every epoch.
        early_stopping: patience: stop when the validation loss has not improved for
            this many epochs, and keep the weights of the best epoch (needs validation).
        progress: show a progress bar on stderr when the run lasts over half a second.
        seed: seeds the batch shuffling.

    Returns:
        A ``History``.

    Raises:
        TypeError, ValueError: for bad arguments, before any training.
    """
    nin = getattr(model, "nin", None)
    table = check_matrix("X", X, width=nin)
    check_same_length("X", table, "y", y)
    epochs = check_positive_int("epochs", epochs)
    size = len(table) if batch_size is None else check_positive_int("batch_size", batch_size)
    l2 = check_non_negative("l2", l2)
    n_outputs = len(model.forward_floats(table[0]))
    loss_fn, targets = _prepare_targets(loss, "y", y, n_outputs)
    val: tuple[Matrix, list[Any]] | None = None
    if validation is not None:
        if not isinstance(validation, tuple | list) or len(validation) != 2:
            raise TypeError(f"validation must be a pair (X_val, y_val), got {validation!r:.80}")
        X_val = check_matrix("validation X", validation[0], width=nin)
        check_same_length("validation X", X_val, "validation y", validation[1])
        val = (X_val, _prepare_targets(loss, "validation y", validation[1], n_outputs)[1])
    if early_stopping is not None:
        early_stopping = check_positive_int("early_stopping", early_stopping)
        if val is None:
            raise ValueError(
                "early_stopping watches the validation loss: pass validation=(X_val, y_val)"
            )
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function step -> learning rate, got {schedule!r}")
    params = model.parameters()
    if not params:
        raise ValueError("the model has no parameters to train")
    opt: Optimizer = SGD(params, lr=DEFAULT_LR) if optimizer is None else optimizer
    known = {id(p) for p in params}
    if not all(id(p) in known for p in opt.params):
        raise ValueError("the optimizer was made for other parameters: pass it model.parameters()")
    rule = loss if isinstance(loss, str) and loss in CLASSIFICATION_LOSSES else None

    history = History()
    rng = random.Random(seed)
    bar = ProgressBar(epochs) if progress else None
    last_good, best_loss, best_state = _snapshot(params), math.inf, _snapshot(params)
    step, start, problem = 0, time.perf_counter(), ""
    try:
        for epoch in range(1, epochs + 1):
            try:
                for xb, yb in batches(table, targets, size, rng):
                    if schedule is not None:
                        opt.lr = schedule(step)
                    objective = loss_fn([model(x) for x in xb], yb)
                    if l2:
                        objective = objective + l2 * _losses.l2(params)
                    if not math.isfinite(objective.data):
                        problem = f"the loss became {objective.data}"
                        break
                    opt.zero_grad()
                    objective.backward()
                    opt.step()
                    step += 1
                if not problem:
                    rows = _outputs(model, table)
                    train_loss = _loss_on_floats(loss_fn, rows, targets)
                    if val is not None:
                        val_rows = _outputs(model, val[0])
                        val_loss = _loss_on_floats(loss_fn, val_rows, val[1])
                        if not math.isfinite(val_loss):
                            problem = f"the validation loss became {val_loss}"
                    if not math.isfinite(train_loss):
                        problem = f"the loss became {train_loss}"
                    elif not all(math.isfinite(p.data) for p in params):
                        problem = "a weight became NaN or infinite"
            except ArithmeticError as exc:  # OverflowError, ZeroDivisionError
                problem = f"the engine raised {type(exc).__name__} ({exc})"
            if problem:
                _restore(params, last_good)
                when = f"the end of epoch {epoch - 1}" if epoch > 1 else "before training"
                history.diverged = True
                history.message = (
                    f"training diverged in epoch {epoch} (step {step + 1}): {problem}. "
                    f"Stopped and restored the weights from {when}. The learning rate was "
                    f"{opt.lr:g}: try a smaller one."
                )
                break
            history.train_loss.append(train_loss)
            history.lr.append(opt.lr)
            if rule is not None:
                history.train_accuracy.append(_hits(rule, rows, targets))
            last_good = _snapshot(params)
            if bar is not None:
                bar.update(epoch, train_loss)
            if val is None:
                continue
            history.val_loss.append(val_loss)
            if rule is not None:
                history.val_accuracy.append(_hits(rule, val_rows, val[1]))
            if early_stopping is None:
                continue
            if val_loss < best_loss:
                best_loss, best_state, history.best_epoch = val_loss, last_good, epoch
            elif epoch - (history.best_epoch or 0) >= early_stopping:
                history.stopped_early = True
                break
    finally:
        if bar is not None:
            bar.close(history.epochs, history.train_loss[-1] if history.train_loss else None)
    if early_stopping is not None and history.best_epoch is not None:
        _restore(params, best_state)
    history.seconds = time.perf_counter() - start
    if history.diverged:
        if early_stopping is not None and history.best_epoch is not None:
            history.message += (
                f" Kept the weights of epoch {history.best_epoch} (best on validation)."
            )
        warnings.warn(history.message, RuntimeWarning, stacklevel=2)
    elif history.stopped_early:
        history.message = (
            f"stopped early after epoch {history.epochs}: the validation loss had not improved "
            f"for {early_stopping} epochs; kept the weights of epoch {history.best_epoch} "
            f"(validation loss {best_loss:.6g})"
        )
    else:
        history.message = f"finished {epochs} epochs: training loss {history.train_loss[-1]:.6g}"
        if early_stopping is not None:
            history.message += (
                f"; kept the weights of epoch {history.best_epoch} (best on validation)"
            )
    return history
