"""From scores to probabilities and classes: ``softmax``, ``predict_proba``, ``predict_classes``.

A classifier's outputs are scores (logits): any real numbers, larger meaning "more
likely".  Turning them into probabilities is one function:

* one output (two classes, trained with ``binary_cross_entropy``): the sigmoid,
  ``p = 1 / (1 + e^-z)``, the probability of class 1;
* several outputs (k classes, trained with ``cross_entropy``): the softmax,
  ``p_i = e^(z_i) / sum_j e^(z_j)``: k probabilities that add up to 1.

The softmax is computed as ``e^(z_i - m) / sum_j e^(z_j - m)`` with m the largest score:
the same numbers (the e^-m cancels), but exp never sees a positive number, so scores
of 1000 do not overflow.  ``softmax`` works on plain floats and on Values (then it
records a graph, so it can be differentiated).  ``predict_proba`` and
``predict_classes`` run the model on plain floats (no graph), like ``nn.predict``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, overload

from autograd import Value, ops
from autograd import sum as value_sum
from nn.checks import check_matrix
from nn.metrics import Model, output_threshold, outputs_on_floats
from nn.scalars import is_real, plain

__all__ = ["predict_classes", "predict_proba", "softmax"]


@overload
def softmax(scores: Sequence[float]) -> list[float]: ...
@overload
def softmax(scores: Sequence[Value]) -> list[Value]: ...
def softmax(scores: Sequence[Value | float]) -> list[float] | list[Value]:
    """Probabilities from scores: ``e^(z_i) / sum_j e^(z_j)``, computed without overflow.

    Args:
        scores: one or more finite numbers, or Values (a mix is fine: numbers become
            constants).  A numpy array works too.

    Returns:
        One probability per score, adding up to 1: floats for floats, Values (with
        their graph, so ``backward`` goes through them) as soon as one score is a Value.

    Raises:
        TypeError: for anything that is not a list of numbers or Values.
        ValueError: for an empty list, or a NaN or infinite score.

    Example:
        >>> softmax([1000.0, 1000.0])
        [0.5, 0.5]
    """
    scores = plain(scores)  # type: ignore[assignment]  # a numpy array: its list
    if isinstance(scores, str | bytes) or not isinstance(scores, Sequence):
        raise TypeError(
            f"softmax needs a list of scores (numbers or Values), got "
            f"{type(scores).__name__}: {scores!r:.60}"
        )
    if not scores:
        raise ValueError("softmax needs at least one score, got an empty list")
    numbers = [_score(i, z) for i, z in enumerate(scores)]
    m = max(numbers)  # a constant: subtracting it changes no probability
    if not any(isinstance(z, Value) for z in scores):
        exps = [math.exp(z - m) for z in numbers]
        total = math.fsum(exps)
        return [e / total for e in exps]
    values = [(z if isinstance(z, Value) else Value(z)) - m for z in scores]
    exps_v = [v.exp() for v in values]
    total_v = value_sum(exps_v)
    return [e / total_v for e in exps_v]


def _score(i: int, z: object) -> float:
    number = z.data if isinstance(z, Value) else z
    if not is_real(number):  # an int, a float or a numpy scalar
        raise TypeError(
            f"softmax score {i} must be a number or a Value, got {type(z).__name__}: {z!r}"
        )
    if not math.isfinite(number):
        raise ValueError(f"softmax score {i} must be a finite number, got {number!r}")
    return float(number)


def predict_proba(model: Model, X: Sequence[Sequence[float]]) -> list[Any]:
    """Each sample's class probabilities, from the model's scores (no graph is built).

    * one output: the probability of class 1, ``sigmoid(score)`` (the output itself if
      the model's last layer already applies a sigmoid);
    * several outputs: the softmax of the scores, a list per sample that adds up to 1.

    Args:
        model: a classifier (an ``nn.MLP``; anything with ``forward_floats``).
        X: the samples.

    Returns:
        One float per sample for one output, else one list of floats per sample.

    Raises:
        TypeError, ValueError: for empty or non-numeric samples.
    """
    rows = outputs_on_floats(model, check_matrix("X", X, width=getattr(model, "nin", None)))
    if len(rows[0]) > 1:
        return [softmax(row) for row in rows]
    if output_threshold(model) == 0.5:  # a sigmoid output layer: already probabilities
        return [row[0] for row in rows]
    return [ops.SIGMOID.forward(row[0]) for row in rows]


def predict_classes(model: Model, X: Sequence[Sequence[float]]) -> list[int]:
    """Each sample's predicted class: 0/1 (probability over 0.5) or the largest of k.

    Args:
        model: a classifier (see ``predict_proba``).
        X: the samples.

    Returns:
        One int per sample: 0 or 1 for one output, 0 .. k-1 for k outputs.

    Raises:
        TypeError, ValueError: for empty or non-numeric samples.
    """
    rows = outputs_on_floats(model, check_matrix("X", X, width=getattr(model, "nin", None)))
    if len(rows[0]) > 1:  # the largest score has the largest softmax probability
        return [max(range(len(row)), key=row.__getitem__) for row in rows]
    # sigmoid(score) > 0.5 exactly when score > 0 (or, after a sigmoid layer, output > 0.5):
    # compared on the score, as fit's accuracy does, so the two always agree.
    threshold = output_threshold(model)
    return [int(row[0] > threshold) for row in rows]
