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

import gc
import math
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from autograd import Value
from nn import advice
from nn.checks import (
    Matrix,
    check_matrix,
    check_model,
    check_non_negative,
    check_positive_int,
    check_same_length,
    check_seed,
)
from nn.data import batches
from nn.history import History, conclude
from nn.loss_choice import check_validation, prepare_targets
from nn.losses import LossFn
from nn.metrics import (
    Model,
    accuracy,
    evaluate,
    loss_on_floats,
    output_threshold,
    outputs_on_floats,
    predict,
    share_right,
)
from nn.optim import DEFAULT_LR, Optimizer, check_optimizer
from nn.progress import ProgressBar
from nn.steps import StepRunner, planned_steps
from nn.targets import CLASSIFICATION_LOSSES

__all__ = ["DEFAULT_LR", "History", "accuracy", "collector_paused", "evaluate", "fit", "predict"]


def __dir__() -> list[str]:
    # dir(nn.train) and a notebook's tab completion list the public names only, not the
    # helpers this module imports to do its work.
    return sorted(__all__)


BLOW_UP = 1e6
"""A training loss this many times the loss before training (or 1, if larger) counts as
diverged even while it is still a finite number: it would overflow a few epochs later."""


class _CollectorPause:
    """How many blocks of ``collector_paused`` are running, in all threads, and whether
    the collector was on before the first of them began."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.was_enabled = False


_pause = _CollectorPause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector inside the block, then put it back as it was.

    A training step makes thousands of Values, and every new object brings the cycle
    collector's next scan closer; the scans go over the whole young graph.  But pigrad
    graphs hold no reference cycles (a node points at its parents only), so reference
    counting frees a step's graph the moment it is dropped, and those scans find
    nothing: wasted time (measured: 15-20% of the benchmark's W1 step).  ``fit`` runs
    each optimizer step inside this block.  The collector's previous state is
    restored even when the block raises, and any cycle made meanwhile (by user code)
    is still collected, at the collector's first run after the block.

    The collector is one for the whole process, so blocks in several threads (two
    ``fit`` at once) are counted: the first to begin pauses it, the last to end puts
    it back.

    (``gc.freeze()`` would hide objects from the collector too, but for the rest of
    the program: not a choice a library should make for its user.)
    """
    with _pause.lock:
        if _pause.depth == 0:
            _pause.was_enabled = gc.isenabled()
            gc.disable()
        _pause.depth += 1
    try:
        yield
    finally:
        with _pause.lock:
            _pause.depth -= 1
            if _pause.depth == 0 and _pause.was_enabled:
                gc.enable()


# --- one run's moving parts ------------------------------------------------------------


def _snapshot(params: list[Value]) -> list[float]:
    return [p.data for p in params]


def _restore(params: list[Value], numbers: list[float]) -> None:
    for p, number in zip(params, numbers):
        p.data = number


@dataclass
class _Trainer:
    """The model, its optimizer and loss, and the number of optimizer steps taken."""

    model: Model
    params: list[Value]
    optimizer: Optimizer
    loss_fn: LossFn
    runner: StepRunner
    schedule: Callable[[int], float] | None
    steps: int = 0

    def run_epoch(self, X: Matrix, targets: list[Any], size: int, rng: random.Random) -> str:
        """One shuffled pass of optimizer steps; says what went wrong ("" if nothing)."""
        try:
            for xb, yb in batches(X, targets, size, rng):
                with collector_paused():
                    if self.schedule is not None:
                        self.optimizer.lr = self.schedule(self.steps)
                    self.optimizer.zero_grad()
                    objective = self.runner.objective(xb, yb)  # and the gradients
                    if not math.isfinite(objective):
                        return f"the loss became {objective}"
                    self.optimizer.step()
                    self.steps += 1
        except ArithmeticError as exc:  # OverflowError, ZeroDivisionError
            return _numeric_failure(exc)
        # A NaN weight in a neuron nobody reads (or an inf that a loss clips) could hide
        # behind a finite loss: look at every weight.
        if not all(math.isfinite(p.data) for p in self.params):
            return "a weight became NaN or infinite"
        return ""

    def score(self, X: Matrix, targets: list[Any]) -> tuple[float, list[list[float]]]:
        """The mean loss on (X, targets) and the outputs, on floats (no l2)."""
        rows = outputs_on_floats(self.model, X)
        return loss_on_floats(self.loss_fn, rows, targets), rows


