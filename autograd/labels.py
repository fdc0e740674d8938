"""Text in pictures: numbers, counts and user text made safe inside DOT labels.

Graphviz reads a label as a little language of its own: in a record label ``{ } | < >``
and the backslash have meanings, a backslash starts an escape everywhere, and text
shaped ``<...>`` is taken for HTML.  A user's label or op name is just text, so it is
escaped here before it goes into a picture, and shows exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from autograd.value import Value

_RECORD_SPECIALS = re.compile(r"([\\{}|<>\"])")


def number_text(x: float, digits: int) -> str:
    """x with ``digits`` significant digits, as pictures show numbers."""
    return f"{x:.{digits}g}"


def count_text(n: int, thing: str) -> str:
    """``1 Value``, ``2 Values``: a count with its noun in the right number."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def record_text(text: str) -> str:
    """Text made safe inside a Graphviz record label.

    Its special characters, backslash included, lose their meaning, and control
    characters are written out.
    """
    return _RECORD_SPECIALS.sub(r"\\\1", printable(text))


def plain_text(text: str) -> str:
    r"""Text made safe in a plain (non-record) Graphviz label: only \ is special."""
    return text.replace("\\", "\\\\")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and newline: DOT cannot hold them (a NUL ends the
text for its parser), and they would not show anyway."""


def printable(text: str) -> str:
    r"""Text with each control character (other than tab and newline) written out.

    Each becomes ``\xNN``, so a label shows it and DOT can hold it.
    """
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def literal_label(text: str) -> Any:
    r"""Any text a user chose (a title, a label, an op's name) as a DOT label, shown as written.

    Three things in such text would otherwise be read as DOT: a backslash starts an
    escape (``\l``; one at the end breaks the file), text shaped ``<...>`` is taken for
    an HTML label (whose raw text goes into the DOT file: a title could add nodes),
    and a NUL cannot be held at all.  The graphviz package's own ``graphviz.escape``
    handles the first two, ``printable`` the third.
    """
    import graphviz

    return graphviz.escape(printable(text))


def operation_label(
    symbol: str,
    inputs: tuple[Value | float, ...],
    folded: Callable[[Value], bool],
    digits: int,
) -> Any:
    """An operation's symbol, with its plain-number operands written beside it.

    Those are the numbers kept inside the node (``x * 5``) and, with
    ``collapse_constants``, constant leaves.  A number on the left of a binary op comes
    first (``5 *``, ``1 -``), on the right after (``+ 30``), so the picture still says
    which side it was on.
    """
    consts = [
        (i, number_text(p if isinstance(p, float) else p.data, digits))
        for i, p in enumerate(inputs)
        if isinstance(p, float) or folded(p)
    ]
    if len(inputs) == 2 and len(consts) == 1:
        i, c = consts[0]
        symbol = f"{c} {symbol}" if i == 0 else f"{symbol} {c}"
    elif consts:
        symbol = f"{symbol} {', '.join(c for _, c in consts)}"
    return literal_label(symbol)  # a custom op's name is user text: shown as written
