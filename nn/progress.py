"""A one-line progress bar for training, written with the standard library only.

While ``fit`` runs, the bar shows how many epochs are done, the latest loss and the
time spent, redrawn in place with a carriage return (``\\r``) on stderr::

    epoch  37/100 [###########-------------------]  loss 0.2143  2.1s

The loss is shown with 4 significant digits (``0.0027``, ``1.3e-05``).

Short runs stay silent: nothing is written until the run has lasted ``delay`` seconds,
so quick fits (and tests) print nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class ProgressBar:
    """Draw ``done/total``, a bar, the loss and the elapsed time on one line.

    Args:
        total: the number of epochs the run will do.
        stream: where to draw (``sys.stderr`` when None, looked up at creation).
        delay: seconds to wait before drawing anything (short runs stay silent).
        width: the bar's width in characters.
        clock: a function returning seconds (``time.perf_counter``; tests pass a fake).

    Example:
        >>> import io
        >>> out = io.StringIO()
        >>> bar = ProgressBar(4, stream=out, delay=0.0, width=4, clock=lambda: 0.0)
        >>> bar.update(2, loss=0.5)
        >>> out.getvalue()
        '\\repoch 2/4 [##--]  loss 0.5  0.0s'
    """

    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        delay: float = 0.5,
        width: int = 30,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.total = total
        self.stream = sys.stderr if stream is None else stream
        self.delay = delay
        self.width = width
        self.clock = clock
        self.start = clock()
        self.shown = False
        self._last_draw = -1.0
        self._last_length = 0
        self._last_done = -1

    def update(self, done: int, loss: float | None = None) -> None:
        """Report that ``done`` epochs are finished; redraws at most ~10 times a second."""
        now = self.clock()
        elapsed = now - self.start
        if elapsed < self.delay:
            return
        if self.shown and done < self.total and now - self._last_draw < 0.1:
            return
        self._draw(done, loss, elapsed)
        self._last_draw = now

    def _draw(self, done: int, loss: float | None, elapsed: float) -> None:
        digits = len(str(self.total))
        filled = self.width * done // self.total if self.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        shown_loss = "" if loss is None else f"  loss {loss:.4g}"
        line = f"epoch {done:>{digits}}/{self.total} [{bar}]{shown_loss}  {elapsed:.1f}s"
        # Pad with spaces so a shorter line fully covers the previous one.
        padding = " " * max(0, self._last_length - len(line))
        self.stream.write("\r" + line + padding)
        self.stream.flush()
        self._last_length = len(line)
        self._last_done = done
        self.shown = True

    def close(self, done: int | None = None, loss: float | None = None) -> None:
        """Finish the line (draw the final state if the bar was ever shown)."""
        if not self.shown:
            return
        if done is not None and done != self._last_done:
            self._draw(done, loss, self.clock() - self.start)
        self.stream.write("\n")
        self.stream.flush()
