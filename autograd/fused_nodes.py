"""The nodes of the fused ops: ``sum``, ``dot`` and ``layer``.

The ops themselves (each one's forward, local derivatives, chain-rule step and compile
template) are in ``autograd/fused.py``; these functions make their nodes from Values,
fast: a neuron's forward is its biggest cost in a network.  ``layer`` makes a whole
layer of neurons over the same inputs, reading the inputs' numbers once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from autograd import nodes
from autograd.fused import DOT, SUM, add_up, neuron, weighted_sum
from autograd.grad_mode import read_grad_mode
from autograd.nodes import as_value, make_node
from autograd.numbers import Number
from autograd.op import Op
from autograd.value import Value


def sum(values: Iterable[Value | Number]) -> Value:
    """Add many Values as ONE node (n parents), instead of a chain of n - 1 additions.

    Args:
        values: Values or numbers to add; an empty iterable gives 0.0.

    Returns:
        A Value whose local derivative with respect to each input is 1.
    """
    parents = tuple(values)
    try:
        total = add_up([v.data for v in parents])  # type: ignore[union-attr]
    except (AttributeError, TypeError):  # a number among them (numpy's .data is a buffer)
        total = None
    if type(total) is not float:  # so each plain number becomes a constant leaf
        return sum([as_value(v) for v in parents])
    return make_node(total, parents, _NOTHING_SAVED, SUM)  # type: ignore[arg-type]


_NOTHING_SAVED: list[Any] = []
"""What a sum node saves for backward (its local derivatives are all 1): shared, never changed."""


def dot(
    weights: Sequence[Value | Number],
    inputs: Sequence[Value | Number],
    bias: Value | Number | None = None,
    activation: Op | None = None,
) -> Value:
    """The weighted sum ``w1*x1 + ... + wn*xn (+ bias)`` as ONE node.

    This is a neuron's ``w·x + b``: one node with 2n (+1) parents instead of 2n nodes,
    which makes networks faster and their pictures readable.  With an ``activation``
    the node is the whole neuron, ``act(w·x + b)`` (see :func:`neuron`).

    Args:
        weights: w1 .. wn.
        inputs: x1 .. xn, as many as weights.
        bias: an optional b added to the sum.
        activation: an optional op applied to the sum in the same node: ``ops.RELU``,
            ``ops.TANH``, ``ops.SIGMOID`` or ``ops.leaky_relu(slope)``.

    Returns:
        A Value whose local derivatives are xi for wi, wi for xi and 1 for b (each
        times the activation's local derivative, with an activation).

    Raises:
        ValueError: if weights and inputs have different lengths, or for an activation
            whose local derivative cannot be read off its output.
        TypeError: for an activation that is not an Op (``"relu"`` for ``ops.RELU``).
    """
    if len(weights) != len(inputs):
        raise ValueError(
            f"dot() needs as many weights as inputs, got {len(weights)} weights "
            f"and {len(inputs)} inputs"
        )
    if activation is None:
        op = DOT
    else:
        try:
            op = neuron(activation)
        except TypeError:  # unhashable (a list): the cache cannot even look it up, so ask
            op = neuron.__wrapped__(activation)  # the uncached one, which says why
    try:
        inputs_data = [x.data for x in inputs]  # type: ignore[union-attr]
        nodes = _dot_nodes([weights], [bias], inputs, inputs_data, op)  # type: ignore[arg-type, list-item]
    except (AttributeError, TypeError):  # a number among them (numpy's .data is a buffer)
        nodes = None
    if nodes is None:  # so each plain number becomes a constant leaf
        return dot(
            [as_value(w) for w in weights],
            [as_value(x) for x in inputs],
            None if bias is None else as_value(bias),
            activation,
        )
    return nodes[0]


def layer(
    weights: Sequence[Sequence[Value]],
    biases: Sequence[Value],
    inputs: Sequence[Value],
    activation: Op | None = None,
) -> list[Value]:
    """A layer of neurons over the same inputs: ``dot(w, inputs, b, activation)`` for each.

    The nodes are those ``dot`` makes, one per row of weights; making them together
    saves reading the inputs' numbers once per neuron: the nodes share the one list of
    them they save for backward.

    Args:
        weights: one row of weights per neuron, each as long as ``inputs``.
        biases: one bias per neuron.
        inputs: the Values every neuron reads.
        activation: as for ``dot``.

    Returns:
        One node per neuron, in order.

    Raises:
        ValueError, TypeError: as ``dot``, for the first neuron they concern.
    """
    if len(weights) == len(biases):
        op = DOT if activation is None else neuron(activation)
        try:
            nodes = _dot_nodes(weights, biases, inputs, [x.data for x in inputs], op)
        except (AttributeError, TypeError):  # not all Values
            nodes = None
        if nodes is not None:
            return nodes
    # dot says what is wrong, or makes constant leaves of plain numbers
    return [dot(w, inputs, b, activation) for w, b in zip(weights, biases, strict=True)]


def _dot_nodes(
    weights: Sequence[Sequence[Value]],
    biases: Sequence[Value | None],
    inputs: Sequence[Value],
    inputs_data: list[float],
    op: Op,
) -> list[Value] | None:
    """dot's nodes for rows of weights over inputs whose numbers were read already.

    Each node saves, for backward, the numbers its local derivatives are made of, in
    one list: its weights' numbers, then the list of the inputs' (one, shared by all
    the nodes), then, for a neuron, its output: ``[w1 .. wn, [x1 .. xn], out]``.
    None if a number is not a float, or a row's length not the inputs'.  The node's
    slots are filled here, as in ``make_node`` (one call less per neuron).
    """
    made: list[Value] = []
    act = None if op.activation is None else op.activation.forward
    recording = read_grad_mode()
    new = nodes.allocate  # looked up now: compile may have swapped it
    n = len(inputs)
    for ws, bias in zip(weights, biases):
        if len(ws) != n:
            return None  # (dot says what is wrong)
        saved: list[Any] = [w.data for w in ws]  # the weights' numbers, then the inputs'
        out = weighted_sum(saved, inputs_data, None if bias is None else bias.data)
        if type(out) is not float:
            return None
        saved.append(inputs_data)
        node = new(Value)
        node.grad = 0.0
        node.op = op
        if act is None:
            node.data = out
        else:
            node.data = out = act(out)
            saved.append(out)
        if recording:
            node.parents = (*ws, *inputs) if bias is None else (*ws, *inputs, bias)
            node._local_grads = saved
        else:
            node.parents = node._local_grads = ()
        made.append(node)
    return made
