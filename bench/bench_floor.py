"""The floor under any graph-recording engine in pure Python: the leanest one we could write.

An engine that records a graph must, for every operation, make an object holding the
result, its parents and its local derivatives; walk the graph into a topological order;
and run the chain rule over it.  ``Node`` here does exactly that and nothing else: no
input checks, no op table, no labels, no pictures, no higher derivatives, and a plain
number is folded into its operation instead of becoming a leaf of its own (as pigrad
does too).  Written the way pigrad's hot paths
are (``object.__new__`` and slot assignments, one- and two-parent cases unrolled).

``make bench`` times it beside pigrad on W2 and W3: the gap between this floor and the
hand-written floats is what recording a graph costs in CPython, whatever the engine.
Not part of pigrad: a yardstick, like ``bench_reference.py``.
"""

from __future__ import annotations

_new = object.__new__
_ONE, _ONES = (1.0,), (1.0, 1.0)


class Node:
    """A number, its gradient, its parents and d(this)/d(each parent)."""

    __slots__ = ("data", "grad", "local_grads", "parents")

    data: float
    grad: float
    parents: tuple[Node, ...]
    local_grads: tuple[float, ...]

    def __mul__(self, other: Node | float) -> Node:
        out = _new(Node)
        out.grad = 0.0
        if type(other) is float:
            out.data = self.data * other
            out.parents, out.local_grads = (self,), (other,)
        else:
            x, y = self.data, other.data  # type: ignore[union-attr]
            out.data = x * y
            out.parents, out.local_grads = (self, other), (y, x)  # type: ignore[assignment]
        return out

    def __add__(self, other: Node | float) -> Node:
        out = _new(Node)
        out.grad = 0.0
        if type(other) is float:
            out.data = self.data + other
            out.parents, out.local_grads = (self,), _ONE
        else:
            out.data = self.data + other.data  # type: ignore[union-attr]
            out.parents, out.local_grads = (self, other), _ONES  # type: ignore[assignment]
        return out


def leaf(x: float) -> Node:
    out = _new(Node)
    out.data, out.grad, out.parents, out.local_grads = x, 0.0, (), ()
    return out


def total(nodes: list[Node]) -> Node:
    """One node adding them all (as ``autograd.sum`` does)."""
    out = leaf(0.0)
    for v in nodes:
        out.data += v.data
    out.parents, out.local_grads = tuple(nodes), (1.0,) * len(nodes)
    return out


def backward(root: Node) -> None:
    """Depth-first order with an explicit stack, then the chain rule from the root back."""
    order: list[Node] = []
    seen = {root}
    nodes, walks = [root], [iter(root.parents)]
    while walks:
        for parent in walks[-1]:
            if parent.parents and parent not in seen:
                seen.add(parent)
                nodes.append(parent)
                walks.append(iter(parent.parents))
                break
        else:
            walks.pop()
            order.append(nodes.pop())
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        g, parents, local_grads = node.grad, node.parents, node.local_grads
        if len(parents) == 2:
            a, b = parents
            la, lb = local_grads
            a.grad += la * g
            b.grad += lb * g
        elif len(parents) == 1:
            parents[0].grad += local_grads[0] * g
        else:
            for parent, local in zip(parents, local_grads):
                parent.grad += local * g


def chain(n: int, x0: float) -> tuple[float, float]:
    """W2: ``x = x*1.0001 + 0.0001`` n times, backward: (x_n, dx_n/dx_0)."""
    start = leaf(x0)
    x = start
    for _ in range(n):
        x = x * 1.0001 + 0.0001
    backward(x)
    return x.data, start.grad


def sum_of_products(a: list[Node], b: list[Node]) -> float:
    """W3: ``sum(a_i * b_i)``, backward (leaf gradients reset first, as pigrad's run)."""
    for v in a:
        v.grad = 0.0
    for v in b:
        v.grad = 0.0
    s = total([ai * bi for ai, bi in zip(a, b)])
    backward(s)
    return s.data