# --- fit -------------------------------------------------------------------------------


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
    with one warning for the run.  ``History.path`` says which way the steps ran.

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
            always replays them; False builds every step's graph with the engine (the
            way to step through what each step does).

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
    trainer = _Trainer(model, params, opt, loss_fn, runner, schedule)
    rule = loss if isinstance(loss, str) and loss in CLASSIFICATION_LOSSES else None
    threshold = output_threshold(model)

    history, rng = History(), random.Random(seed)
    initial_loss, rows = _initial_loss(trainer, table, targets)
    advice.before_training(model, loss, rows)
    bar = ProgressBar(epochs) if progress else None
    last_good = best_state = _snapshot(params)
    best_loss, start = math.inf, time.perf_counter()
    blow_up = BLOW_UP * max(initial_loss, 1.0)
    for epoch in range(1, epochs + 1):
        problem = trainer.run_epoch(table, targets, size, rng)
        try:
            if not problem:
                train_loss, rows = trainer.score(table, targets)
                val_loss, val_rows = trainer.score(*val) if val else (0.0, [])
                if not math.isfinite(train_loss):
                    problem = f"the loss became {train_loss}"
                elif train_loss > blow_up:
                    problem = (
                        f"the loss grew to {train_loss:.3g}, over {BLOW_UP:.0e} times "
                        f"its value before training"
                    )
                elif not math.isfinite(val_loss):
                    problem = f"the validation loss became {val_loss}"
        except ArithmeticError as exc:
            problem = _numeric_failure(exc)
        if problem:
            _restore(params, last_good)
            opt.reset()  # its momentum comes from the steps that blew up
            when = f"the end of epoch {epoch - 1}" if epoch > 1 else "before training"
            history.diverged = True
            history.message = (
                f"training diverged in epoch {epoch}, after {trainer.steps} optimizer steps: "
                f"{problem}. "
                f"Stopped, restored the weights from {when} and reset the optimizer. The "
                f"learning rate was {opt.lr:g}: try a smaller one."
                + advice.scale_hint(loss, targets)
            )
            break
        last_good = _snapshot(params)
        history.train_loss.append(train_loss)
        history.lr.append(opt.lr)
        if rule is not None:
            history.train_accuracy.append(share_right(rule, rows, targets, threshold))
        if bar is not None:
            bar.update(train_loss)
        if val is None:
            continue
        history.val_loss.append(val_loss)
        if rule is not None:
            history.val_accuracy.append(share_right(rule, val_rows, val[1], threshold))
        if early_stopping is None:
            continue
        if val_loss < best_loss:
            best_loss, best_state, history.best_epoch = val_loss, last_good, epoch
        elif epoch - (history.best_epoch or 0) >= early_stopping:
            history.stopped_early = True
            break
    if bar is not None:
        bar.close()
    history.seconds = time.perf_counter() - start
    runner.report(history)
    kept = ""
    if early_stopping is not None and history.best_epoch is not None:
        _restore(params, best_state)
        kept = (
            f"kept the weights of epoch {history.best_epoch} "
            f"(best validation loss, {best_loss:.6g})"
        )
    conclude(history, kept, early_stopping, epochs)
    if history.train_loss and not history.diverged:
        advice.after_training(loss, targets, outputs_on_floats(model, table))
    return history


def _initial_loss(trainer: _Trainer, X: Matrix, targets: list[Any]) -> tuple[float, Matrix]:
    """The loss and outputs before any step (inf and no outputs when they cannot be
    computed: no blow-up check then)."""
    try:
        return trainer.score(X, targets)
    except ArithmeticError as exc:
        _numeric_failure(exc)  # raised by the user's own code: not ours to judge
        return math.inf, []


_PACKAGES = ("autograd", "nn")
"""Where the numbers of a training run are computed: an ArithmeticError raised in these
packages' code means the numbers blew up; raised anywhere else, it is a bug to report."""


def _numeric_failure(error: ArithmeticError) -> str:
    """What went wrong, if ``error`` is the engine's own numeric failure; else raise it.

    An overflow or a division by zero inside pigrad's code (an op, backward, a built-in
    loss) is what a too-large learning rate leads to: training diverged.  The same
    exception raised by the user's code (a custom loss dividing by zero) is a bug in
    that code, and turning it into "try a smaller learning rate" would hide it.  Where
    it was raised is the last frame of its traceback.
    """
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    module = "" if tb is None else str(tb.tb_frame.f_globals.get("__name__", ""))
    if module.partition(".")[0] not in _PACKAGES:
        raise error
    return f"the engine raised {type(error).__name__} ({error})"
