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
above still holds.  ``expand_neurons=True`` does the opposite: each one-node neuron is
drawn as its two steps, ``·`` (the weighted sum, in a box of its own) then the
activation, with ∂(w·x+b)/∂in on the arrows into the first and the activation's slope
on the arrow into the second: the chain rule, one factor per arrow.

Boxes are coloured by what each Value is, never by its label: a model's parameters
(yellow: marked by ``nn``, see :mod:`autograd.parameters`, or given as ``params=``),
inputs (blue: the other leaves), constants (grey: plain numbers such as the 5 in
``5 * x``), the result (green).  In a graph whose parameters nothing says, the leaves
are just "leaves" (blue): a weight made by hand as ``Value(0.5)`` looks like any
input to the engine.  The walk is a loop (``topological_order``), never recursion, so
a graph of any depth can be counted; one with more than ``max_nodes`` Values is
refused with a message that says how to draw it, or cut down with ``summarize=True``
to the Values nearest the result, at most ``SUMMARY_WIDTH`` a column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from autograd import ops
from autograd.draw_neurons import neuron_symbol, neurons, too_big_message
from autograd.expand import neuron_steps
from autograd.fused import DOT
from autograd.graph import topological_order
from autograd.numbers import as_float
from autograd.parameters import is_parameter
from autograd.roles import ROLE_COLOURS, ROLE_NAMES, ROLE_NOTES, parameter_set, role_of
from autograd.summary import SUMMARY_WIDTH, nearest
from autograd.value import Value

RANKDIRS = ("LR", "RL", "TB", "BT")

_RECORD_SPECIALS = re.compile(r"([\\{}|<>\"])")


def _number(x: float, digits: int) -> str:
    return f"{x:.{digits}g}"


def _escape(text: str) -> str:
    """Text made safe inside a Graphviz record label.

    Its special characters, backslash included, lose their meaning, and control
    characters are written out.
    """
    from autograd.render import printable

    return _RECORD_SPECIALS.sub(r"\\\1", printable(text))


