"""What counts as a number, a whole number and a list of them, everywhere in ``nn``.

Python's ``int`` and ``float`` of course, and also numpy's scalars (``np.float32(0.5)``,
``np.int64(3)``: a label read from an array is one) and numpy arrays, which a learner
often has at hand, without ``nn`` importing numpy.  The standard library's protocols
say what a value is: ``numbers.Real`` for a number (numpy registers its scalars
there), ``operator.index`` for a whole number (what list indexing accepts), and an
array's own ``.tolist()`` turns it into plain lists of plain numbers.  ``bool`` is
refused everywhere: ``True`` as a layer size or a feature is a slip, not a 1.
"""

from __future__ import annotations

import numbers
import operator
from collections.abc import Sequence
from typing import TypeGuard


def is_real(value: object) -> TypeGuard[float]:
    """True for an int, a float or a numpy scalar number (bools excluded; NaN included)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def whole_number(value: object) -> int | None:
    """value as an int if it is a whole-number type (int, ``np.int64`` ...), else None.

    A float is not a whole-number type, even ``3.0``: a size of ``3.0`` is refused, as
    Python's ``range(3.0)`` is.
    """
    if isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b":
        return None  # a bool, or a numpy bool (which older numpy lets operator.index take)
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        return None


def plain(value: object) -> object:
    """A numpy array as nested lists of plain numbers (its ``.tolist()``); anything else as is.

    A list stays the same object, so nothing is copied for plain input.
    """
    if isinstance(value, Sequence | str | bytes) or not hasattr(value, "__len__"):
        return value
    tolist = getattr(value, "tolist", None)
    return tolist() if callable(tolist) else value
