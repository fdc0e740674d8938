"""Which Values are a model's parameters: a mark that pictures can read.

To the engine every leaf is alike: a weight, an input and a hand-made ``Value(2.0)`` are
all Values with no parents.  Only the code that made a leaf knows it is a parameter
(a number training will change).  ``nn`` says so with :func:`mark_parameters` when it
makes a neuron's weights and bias, and ``draw_graph`` asks :func:`is_parameter` to
colour them, so a picture never has to guess a role from a label's name.

The marks are kept in a ``weakref.WeakSet``: marking a Value does not keep it alive,
and a model's parameters leave the set when the model is freed.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from autograd.value import Value

_parameters: weakref.WeakSet[Value] = weakref.WeakSet()


def mark_parameters(values: Iterable[Value]) -> None:
    """Mark Values as a model's parameters (``nn`` does this for every weight and bias).

    Raises:
        TypeError: for anything that is not a Value.
    """
    for v in values:
        if not isinstance(v, Value):
            raise TypeError(f"mark_parameters takes Values, got {type(v).__name__}: {v!r:.60}")
        _parameters.add(v)


def is_parameter(value: Value) -> bool:
    """True if ``value`` was marked by :func:`mark_parameters` (a model's weight or bias)."""
    return value in _parameters
