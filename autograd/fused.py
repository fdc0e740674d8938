"""Fused ops: ``sum``, ``dot`` and the neuron ``act(w·x + b)``, each ONE node however many inputs.

A chain of n - 1 additions is n - 1 nodes to make and walk; ``sum`` is one node with n
parents.  A neuron's ``w1*x1 + ... + wn*xn + b`` would be 2n nodes; ``dot`` is one, and
with an activation (``dot(w, x, b, activation=ops.TANH)``) the whole neuron is one.

Everything about each of them is written once, here, side by side: its forward on
floats, its local derivatives, backward's chain-rule step, and the lines
``autograd.compile`` writes for it.  Their nodes are made by ``autograd/fused_nodes.py``
(``sum``, ``dot`` and ``layer``).  Read ``autograd/reference.py`` first: these ops
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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from autograd.numbers import Scalar, as_float, times
from autograd.op import CHUNK, Op, Ref, edges
from autograd.ops import RELU

if TYPE_CHECKING:
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
        make=lambda parents: _fused_nodes().sum(parents),
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


def split_dot_inputs(args: Sequence[Any]) -> tuple[Sequence[Any], Sequence[Any], Any]:
    """A dot's inputs in table order (weights, then inputs, then an optional bias), apart."""
    n = len(args) // 2
    return args[:n], args[n : 2 * n], (args[-1] if len(args) % 2 else None)


def _dot_forward(*args: float) -> float:
    return weighted_sum(*split_dot_inputs(args))


def _dot_local_grads(out: Scalar, *args: Scalar) -> tuple[Scalar, ...]:
    """(x1 .. xn, w1 .. wn, 1.0 if there is a bias): w·x + b's local derivatives."""
    weights, inputs, bias = split_dot_inputs(args)
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
    weights, inputs, bias = split_dot_inputs(ins)
    terms = [f"{w} * {x}" for w, x in zip(weights, inputs)]
    return _added_up(out, terms if bias is None else [*terms, bias])


def _dot_backward_code(out: str, ins: list[str], to: list[str | None], ref: Ref) -> list[str]:
    weights, inputs, bias = split_dot_inputs(ins)
    to_weights, to_inputs, to_bias = split_dot_inputs(to)
    lines = edges(to_weights, [f"{x} * gk" for x in inputs])
    lines += edges(to_inputs, [f"{w} * gk" for w in weights])
    if bias is not None:
        lines += edges([to_bias], ["gk"])
    return lines


def _make_dot(parents: tuple[Value, ...], activation: Op | None = None) -> Value:
    weights, inputs, bias = split_dot_inputs(parents)
    node: Value = _fused_nodes().dot(weights, inputs, bias, activation)
    return node


def _fused_nodes() -> Any:
    """autograd.fused_nodes, which makes these ops' nodes (it imports this file)."""
    from autograd import fused_nodes

    return fused_nodes


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
