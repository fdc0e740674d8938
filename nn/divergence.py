"""When training blows up: how ``fit`` notices, and what it tells the user.

A learning rate that is too large makes each step overshoot, and the loss grows until
it is infinite or NaN (not a number), or an operation overflows.  ``fit`` checks after
every epoch; when the numbers blew up it stops, puts back the weights of the last good
epoch and says so in a sentence that names the learning rate.  This file holds those
checks and that sentence.
"""

from __future__ import annotations

import math

BLOW_UP = 1e6
"""A training loss this many times the loss before training (or 1, if larger) counts as
diverged even while it is still a finite number: it would overflow a few epochs later."""

PACKAGES = ("autograd", "nn")
"""Where the numbers of a training run are computed: an ArithmeticError raised in these
packages' code means the numbers blew up; raised anywhere else, it is a bug to report."""


def blow_up_limit(initial_loss: float) -> float:
    """The training loss above which a run counts as diverged (see ``BLOW_UP``).

    Args:
        initial_loss: the loss before training (inf when it could not be computed:
            no limit then).

    Returns:
        ``BLOW_UP`` times the initial loss, or times 1 if the loss was smaller.
    """
    return BLOW_UP * max(initial_loss, 1.0)


def loss_problem(train_loss: float, val_loss: float, limit: float) -> str:
    """What is wrong with an epoch's losses, in words ("" if nothing).

    Args:
        train_loss: the loss on the training set after the epoch.
        val_loss: the loss on the validation set (0.0 without one).
        limit: the ``blow_up_limit`` of the run.

    Returns:
        "the loss became nan", "the loss grew to ...", ... or "".
    """
    if not math.isfinite(train_loss):
        return f"the loss became {train_loss}"
    if train_loss > limit:
        return (
            f"the loss grew to {train_loss:.3g}, over {BLOW_UP:.0e} times its value before training"
        )
    if not math.isfinite(val_loss):
        return f"the validation loss became {val_loss}"
    return ""


def numeric_failure(error: ArithmeticError) -> str:
    """What went wrong, if ``error`` is the engine's own numeric failure; else raise it.

    An overflow or a division by zero inside pigrad's code (an op, backward, a built-in
    loss) is what a too-large learning rate leads to: training diverged.  The same
    exception raised by the user's code (a custom loss dividing by zero) is a bug in
    that code, and turning it into "try a smaller learning rate" would hide it.  Where
    it was raised is the last frame of its traceback.

    Args:
        error: the OverflowError, ZeroDivisionError ... caught during training.

    Returns:
        The sentence for ``History.message``: "the engine raised OverflowError (...)".

    Raises:
        ArithmeticError: ``error`` itself, when it was raised outside ``PACKAGES``.
    """
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    module = "" if tb is None else str(tb.tb_frame.f_globals.get("__name__", ""))
    if module.partition(".")[0] not in PACKAGES:
        raise error
    return f"the engine raised {type(error).__name__} ({error})"


def diverged_message(epoch: int, steps: int, problem: str, lr: float) -> str:
    """The sentence a diverged run's ``History.message`` begins with.

    Args:
        epoch: the epoch (1-based) in which the problem showed.
        steps: optimizer steps taken by then.
        problem: what went wrong (``loss_problem`` or ``numeric_failure``).
        lr: the learning rate at the time.

    Returns:
        What happened, what ``fit`` did about it and what to try.
    """
    when = f"the end of epoch {epoch - 1}" if epoch > 1 else "before training"
    return (
        f"training diverged in epoch {epoch}, after {steps} optimizer steps: {problem}. "
        f"Stopped, restored the weights from {when} and reset the optimizer. The "
        f"learning rate was {lr:g}: try a smaller one."
    )
