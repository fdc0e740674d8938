"""The comparison log: where ``autograd.compile`` hears about ``if x > 0`` decisions.

``x > 0`` on Values compares their data and gives a plain bool, which is what a student
expects.  A recorded graph, though, is only valid for later inputs that take the same
decisions, so while ``compile`` records a function it asks every comparison of Values
to write itself down here (``with listening(log): ...``).  The rest of the time no one
listens and nothing is written.

The log belongs to the thread that records (a ``contextvars.ContextVar``, like grad
mode in ``autograd.grad_mode``): a comparison made meanwhile in another thread is not part
of the function being recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.numbers import Number
    from autograd.value import Value

Entry = tuple[str, "Value", "Value | float", bool]
"""One comparison: its symbol, its two sides and its result."""

_LOG: ContextVar[list[Entry] | None] = ContextVar("comparison_log", default=None)


@contextmanager
def listening(log: list[Entry] | None) -> Iterator[None]:
    """Inside the block, this thread's comparisons of Values are appended to log.

    ``None`` listens to nothing (a compiled function calling another while it records
    keeps the other's comparisons out of its own log).  The previous log is back after
    the block.
    """
    token = _LOG.set(log)
    try:
        yield
    finally:
        _LOG.reset(token)


def compared(symbol: str, a: Value, b: Value | Number, result: bool) -> bool:
    """Write one comparison down if compile is listening; return its result unchanged."""
    entries = _LOG.get()
    if entries is not None:
        # a number as a float (numpy's float32 too): compile writes it into its code
        entries.append((symbol, a, b if isinstance(b, type(a)) else float(b), result))
    return result
