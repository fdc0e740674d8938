"""Fused ops: ``sum``, ``dot`` and the neuron ``act(w·x + b)``, each ONE node however many inputs.

A chain of n - 1 additions is n - 1 nodes to make and walk; ``sum`` is one node with n
parents.  A neuron's ``w1*x1 + ... + wn*xn + b`` would be 2n nodes; ``dot`` is one, and
with an activation (``dot(w, x, b, activation=ops.TANH)``) the whole neuron is one.

Everything about each of them is written once, here, side by side: its forward on
floats, its local derivatives, backward's chain-rule step, and the lines
``autograd.compile`` writes for it.  Read ``autograd/reference.py`` first: these ops
compute exactly what a chain of ``+`` and ``*`` would, with fewer, bigger nodes.

What a fused node keeps for backward: the numbers its local derivatives are made of,
taken at forward time (a ``dot`` node's local derivative for weight i is input i's
data; for input i, weight i's data).  It keeps them in one list, the weights' data,
then the list of the inputs' data (shared by a layer's neurons), then, for a neuron,
its output: ``[w1 .. wn, [x1 .. xn], out]``.  An elementary node keeps a tuple of its
local derivatives instead; building the 2n derivatives of a neuron once more would
cost as much as the neuron itself.  So like every node, a fused node gives
backward the derivative of the function computed in the forward pass, whatever
happens to its inputs' ``.data`` afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from autograd import nodes
from autograd.grad_mode import read_grad_mode
from autograd.nodes import as_value, make_node
from autograd.numbers import Number, Scalar, as_float, times
from autograd.op import CHUNK, Op, Ref, edges
from autograd.ops import RELU
from autograd.value import Value


@dataclass(frozen=True)
class FusedRules:
    """How nodes of a fused op are made and how backward passes a gradient through them.

    Attributes:
        make: builds the node from its parents (Values), as ``apply(op, ...)`` needs.
        pass_back: backward's chain-rule step, ``parent.grad += local * g`` for every
            parent, called as ``pass_back(node, g)``, from the numbers the node saved.
            Backward calls it with a finite, nonzero g only (an infinite or NaN g goes
            edge by edge through ``numbers.times``, so a zero local derivative stops it).
        local_grads_of: the node's local derivatives, one per parent, from those numbers.
    """

    make: Callable[[tuple[Value, ...]], Value]
    pass_back: Callable[[Value, float], None]
    local_grads_of: Callable[[Value], tuple[float, ...]]


# --- sum: x1 + x2 + ... + xn ---------------------------------------------------------


def add_up(numbers: Sequence[float]) -> float:
    """x1 + x2 + ... + xn on floats, one addition at a time from 0.0 (sum's forward)."""
    total = 0.0
    for x in numbers:
        total += x
    return total


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


def _sum_pass_back(node: Value, g: float) -> None:
    for p in node.parents:  # every local derivative of a sum is 1.0, and 1.0 * g is g
        p.grad += g


def _sum_code(out: str, ins: list[str], ref: Ref) -> list[str]:
    return _added_up(out, ins)


def _added_up(out: str, terms: list[str]) -> list[str]:
    # add_up's additions in its order: 0.0 + t1 + t2 + ..., a chunk of terms per line.
    lines = [f"{out} = 0.0"]
    for i in range(0, len(terms), CHUNK):
        lines.append(f"{out} = {out} + " + " + ".join(terms[i : i + CHUNK]))
    return lines


# d(x1 + x2 + ... + xn)/dxi = 1.  One node however many inputs.
SUM = Op(
    name="sum",
    forward=lambda *xs: add_up(xs),
    local_grads=lambda out, *xs: (1.0,) * len(xs),
    symbol="Σ",
    arity=None,
    forward_code=_sum_code,
    backward_code=lambda out, ins, to, ref: edges(to, ["gk"] * len(to)),
    fused=FusedRules(
        make=lambda parents: sum(parents),
        pass_back=_sum_pass_back,
        local_grads_of=lambda node: (1.0,) * len(node.parents),
    ),
)


# --- dot: w1*x1 + ... + wn*xn (+ b) ----------------------------------------------------


def weighted_sum(
    weights: Sequence[float], inputs: Sequence[float], bias: float | None = None
) -> float:
    """w1*x1 + ... + wn*xn (+ b) on floats, one term at a time from 0.0 (dot's forward).

    ``nn``'s float-only forward and ``autograd.compile`` compute exactly these additions,
    in this order, so all three give the same bits.
    """
    total = 0.0
    for w, x in zip(weights, inputs):
        total += w * x
    if bias is not None:
        total += bias
    return total


def _split(args: Sequence[Any]) -> tuple[Sequence[Any], Sequence[Any], Any]:
    """A dot's inputs in table order (weights, then inputs, then an optional bias), apart."""
    n = len(args) // 2
    return args[:n], args[n : 2 * n], (args[-1] if len(args) % 2 else None)


def _dot_forward(*args: float) -> float:
    return weighted_sum(*_split(args))


def _dot_local_grads(out: Scalar, *args: Scalar) -> tuple[Scalar, ...]:
    """(x1 .. xn, w1 .. wn, 1.0 if there is a bias): w·x + b's local derivatives."""
    weights, inputs, bias = _split(args)
    return (*inputs, *weights) if bias is None else (*inputs, *weights, 1.0)


def _dot_local_grads_of(node: Value) -> tuple[float, ...]:
    saved = node._local_grads  # [w1 .. wn, [x1 .. xn](, out)], saved at forward time
    n = len(node.parents) // 2
    bias = (1.0,) if len(node.parents) % 2 else ()
    return (*saved[n], *saved[:n], *bias)


def _dot_pass_back(node: Value, g: float) -> None:
    # parent.grad += local * g with the local derivatives in their order: each weight
    # gets its input's saved data times g, each input its weight's, then the bias g.
    saved = node._local_grads  # [w1 .. wn, [x1 .. xn](, out)], saved at forward time
    parents = node.parents
    n = len(parents) // 2
    for w, x in zip(parents, saved[n]):
        w.grad += x * g
    for x, w in zip(parents[n : 2 * n], saved):  # zip stops after the n weights
        x.grad += w * g
    if len(parents) > 2 * n:
        parents[-1].grad += g


def _dot_code(out: str, ins: list[str], ref: Ref) -> list[str]:
    weights, inputs, bias = _split(ins)
    terms = [f"{w} * {x}" for w, x in zip(weights, inputs)]
    return _added_up(out, terms if bias is None else [*terms, bias])


def _dot_backward_code(out: str, ins: list[str], to: list[str | None], ref: Ref) -> list[str]:
    weights, inputs, bias = _split(ins)
    to_weights, to_inputs, to_bias = _split(to)
    lines = edges(to_weights, [f"{x} * gk" for x in inputs])
    lines += edges(to_inputs, [f"{w} * gk" for w in weights])
    if bias is not None:
        lines += edges([to_bias], ["gk"])
    return lines


def _make_dot(parents: tuple[Value, ...], activation: Op | None = None) -> Value:
    weights, inputs, bias = _split(parents)
    return dot(weights, inputs, bias, activation)


# d(w·x + b)/dwi = xi, d/dxi = wi, d/db = 1.  One node for a whole weighted sum.
DOT = Op(
    name="dot",
    forward=_dot_forward,
    local_grads=_dot_local_grads,
    symbol="·",
    arity=None,
    forward_code=_dot_code,
    backward_code=_dot_backward_code,
    fused=FusedRules(make=_make_dot, pass_back=_dot_pass_back, local_grads_of=_dot_local_grads_of),
)


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
        node.label = ""
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


# --- neurons: act(w·x + b) -------------------------------------------------------------


@lru_cache(maxsize=256)
def neuron(activation: Op) -> Op:
    """The op ``activation(w·x + b)``: a whole neuron as ONE node (one Op per activation).

    Its inputs are those of ``dot`` (weights, then inputs, then an optional bias).  By
    the chain rule its local derivatives are dot's times the activation's at this point,
    ``act'(z) * x_i`` for weight i: one factor shared by every edge.  Backward reads that
    factor off the node's output (``local_grad_from_output``), multiplies the incoming
    gradient by it, and passes the product back as dot would: the numbers are bit for
    bit those of a dot node followed by an activation node, with half the nodes.

    Raises:
        TypeError: for an activation that is not an Op (a name, a function).
        ValueError: for an activation whose local derivative cannot be read off its output.
    """
    if not isinstance(activation, Op):  # e.g. "relu" or Value.tanh for ops.RELU, ops.TANH
        raise TypeError(
            "a neuron's activation must be one of ops.RELU, ops.TANH, ops.SIGMOID or "
            f"ops.leaky_relu(slope), got {type(activation).__name__}: {activation!r}"
        )
    slope = activation.local_grad_from_output
    if slope is None:
        raise ValueError(
            "a neuron op needs an activation whose local derivative can be read off its "
            "output (relu, tanh, sigmoid, leaky_relu with a slope >= 0), got "
            f"{activation.name!r}; apply it to the dot node instead"
        )
    act = activation.forward

    def forward(*args: float) -> float:
        return act(_dot_forward(*args))

    def local_grads(out: Scalar, *args: Scalar) -> tuple[Scalar, ...]:
        s = slope(out)  # d act/dz, then dz/d(input) is dot's local derivative
        return tuple(times(s, d) for d in _dot_local_grads(out, *args))

    def local_grads_of(node: Value) -> tuple[float, ...]:
        s = as_float(slope(node._local_grads[-1]))  # from the output saved at forward time
        return tuple(as_float(times(s, d)) for d in _dot_local_grads_of(node))

    def pass_back(node: Value, g: float) -> None:
        # g is finite (see FusedRules), and so is the slope: their product is times()'s
        g = slope(node._local_grads[-1]) * g  # type: ignore[assignment]  # dot's grad
        if g != 0.0:  # as backward skips a dot node with nothing to pass on
            _dot_pass_back(node, g)

    def forward_code(out: str, ins: list[str], ref: Ref) -> list[str]:
        if activation is RELU:  # written out, as the relu entry's own line
            return [*_dot_code(out, ins, ref), *RELU.forward_code(out, [out], ref)]  # type: ignore[misc]
        return [*_dot_code(out, ins, ref), f"{out} = {ref(act)}({out})"]

    def backward_code(out: str, ins: list[str], to: list[str | None], ref: Ref) -> list[str]:
        body = _dot_backward_code(out, ins, to, ref)
        if not body:
            return []
        if activation is RELU:  # relu_slope(out) * g, where 1.0 * g is g
            first = f"gk = gk if {out} > 0.0 else 0.0"
        else:
            first = f"gk = {ref(slope)}({out}) * gk"
        return [first, "if gk != 0.0:", *["    " + line for line in body]]

    name, shown = activation.name, activation.symbol or activation.name
    return Op(
        name=f"{name}(dot)",
        forward=forward,
        local_grads=local_grads,
        symbol=f"{shown}(w{DOT.symbol}x+b)",
        arity=None,
        forward_code=forward_code,
        backward_code=backward_code,
        fused=FusedRules(
            make=lambda parents: _make_dot(parents, activation),
            pass_back=pass_back,
            local_grads_of=local_grads_of,
        ),
        activation=activation,
    )


FUSED_OPS: dict[str, Op] = {SUM.name: SUM, DOT.name: DOT}
"""The fused ops by name (neurons are a family: ``neuron(activation)``)."""
