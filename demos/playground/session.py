"""One learner's playground: data, model and optimizer, trained by a background thread.

The page only draws; all the learning happens here, with nn.  A ``Session`` holds a
set-up (``Settings``), the points it made, an ``nn.MLP`` and an ``nn.SGD``.  ``play``
starts a thread that takes one mini-batch step at a time, each under the session's lock,
and checks between steps whether it should stop, so ``pause`` takes effect after at
most one step.  Readers (the page's polls) copy what they need under the same lock and
do the slow work (heatmaps, the stepper's graph) on that copy, outside it.

Classification trains with ``nn.binary_cross_entropy`` on the output's raw score (the
page shows sigmoid(score), the probability of class 1); regression with ``nn.mse``.
"""

from __future__ import annotations

import copy
import math
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import data
from settings import LIVE, Settings, number, updated, whole_number

import nn
from autograd import Value
from nn.metrics import loss_on_floats, outputs_on_floats

HISTORY_LIMIT = 1000
"""Loss curves keep at most this many points: past it, every other point is dropped."""


def loss_function(settings: Settings) -> Callable[..., Value]:
    """The loss training minimizes: mse for regression, else binary cross-entropy."""
    chosen: Callable[..., Value] = nn.mse if settings.regression else nn.binary_cross_entropy
    return chosen


def penalty(settings: Settings, params: list[Value]) -> Value | float:
    """The regularization term: rate * l1 or l2 of every parameter (0 for none)."""
    if settings.regularization == "none" or settings.regularization_rate == 0.0:
        return 0.0
    term = nn.l1(params) if settings.regularization == "l1" else nn.l2(params)
    return settings.regularization_rate * term


def data_loss(settings: Settings, model: nn.MLP, X: list[list[float]], y: list[float]) -> float:
    """The mean loss of ``loss_function(settings)`` over a data set, without a graph.

    nn's own loss on the model's float outputs (``nn.metrics``, as ``fit`` scores its
    epochs), so the numbers shown are those of the loss that is trained.
    """
    return loss_on_floats(loss_function(settings), outputs_on_floats(model, X), y)


def _small(v: float) -> bool:
    return abs(v) <= 100


