"""The graph walks: topological order, deep chains, and graphs freed by reference counting."""

from __future__ import annotations

import gc
import weakref

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import (
    Value,
    grad,
    topological_order,
)

# --- deep graphs ---------------------------------------------------------------------------


@pytest.mark.usefixtures("default_recursion_limit")
def test_a_chain_a_million_nodes_deep() -> None:
    n = 10**6
    x = Value(1.0)
    y = x
    for _ in range(n):
        y = y + x  # y = (n + 1) x, one new node per step
    y.backward()
    assert y.data == n + 1
    assert x.grad == n + 1  # dy/dx = n + 1
    del y  # freeing it must not recurse either


def test_topological_order_puts_parents_first_once_each() -> None:
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert len(order) == len(set(order)) == 5
    position = {v: i for i, v in enumerate(order)}
    for node in order:
        for parent in node.parents:
            assert position[parent] < position[node]
    assert order[-1] is e
    assert topological_order([e, d]) == order  # already-seen roots add nothing
    assert topological_order(e) == order  # deterministic


@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.lists(st.integers(0, 10**6), min_size=1, max_size=5)),
        min_size=1,
        max_size=40,
    )
)
def test_backward_walk_is_a_topological_order_of_the_interior_nodes(
    plan: list[tuple[int, list[int]]],
) -> None:
    # Random DAGs: 3 leaves, then nodes made by +, *, sum or dot from earlier nodes.
    # backward's walk (interior nodes only, looking one step ahead) must give every
    # interior node above the root once, after its parents, in the same order as the
    # full walk that topological_order does.
    made = [Value(1.0), Value(2.0), Value(3.0)]
    for kind, picks in plan:
        parents = [made[i % len(made)] for i in picks]
        if kind == 0:
            made.append(parents[0] + parents[-1])
        elif kind == 1:
            made.append(parents[0] * parents[-1])
        elif kind == 2:
            made.append(autograd.sum(parents))
        else:
            half = len(parents) // 2
            made.append(autograd.dot(parents[:half], parents[half : 2 * half], parents[-1]))
    root = made[-1]
    walk = topological_order(root, leaves=False)
    full = topological_order(root)
    assert walk == [n for n in full if n.parents]
    position = {v: i for i, v in enumerate(full)}
    assert len(position) == len(full)
    for node in full:
        assert all(position[p] < position[node] for p in node.parents)
    reached, stack = {root}, [root]
    while stack:
        for p in stack.pop().parents:
            if p not in reached:
                reached.add(p)
                stack.append(p)
    assert set(full) == reached


# --- memory: graphs are freed by reference counting alone -----------------------------------


def _graph_is_freed_without_the_cycle_collector(build: object) -> None:
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        x = Value(0.7)
        root, interior = build(x)  # type: ignore[operator]
        root_ref, interior_ref = weakref.ref(root), weakref.ref(interior)
        del root, interior
        assert root_ref() is None, "the root outlived its last handle: a reference cycle"
        assert interior_ref() is None, "an interior node outlived the root: a reference cycle"
        assert x.data == 0.7  # the leaf we still hold is fine
    finally:
        if was_enabled:
            gc.enable()


def test_no_reference_cycles_after_backward() -> None:
    def build(x: Value) -> tuple[Value, Value]:
        interior = (x * 2.0).tanh()
        root = autograd.dot([interior, x.exp()], [x, 3.0], 1.0).sigmoid() + interior**2
        root.backward()
        return root, interior

    _graph_is_freed_without_the_cycle_collector(build)


def test_no_reference_cycles_with_create_graph() -> None:
    def build(x: Value) -> tuple[Value, Value]:
        interior = x.sin() * x
        first = grad(interior.exp(), x, create_graph=True)
        root = grad(first, x, create_graph=True)
        return root, first

    _graph_is_freed_without_the_cycle_collector(build)
