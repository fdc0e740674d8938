"""Backpropagation: ``backward()`` fills in ``.grad`` from the result back to the inputs.

Read ``autograd/reference.py`` first: its ``backward`` is this one without the speed
tricks.  The rule is the chain rule, one line: walking the nodes from the result back,
every node passes ``local_grad * node.grad`` to each of its parents, where they add up.
"""

from __future__ import annotations

from collections.abc import Iterable

from autograd.graph import topological_order
from autograd.numbers import check_number, times
from autograd.ops import CONST
from autograd.value import Value


def backward(root: Value, gradient: float = 1.0) -> None:
    """Fill in ``.grad`` of every Value that ``root`` depends on.

    Leaf gradients accumulate (``+=``) across calls, interior gradients are reset to
    this call's values first.  See ``Value.backward``.

    Args:
        root: the result to differentiate.
        gradient: d(final)/d(root), 1.0 by default.

    Raises:
        TypeError: if root is not a Value, gradient not a number, or a ``.grad`` is not
            a number.
        RuntimeError: if root was computed inside ``no_grad()``.
    """
    gradient = check_number(gradient, "backward() gradient")
    if not isinstance(root, Value):
        raise TypeError(f"backward() needs a Value, got {type(root).__name__}: {root!r}")
    check_recorded(root, "backward()")
    order = topological_order(root, leaves=False)
    for node in order:
        node.grad = 0.0
    try:
        root.grad += gradient
        _pass_back(order)
    except TypeError:
        _check_grads(order, root)
        raise


def _pass_back(order: list[Value]) -> None:
    """The chain rule over the interior nodes, from the root back: parent.grad += local * g.

    The product follows the engine's one rule for it (``numbers.times``): a zero local
    derivative stops the gradient, even an infinite one.
    """
    for node in reversed(order):
        g = node.grad
        if g == 0.0:
            continue  # nothing flows back from here (e.g. a relu that was off)
        if g - g != 0.0:  # g is inf or nan: the rule itself, edge by edge (see times)
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += times(local, g)
            continue
        # From here g is a finite number, so local * g is exactly what times() gives: a
        # zero local derivative gives a zero product without asking.
        local_grads = node._local_grads
        if type(local_grads) is not tuple:  # a sum, dot or neuron node: its op passes g back
            node.op.fused.pass_back(node, g)  # type: ignore[union-attr]
            continue
        # A speed trick: nearly every node has one or two parents, and unpacking them is
        # faster than the zip loop below (same additions, same order).
        parents = node.parents
        if len(parents) == 2:
            a, b = parents
            local_a, local_b = local_grads
            a.grad += local_a * g
            b.grad += local_b * g
        elif len(parents) == 1:
            parents[0].grad += local_grads[0] * g
        else:
            for parent, local in zip(parents, local_grads):
                parent.grad += local * g


def check_recorded(root: Value, caller: str) -> None:
    """Refuse a result that was computed inside ``no_grad()``: nothing could flow back.

    A ``sum`` or ``dot`` of nothing has no inputs either, and looks just the same.

    Raises:
        RuntimeError: naming the caller and what to do instead.
    """
    if not root.parents and root.op is not None and root.op is not CONST:
        empty = (
            f" (or it is a {root.op.name} of no inputs at all: is a list you summed empty?)"
            if root.op.arity is None
            else ""
        )
        raise RuntimeError(
            f"{caller}: this Value (data={root.data!r}, made by {root.op.name!r}) was "
            f"computed inside no_grad(){empty}, so it remembers no inputs and no gradient "
            "can flow back to them; compute it outside `with no_grad():`"
        )


def _check_grads(order: list[Value], root: Value) -> None:
    """After a TypeError in backward: name a ``.grad`` that is not a number, if any."""
    for node in (root, *order, *(p for n in order for p in n.parents)):
        if type(node.grad) is not float:
            raise TypeError(
                f"backward(): a Value's .grad is {node.grad!r} ({node!r}); gradients are "
                "numbers: reset them with v.grad = 0.0 or autograd.zero_grad([...]), "
                "not None"
            ) from None


def zero_grad(values: Value | Iterable[Value]) -> None:
    """Set ``.grad`` of each Value back to 0.0 (do this between training steps).

    Args:
        values: Values (a list, or one Value).

    Raises:
        TypeError: for anything else (a model has its own ``model.zero_grad()``).
    """
    if isinstance(values, Value):
        values.grad = 0.0
        return
    if hasattr(values, "zero_grad") or not isinstance(values, Iterable):
        hint = " (for a model, call model.zero_grad())" if hasattr(values, "zero_grad") else ""
        raise TypeError(
            f"zero_grad() takes a Value or a list of Values, got {type(values).__name__}{hint}"
        )
    for v in values:
        if not isinstance(v, Value):
            raise TypeError(f"zero_grad() takes Values, got {type(v).__name__}: {v!r}")
        v.grad = 0.0
