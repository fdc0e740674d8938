"""One training run's moving parts: the steps of an epoch, and the scores after it.

``fit`` (``nn.train``) checks its arguments, then hands the work to a ``Trainer``: the
model, its parameters, the optimizer, how each step's gradients are computed
(``nn.steps.StepRunner``) and how the model is scored after every epoch
(``nn.scoring.Scorer``).  ``fit`` keeps the decisions: when to stop, which weights to
keep, what to write into ``History``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograd import Value
from nn.checks import Matrix
from nn.collector import collector_paused
from nn.data import batches
from nn.divergence import loss_problem, numeric_failure
from nn.history import History
from nn.metrics import Model, share_right
from nn.optim import Optimizer
from nn.scoring import Scorer
from nn.steps import StepRunner

Set = tuple[Matrix, list[Any]]
"""Samples and their targets (in the form the loss takes)."""


@dataclass
class EpochScores:
    """The losses and outputs on the training and validation sets after an epoch."""

    train_loss: float
    rows: list[list[float]]
    val_loss: float = 0.0
    val_rows: list[list[float]] | None = None


@dataclass
class Trainer:
    """The model, its optimizer and how steps and scores are computed; steps taken.

    Attributes:
        model: the model being trained.
        params: its parameters, in the optimizer's order.
        optimizer: moves the parameters after each step.
        runner: computes each step's objective and gradients.
        scorer: computes the losses and outputs after each epoch.
        schedule: the learning rate for each step, or None to keep the optimizer's.
        rule: the classification loss whose rule gives accuracies (None: no accuracy).
        threshold: where a one-output model's answer switches class.
        steps: optimizer steps taken so far.
    """

    model: Model
    params: list[Value]
    optimizer: Optimizer
    runner: StepRunner
    scorer: Scorer
    schedule: Callable[[int], float] | None
    rule: str | None
    threshold: float
    steps: int = 0

    def run_epoch(self, X: Matrix, targets: list[Any], size: int, rng: random.Random) -> str:
        """One shuffled pass of optimizer steps; says what went wrong ("" if nothing).

        Each step runs with the cycle collector paused (``nn.collector``).
        """
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
            return numeric_failure(exc)
        # A NaN weight in a neuron nobody reads (or an inf that a loss clips) could hide
        # behind a finite loss: look at every weight.
        if not all(math.isfinite(p.data) for p in self.params):
            return "a weight became NaN or infinite"
        return ""

    def initial_loss(self, train: Set) -> tuple[float, list[list[float]]]:
        """The loss and outputs before any step, to judge later losses against.

        Args:
            train: the training set.

        Returns:
            ``(loss, outputs)``; ``(inf, [])`` when the engine overflowed computing
            them (no blow-up check then).

        Raises:
            ArithmeticError: raised by the user's own code (a custom loss).
        """
        try:
            return self.scorer.score("train", *train)
        except ArithmeticError as exc:
            numeric_failure(exc)  # raised by the user's own code: not ours to judge
            return math.inf, []

    def scores(self, train: Set, val: Set | None, limit: float) -> tuple[str, EpochScores]:
        """The epoch's scores, and what is wrong with them ("" if nothing).

        Args:
            train: the training set.
            val: the validation set, if any.
            limit: the training loss above which the run counts as diverged.
        """
        scores = EpochScores(0.0, [])
        try:
            scores.train_loss, scores.rows = self.scorer.score("train", *train)
            if val is not None:
                scores.val_loss, scores.val_rows = self.scorer.score("validation", *val)
        except ArithmeticError as exc:
            return numeric_failure(exc), scores
        return loss_problem(scores.train_loss, scores.val_loss, limit), scores

    def record(self, history: History, scores: EpochScores, train: Set, val: Set | None) -> None:
        """Append the epoch's losses, accuracies and learning rate to history."""
        history.train_loss.append(scores.train_loss)
        history.lr.append(self.optimizer.lr)
        if self.rule is not None:
            history.train_accuracy.append(self.accuracy(scores.rows, train))
        if val is None or scores.val_rows is None:
            return
        history.val_loss.append(scores.val_loss)
        if self.rule is not None:
            history.val_accuracy.append(self.accuracy(scores.val_rows, val))

    def accuracy(self, rows: list[list[float]], labelled: Set) -> float:
        """The share of samples whose outputs give their label."""
        return share_right(self.rule or "", rows, labelled[1], self.threshold)

    def weights(self) -> list[float]:
        """The parameters' numbers now, to put back later with ``restore``."""
        return [p.data for p in self.params]

    def restore(self, numbers: list[float]) -> None:
        """Put back the parameters' numbers that ``weights`` gave."""
        for p, number in zip(self.params, numbers):
            p.data = number
