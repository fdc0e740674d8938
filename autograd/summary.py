"""Which Values a summarized picture keeps: the nearest to the result, a few a column.

A loss over a data set is thousands of Values; drawn whole it is a column thousands of
boxes high.  ``draw_graph(y, summarize=True)`` keeps at most ``max_nodes`` of them,
walking back from the result one distance (one column of the picture) at a time and
keeping at most :data:`SUMMARY_WIDTH` per column, so the picture stays a few boxes high
whatever the graph's size.  ``draw_graph`` counts the inputs left out in notes.
"""

from __future__ import annotations

from autograd.fused import DOT
from autograd.value import Value

SUMMARY_WIDTH = 6
"""With ``summarize=True``, the most Values drawn at each distance from the result (the
rest of an operation's inputs are counted in one "… n more" note), so a summarized
picture of any graph stays a few boxes high."""


def nearest(
    roots: list[Value], budget: int, width: int = SUMMARY_WIDTH
) -> dict[Value, Value | None]:
    """At most ``budget`` Values closest to the roots, at most ``width`` at each distance.

    Breadth first over parents, one distance (a column of the picture) at a time; an
    operation's first inputs are kept, the others left for its "… n more" note.  A
    weighted sum's inputs are taken in pairs, each weight with its input, so the picture
    follows a path back to the network's inputs instead of showing weights only.

    Returns:
        ``{Value kept: the Value whose operation it was kept for}`` (None for a root):
        a summary draws each kept Value's arrow into that operation only, so it is a
        tree (a weight shared by every sample would otherwise send arrows all over it).
    """
    kept: dict[Value, Value | None] = dict.fromkeys(roots)
    column = list(roots)
    while column and len(kept) < budget:
        following: list[Value] = []
        for v in column:
            for parent in paired(v):
                if len(following) >= width or len(kept) >= budget:
                    break
                if parent not in kept:
                    kept[parent] = v
                    following.append(parent)
        column = following
    return kept


def paired(v: Value) -> tuple[Value, ...]:
    """v's parents, a ``dot`` or neuron node's as (w1, x1, w2, x2, ..., b)."""
    parents = v.parents
    if v.op is not DOT and (v.op is None or v.op.activation is None):
        return parents
    n = len(parents) // 2
    pairs = tuple(p for pair in zip(parents[:n], parents[n : 2 * n]) for p in pair)
    return pairs + parents[2 * n :]
