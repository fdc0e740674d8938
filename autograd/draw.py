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

from collections.abc import Iterable, Sequence
from typing import Any

from autograd.draw_neurons import too_big_message
from autograd.graph import topological_order
from autograd.graph_picture import GraphPicture
from autograd.labels import count_text
from autograd.roles import parameter_set
from autograd.summary import SUMMARY_WIDTH, nearest
from autograd.value import Value

RANKDIRS = ("LR", "RL", "TB", "BT")


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
    picture = GraphPicture(
        roots, parameter_set(params), digits, collapse_constants, collapse_neurons, expand_neurons
    )
    order = topological_order(roots)
    total = picture.boxes_of(order)
    hidden = 0
    if total > max_nodes:
        if not summarize:
            raise ValueError(
                too_big_message(total, max_nodes, collapse_constants, collapse_neurons)
            )
        picture.kept_for = nearest(roots, max_nodes, SUMMARY_WIDTH)
        order = list(picture.kept_for)
        hidden = total - picture.boxes_of(order)
    g = picture.draw(order, rankdir)
    if caption:
        picture.add_caption(order, hidden)
    g.summary = f"computation graph: {count_text(picture.boxes, 'Value')}, " + count_text(
        picture.circles, "operation"
    )
    if picture.neuron_ops:
        g.summary += f" ({count_text(picture.neuron_ops, 'neuron')} drawn as one operation each)"
    if hidden:
        g.summary += f" ({hidden} earlier Values not drawn)"
    return g
