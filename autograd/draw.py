"""Computation-graph pictures: a Value and everything it was computed from.

``draw_graph(y)`` returns a ``graphviz.Digraph`` (made by :mod:`autograd.render`, so it
finds a renderer by itself and shows inline in a notebook) with

* one box per Value, showing its label (if any), its ``data`` and its ``grad``;
* one small circle per operation (its symbol: ``+``, ``*``, ``tanh``, ``Σ``, ``·`` ...);
* arrows from each input through the operation to its result.  The arrow from an
  input into an operation is labelled with the *local* derivative ∂out/∂in that the
  node stored when it was made (``node.local_grads``).

Read the chain rule off the picture: after ``backward()``, the grad of a box is the
sum, over the arrows leaving it, of (the number on the arrow × the grad of the box
that arrow's operation produced).

A neuron, ``relu(w·x + b)``, made by ``autograd.dot(w, x, b, activation=ops.RELU)``
(as ``nn`` makes its relu, tanh, sigmoid and leaky_relu neurons) is ONE node, drawn as
one operation ``relu(w·x+b)`` (``relu(w·x)`` without a bias).  The arrows into it carry
its local derivative, activation slope × ∂(w·x+b)/∂in (the chain rule done for you):
slope·x_i from weight i, slope·w_i from input i, the slope itself from the bias.  A
neuron built as two operations, a ``dot`` and an activation applied to it (by hand, or
by ``nn`` for a custom activation function), is drawn the same way with
``collapse_neurons=True``: the weighted sum's box is left out.  Either way the reading
above still holds.

Boxes are coloured by role: parameters (yellow), inputs (blue), constants (grey,
plain numbers such as the 5 in ``5 * x``), the result (green).  The walk is a loop
(``topological_order``), never recursion, so a graph of any depth can be counted; one
with more than ``max_nodes`` Values is refused with a message, or cut down to the
Values nearest the result with ``summarize=True``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from autograd import ops
from autograd.draw_neurons import neuron_symbol, neurons, too_big_message
from autograd.graph import topological_order
from autograd.numbers import as_float
from autograd.value import Value

ROLE_COLOURS = {
    "parameter": "#ffe6a6",
    "input": "#cfe6ff",
    "constant": "#eeeeee",
    "result": "#c9f2c9",
    "intermediate": "#ffffff",
}
"""Fill colour of a Value's box by its role."""

ROLE_NAMES = {"parameter": "yellow", "input": "blue", "constant": "grey", "result": "green"}
"""The colours the caption names, for the roles among them that a picture shows."""

RANKDIRS = ("LR", "RL", "TB", "BT")

# Labels a parameter usually has: a dotted name from named_parameters ("layers.0.neurons.1.w.2")
# or a weight/bias name such as w, w1, w_2, b, bias.
_PARAMETER_LABEL = re.compile(r"^(w|b|weight|bias)(\d|_|\[|$)|\.")

_RECORD_SPECIALS = re.compile(r"([\\{}|<>\"])")


def role_of(value: Value, params: set[Value] | None = None) -> str:
    """How a Value is drawn: ``parameter``, ``input``, ``constant`` or ``intermediate``.

    Args:
        value: the Value.
        params: the parameters, if known; otherwise a leaf counts as a parameter when its
            label looks like one (contains a dot, or is w, w1, b, bias ...).

    Returns:
        The role's name (the result of a graph is marked ``result`` by ``draw_graph``).
    """
    if value.parents:
        return "intermediate"
    if value.op is ops.CONST:
        return "constant"
    if params is not None:
        return "parameter" if value in params else "input"
    return "parameter" if _PARAMETER_LABEL.search(value.label) else "input"


def _number(x: float, digits: int) -> str:
    return f"{x:.{digits}g}"


def _escape(text: str) -> str:
    """Text made safe inside a Graphviz record label."""
    return _RECORD_SPECIALS.sub(r"\\\1", text)


def _nearest(roots: list[Value], budget: int) -> list[Value]:
    """The ``budget`` Values closest to the roots (breadth first over parents)."""
    kept: dict[Value, None] = dict.fromkeys(roots)
    queue = deque(roots)
    while queue and len(kept) < budget:
        for parent in queue.popleft().parents:
            if parent not in kept:
                kept[parent] = None
                queue.append(parent)
                if len(kept) >= budget:
                    break
    return list(kept)


