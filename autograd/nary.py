"""Ops with many inputs: ``sum`` and ``dot`` as ONE node each, and ``apply`` for any op.

A chain of n - 1 additions is n - 1 nodes to make and walk; ``sum`` is one node with n
parents.  A neuron's ``w1*x1 + ... + wn*xn + b`` would be 2n nodes; ``dot`` is one.
``apply`` runs any table entry (or a ``custom_op``) on Values and numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from autograd import ops
from autograd.mode import read_grad_mode as _grad_mode
from autograd.ops import Op
from autograd.value import Number, Value, _check_number, _make, constant


def apply(op: Op, *inputs: Value | Number) -> Value:
    """Apply any op (from the table, a family, or ``custom_op``) to Values or numbers.

    Args:
        op: the operation.
        inputs: its inputs; plain numbers become constant leaves.

    Returns:
        The result node, recording ``op`` and its local partial derivatives.

    Raises:
        TypeError: if an input is neither a Value nor a number, or the op's forward
            does not return a number.
    """
    return _apply(op, inputs)


def _apply(op: Op, parents: tuple[Value | Number, ...]) -> Value:
    try:
        datas = [p.data for p in parents]  # type: ignore[union-attr]
    except AttributeError:  # some inputs are plain numbers (or wrong): the slow path
        parents = tuple(constant(x) for x in parents)
        datas = [p.data for p in parents]  # type: ignore[union-attr]
    try:
        out = op.forward(*datas)
    except TypeError:
        if op.arity is None or len(datas) == op.arity:
            raise
        raise TypeError(
            f"op {op.name!r} takes {op.arity} input{'s' * (op.arity != 1)}, got {len(datas)}"
        ) from None
    if type(out) is not float:
        out = _check_number(out, f"the result of op {op.name!r}")
    if op.pass_back is not None or not _grad_mode():  # no partials stored
        return _make(out, parents, None, op)  # type: ignore[arg-type]
    return _make(out, parents, tuple(op.partials(out, *datas)), op)  # type: ignore[arg-type]


def sum(values: Iterable[Value | Number]) -> Value:
    """Add many Values as ONE node (n parents), instead of a chain of n - 1 additions.

    Args:
        values: Values or numbers to add; an empty iterable gives 0.0.

    Returns:
        A Value whose local partial derivative with respect to each input is 1.
    """
    parents = tuple(values)
    total = 0.0
    try:
        for v in parents:  # ops.SUM's additions, in its order, read straight off the Values
            total += v.data  # type: ignore[union-attr]
    except AttributeError:  # a plain number among them: it becomes a constant leaf
        return _apply(ops.SUM, parents)
    return _make(total, parents, None, ops.SUM)  # type: ignore[arg-type]


def dot(
    weights: Sequence[Value | Number],
    inputs: Sequence[Value | Number],
    bias: Value | Number | None = None,
    activation: Op | None = None,
) -> Value:
    """The weighted sum ``w1*x1 + ... + wn*xn (+ bias)`` as ONE node.

    This is a neuron's ``w·x + b``: one node with 2n (+1) parents instead of 2n nodes,
    which makes networks faster and their pictures readable.  With an ``activation``
    the node is the whole neuron, ``act(w·x + b)`` (see ``ops.neuron``).

    Args:
        weights: w1 .. wn.
        inputs: x1 .. xn, as many as weights.
        bias: an optional b added to the sum.
        activation: an optional op applied to the sum in the same node: ``ops.RELU``,
            ``ops.TANH``, ``ops.SIGMOID`` or ``ops.leaky_relu(slope)``.

    Returns:
        A Value whose local partial derivatives are xi for wi, wi for xi and 1 for b
        (each times the activation's slope, with an activation).

    Raises:
        ValueError: if weights and inputs have different lengths, or for an activation
            whose slope cannot be read off its output.
        TypeError: for an activation that is not an Op (``"relu"`` for ``ops.RELU``).
    """
    if len(weights) != len(inputs):
        raise ValueError(
            f"dot() needs as many weights as inputs, got {len(weights)} weights "
            f"and {len(inputs)} inputs"
        )
    if activation is None:
        op = ops.DOT
    else:
        try:
            op = ops.neuron(activation)
        except TypeError:  # unhashable (a list): the cache cannot even look it up, so ask
            op = ops.neuron.__wrapped__(activation)  # the uncached one, which says why
    parents = (*weights, *inputs) if bias is None else (*weights, *inputs, bias)
    # The hot path of every neuron: ops.DOT's forward written out on the Values' data,
    # the same products added in the same order (so the same bits: a test checks it),
    # without first copying every number into a list of floats and slicing it in two.
    total = 0.0
    try:
        for w, x in zip(weights, inputs):
            total += w.data * x.data  # type: ignore[union-attr]
        if bias is not None:
            total += bias.data  # type: ignore[union-attr]
    except AttributeError:  # a plain number among them: it becomes a constant leaf
        return _apply(op, parents)
    if activation is not None:
        total = activation.forward(total)
    return _make(total, parents, None, op)  # type: ignore[arg-type]
