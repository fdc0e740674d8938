"""Training: ``fit`` a model to data, and judge it with ``predict``/``evaluate``/``accuracy``.

One training step is the article's recipe: run the model on a batch of samples, measure
how wrong it is (the loss), backpropagate to get every weight's partial derivative,
and move each weight a little against it (the optimizer, with a learning rate that may
change as training goes on).  An epoch is one pass over all the training samples.

``fit`` also keeps watch: it checks every input before the first step (so a typo fails
in a second, not after minutes), records a ``History`` per epoch, can stop early when
the validation loss stops improving, and stops cleanly, with the last good weights
restored and a warning, when a too-large learning rate makes training blow up
(``nn.divergence``).  The steps themselves are ``nn.trainer``'s; how each step's
gradients are computed, ``nn.steps``'s; how the model is scored after each epoch,
``nn.scoring``'s.

``predict``, ``evaluate`` and ``accuracy`` run the model on plain floats
(``model.forward_floats``): no graph is built, so they are fast.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from nn import advice
from nn.checks import (
    check_matrix,
    check_model,
    check_non_negative,
    check_positive_int,
    check_same_length,
    check_seed,
)
from nn.collector import collector_paused
from nn.divergence import blow_up_limit, diverged_message
from nn.history import History, conclude
from nn.loss_choice import check_validation, prepare_targets
from nn.losses import LossFn
from nn.metrics import (
    Model,
    accuracy,
    evaluate,
    output_threshold,
    outputs_on_floats,
    predict,
)
from nn.optim import DEFAULT_LR, Optimizer, check_optimizer
from nn.progress import ProgressBar
from nn.scoring import Scorer
from nn.steps import StepRunner, planned_steps
from nn.targets import CLASSIFICATION_LOSSES
from nn.trainer import Trainer

__all__ = ["DEFAULT_LR", "History", "accuracy", "collector_paused", "evaluate", "fit", "predict"]


def __dir__() -> list[str]:
    # dir(nn.train) and a notebook's tab completion list the public names only, not the
    # helpers this module imports to do its work.
    return sorted(__all__)


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
    lr: float | None = None,
    compile: bool | None = None,
) -> History:
    """Train a model by gradient descent and return what happened, epoch by epoch.

    Every input is checked before the first step.  Each step runs the model on a batch,
    computes ``loss (+ l2 * nn.penalties.l2(parameters))``, backpropagates, and lets the
    optimizer move the weights.  After each epoch the losses (and accuracies, for
    classification losses) on the training and validation sets are recorded.

    Each step runs with Python's cycle collector paused (``collector_paused``): the
    graphs have no reference cycles, so its scans would only cost time.

    With a built-in loss, a run of many steps records each step once per batch size
    and replays it on the following batches (``nn.steps``, ``autograd.compile``): the
    same numbers as the engine, several times faster.  A step whose recording does not
    fit (a model that compares Values and takes another branch) runs on the engine,
    with one warning for the run.  ``History.path`` says which way the steps ran.  The
    scores after each epoch then replay a recording too (the model's forward pass and
    the loss, ``nn.scoring``), once it gave the very numbers of scoring on floats.

    If the loss becomes NaN or infinite, or the engine overflows or divides by zero
    (usually a learning rate that is too large), training stops, the weights from the
    last good epoch are put back, the optimizer is reset (``Optimizer.reset``: its
    momentum came from the steps that blew up), ``History.diverged`` is set and a
    ``RuntimeWarning`` says so.  Lower ``optimizer.lr`` and call ``fit`` again.

    Args:
        model: the model to train (its parameters are changed in place).
        X: training samples, each a list of as many numbers as the model has inputs.
        y: one target per sample: numbers for ``mse``, -1/+1 for ``hinge``, 0/1 for
            ``binary_cross_entropy``, class numbers 0 .. k-1 for ``cross_entropy``.
        loss: a name from ``nn.losses.LOSSES`` or a function ``(outputs, targets) ->
            Value`` (outputs: one Value, or list of Values, per sample).
        optimizer: e.g. ``nn.Adam(model.parameters(), lr=0.01)``; None makes
            ``SGD(model.parameters(), lr=lr)``.
        epochs: passes over the training set (>= 1).
        batch_size: samples per step (>= 1); None uses all of them (full batch).
            Batches are reshuffled every epoch from ``seed``.
        schedule: a function ``step -> learning rate`` (``nn.schedules``), applied
            before every optimizer step (steps counted from 0).
        l2: weight of the l2 penalty on the parameters (0 = none).
        validation: ``(X_val, y_val)`` to score after every epoch.
        early_stopping: patience: stop when the validation loss has not improved for
            this many epochs, and keep the weights of the best epoch (needs validation).
        progress: show a progress bar (tqdm: a widget in a notebook, a line on stderr
            in a terminal) when the run lasts over half a second.
        seed: seeds the batch shuffling.
        lr: the learning rate of the SGD made when no optimizer is given (None: 0.05,
            ``nn.optim.DEFAULT_LR``, as for ``nn.SGD``); an optimizer you make carries
            its own rate.
        compile: None (default) replays recorded steps when the run is long enough to
            repay the recording (``nn.steps.REPLAY_FROM`` steps of a batch size); True
            always replays them; False builds every step's graph with the engine and
            scores on floats (the way to step through what each step does).

    Warns:
        UserWarning: for set-ups that train badly without failing (see ``nn.advice``):
            predictions collapsed to one number (mse), a sigmoid output under
            binary_cross_entropy, probabilities under cross_entropy.  A run that
            diverged on mse targets far from 1 in size says so in its message.

    Returns:
        A ``History``.

    Raises:
        TypeError, ValueError: for bad arguments, before any training.
    """
    check_model(model, "fit")
    nin = getattr(model, "nin", None)
    table = check_matrix("X", X, width=nin)
    check_same_length("X", table, "y", y)
    epochs = check_positive_int("epochs", epochs)
    size = len(table) if batch_size is None else check_positive_int("batch_size", batch_size)
    seed = check_seed(seed)
    n_outputs = len(model.forward_floats(table[0]))
    loss_fn, targets = prepare_targets(loss, "y", y, n_outputs)
    val = check_validation(validation, loss, nin, n_outputs)
    if early_stopping is not None:
        early_stopping = check_positive_int("early_stopping", early_stopping)
        if val is None:
            raise ValueError(
                "early_stopping watches the validation loss: pass validation=(X_val, y_val)"
            )
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function step -> learning rate, got {schedule!r}")
    params = model.parameters()
    if lr is not None and optimizer is not None:
        raise ValueError(
            f"fit got both lr={lr!r} and an optimizer: lr is for the SGD fit makes when "
            "none is given; set the rate on your optimizer instead (nn.Adam(..., lr=...))"
        )
    opt = check_optimizer(optimizer, params, DEFAULT_LR if lr is None else lr)
    if compile is not None and not isinstance(compile, bool):
        raise TypeError(f"compile must be None, True or False, got {compile!r}")
    runner = StepRunner(
        model,
        params,
        loss_fn,
        loss if isinstance(loss, str) else None,
        n_outputs,
        check_non_negative("l2", l2),
        replay=compile,
        planned=planned_steps(len(table), size, epochs),
    )
    trainer = Trainer(
        model,
        params,
        opt,
        runner,
        # scored the way the steps run: replayed too when they are
        Scorer(model, loss_fn, replay=bool(runner.replayed_sizes)),
        schedule,
        rule=loss if isinstance(loss, str) and loss in CLASSIFICATION_LOSSES else None,
        threshold=output_threshold(model),
    )
    train = (table, targets)

    history, rng = History(), random.Random(seed)
    initial_loss, rows = trainer.initial_loss(train)
    advice.before_training(model, loss, rows)
    bar = ProgressBar(epochs) if progress else None
    last_good = best_state = trainer.weights()
    best_loss, start, limit = math.inf, time.perf_counter(), blow_up_limit(initial_loss)
    for epoch in range(1, epochs + 1):
        problem = trainer.run_epoch(table, targets, size, rng)
        if not problem:
            problem, scores = trainer.scores(train, val, limit)
        if problem:
            trainer.restore(last_good)
            opt.reset()  # its momentum comes from the steps that blew up
            history.diverged = True
            history.message = diverged_message(
                epoch, trainer.steps, problem, opt.lr
            ) + advice.scale_hint(loss, targets)
            break
        last_good = trainer.weights()
        trainer.record(history, scores, train, val)
        if bar is not None:
            bar.update(scores.train_loss)
        if early_stopping is None:
            continue
        if scores.val_loss < best_loss:
            best_loss, best_state, history.best_epoch = scores.val_loss, last_good, epoch
        elif epoch - (history.best_epoch or 0) >= early_stopping:
            history.stopped_early = True
            break
    if bar is not None:
        bar.close()
    history.seconds = time.perf_counter() - start
    runner.report(history)
    kept = ""
    if early_stopping is not None and history.best_epoch is not None:
        trainer.restore(best_state)
        kept = (
            f"kept the weights of epoch {history.best_epoch} "
            f"(best validation loss, {best_loss:.6g})"
        )
    conclude(history, kept, early_stopping, epochs)
    if history.train_loss and not history.diverged:
        advice.after_training(loss, targets, outputs_on_floats(model, table))
    return history
