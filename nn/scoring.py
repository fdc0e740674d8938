"""How ``fit`` scores the model after every epoch: outputs and loss on a set, replayed.

After each epoch ``fit`` runs the model on every training (and validation) sample and
records the mean loss and the accuracy in ``History``.  On the engine path
(``fit(..., compile=False)``) that is ``nn.metrics``: ``outputs_on_floats`` and
``loss_on_floats``.  When ``fit`` replays its training steps, scoring would then cost
about as much as training, so a ``Scorer`` records the model's forward pass and the
loss on each set once (``nn.forward_code``) and replays them on the new weights.

Each recording is checked before it is used: on its first set it must give exactly the
numbers of ``outputs_on_floats`` and ``loss_on_floats``, so ``History`` is the same
either way.  A recording that cannot be made (a model that compares Values) or that
gives other numbers is not used: scoring runs on floats as on the engine path.  When
the model's Values are replaced during the run (``layer.w[0] = Value(...)``: the
watch is ``autograd.compile``'s own), the forward pass is recorded and checked again.
A replay that raises (an overflow) gives way to the floats path, which raises the
engine's own error.
"""

from __future__ import annotations

from typing import Any

from autograd.captured import Captured
from nn.checks import Matrix
from nn.forward_code import CannotRecord, RecordedForward, RecordedLoss, Rows
from nn.losses import LossFn
from nn.metrics import Model, loss_on_floats, outputs_on_floats


class Scorer:
    """The loss and outputs of the model on a set, as ``fit`` records them per epoch.

    Args:
        model: the model being trained.
        loss_fn: the loss (without l2, as ``History`` records it).
        replay: record and replay the forward pass and the loss (``fit`` does when it
            replays its training steps); False always scores on floats.

    Attributes:
        forward: the recorded forward pass in use, if any.
        watch: where the model found its Values when ``forward`` was recorded.
        losses: the recorded loss of each set scored (None: not recorded).
        why_not: why the forward pass is not replayed, once known ("" if it is).
    """

    def __init__(self, model: Model, loss_fn: LossFn, replay: bool) -> None:
        self.model, self.loss_fn, self.replay = model, loss_fn, replay
        self.forward: RecordedForward | None = None
        self.watch: Captured | None = None
        self.losses: dict[str, RecordedLoss | None] = {}
        self.why_not = "" if replay else "not asked to replay"

    def score(self, name: str, X: Matrix, targets: list[Any]) -> tuple[float, Rows]:
        """The mean loss on one set, and the model's outputs on it.

        Args:
            name: which set ("train", "validation"): each gets a recorded loss of its own.
            X: the set's samples.
            targets: their targets, in the form the loss takes.

        Returns:
            ``(mean loss, outputs)``: the numbers of ``loss_on_floats`` and
            ``outputs_on_floats``, bit for bit.
        """
        rows = self.outputs(X)
        return self.loss(name, rows, targets), rows

    def outputs(self, X: Matrix) -> Rows:
        """Each sample's outputs, as ``outputs_on_floats(model, X)`` gives them."""
        if self.why_not:
            return outputs_on_floats(self.model, X)
        if self.forward is None or self.watch is None or self.watch.changed():
            return self._record_forward(X)
        try:
            return self.forward(X)
        except Exception:  # forward_floats raises it again if it is real (an overflow)
            return outputs_on_floats(self.model, X)

    def loss(self, name: str, rows: Rows, targets: list[Any]) -> float:
        """The mean loss of these outputs of the set ``name``, as ``loss_on_floats``."""
        if not self.replay:
            return loss_on_floats(self.loss_fn, rows, targets)
        if name not in self.losses:
            return self._record_loss(name, rows, targets)
        recorded = self.losses[name]
        if recorded is not None:
            try:
                return recorded(rows)
            except Exception:  # loss_on_floats raises it again if it is real
                pass
        return loss_on_floats(self.loss_fn, rows, targets)

    def _record_forward(self, X: Matrix) -> Rows:
        """outputs_on_floats's rows; a recording that gives the same rows is kept."""
        rows = outputs_on_floats(self.model, X)
        self.forward = None
        try:
            forward = RecordedForward(self.model, X[0])
            same = forward(X) == rows
            watch = Captured(self.model.__call__)
        except CannotRecord as why:
            self.why_not = f"the model cannot be recorded: {why}"
        except Exception as error:  # the engine, the replay or the watch raised: floats
            self.why_not = f"recording the model raised {error!r}"
        else:
            if same:
                self.forward, self.watch = forward, watch
            else:
                self.why_not = "the recorded model did not give forward_floats's numbers"
        return rows

    def _record_loss(self, name: str, rows: Rows, targets: list[Any]) -> float:
        """loss_on_floats's number; a recording that gives the same number is kept."""
        loss = loss_on_floats(self.loss_fn, rows, targets)
        self.losses[name] = None
        try:
            recorded = RecordedLoss(self.loss_fn, rows, targets)
            same = recorded(rows) == loss
        except Exception:  # CannotRecord, or the recording raised: floats only
            return loss
        if same:
            self.losses[name] = recorded
        return loss
