"""History: what happened during a training run, epoch by epoch, and how it ended.

``fit`` (in ``nn.train``) fills a ``History`` in as it trains: after every epoch it
appends the training loss, the learning rate and, when there are such things, the
validation loss and the accuracies.  At the end ``conclude`` writes one sentence saying
how the run ended (finished, stopped early, or diverged), which is also the warning a
diverged run gives.  ``nn.plot.plot_history`` draws the curves.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field


@dataclass(repr=False)  # the fields stay; repr is the short summary below
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
        path: how the training steps were computed: ``"replay"`` (recorded once per
            batch size, then replayed; see ``nn.steps``) or ``"engine"`` (every step
            built its graph: ``fit(..., compile=False)`` or a loss function of your own).
        replayed_steps: optimizer steps answered by a replay.
        engine_steps: optimizer steps computed by the engine (with ``"replay"``: the
            recordings, one per batch size, and any step a recording did not fit).
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
    path: str = ""
    replayed_steps: int = 0
    engine_steps: int = 0

    @property
    def epochs(self) -> int:
        """How many epochs finished."""
        return len(self.train_loss)

    def __repr__(self) -> str:
        """A few lines, not every float: what a notebook shows for ``history``.

        The numbers per epoch are still in the fields (``history.train_loss`` ...).
        """
        if not self.train_loss:
            return "History(no epochs finished)"
        parts = [
            f"{self.epochs} epoch{'s' if self.epochs != 1 else ''}",
            f"training loss {self.train_loss[0]:.4g} -> {self.train_loss[-1]:.4g}",
        ]
        if self.val_loss:
            parts.append(f"validation loss {self.val_loss[-1]:.4g}")
        if self.val_accuracy:
            parts.append(f"validation accuracy {self.val_accuracy[-1]:.1%}")
        elif self.train_accuracy:
            parts.append(f"training accuracy {self.train_accuracy[-1]:.1%}")
        if self.diverged:
            parts.append("DIVERGED")
        if self.stopped_early:
            parts.append(f"stopped early, kept epoch {self.best_epoch}")
        ending = f"\n  {self.message}" if self.message else ""
        return f"History({', '.join(parts)}){ending}"


def conclude(history: History, kept: str, patience: int | None, epochs: int) -> None:
    """Write ``history.message``, the sentence saying how training ended.

    A diverged run already has its message (what blew up, and when); ``kept`` is added
    to it and the whole is given as a ``RuntimeWarning`` to the code that called ``fit``,
    so it is seen even by someone who never reads the History.

    Args:
        history: the finished run.
        kept: which weights were kept, when early stopping chose them ("" otherwise).
        patience: the early-stopping patience, or None.
        epochs: the number of epochs asked for.
    """
    if history.diverged:
        history.message += f" Then {kept}." if kept else ""
        # stacklevel 3: the warning points at the line that called fit, not at fit.
        warnings.warn(history.message, RuntimeWarning, stacklevel=3)
    elif history.stopped_early:
        history.message = (
            f"stopped early after epoch {history.epochs}: the validation loss had not "
            f"improved for {patience} epochs; {kept}"
        )
    else:
        history.message = f"finished {epochs} epochs: training loss {history.train_loss[-1]:.6g}"
        history.message += f"; {kept}" if kept else ""
