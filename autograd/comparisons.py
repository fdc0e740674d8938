"""The comparison log: where ``autograd.compile`` hears about ``if x > 0`` decisions.

``x > 0`` on Values compares their data and gives a plain bool, which is what a student
expects.  A recorded graph, though, is only valid for later inputs that take the same
decisions, so while ``compile`` records a function it asks every comparison of Values
to write itself down here.  The rest of the time ``entries`` is None and nothing is
written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.numbers import Number
    from autograd.value import Value


class _ComparisonLog:
    """``entries``: the comparisons made so far while compile records (else None)."""

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: list[tuple[str, Value, Value | float, bool]] | None = None


comparisons = _ComparisonLog()


def compared(symbol: str, a: Value, b: Value | Number, result: bool) -> bool:
    """Write one comparison down if compile is listening; return its result unchanged."""
    entries = comparisons.entries
    if entries is not None:
        # a number as a float (numpy's float32 too): compile writes it into its code
        entries.append((symbol, a, b if isinstance(b, type(a)) else float(b), result))
    return result
