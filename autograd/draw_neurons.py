"""Neurons in pictures: which nodes ``draw_graph`` may draw as one operation ``act(w·x+b)``.

A network's graph is mostly neurons, ``act(w·x + b)``.  ``nn`` makes its relu, tanh,
sigmoid and leaky_relu neurons as ONE node each (``autograd.dot(w, x, b, activation=op)``),
already one operation in a picture.  A neuron built by hand as ``autograd.dot(...).tanh()``,
or by ``nn`` with a custom activation function, is two nodes: a ``dot`` node (the whole
weighted sum) and a one-input activation on top, drawn as two operations and a box in
between.  :func:`neurons` finds those that can be drawn as ONE operation without
changing what the picture says (the weighted sum feeds nothing else), and
:func:`neuron_symbol` names a neuron's operation, however it was built.  The chain rule
for the arrows into it is applied in ``autograd.draw``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from autograd.fused import DOT
from autograd.op import Op
from autograd.value import Value


def neurons(order: Sequence[Value], roots: Iterable[Value] = ()) -> dict[Value, Value]:
    """The neurons in a graph that can be drawn as one operation: activation -> its dot.

    A neuron here is a one-input operation (relu, tanh, σ, leaky_relu, any other) whose
    input is a ``dot`` node (``w·x + b``) that nothing else among ``order`` uses and that
    is not itself a result.  It is found from the graph alone: no ``nn`` needed.

    Args:
        order: the Values drawn (each once).
        roots: the results, which are always drawn as boxes of their own.

    Returns:
        ``{activation node: its dot node}``, in the order of ``order``.
    """
    uses: dict[Value, int] = {}
    for v in order:
        for p in v.parents:
            uses[p] = uses.get(p, 0) + 1
    drawn, results = set(order), set(roots)
    found: dict[Value, Value] = {}
    for v in order:
        if v.op is None or v.op.arity != 1 or len(v.parents) != 1:
            continue
        dot = v.parents[0]
        if dot.op is DOT and dot in drawn and uses[dot] == 1 and dot not in results:
            found[v] = dot
    return found


def neuron_symbol(activation: Op, dot: Value) -> str:
    """How a neuron is written: ``relu(w·x+b)``, ``σ(w·x)``, ``(w·x+b)**2``.

    Args:
        activation: the op applied to the weighted sum.
        dot: the node holding the weighted sum: a ``dot`` node, or a neuron that is one
            node.  Its parents are the weights, the inputs, then the bias if there is
            one, so an odd number of parents means a bias (and ``+b`` in the name).
    """
    inside = f"w{DOT.symbol}x" + ("+b" if len(dot.parents) % 2 else "")
    symbol = activation.symbol or activation.name
    return f"({inside}){symbol}" if symbol.startswith("**") else f"{symbol}({inside})"


def too_big_message(total: int, max_nodes: int, constants: bool, neuron_ops: bool) -> str:
    """The message refusing a graph of ``total`` Values, with the ways out not yet taken."""
    ways = [
        "Pass summarize=True for a readable picture of the part nearest the result (at "
        f"most {max_nodes} Values, a few a column, the rest counted in notes)",
        f"max_nodes={total} to draw it all anyway",
    ]
    if not constants:
        ways.append("collapse_constants=True to write plain numbers inside their operations")
    if not neuron_ops:
        ways.append("collapse_neurons=True to draw each neuron act(w·x+b) as one operation")
    return (
        f"draw_graph: this graph has {total} Values, more than max_nodes={max_nodes}; "
        "a picture that big is unreadable and slow to lay out. "
        + ", ".join(ways)
        + "; or draw a smaller piece: one sample's graph instead of a loss over many "
        "(with nn: model.graph(x)), or one neuron's output."
    )