class Session:
    """A set-up being trained: see the module's docstring."""

    def __init__(self, settings: Settings) -> None:
        self.lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._playing = False
        self.data_version = 0
        self.version = 0  # changes whenever a weight does (the page's heatmaps are cached)
        self._cache: dict[str, tuple[int, Any]] = {}
        self.settings = settings
        self._build()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        """New data, a fresh model (weights from the seed) and optimizer; epoch 0."""
        s = self.settings
        X_train, X_test, self.y_train, self.y_test = data.split(s)
        self.points_train, self.points_test = X_train, X_test
        self.X_train = [data.features(p, s.features) for p in X_train]
        self.X_test = [data.features(p, s.features) for p in X_test]
        self.model = nn.MLP(len(s.features), [*s.hidden, 1], activation=s.activation, seed=s.seed)
        self.params = self.model.parameters()
        self.optimizer = nn.SGD(self.params, lr=s.learning_rate)
        self.loss_fn = loss_function(s)
        self.epoch = 0
        self.rng = random.Random(s.seed)
        self._batches: list[tuple[list[list[float]], list[float]]] = []
        self.message = ""
        self.data_version += 1
        self.version += 1
        self.train_loss, self.test_loss = self._losses()
        self.history: list[list[float]] = [[0, self.train_loss, self.test_loss]]
        self._good = [p.data for p in self.params]

    def change(self, changes: object) -> None:
        """Apply settings from the page; a change other than LIVE ones starts over.

        Raises:
            BadInput: for any field that is unknown or not allowed.
        """
        new = updated(self.settings, changes)
        old = self.settings
        restart = any(getattr(new, f) != getattr(old, f) for f in new.as_json() if f not in LIVE)
        if restart:
            self.pause()  # before taking the lock: the training thread may be waiting for it
        with self.lock:
            self.settings = new
            if restart:
                self._build()
            else:
                self.optimizer.lr = new.learning_rate

    def reset(self) -> None:
        """Back to the first weights (the seed's), epoch 0, same data."""
        self.pause()
        with self.lock:
            self._build()

    def regenerate(self) -> None:
        """New data and weights: the next seed."""
        self.change({"seed": (self.settings.seed + 1) % 2**31})

    # --- training ----------------------------------------------------------------------

    def _losses(self) -> tuple[float, float]:
        """Mean data loss (no regularization) on the training and test sets, on floats."""
        return (
            data_loss(self.settings, self.model, self.X_train, self.y_train),
            data_loss(self.settings, self.model, self.X_test, self.y_test),
        )

    def _train_step(self) -> None:
        """One mini-batch step; at the end of an epoch, the losses.  Call under the lock."""
        if not self._batches:
            size = self.settings.batch_size
            self._batches = list(nn.batches(self.X_train, self.y_train, size, self.rng))
            self._batches.reverse()  # popped from the end: first batch first
        xb, yb = self._batches.pop()
        objective = self.loss_fn([self.model(x) for x in xb], yb)
        objective = objective + penalty(self.settings, self.params)
        self.optimizer.zero_grad()
        objective.backward()
        self.optimizer.step()
        self.version += 1
        if not self._batches:
            self._end_epoch()

    def _end_epoch(self) -> None:
        self.epoch += 1
        train, test = self._losses()
        finite = all(math.isfinite(p.data) for p in self.params)
        if not (finite and math.isfinite(train) and math.isfinite(test)):
            for p, good in zip(self.params, self._good):
                p.data = good
            self.version += 1
            self._playing = False
            self.message = (
                f"training diverged in epoch {self.epoch}: the loss became {train:g}. "
                f"Paused and put back the weights of the epoch before; try a learning "
                f"rate below {self.settings.learning_rate:g}."
            )
            return
        self._good = [p.data for p in self.params]
        self.train_loss, self.test_loss = train, test
        self.history.append([self.epoch, train, test])
        if len(self.history) > HISTORY_LIMIT:
            self.history = self.history[::2]

    def step(self) -> None:
        """Train to the end of the current epoch (one epoch, when paused between two)."""
        self.pause()
        with self.lock, nn.train.collector_paused():
            self._train_step()
            while self._batches:
                self._train_step()

    def play(self) -> None:
        with self.lock:
            if self._playing:
                return
            self._playing = True
            self.message = ""
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def pause(self) -> None:
        """Stop training after the step under way (waits for it: a few milliseconds)."""
        self._playing = False
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5.0)
        self._thread = None

    @property
    def playing(self) -> bool:
        return self._playing

    def _run(self) -> None:
        while self._playing:
            with self.lock:
                if not self._playing:
                    break
                with nn.train.collector_paused():
                    self._train_step()
            time.sleep(0)  # let a waiting request take the lock

    def run_epochs(self, epochs: int) -> float:
        """Train ``epochs`` epochs in this thread; returns the seconds it took (benchmarks)."""
        start = time.perf_counter()
        target = self.epoch + epochs
        with self.lock, nn.train.collector_paused():
            while self.epoch < target:
                self._train_step()
        return time.perf_counter() - start

    # --- editing and reading -----------------------------------------------------------

    def neuron(self, layer: object, neuron: object) -> nn.Neuron:
        """The neuron at (layer, neuron) of the model, both indices checked."""
        layers = self.model.layers
        i = whole_number("layer", layer, 0, len(layers) - 1)
        return layers[i].neurons[whole_number("neuron", neuron, 0, len(layers[i].neurons) - 1)]

    def parameter(self, request: dict[str, Any]) -> Value:
        """The weight or bias a request names: layer, neuron and input (a number or "bias")."""
        unit = self.neuron(request.get("layer"), request.get("neuron"))
        which = request.get("input")
        if which == "bias":
            return unit.b
        return unit.w[whole_number("input", which, 0, unit.nin - 1, ', or "bias"')]

    def set_weight(self, request: dict[str, Any]) -> float:
        """Set the weight a request names to its ``value`` (a number in [-100, 100])."""
        value = number("value", request.get("value"), "a number in [-100, 100]", _small)
        with self.lock:
            self.parameter(request).data = value
            self.version += 1
            self._good = [p.data for p in self.params]
            self.train_loss, self.test_loss = self._losses()
            if self.history:
                self.history[-1] = [self.epoch, self.train_loss, self.test_loss]
            return value

    def snapshot(self) -> Session:
        """A copy of this session's model and data for slow readers (no thread, own lock)."""
        with self.lock:
            twin = copy.copy(self)
            twin.model = copy.deepcopy(self.model)
        twin.params = twin.model.parameters()
        twin.lock = threading.RLock()
        twin._thread, twin._playing = None, False
        return twin

    def cached(self, name: str, version: int, make: Callable[[], Any]) -> Any:
        """``make()``, unless it was made already for this version of the weights."""
        kept = self._cache.get(name)
        if kept is not None and kept[0] == version:
            return kept[1]
        value = make()
        self._cache[name] = (version, value)
        return value

    def close(self) -> None:
        self.pause()
