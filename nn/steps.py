"""One training step's loss and gradients: built by the engine, or replayed from a recording.

A training step builds the same graph on every batch: the model on each sample, the
loss, the l2 penalty.  Only the numbers change.  So ``fit`` records the step once per
batch size with ``autograd.compile`` (the engine runs it, and the graph is written down
as Python) and replays the recording on every later batch of that size, making no
Value objects at all.  The last, smaller batch of an epoch gets a recording of its own.

What a replay needs: the batch's samples AND its targets as inputs of the recording,
so one recording serves every batch.  That is why a recorded step uses the losses of
``nn.losses.LOSSES_ON_ROWS``, which take the targets as rows of numbers (a one-hot row
for cross_entropy's class), and give the same numbers as the losses users call.

A recording costs as much as many steps on the engine (mostly Python compiling the
written-down step; recording the same model shape and batch size again skips that),
so by default ``fit`` records a batch size only when the run will take at least
``REPLAY_FROM`` steps of it; shorter runs stay on the engine.

When a recording does not fit a batch (the model compares Values, ``if x > 0``, and
one comparison comes out differently), the step runs on the engine instead:
``autograd.compile`` checks every comparison it saw while recording.  ``fit`` says so
once, with a warning, and ``History`` counts the steps each way.  A loss function of
your own is run on the engine: its targets are not known to be numbers a recording
could take.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

from autograd import CompiledFunction, Value, compile, topological_order
from nn import losses as _losses
from nn import penalties as _penalties
from nn import targets as _targets
from nn.history import History
from nn.losses import LossFn
from nn.metrics import Model

REPLAY_FROM = 120
"""Fewest planned steps of one batch size for which ``fit`` (compile=None) records it."""


class StepRunner:
    """Computes a batch's objective (loss + l2 penalty) and the parameters' gradients.

    Args:
        model: the model being trained.
        params: its parameters (their ``.grad`` receives the gradients).
        loss_fn: the loss function (used on the engine).
        loss_name: the loss's name when it is a built-in one (None: a custom loss, so
            every step runs on the engine).
        n_outputs: the model's outputs per sample.
        l2: the weight of the l2 penalty (0: none).
        replay: False runs every step on the engine (``fit(..., compile=False)``);
            True replays every batch size; None replays those the run will take at
            least ``REPLAY_FROM`` steps of.
        planned: how many steps of each batch size the run will take, at most.
    """

    def __init__(
        self,
        model: Model,
        params: list[Value],
        loss_fn: LossFn,
        loss_name: str | None,
        n_outputs: int,
        l2: float,
        replay: bool | None,
        planned: dict[int, int],
    ) -> None:
        self.model, self.params, self.loss_fn, self.l2 = model, params, loss_fn, l2
        self.loss_name, self.n_outputs = loss_name, n_outputs
        self.replay_asked = replay is True
        replayable = replay is not False and loss_name in _losses.LOSSES_ON_ROWS
        self.replayed_sizes = {
            size
            for size, steps in planned.items()
            if replayable and (replay or steps >= REPLAY_FROM)
        }
        self.recordings: dict[int, CompiledFunction] = {}  # one per batch size
        self.engine_steps = 0  # steps run on the engine without any recording
        self.first_fallback = ""  # why a step first ran on the engine, if one did

    @property
    def path(self) -> str:
        """``"replay"`` if some batch size was recorded and replayed, else ``"engine"``."""
        return "replay" if self.recordings else "engine"

    @property
    def replayed_steps(self) -> int:
        """Steps answered by a recording's replay."""
        return sum(step.replays for step in self.recordings.values())

    @property
    def steps_on_engine(self) -> int:
        """Recordings and fallbacks (each a step run on the engine), and engine-only steps."""
        return self.engine_steps + sum(1 + s.fallbacks for s in self.recordings.values())

    def report(self, history: History) -> None:
        """Write which way the steps ran into history, and warn once about fallbacks."""
        history.path = self.path
        history.replayed_steps = self.replayed_steps
        history.engine_steps = self.steps_on_engine
        if self.first_fallback:
            total = history.replayed_steps + history.engine_steps
            warnings.warn(
                f"nn.fit: {history.engine_steps} of {total} steps ran on the engine instead "
                "of a recording (one per batch size is the recording itself); the first "
                f"reason: {self.first_fallback}",
                RuntimeWarning,
                stacklevel=3,  # the line that called fit
            )

    def objective(self, xb: list[list[float]], yb: list[Any]) -> float:
        """One step's objective (loss + l2 penalty); its gradients go to ``.grad``.

        The batch's size decides the way: replayed from that size's recording (made on
        its first batch), or built on the engine.  The gradients are added to the
        parameters' ``.grad``, so call ``zero_grad`` on the optimizer first; they are
        not computed when the objective is not finite (a diverging run, about to stop).

        Args:
            xb: the batch's samples.
            yb: their targets, in the form the loss takes.

        Returns:
            The objective's value.
        """
        if len(xb) not in self.replayed_sizes:
            self.engine_steps += 1
            objective = self._on_engine(xb, yb)
            if math.isfinite(objective.data):
                objective.backward()
            return objective.data
        step = self.recordings.get(len(xb))
        if step is None:
            step = self.recordings[len(xb)] = compile(self._step_to_record(), arg_grads=False)
        rows = _targets.target_rows(self.loss_name or "", yb, self.n_outputs)
        # The batch goes in as two flat lists of floats, the quickest arguments for
        # compile to take apart; the recorded step cuts them back into rows.
        samples = [v for x in xb for v in x]
        targets = [t for row in rows for t in row]
        # compile warns on every step that falls back; fit says it once (first_fallback).
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value, _ = step(samples, targets, len(xb))
        if caught and "cannot record" in str(caught[0].message):
            # Refused outright (a graph too big to write down): this batch size runs on
            # the engine from now on, with a warning only if replaying was asked for.
            del self.recordings[len(xb)]
            self.replayed_sizes.discard(len(xb))
            self.engine_steps += 1
            if self.replay_asked and not self.first_fallback:
                self.first_fallback = str(caught[0].message)
        elif caught and not self.first_fallback:
            self.first_fallback = str(caught[0].message)
        return value

    def _on_engine(self, xb: list[list[float]], yb: list[Any]) -> Value:
        objective = self.loss_fn([self.model(x) for x in xb], yb)
        if self.engine_steps == 1:  # the first step on the engine: a loss that trains
            check_objective(objective, self.params)
        if self.l2:
            objective = objective + self.l2 * _penalties.l2(self.params)
        return objective

    def _step_to_record(self) -> Callable[[list[Value], list[Value], int], Value]:
        """The step as autograd.compile records it: n samples and their targets as Values.

        A function of its own that closes over only what a step reads (the model, its
        parameters, the loss, l2), not over this runner: compile watches what a
        recorded function reads for changes, and the runner's bookkeeping changes on
        every step.
        """
        model, l2 = self.model, self.l2
        # Without l2 the step does not read the parameters' list, so compile has one
        # list less to look over on every call.
        params = self.params if l2 else []
        loss_on_rows = _losses.LOSSES_ON_ROWS[self.loss_name or ""]

        def recorded_step(samples: list[Value], targets: list[Value], n: int) -> Value:
            xb: list[Any] = _cut(samples, n)  # rows of Values, where a model takes numbers
            objective = loss_on_rows([model(x) for x in xb], _cut(targets, n))
            if l2:
                objective = objective + l2 * _penalties.l2(params)
            return objective

        return recorded_step


