"""Backpropagation: walking a graph from its result back to its inputs.

Three ways to ask for derivatives, all built on one topological order:

* ``backward(root)`` fills in ``.grad`` on every Value the root was computed from;
* ``grad(outputs, inputs)`` returns the partials without touching ``.grad`` and, with
  ``create_graph=True``, returns them as Values that can be differentiated again
  (second, third ... derivatives);
* ``jacobian`` and ``hessian`` collect those partials into tables of numbers.

Every walk is a loop with an explicit stack, never recursion, so a chain a million
nodes deep works at Python's default recursion limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import overload

from autograd.mode import enable_grad
from autograd.ops import CONST, DOT
from autograd.value import Number, Value, _check_number


def topological_order(roots: Value | Iterable[Value]) -> list[Value]:
    """Every node the roots depend on, each after all of its parents.

    Args:
        roots: one Value or several.

    Returns:
        The nodes, inputs first and roots last (each node once).
    """
    return _order(_as_values(roots, "topological_order() roots"), keep_leaves=True)


def _order(roots: list[Value], keep_leaves: bool) -> list[Value]:
    """Topological order of the graph above roots; leaves only if keep_leaves.

    ``backward`` asks for the interior nodes only: a leaf (input, parameter, constant)
    just receives gradient, it passes none on, so the walk need not visit it twice.
    """
    order: list[Value] = []
    seen: set[Value] = set()
    mark, emit = seen.add, order.append
    for root in roots:
        if root in seen:
            continue
        mark(root)
        if not root.parents:
            if keep_leaves:
                emit(root)
            continue
        # Depth-first with an explicit stack: the nodes being walked, and beside each an
        # iterator over its parents.  A node is emitted when its iterator is exhausted,
        # i.e. after all its parents.  (Two lists, not one of pairs: no tuple per node.)
        nodes, walks = [root], [iter(root.parents)]
        while walks:
            for parent in walks[-1]:
                if not parent.parents:  # a leaf: emitted at once, nothing above it to walk
                    if keep_leaves and parent not in seen:
                        mark(parent)
                        emit(parent)
                elif parent not in seen:
                    mark(parent)
                    if keep_leaves:  # walk it, emitting the leaves above it in order
                        nodes.append(parent)
                        walks.append(iter(parent.parents))
                        break
                    # backward's walk looks one step ahead, through parent's own parents,
                    # for one that still has to be walked.  Most nodes have none (a
                    # first-layer neuron, a * b of two inputs): such a node is emitted
                    # right here, without a push, a second look at its parents and a pop
                    # (W3 of the benchmark: 40% less time).  Otherwise both go on the
                    # stack, parent's walk to resume just after the one found.
                    grands = iter(parent.parents)
                    for grand in grands:
                        if grand.parents and grand not in seen:
                            mark(grand)
                            nodes.append(parent)
                            walks.append(grands)
                            nodes.append(grand)
                            walks.append(iter(grand.parents))
                            break
                    else:
                        emit(parent)
                        continue
                    break
            else:
                walks.pop()
                emit(nodes.pop())
    return order


def backward(root: Value, seed: float = 1.0) -> None:
    """Fill in ``.grad`` of every Value that ``root`` depends on.

    Leaf gradients accumulate (``+=``) across calls, interior gradients are reset to
    this call's values first.  See ``Value.backward``.

    Args:
        root: the result to differentiate.
        seed: d(final)/d(root), 1.0 by default.
    """
    seed = _check_number(seed, "backward() seed")
    if not isinstance(root, Value):
        raise TypeError(f"backward() needs a Value, got {type(root).__name__}: {root!r}")
    _check_recorded(root, "backward()")
    order = _order([root], keep_leaves=False)
    for node in order:
        node.grad = 0.0
    try:
        root.grad += seed
        _pass_back(order, root)
    except TypeError:
        _check_grads(order, root)
        raise


def _pass_back(order: list[Value], root: Value) -> None:
    """The chain rule over the interior nodes, from the root back: parent.grad += local * g."""
    for node in reversed(order):
        g = node.grad
        if g == 0.0:
            continue  # nothing flows back from here (e.g. a relu that was off)
        local_grads = node._local_grads
        if local_grads is None:  # a sum, dot or neuron node: its op passes g back
            node.op.pass_back(node, g)  # type: ignore[union-attr, misc]
            continue
        # Nearly every node has one or two parents: unpacking them is 2-3x faster than
        # a zip loop (same additions, same order).
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


def _check_recorded(root: Value, caller: str) -> None:
    """Refuse a result that was computed inside ``no_grad()``: nothing could flow back.

    A ``sum`` or ``dot`` of nothing has no inputs either, and looks just the same.
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
    outs = _as_values(outputs, "grad() outputs")
    for out in outs:
        _check_recorded(out, "grad()")
    ins = _as_values(inputs, "grad() inputs")
    if grad_outputs is None:
        seeds = [1.0] * len(outs)
    else:
        seeds = [_check_number(w, "grad_outputs") for w in grad_outputs]
        if len(seeds) != len(outs):
            raise ValueError(
                f"grad() needs one grad_outputs weight per output: got {len(seeds)} "
                f"weights for {len(outs)} outputs"
            )
    order = topological_order(outs)
    if create_graph:
        # Asking for a graph of the derivative records it even inside no_grad() (as in
        # PyTorch): otherwise hessian() there would silently answer 0.
        with enable_grad():
            found = _grads_as_values(order, outs, seeds)
        answers = [_as_value(found.get(x, 0.0)) for x in ins]
    else:
        floats = _grads_as_floats(order, outs, seeds)
        answers = [Value(floats.get(x, 0.0)) for x in ins]
    return answers[0] if isinstance(inputs, Value) else answers


