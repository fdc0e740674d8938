"""The order of a graph: every node after the nodes it was computed from.

Read ``autograd/reference.py`` first: its ``topological_order`` is this one without
the look-ahead.

Backpropagation needs it backwards: a node passes its gradient on only once every node
computed from it has passed it theirs.  Every walk is a loop with an explicit stack,
never recursion, so a chain a million nodes deep works at Python's default recursion
limit.
"""

from __future__ import annotations

from collections.abc import Iterable

from autograd.value import Value


def topological_order(roots: Value | Iterable[Value], leaves: bool = True) -> list[Value]:
    """Every node the roots depend on, each after all of its parents.

    Args:
        roots: one Value or several.
        leaves: False leaves out the leaves (inputs, parameters, constants): ``backward``
            walks the interior nodes only, since a leaf receives gradient and passes
            none on.

    Returns:
        The nodes, inputs first and roots last (each node once).

    Raises:
        TypeError: if roots are not Values.
    """
    return _order(as_values(roots, "topological_order() roots"), leaves)


def _order(roots: list[Value], keep_leaves: bool) -> list[Value]:
    # Depth-first with an explicit stack, and a look-ahead for backward (a speed trick:
    # reference.py's plain stack gives an order just as valid).
    order: list[Value] = []
    seen: set[Value] = set()
    mark, emit = seen.add, order.append
    for root in roots:
        if root in seen:
            continue
        mark(root)
        if not root.parents:
            if keep_leaves:
                emit(root)
            continue
        # Depth-first with an explicit stack: the nodes being walked, and beside each an
        # iterator over its parents.  A node is emitted when its iterator is exhausted,
        # i.e. after all its parents.  (Two lists, not one of pairs: no tuple per node.)
        nodes, walks = [root], [iter(root.parents)]
        while walks:
            for parent in walks[-1]:
                if not parent.parents:  # a leaf: emitted at once, nothing above it to walk
                    if keep_leaves and parent not in seen:
                        mark(parent)
                        emit(parent)
                elif parent not in seen:
                    mark(parent)
                    if keep_leaves:  # walk it, emitting the leaves above it in order
                        nodes.append(parent)
                        walks.append(iter(parent.parents))
                        break
                    # backward's walk looks one step ahead, through parent's own parents,
                    # for one that still has to be walked.  Most nodes have none (a
                    # first-layer neuron, a * b of two inputs): such a node is emitted
                    # right here, without a push, a second look at its parents and a pop.
                    # Otherwise both go on the stack, parent's walk to resume just after
                    # the one found.
                    grands = iter(parent.parents)
                    for grand in grands:
                        if grand.parents and grand not in seen:
                            mark(grand)
                            nodes.append(parent)
                            walks.append(grands)
                            nodes.append(grand)
                            walks.append(iter(grand.parents))
                            break
                    else:
                        emit(parent)
                        continue
                    break
            else:
                walks.pop()
                emit(nodes.pop())
    return order


def as_values(xs: Value | Iterable[Value], what: str) -> list[Value]:
    """xs as a list of Values (one Value, or an iterable of them).

    Raises:
        TypeError: naming ``what``, for anything that is not a Value.
    """
    if isinstance(xs, Value):
        items = [xs]
    elif isinstance(xs, Iterable):
        items = list(xs)
    else:
        raise TypeError(
            f"{what} must be a Value or a sequence of Values, got {type(xs).__name__}: {xs!r}"
        )
    for item in items:
        if not isinstance(item, Value):
            raise TypeError(f"{what} must be Values, got {type(item).__name__}: {item!r}")
    return items
