r"""explain(y): the chain-rule steps that ``y.backward()`` performs, as a table to read.

Backpropagation is one rule applied over and over.  Walking the graph from ``y`` back
to its inputs, each node passes its gradient on to each of its parents::

    parent's gradient += (d node / d parent) * (d y / d node)
                          \___ local_grad __/   \_ upstream _/

and a parent used several times adds up what arrives along each path.  ``explain``
lists those steps in the order ``backward`` takes them (the interior nodes of
``topological_order(y)``, last first, skipping a node whose gradient is 0, as backward
does), each with the running total at the parent, so the last total of every Value is
its ``.grad`` after ``y.backward()``.  It reads the graph and changes nothing: no
``.grad`` is touched.

    >>> from autograd import Value, explain
    >>> x = Value(3.0, "x")
    >>> print(explain(x * x))  # doctest: +NORMALIZE_WHITESPACE
    step  node    parent  local_grad  upstream  contribution  parent's total
       1  n1 mul  x                3         1             3               3
       2  n1 mul  x                3         1             3               6
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import autograd  # for autograd.topological_order: the walk backward itself takes
from autograd.value import Value

__all__ = ["ChainRuleStep", "Explanation", "explain"]


@dataclass(frozen=True)
class ChainRuleStep:
    """One step of backpropagation: ``node`` passes gradient to one of its parents.

    Attributes:
        node: the node passing gradient back.
        parent: the parent receiving it (``node.parents[position]``).
        position: which of node's parents it is (0 for the first).
        local_grad: d node / d parent, the local derivative on that arrow.
        upstream: d y / d node, the gradient that has arrived at node.
        contribution: ``local_grad * upstream``, what is added to the parent's gradient.
        total: the parent's gradient after this step (the running sum of its contributions).
    """

    node: Value
    parent: Value
    position: int
    local_grad: float
    upstream: float
    contribution: float
    total: float


class Explanation(Sequence[ChainRuleStep]):
    """The steps of ``explain(y)``: a list of ``ChainRuleStep`` that prints as a table.

    ``name(v)`` gives the name the table uses for a Value: its label if it has one,
    else ``n`` and its position in ``topological_order(y)`` (``n0`` comes first).
    """

    def __init__(self, root: Value, steps: list[ChainRuleStep], order: list[Value]) -> None:
        self.root = root
        self.steps = steps
        self._numbers = {node: k for k, node in enumerate(order)}

    @overload
    def __getitem__(self, index: int) -> ChainRuleStep: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ChainRuleStep]: ...
    def __getitem__(self, index: int | slice) -> ChainRuleStep | Sequence[ChainRuleStep]:
        return self.steps[index]

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[ChainRuleStep]:
        return iter(self.steps)

    def name(self, v: Value) -> str:
        """The Value's label, or ``n<k>`` for the k-th node of ``topological_order(y)``."""
        return v.label or f"n{self._numbers[v]}"

    def grads(self) -> dict[Value, float]:
        """Each Value's gradient d y / d Value: the last total that reached it (y's is 1)."""
        totals = {self.root: 1.0}
        for step in self.steps:
            totals[step.parent] = step.total
        return totals

    def rows(self) -> list[list[str]]:
        """The table as text: a header, then one row per step."""
        header = ["step", "node", "parent", "local_grad", "upstream", "contribution"]
        rows = [[*header, "parent's total"]]
        for k, s in enumerate(self.steps, start=1):
            op = s.node.op.name if s.node.op is not None else ""
            numbers = (s.local_grad, s.upstream, s.contribution, s.total)
            rows.append(
                [str(k), f"{self.name(s.node)} {op}", self.name(s.parent)]
                + [f"{x:.6g}" for x in numbers]
            )
        return rows

    def __str__(self) -> str:
        if not self.steps:
            return f"no chain-rule steps: {self.name(self.root)} depends on no other Value"
        rows = self.rows()
        widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
        text_columns = (1, 2)  # names read best left-aligned, numbers right-aligned
        lines = [
            "  ".join(
                cell.ljust(w) if c in text_columns else cell.rjust(w)
                for c, (cell, w) in enumerate(zip(row, widths))
            ).rstrip()
            for row in rows
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The table for a notebook."""
        if not self.steps:
            return f"<p>{html.escape(str(self))}</p>"
        head, *body = self.rows()
        cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        lines = [f"<tr>{cells}</tr>"]
        for row in body:
            lines.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
        return "<table>" + "".join(lines) + "</table>"

    def __repr__(self) -> str:
        return f"<Explanation of {self.name(self.root)}: {len(self.steps)} chain-rule steps>"


def explain(y: Value) -> Explanation:
    """The chain-rule steps backpropagation takes from ``y``, in ``backward``'s order.

    Args:
        y: the result to explain (d y / d y = 1).

    Returns:
        An ``Explanation``: a list of ``ChainRuleStep`` that prints as a table.  The
        contributions into each Value add up to its ``.grad`` after ``y.backward()``
        (for a neuron node, ``autograd.dot(..., activation=...)``, up to rounding in
        the last bits: backward multiplies its factors in another order).

    Raises:
        TypeError: if y is not a Value.
    """
    if not isinstance(y, Value):
        raise TypeError(f"explain() needs a Value, got {type(y).__name__}: {y!r}")
    order = autograd.topological_order(y)
    grads = {y: 1.0}
    steps = []
    for node in reversed(order):
        upstream = grads.get(node, 0.0)
        if upstream == 0.0 or not node.parents:
            continue  # backward skips it too: nothing to pass on, or nowhere to pass it
        for position, (parent, local) in enumerate(zip(node.parents, node.local_grads)):
            contribution = local * upstream
            total = grads.get(parent, 0.0) + contribution
            grads[parent] = total
            steps.append(
                ChainRuleStep(node, parent, position, local, upstream, contribution, total)
            )
    return Explanation(y, steps, order)