def _check_options(
    rankdir: str, max_nodes: int, digits: int, collapse_neurons: bool, expand_neurons: bool
) -> None:
    if collapse_neurons and expand_neurons:
        raise ValueError(
            "draw_graph: collapse_neurons=True draws each neuron as one operation and "
            "expand_neurons=True as two steps; pick one"
        )
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
    params: Iterable[Value] | Any = None,
    rankdir: str = "LR",
    max_nodes: int = 300,
    collapse_constants: bool = False,
    collapse_neurons: bool = False,
    expand_neurons: bool = False,
    summarize: bool = False,
    digits: int = 4,
    caption: bool = True,
) -> Any:
    """Draw the computation graph that produced ``root`` (call ``backward()`` first to see grads).

    Args:
        root: the result (or several results) to draw, with everything they depend on.
        params: the parameters, drawn yellow: a list of Values or a model
            (``params=model``).  ``nn`` marks its models' parameters itself, so this is
            for parameters made by hand (``w = Value(0.5)``); without it such leaves are
            drawn as plain leaves.  ``params=[]`` says there are none: every leaf that
            is not a constant is then an input (``y = 5 * x**2 + 30``).
        rankdir: direction from inputs to result: ``"LR"`` (default), ``"TB"``, ...
        max_nodes: the most Values to draw (counted after the collapses asked for); a
            bigger graph raises ValueError unless ``summarize`` is set.
        collapse_constants: write plain numbers inside their operation (``5 *``, ``+ 30``)
            instead of drawing each as a box of its own.
        collapse_neurons: draw each neuron built as two operations, a one-input
            operation applied to a ``dot`` node used nowhere else, as ONE operation
            (``relu(w·x+b)``) without the weighted sum's box, as a neuron that is one
            node is always drawn; its arrows carry activation slope × ∂(w·x+b)/∂in.
        expand_neurons: draw each neuron that is one node (``nn``'s relu, tanh, sigmoid,
            leaky_relu neurons) as two steps: the weighted sum ``·`` into a box of its
            own (``w·x+b``), then the activation, with the true local derivative on
            every arrow (∂(w·x+b)/∂in into the sum, the slope into the activation).
        summarize: for a graph over ``max_nodes``, draw only the Values nearest the
            result (at most ``max_nodes``, at most ``SUMMARY_WIDTH`` at each distance
            from it); each operation's inputs left out are counted in a "… n more" note.
        digits: significant digits of the numbers shown.
        caption: add a line under the picture explaining arrow numbers and the colours
            of the roles it shows (only those: no "yellow parameter" without parameters).

    Returns:
        A ``graphviz.Digraph``: ``.source`` is the DOT text; it shows inline in a notebook;
        ``autograd.render.save(g, "graph.png")`` or ``g.render(outfile="graph.svg")`` writes it.

    Raises:
        TypeError: if root is not a Value or a sequence of Values, or params is not a list
            of Values or a model.
        ValueError: for a bad option (or both collapse_neurons and expand_neurons), or a
            graph bigger than ``max_nodes`` without ``summarize``.
    """
    roots = _roots(root)
    _check_options(rankdir, max_nodes, digits, collapse_neurons, expand_neurons)
    param_set = parameter_set(params)
    order = topological_order(roots)

    def folded(v: Value) -> bool:
        return collapse_constants and v.op is ops.CONST and not v.parents

    def expanded(v: Value) -> bool:
        return expand_neurons and v.op is not None and v.op.activation is not None

    def boxes_of(values: list[Value]) -> int:
        merged = neurons(values, roots) if collapse_neurons else {}
        weighted_sums = sum(1 for v in values if expanded(v) and v.parents)
        return sum(1 for v in values if not folded(v)) - len(merged) + weighted_sums

    total = boxes_of(order)
    hidden = 0
    kept_for: dict[Value, Value | None] = {}
    if total > max_nodes:
        if not summarize:
            raise ValueError(
                too_big_message(total, max_nodes, collapse_constants, collapse_neurons)
            )
        kept_for = nearest(roots, max_nodes, SUMMARY_WIDTH)
        order = list(kept_for)
        hidden = total - boxes_of(order)

    import graphviz

    from autograd.render import new_digraph

    g = new_digraph("computation_graph", rankdir=rankdir)
    g.attr("node", shape="record", style="filled", fontname="Helvetica", fontsize="12")
    g.attr("edge", fontname="Helvetica", fontsize="10", color="#555555")
    horizontal = "{%s}" if rankdir in ("LR", "RL") else "%s"
    ids = {v: f"v{i}" for i, v in enumerate(order)}
    root_set = set(roots)
    merged = neurons(order, roots) if collapse_neurons else {}
    inside = set(merged.values())  # the dots drawn inside their neuron's operation
    # Leaves are "inputs" only when something says which leaves are parameters.
    leaves_known = param_set is not None or any(is_parameter(v) for v in order if not v.parents)

    def box(node_id: str, fields: list[str], role: str) -> None:
        extra = {"penwidth": "2"} if role == "result" else {}
        if role == "constant":
            extra["style"] = "filled,dashed"
        record = graphviz.nohtml(horizontal % " | ".join(fields))  # never an HTML label
        g.node(node_id, record, fillcolor=ROLE_COLOURS[role], **extra)

    def numbers(v_data: float, v_grad: float) -> list[str]:
        # (+ 0.0 so a grad through a dead relu, 0 × negative, shows as 0, not -0)
        return [f"data {_number(v_data, digits)}", f"grad {_number(v_grad + 0.0, digits)}"]

    def arrow(source: str, op_id: str, local: float) -> None:
        # (+ 0.0 so a dead relu's 0 × negative shows as 0, not -0)
        g.edge(source, op_id, label=_number(as_float(local) + 0.0, digits))

    boxes = circles = neuron_ops = notes = 0
    shown: set[str] = set()  # the roles drawn, for the caption's colour legend
    for v in order:
        if (folded(v) and v not in root_set) or v in inside:
            continue
        boxes += 1
        role = "result" if v in root_set else role_of(v, param_set)
        if role == "input" and not leaves_known:
            role = "leaf"
        shown.add(role)
        box(ids[v], ([_escape(v.label)] if v.label else []) + numbers(v.data, v.grad), role)
        if not v.parents or v.op is None:
            continue
        circles += 1
        op_id = f"{ids[v]}_op"
        g.edge(op_id, ids[v])
        dot = merged.get(v)
        activation = v.op.activation
        if activation is not None and expand_neurons:
            # the neuron as its two steps: inputs -> · -> box w·x+b -> activation -> v
            steps = neuron_steps(v)
            sum_id, sum_op = f"{ids[v]}_sum", f"{ids[v]}_sum_op"
            box(sum_id, [steps.name, *numbers(steps.weighted_sum, steps.grad)], "intermediate")
            boxes += 1
            circles += 1
            act_label = _escape_plain(activation.symbol or activation.name)
            g.node(op_id, act_label, shape="circle", fillcolor="#e8e8e8")
            arrow(sum_id, op_id, steps.slope)
            g.edge(sum_op, sum_id)
            op_id, parents, locals_ = sum_op, v.parents, steps.sum_grads
            symbol, is_neuron = DOT.symbol, False
        elif dot is not None:
            # chain rule inside the neuron: d act/d in = act's slope × d(w·x+b)/d in
            slope = as_float(v.local_grads[0])
            symbol, parents = neuron_symbol(v.op, dot), dot.parents
            locals_ = tuple(slope * as_float(d) for d in dot.local_grads)
            is_neuron = True
        elif activation is not None:  # a neuron that is one node: the same reading
            symbol, parents, locals_ = neuron_symbol(activation, v), v.parents, v.local_grads
            is_neuron = True
        else:
            symbol, parents, locals_ = v.op.symbol or v.op.name, v.parents, v.local_grads
            is_neuron = False
        neuron_ops += is_neuron
        shape = "ellipse" if is_neuron else "circle"  # a long name makes a huge circle
        label = _op_label(symbol, v.inputs if dot is None else parents, folded, digits)
        g.node(op_id, label, shape=shape, fillcolor="#e8e8e8")
        missing = 0
        for parent, local in zip(parents, locals_):
            if folded(parent):
                continue
            if parent in ids and (not kept_for or kept_for[parent] is (dot or v)):
                arrow(ids[parent], op_id, local)
            else:
                missing += 1
        if missing:  # summarized: this operation's other inputs, counted in one note
            note = f"hidden{notes}"
            notes += 1
            g.node(note, f"… {_count(missing, 'more input')}", shape="note", fillcolor="#f4f4f4")
            g.edge(note, op_id, style="dashed")

    if caption:
        legend = ", ".join(
            f"{ROLE_NAMES[r]} {r}{ROLE_NOTES.get(r, '')}" for r in ROLE_NAMES if r in shown
        )
        neuron_note = (
            "\\lan arrow into a neuron drawn as one operation, act(w·x+b), carries "
            "act's slope × ∂(w·x+b)/∂in"
            if neuron_ops
            else ""
        )
        if expand_neurons and any(v.op is not None and v.op.activation for v in order):
            neuron_note += (
                "\\leach neuron drawn as two steps: ∂(w·x+b)/∂in into ·, then act's slope; "
                "their product is the arrow of the neuron drawn as one operation"
            )
        cut = f"\\l… {hidden} earlier Values not drawn" if hidden else ""
        g.attr(
            label="arrow numbers: local derivative ∂out/∂in; a box's grad = sum over its "
            f"outgoing arrows of (number × grad of that operation's result){neuron_note}"
            f"\\lcolours: {legend}{cut}\\l",
            fontname="Helvetica",
            fontsize="10",
        )
    g.summary = f"computation graph: {_count(boxes, 'Value')}, {_count(circles, 'operation')}"
    if neuron_ops:
        g.summary += f" ({_count(neuron_ops, 'neuron')} drawn as one operation each)"
    if hidden:
        g.summary += f" ({hidden} earlier Values not drawn)"
    return g


def _escape_plain(text: str) -> str:
    r"""Text made safe in a plain (non-record) Graphviz label: only \ is special."""
    return text.replace("\\", "\\\\")


def _count(n: int, thing: str) -> str:
    """``1 Value``, ``2 Values``: a count with its noun in the right number."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def _op_label(
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
        (i, _number(p if isinstance(p, float) else p.data, digits))
        for i, p in enumerate(inputs)
        if isinstance(p, float) or folded(p)
    ]
    if len(inputs) == 2 and len(consts) == 1:
        i, c = consts[0]
        symbol = f"{c} {symbol}" if i == 0 else f"{symbol} {c}"
    elif consts:
        symbol = f"{symbol} {', '.join(c for _, c in consts)}"
    from autograd.render import literal_label

    return literal_label(symbol)  # a custom op's name is user text: shown as written
