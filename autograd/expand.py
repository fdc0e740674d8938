"""A neuron node taken apart: the weighted sum ``w·x + b``, then the activation.

``autograd.dot(w, x, b, activation=ops.RELU)`` (how ``nn`` makes its relu, tanh,
sigmoid and leaky_relu neurons) is ONE node: it stores the chain rule already done,
activation slope × ∂(w·x+b)/∂in, on each of its inputs.  To show the chain rule
happening, ``draw_graph(y, expand_neurons=True)`` draws such a node as the two steps
it fuses.  :func:`neuron_steps` works out what those steps hold, with the same rules
the engine uses (the ``dot`` op's forward and local derivatives, the activation's
slope read off the neuron's output), so the two arrows' numbers multiply to the fused
arrow's.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd.fused import DOT
from autograd.numbers import as_float
from autograd.value import Value


@dataclass(frozen=True)
class NeuronSteps:
    """The two steps of one neuron node ``act(w·x + b)``.

    Attributes:
        name: what the weighted sum is: ``w·x+b`` (``w·x`` for a neuron without bias).
        weighted_sum: ``z = w·x + b``, the number between the two steps.
        sum_grads: ∂z/∂in for each of the node's inputs (x_i for weight i, w_i for
            input i, 1 for the bias): the arrows into the weighted sum.
        slope: ∂act/∂z, the activation's slope at z: the arrow into the activation.
        grad: ∂result/∂z, the grad the weighted sum would have: slope × the node's grad.
    """

    name: str
    weighted_sum: float
    sum_grads: tuple[float, ...]
    slope: float
    grad: float


def neuron_steps(node: Value) -> NeuronSteps:
    """Take a neuron node apart (``node.op.activation`` must be set).

    Raises:
        ValueError: for a node that is not a neuron made by ``dot(..., activation=op)``.
    """
    op = node.op
    activation = op.activation if op is not None else None
    slope_rule = activation.local_grad_from_output if activation is not None else None
    if slope_rule is None or not node.parents:
        raise ValueError(f"neuron_steps needs a neuron node (dot with an activation), got {node!r}")
    inputs = [p.data for p in node.parents]
    z = DOT.forward(*inputs)
    slope = as_float(slope_rule(node.data))  # the very slope backward uses
    sum_grads = tuple(as_float(d) for d in DOT.local_grads(z, *inputs))
    # inputs: the weights, the inputs, then the bias if there is one (an odd count)
    name = f"w{DOT.symbol}x" + ("+b" if len(inputs) % 2 else "")
    return NeuronSteps(name, z, sum_grads, slope, slope * node.grad)