def _check_options(rankdir: str, max_nodes: int, digits: int) -> None:
    if rankdir not in RANKDIRS:
        raise ValueError(f"draw_graph rankdir must be one of {RANKDIRS}, got {rankdir!r}")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"draw_graph max_nodes must be a positive int, got {max_nodes!r}")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 17:
        raise ValueError(f"draw_graph digits must be an int from 1 to 17, got {digits!r}")


def _roots(root: Value | Sequence[Value]) -> list[Value]:
    roots = (
        [root] if isinstance(root, Value) else list(root) if isinstance(root, Iterable) else [root]
    )
    for r in roots:
        if not isinstance(r, Value):
            raise TypeError(
                f"draw_graph needs a Value or a list of Values, got {type(r).__name__}: {r!r}"
            )
    if not roots:
        raise ValueError("draw_graph needs at least one Value to draw, got an empty list")
    return roots


def draw_graph(
    root: Value | Sequence[Value],
    *,
    params: Iterable[Value] | None = None,
    rankdir: str = "LR",
    max_nodes: int = 300,
    collapse_constants: bool = False,
    collapse_neurons: bool = False,
    summarize: bool = False,
    digits: int = 4,
    caption: bool = True,
) -> Any:
    """Draw the computation graph that produced ``root`` (call ``backward()`` first to see grads).

    Args:
        root: the result (or several results) to draw, with everything they depend on.
        params: the parameters (e.g. ``model.parameters()``), drawn yellow; by default a
            leaf whose label contains a dot or looks like w1, b, bias ... is a parameter.
        rankdir: direction from inputs to result: ``"LR"`` (default), ``"TB"``, ...
        max_nodes: the most Values to draw (counted after the collapses asked for); a
            bigger graph raises ValueError unless ``summarize`` is set.
        collapse_constants: write plain numbers inside their operation (``5 *``, ``+ 30``)
            instead of drawing each as a box of its own.
        collapse_neurons: draw each neuron built as two operations, a one-input
            operation applied to a ``dot`` node used nowhere else, as ONE operation
            (``relu(w·x+b)``) without the weighted sum's box, as a neuron that is one
            node is always drawn; its arrows carry activation slope × ∂(w·x+b)/∂in.
        summarize: for a graph over ``max_nodes``, draw only the ``max_nodes`` Values
            nearest the result and one "… more" box standing for the rest.
        digits: significant digits of the numbers shown.
        caption: add a line under the picture explaining arrow numbers and the colours
            of the roles it shows (only those: no "yellow parameter" without parameters).

    Returns:
        A ``graphviz.Digraph``: ``.source`` is the DOT text; it shows inline in a notebook;
        ``autograd.render.save(g, "graph.png")`` or ``g.render(outfile="graph.svg")`` writes it.

    Raises:
        TypeError: if root is not a Value or a sequence of Values.
        ValueError: for a bad option, or a graph bigger than ``max_nodes`` without
            ``summarize``.
    """
    roots = _roots(root)
    _check_options(rankdir, max_nodes, digits)
    param_set = set(params) if params is not None else None
    order = topological_order(roots)

    def folded(v: Value) -> bool:
        return collapse_constants and v.op is ops.CONST and not v.parents

    def boxes_of(values: list[Value]) -> int:
        merged = neurons(values, roots) if collapse_neurons else {}
        return sum(1 for v in values if not folded(v)) - len(merged)

    total = boxes_of(order)
    hidden = 0
    if total > max_nodes:
        if not summarize:
            raise ValueError(
                too_big_message(total, max_nodes, collapse_constants, collapse_neurons)
            )
        order = _nearest(roots, max_nodes)
        hidden = total - boxes_of(order)

    from autograd.render import new_digraph

    g = new_digraph("computation_graph", rankdir=rankdir)
    g.attr("node", shape="record", style="filled", fontname="Helvetica", fontsize="12")
    g.attr("edge", fontname="Helvetica", fontsize="10", color="#555555")
    horizontal = "{%s}" if rankdir in ("LR", "RL") else "%s"
    ids = {v: f"v{i}" for i, v in enumerate(order)}
    root_set = set(roots)
    merged = neurons(order, roots) if collapse_neurons else {}
    inside = set(merged.values())  # the dots drawn inside their neuron's operation
    if hidden:
        g.node("hidden", f"… {hidden} earlier Values not drawn", shape="note", fillcolor="#f4f4f4")

    boxes = circles = neuron_ops = 0
    shown: set[str] = set()  # the roles drawn, for the caption's colour legend
    for v in order:
        if (folded(v) and v not in root_set) or v in inside:
            continue
        boxes += 1
        role = "result" if v in root_set else role_of(v, param_set)
        shown.add(role)
        fields = [_escape(v.label)] if v.label else []
        fields += [f"data {_number(v.data, digits)}", f"grad {_number(v.grad, digits)}"]
        extra = {"penwidth": "2"} if role == "result" else {}
        if role == "constant":
            extra["style"] = "filled,dashed"
        g.node(ids[v], horizontal % " | ".join(fields), fillcolor=ROLE_COLOURS[role], **extra)
        if not v.parents or v.op is None:
            continue
        circles += 1
        op_id = f"{ids[v]}_op"
        g.edge(op_id, ids[v])
        dot = merged.get(v)
        if dot is not None:
            # chain rule inside the neuron: d act/d in = act's slope × d(w·x+b)/d in
            slope = as_float(v.local_grads[0])
            symbol, parents = neuron_symbol(v.op, dot), dot.parents
            locals_ = tuple(slope * as_float(d) for d in dot.local_grads)
        elif v.op.activation is not None:  # a neuron that is one node: the same reading
            symbol, parents, locals_ = neuron_symbol(v.op.activation, v), v.parents, v.local_grads
        else:
            symbol, parents, locals_ = v.op.symbol or v.op.name, v.parents, v.local_grads
        is_neuron = dot is not None or v.op.activation is not None
        neuron_ops += is_neuron
        shape = "ellipse" if is_neuron else "circle"  # a long name makes a huge circle
        label = _op_label(symbol, v.inputs if dot is None else parents, folded, digits)
        g.node(op_id, label, shape=shape, fillcolor="#e8e8e8")
        for parent, local in zip(parents, locals_):
            if folded(parent):
                continue
            source = ids.get(parent, "hidden")
            # (+ 0.0 so a dead relu's 0 × negative shows as 0, not -0)
            g.edge(source, op_id, label=_number(as_float(local) + 0.0, digits))

    if caption:
        legend = ", ".join(f"{ROLE_NAMES[r]} {r}" for r in ROLE_NAMES if r in shown)
        neuron_note = (
            "\\lan arrow into a neuron drawn as one operation, act(w·x+b), carries "
            "act's slope × ∂(w·x+b)/∂in"
            if neuron_ops
            else ""
        )
        g.attr(
            label="arrow numbers: local derivative ∂out/∂in; a box's grad = sum over its "
            f"outgoing arrows of (number × grad of that operation's result){neuron_note}"
            f"\\lcolours: {legend}\\l",
            fontname="Helvetica",
            fontsize="10",
        )
    g.summary = f"computation graph: {_count(boxes, 'Value')}, {_count(circles, 'operation')}"
    if neuron_ops:
        g.summary += f" ({_count(neuron_ops, 'neuron')} drawn as one operation each)"
    if hidden:
        g.summary += f" ({hidden} earlier Values not drawn)"
    return g


def _count(n: int, thing: str) -> str:
    """``1 Value``, ``2 Values``: a count with its noun in the right number."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def _op_label(
    symbol: str,
    inputs: tuple[Value | float, ...],
    folded: Callable[[Value], bool],
    digits: int,
) -> str:
    """An operation's symbol, with its plain-number operands written beside it.

    Those are the numbers kept inside the node (``x * 5``) and, with
    ``collapse_constants``, constant leaves.  A number on the left of a binary op comes
    first (``5 *``, ``1 -``), on the right after (``+ 30``), so the picture still says
    which side it was on.
    """
    consts = [
        (i, _number(p if isinstance(p, float) else p.data, digits))
        for i, p in enumerate(inputs)
        if isinstance(p, float) or folded(p)
    ]
    if len(inputs) == 2 and len(consts) == 1:
        i, c = consts[0]
        symbol = f"{c} {symbol}" if i == 0 else f"{symbol} {c}"
    elif consts:
        symbol = f"{symbol} {', '.join(c for _, c in consts)}"
    return symbol.replace("\\", "\\\\")  # a plain (non-record) label: only \ is special