def planned_steps(n: int, size: int, epochs: int) -> dict[int, int]:
    """How many steps of each batch size ``epochs`` passes over n samples take."""
    planned = {min(size, n): epochs * (n // size) if size <= n else epochs}
    if size < n and n % size:
        planned[n % size] = epochs
    return planned


def _cut(flat: list[Value], n: int) -> list[list[Value]]:
    """flat cut into n rows of equal length."""
    width = len(flat) // n
    return [flat[i : i + width] for i in range(0, len(flat), width)]


def check_objective(objective: object, params: list[Value]) -> None:
    """Refuse a loss that does not depend on the parameters: training would do nothing.

    Checked on the first step.  A custom loss built from ``.data`` (or from
    ``Value(...)`` of a number) gives a Value with no graph back to the model, so
    ``backward()`` leaves every gradient at 0 and the weights never move.
    """
    if not isinstance(objective, Value):
        raise TypeError(
            f"the loss function must return a Value (the mean loss of the batch), got "
            f"{type(objective).__name__}: {objective!r:.60}"
        )
    known = set(params)
    if not any(v in known for v in topological_order(objective)):
        raise ValueError(
            "the loss function returned a Value that does not depend on any of the "
            "model's parameters, so training would change nothing: build the loss from "
            "the predictions it is given with Value operations (p - t, (p - t) ** 2, "
            "autograd.sum ...), not from their .data or new Value(...)s"
        )
