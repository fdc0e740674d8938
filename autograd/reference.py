"""The whole engine on one screen.  Read this file first.

A ``Value`` is a number that remembers how it was computed: the Values it came from
(``parents``), the operation (``op``) and, for each parent, the *local derivative*
d(this)/d(parent), worked out by the op's rule when the Value is made (``local_grads``).
``x * y`` at x = 3, y = 2 gives a Value 6.0 with parents (x, y) and local derivatives
(2.0, 3.0): nudge x by a little and the product moves by 2 times as much.

``backward()`` then computes how the final result changes with every Value it depends
on (``grad``), by the chain rule: from the result back, every node passes
``local_grad * node.grad`` to each parent, where the contributions add up.  A node's
``grad`` is complete once every node computed from it has passed its share back, so the
walk goes in reverse *topological order* (every node after the nodes it came from).

The ops (forward on floats, local derivatives) live in one table, ``autograd/ops.py``;
``autograd.Value`` is this engine with speed tricks, tested to give the same numbers.

Example:
    >>> x = Value(3.0)
    >>> y = 5 * x**2 + 30  # Wang Xiaoer's pig sales after x years
    >>> y.backward()
    >>> x.grad  # dy/dx = 10x
    30.0
"""

from __future__ import annotations

from autograd import ops
from autograd.numbers import times
from autograd.op import Op


class Value:
    """A number, the Values it was computed from, and its derivative ``grad``."""

    def __init__(self, data: float, parents: tuple[Value, ...] = (), op: Op | None = None,
                 local_grads: tuple[float, ...] = (),
                 inputs: tuple[Value | float, ...] = ()) -> None:  # fmt: skip
        self.data = float(data)
        self.grad = 0.0  # d(result)/d(this), filled in by backward()
        self.parents = parents  # the Values this one was computed from
        self.op = op  # the operation that computed it (None for an input)
        self.local_grads = local_grads  # d(this)/d(parent), one per parent
        self.inputs = inputs  # the op's inputs: the parents, and plain numbers (the 2 in x*2)

    # Every operator applies one entry of the op table.  A plain number on either side
    # (2 * x, x - 1) is not a Value: it stays inside the node, an input but not a parent.
    def __add__(self, other: Value | float) -> Value:
        return apply(ops.ADD, self, other)

    def __radd__(self, other: float) -> Value:
        return apply(ops.ADD, other, self)

    def __sub__(self, other: Value | float) -> Value:
        return apply(ops.SUB, self, other)

    def __rsub__(self, other: float) -> Value:
        return apply(ops.SUB, other, self)

    def __mul__(self, other: Value | float) -> Value:
        return apply(ops.MUL, self, other)

    def __rmul__(self, other: float) -> Value:
        return apply(ops.MUL, other, self)

    def __truediv__(self, other: Value | float) -> Value:
        return apply(ops.DIV, self, other)

    def __rtruediv__(self, other: float) -> Value:
        return apply(ops.DIV, other, self)

    def __neg__(self) -> Value:
        return apply(ops.NEG, self)

    def __pow__(self, other: Value | float) -> Value:
        # x ** 2: the 2 is part of the op; x ** y: y is a parent with its own derivative.
        if isinstance(other, Value):
            return apply(ops.POW, self, other)
        return apply(ops.power(float(other)), self)

    def __rpow__(self, other: float) -> Value:
        return apply(ops.POW, other, self)

    def exp(self) -> Value:
        return apply(ops.EXP, self)

    def log(self) -> Value:
        return apply(ops.LOG, self)

    def tanh(self) -> Value:
        return apply(ops.TANH, self)

    def sigmoid(self) -> Value:
        return apply(ops.SIGMOID, self)

    def relu(self) -> Value:
        return apply(ops.RELU, self)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        return apply(ops.leaky_relu(slope), self)

    def sin(self) -> Value:
        return apply(ops.SIN, self)

    def cos(self) -> Value:
        return apply(ops.COS, self)

    def sqrt(self) -> Value:
        return apply(ops.SQRT, self)

    def abs(self) -> Value:
        return apply(ops.ABS, self)

    def backward(self, gradient: float = 1.0) -> None:
        """Fill in ``grad`` of every Value this one depends on (inputs accumulate)."""
        order = topological_order(self)
        for node in order:
            if node.parents:  # a computed Value starts again; an input keeps adding up
                node.grad = 0.0
        self.grad += gradient
        for node in reversed(order):  # the chain rule, from the result back
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += times(local, node.grad)  # local * grad; 0 * inf is 0

    def __repr__(self) -> str:
        return f"Value(data={self.data!r}, grad={self.grad!r})"


def apply(op: Op, *inputs: Value | float) -> Value:
    """Run ``op`` forward on the inputs' numbers and record it, with its local derivatives."""
    numbers = [x.data if isinstance(x, Value) else float(x) for x in inputs]
    out = op.forward(*numbers)  # then the local derivatives of the parents, not the numbers:
    kept = [(x, d) for x, d in zip(inputs, op.local_grads(out, *numbers)) if isinstance(x, Value)]
    return Value(out, tuple(x for x, _ in kept), op, tuple(d for _, d in kept), inputs)


def topological_order(root: Value) -> list[Value]:
    """Every Value ``root`` depends on, each after the Values it was computed from."""
    order: list[Value] = []
    seen: set[Value] = set()
    stack = [(root, False)]  # (node, True): its parents are all in order already
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    return order
