"""Warnings for set-ups that train without an error but not well: what ``fit`` watches for.

Some mistakes raise nothing.  The loss goes down a little, ``fit`` says it finished,
and the model is useless.  ``fit`` looks for the common ones and says what to do with
a ``UserWarning`` (a warning, not an error: the set-up might be what you meant):

* **predictions collapsed to one number** (``mse``): after training, the model gives
  (nearly) the same output for every sample, so it has learned nothing about its
  inputs and its loss can be no better than the targets' variance;
* **targets far from 1** (``mse``), when training went badly on them: with targets in
  the hundreds the first gradients are in the hundreds too, so a learning rate that
  suits weights near 1 throws them far off and kills every relu at once, while a
  careful optimizer (Adam moves each weight about ``lr`` a step) takes thousands of
  steps to reach them.  Rescale them with ``nn.data.Standardizer``.  The hint comes
  with a collapse, with a model that still misses most of what the targets do, and in
  the message of a run that diverged; a run that goes well on them, such as a linear
  model finding the article's 5 and 30, hears nothing.
* **a double sigmoid** (``binary_cross_entropy``): the loss applies a sigmoid to the
  model's raw score itself; a sigmoid output layer squashes it twice, so the loss can
  never reach 0 and the gradients fade;
* **outputs that are already probabilities** (``cross_entropy``): the loss applies a
  softmax itself; outputs from a sigmoid or softmax go through it twice.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

TARGET_SCALE = (1e-2, 1e2)
"""Targets whose root mean square is outside this range draw the scale warning."""

COLLAPSED = 1e-3
"""Predictions whose spread is below this share of the targets' spread count as one number."""

POOR = 0.5
"""A model whose squared error is above this share of that of predicting the targets'
mean has learned little; with targets far from 1 in size, ``fit`` says why that may be."""

STANDARDIZE_HINT = (
    "rescale the targets (and the inputs) with nn.data.Standardizer: "
    "scaler = nn.data.Standardizer().fit(y); fit on scaler.transform(y); "
    "predictions back in the original units with scaler.inverse_transform(...)"
)


def _last_activation(model: object) -> str:
    names = getattr(model, "activations", None) or [getattr(model, "activation_name", "")]
    return str(names[-1]) if names else ""


def _spread(values: Sequence[float]) -> float:
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


def _numbers(targets: Sequence[Any]) -> list[float]:
    """The targets as one flat list of floats (rows of several targets flattened)."""
    return [float(v) for t in targets for v in (t if isinstance(t, list) else [t])]


def warn(message: str) -> None:
    """Say it as a UserWarning pointing at the line that called ``fit``."""
    # stacklevel: warn <- this module's check <- fit <- the user's line
    warnings.warn(message, UserWarning, stacklevel=4)


def scale_hint(loss: object, targets: Sequence[Any]) -> str:
    """A sentence naming Standardizer if ``mse`` targets are far from 1 in size, else ""."""
    if loss != "mse" or not targets:
        return ""
    numbers = _numbers(targets)
    size = math.sqrt(math.fsum(v * v for v in numbers) / len(numbers))
    low, high = TARGET_SCALE
    if low <= size <= high or size == 0.0:
        return ""
    return (
        f" The targets are far from 1 in size (root mean square {size:.3g}), which makes "
        f"training diverge or collapse: {STANDARDIZE_HINT}."
    )


def before_training(model: object, loss: object, rows: Sequence[Sequence[float]]) -> None:
    """Warn about a double sigmoid, or probabilities given to cross_entropy.

    Args:
        model: the model (its ``activations``, if it has them, are looked at).
        loss: the loss as given to ``fit`` (a name, or a function: nothing is said then).
        rows: the model's outputs on the training samples before training.
    """
    last = _last_activation(model)
    if loss == "binary_cross_entropy" and last == "sigmoid":
        warn(
            "fit: the model's last layer applies a sigmoid, and binary_cross_entropy applies "
            "one itself (it takes raw scores, logits): the output is squashed twice, so the "
            "loss cannot reach 0 and learning stalls. Build the model with "
            "output_activation=None (a linear output) and get probabilities with "
            "nn.predict_proba(model, X)"
        )
    elif loss == "cross_entropy" and (last == "sigmoid" or _probabilities(rows)):
        what = "applies a sigmoid" if last == "sigmoid" else "gives outputs that add up to 1"
        warn(
            f"fit: the model's last layer {what}, like probabilities, and cross_entropy "
            "applies a softmax itself (it takes raw scores, logits): the outputs are "
            "squashed twice and learning stalls. Give the loss the raw scores "
            "(output_activation=None) and get probabilities with nn.predict_proba(model, X)"
        )


def _unexplained(targets: list[list[float]], rows: Sequence[Sequence[float]]) -> float:
    """The model's squared error over that of predicting each output's mean (1 - R²)."""
    means = [math.fsum(column) / len(targets) for column in zip(*targets)]
    error = math.fsum((r - t) ** 2 for row, want in zip(rows, targets) for r, t in zip(row, want))
    baseline = math.fsum((t - m) ** 2 for want in targets for t, m in zip(want, means))
    return error / baseline if baseline > 0.0 else 0.0


def _probabilities(rows: Sequence[Sequence[float]]) -> bool:
    """True if every row is at least two numbers >= 0 adding up to 1: a softmax's output."""
    return bool(rows) and all(
        len(row) > 1 and min(row) >= 0.0 and abs(math.fsum(row) - 1.0) < 1e-9 for row in rows
    )


def after_training(loss: object, targets: Sequence[Any], rows: Sequence[Sequence[float]]) -> None:
    """Warn if a regression model ended up giving every sample (nearly) the same output.

    Args:
        loss: the loss as given to ``fit``.
        targets: the training targets, as the loss takes them.
        rows: the model's outputs on the training samples after training.
    """
    if loss != "mse" or len(rows) < 2:
        return
    wanted = [[float(v) for v in t] if isinstance(t, list) else [float(t)] for t in targets]
    columns = list(zip(*rows))
    collapsed = all(
        (spread := _spread([t[j] for t in wanted])) > 0.0
        and _spread(columns[j]) < COLLAPSED * spread
        for j in range(len(columns))
    )
    if not collapsed:
        hint = scale_hint(loss, targets)
        share = _unexplained(wanted, rows)
        if hint and share > POOR:
            warn(
                f"fit: the model still misses most of what the targets do: its squared "
                f"error is {share:.0%} of that of always predicting their mean." + hint
            )
        return
    means = ", ".join(f"{math.fsum(column) / len(rows):.4g}" for column in zip(*rows))
    hint = scale_hint(loss, targets) or (
        " Every relu may have died (a learning rate too large), or the inputs are far "
        f"from 1 in size: lower the learning rate, or {STANDARDIZE_HINT}."
    )
    warn(
        f"fit: the model predicts about the same number ({means}) for every sample: it has "
        "collapsed to a constant, learned nothing about its inputs, and its loss can be no "
        "better than the targets' variance." + hint
    )
