"""fit's progress bar, drawn by tqdm: a widget in a notebook, a line on stderr in a terminal.

``tqdm.auto`` picks the right kind of bar for where the code runs (the notebook widget
needs ``ipywidgets``; without it a notebook gets the text bar).  It is imported
here, when ``fit`` starts a bar, never by ``import nn`` (which stays standard-library
only); if tqdm is not installed, ``fit`` simply trains without a bar.  The bar shows
the epochs done, the latest training loss, the time spent and the time left::

    fit:  37%|███▋      | 37/100 [00:02<00:03, 18.1 epoch/s, loss=0.2143]

Short runs stay silent: nothing is drawn until the run has lasted ``DELAY`` seconds,
so quick fits (and tests) print nothing.
"""

from __future__ import annotations

import warnings
from typing import Any

DELAY = 0.5
"""Seconds a run must last before its bar appears."""


class ProgressBar:
    """A tqdm bar counting epochs, with the loss beside it; does nothing without tqdm.

    Args:
        total: the number of epochs the run will do.
    """

    def __init__(self, total: int) -> None:
        self.bar: Any = None
        try:
            with warnings.catch_warnings():
                # In a notebook without ipywidgets, tqdm.auto warns and draws a text bar
                # instead of a widget: a bar all the same (pip install ipywidgets for the
                # widget), so the warning would only be noise under every fit.
                warnings.filterwarnings("ignore", message="IProgress not found")
                from tqdm.auto import tqdm
        except ImportError:  # tqdm is optional at run time: no bar, no error
            return
        self.bar = tqdm(total=total, desc="fit", unit="epoch", delay=DELAY, leave=True)

    def update(self, loss: float) -> None:
        """One more epoch done, ending with this training loss."""
        if self.bar is not None:
            self.bar.set_postfix(loss=f"{loss:.4g}", refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        """Finish the bar (it stays on screen, at the epoch where training stopped)."""
        if self.bar is not None:
            self.bar.close()
