"""Derivatives as answers: ``grad``, ``jacobian`` and ``hessian``, leaving ``.grad`` alone.

* ``grad(outputs, inputs)`` returns the derivatives and, with ``create_graph=True``,
  returns them as Values that can be differentiated again (second, third ...
  derivatives);
* ``jacobian`` and ``hessian`` collect such derivatives into tables of numbers.

All three walk the graph as ``backward`` does, with the same products in the same
order, into a dictionary instead of ``.grad``.  Read ``autograd/reference.py`` first:
its ``backward`` is the same walk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from autograd.backward import check_recorded
from autograd.fused import DOT
from autograd.grad_mode import enable_grad
from autograd.graph import as_values, topological_order
from autograd.nodes import as_value
from autograd.numbers import Number, Scalar, as_float, check_number, times
from autograd.value import Value


@overload
def grad(
    outputs: Value | Sequence[Value],
    inputs: Value,
    grad_outputs: Sequence[Number] | None = None,
    create_graph: bool = False,
) -> Value: ...


@overload
def grad(
    outputs: Value | Sequence[Value],
    inputs: Sequence[Value],
    grad_outputs: Sequence[Number] | None = None,
    create_graph: bool = False,
) -> list[Value]: ...


def grad(
    outputs: Value | Sequence[Value],
    inputs: Value | Sequence[Value],
    grad_outputs: Sequence[Number] | None = None,
    create_graph: bool = False,
) -> Value | list[Value]:
    """Partial derivatives of outputs with respect to inputs, leaving ``.grad`` alone.

    With several outputs the result is the derivative of their weighted sum
    ``sum(w_i * output_i)`` with weights ``grad_outputs`` (all 1 by default).

    Args:
        outputs: a Value or a sequence of Values.
        inputs: a Value (you get one Value back) or a sequence (you get a list back).
        grad_outputs: one weight per output.
        create_graph: if True the answers are Values with their own graph, so you can
            differentiate them again: ``grad(grad(y, x, create_graph=True), x)`` is
            the second derivative.  If False they are plain leaves (faster).

    Returns:
        d(outputs)/d(input) for each input; 0.0 for an input the outputs do not use.

    Raises:
        TypeError: if outputs or inputs are not Values.
        ValueError: if ``grad_outputs`` does not have one weight per output.
    """
    outs = as_values(outputs, "grad() outputs")
    for out in outs:
        check_recorded(out, "grad()")
    ins = as_values(inputs, "grad() inputs")
    if grad_outputs is None:
        weights = [1.0] * len(outs)
    else:
        weights = [check_number(w, "grad_outputs") for w in grad_outputs]
        if len(weights) != len(outs):
            raise ValueError(
                f"grad() needs one grad_outputs weight per output: got {len(weights)} "
                f"weights for {len(outs)} outputs"
            )
    if create_graph:
        # Asking for a graph of the derivative records it even inside no_grad() (as in
        # PyTorch): otherwise hessian() there would silently answer 0.
        with enable_grad():
            found = _chain_rule(outs, weights, on_values=True)
        answers = [as_value(found.get(x, 0.0)) for x in ins]
    else:
        found = _chain_rule(outs, weights, on_values=False)
        answers = [Value(as_float(found.get(x, 0.0))) for x in ins]
    return answers[0] if isinstance(inputs, Value) else answers


def _chain_rule(outs: list[Value], weights: list[float], on_values: bool) -> dict[Value, Scalar]:
    """d(sum of weight * out)/d(node) for every node above outs: backward, into a dict.

    The same walk and the same products as ``backward``, on floats (the numbers the
    nodes stored), or on Values (each local derivative recomputed from the op's rule on
    the parent Values, so every product and sum is recorded and the answer can be
    differentiated again).
    """
    grads: dict[Value, Scalar] = {}
    for out, weight in zip(outs, weights):
        grads[out] = grads.get(out, 0.0) + weight
    for node in reversed(topological_order(outs, leaves=False)):
        g = grads.get(node)
        if g is None or (type(g) is float and g == 0.0):
            continue  # nothing flows back from here, as in backward
        for parent, term in _edges(node, g, on_values):
            # The first contribution is stored as it is, so no "0 + ..." node is recorded.
            grads[parent] = grads[parent] + term if parent in grads else term
    return grads


def _edges(node: Value, g: Scalar, on_values: bool) -> list[tuple[Value, Scalar]]:
    """What node passes to each parent: ``local * g``, as backward computes it.

    The product is ``numbers.times``: a zero local derivative stops the gradient, even
    an infinite one, on floats and on Values alike.
    """
    op = node.op
    if op is None:
        raise ValueError(f"node {node!r} has parents but no op")
    activation = op.activation
    if activation is not None:  # a neuron: g times the activation's slope first, as
        # backward does (fused.neuron), then dot's local derivatives
        out = node if on_values else node._local_grads[-1]
        g = times(activation.local_grad_from_output(out), g)  # type: ignore[misc]
        if type(g) is float and g == 0.0:
            return []
        op = DOT
    if on_values:
        local_grads = op.local_grads(node, *[as_value(x) for x in node.inputs])
        if op.number_at is not None:  # the number inside the node (2 in x * 2) gets none
            local_grads = tuple(d for i, d in enumerate(local_grads) if i != op.number_at)
    elif op is DOT:
        local_grads = DOT.fused.local_grads_of(node)  # type: ignore[union-attr]
    else:
        local_grads = node.local_grads
    if len(local_grads) != len(node.parents):
        raise ValueError(
            f"op {op.name!r} returned {len(local_grads)} local derivatives for "
            f"{len(node.parents)} inputs"
        )
    return [(parent, times(local, g)) for parent, local in zip(node.parents, local_grads)]


def jacobian(outputs: Sequence[Value], inputs: Sequence[Value]) -> list[list[float]]:
    """The table of partials d(output_i)/d(input_j): one row per output.

    This is the article's "several outputs": each output has its own partial
    derivative with respect to every input.
    """
    outs = as_values(outputs, "jacobian() outputs")
    ins = as_values(inputs, "jacobian() inputs")
    rows = []
    for out in outs:
        check_recorded(out, "jacobian()")  # made in no_grad(): refuse, as grad() does
        found = _chain_rule([out], [1.0], on_values=False)
        rows.append([as_float(found.get(x, 0.0)) for x in ins])
    return rows


def hessian(output: Value, inputs: Value | Sequence[Value]) -> list[list[float]]:
    """The table of second partials d²(output)/d(input_i)d(input_j).

    Built by differentiating the gradient (made with ``create_graph=True``) once more.
    A single Value as ``inputs`` gives the 1 x 1 table ``[[d²(output)/d(input)²]]``.
    """
    ins = as_values(inputs, "hessian() inputs")
    first = grad(output, ins, create_graph=True)
    return jacobian(first, ins)