def _as_values(xs: Value | Iterable[Value], what: str) -> list[Value]:
    if isinstance(xs, Value):
        items = [xs]
    elif isinstance(xs, Iterable):
        items = list(xs)
    else:
        raise TypeError(
            f"{what} must be a Value or a sequence of Values, got {type(xs).__name__}: {xs!r}"
        )
    for item in items:
        if not isinstance(item, Value):
            raise TypeError(f"{what} must be Values, got {type(item).__name__}: {item!r}")
    return items


def _as_value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


def _grads_as_floats(
    order: list[Value], outs: list[Value], seeds: list[float]
) -> dict[Value, float]:
    # The same loop as backward(), into a dict instead of .grad, reusing the local
    # partials stored at forward time.
    grads: dict[Value, float] = {}
    for out, seed in zip(outs, seeds):
        grads[out] = grads.get(out, 0.0) + seed
    for node in reversed(order):
        g = grads.get(node)
        if not g:
            continue
        activation = node.op.activation if node.op is not None else None
        if activation is not None:  # a neuron node: as backward does (ops.neuron's pass_back),
            # g = slope(out) * g, nothing if that is 0, then dot's partials: x * (slope * g),
            # the bits of a dot node under an activation node (not (slope * x) * g, nor
            # a dead relu's 0 * inf = NaN).
            g = activation.slope_from_output(node.data) * g  # type: ignore[misc]
            if not g:
                continue
            locals_ = DOT.partials(node.data, *[p.data for p in node.parents])
        else:
            locals_ = node.local_grads
        for parent, local in zip(node.parents, locals_):
            grads[parent] = grads.get(parent, 0.0) + local * g
    return grads


def _grads_as_values(
    order: list[Value], outs: list[Value], seeds: list[float]
) -> dict[Value, Value | float]:
    # Like _grads_as_floats, but every product and sum is itself recorded: the local
    # partials are recomputed from the op's rule on the parent *Values*, so the answer
    # is a graph that depends on the inputs and can be differentiated again.
    grads: dict[Value, Value | float] = {}
    for out, seed in zip(outs, seeds):
        grads[out] = grads.get(out, 0.0) + seed
    for node in reversed(order):
        g = grads.get(node)
        if g is None or not node.parents or node.op is None:
            continue
        if isinstance(g, float) and g == 0.0:
            continue
        activation = node.op.activation
        if activation is None:
            locals_ = node.op.partials(node, *node.parents)
        else:  # a neuron node: as in _grads_as_floats, slope first, then dot's partials
            g = activation.slope_from_output(node) * g  # type: ignore[misc]
            if isinstance(g, float) and g == 0.0:
                continue
            locals_ = DOT.partials(node, *node.parents)
        if len(locals_) != len(node.parents):
            raise ValueError(
                f"op {node.op.name!r} returned {len(locals_)} partial derivatives for "
                f"{len(node.parents)} inputs"
            )
        for parent, local in zip(node.parents, locals_):
            term = local * g
            # The first contribution is stored as it is, so no "0 + ..." node is recorded.
            grads[parent] = grads[parent] + term if parent in grads else term
    return grads


def jacobian(outputs: Sequence[Value], inputs: Sequence[Value]) -> list[list[float]]:
    """The table of partials d(output_i)/d(input_j): one row per output.

    This is the article's "several outputs": each output has its own partial
    derivative with respect to every input.
    """
    outs = _as_values(outputs, "jacobian() outputs")
    ins = _as_values(inputs, "jacobian() inputs")
    rows = []
    for out in outs:
        floats = _grads_as_floats(topological_order(out), [out], [1.0])
        rows.append([floats.get(x, 0.0) for x in ins])
    return rows


def hessian(output: Value, inputs: Value | Sequence[Value]) -> list[list[float]]:
    """The table of second partials d²(output)/d(input_i)d(input_j).

    Built by differentiating the gradient (made with ``create_graph=True``) once more.
    A single Value as ``inputs`` gives the 1 x 1 table ``[[d²(output)/d(input)²]]``.
    """
    ins = _as_values(inputs, "hessian() inputs")
    first = grad(output, ins, create_graph=True)
    return jacobian(first, ins)
