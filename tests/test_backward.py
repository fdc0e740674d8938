"""Backpropagation semantics: backward, grad, jacobian, hessian, no_grad, detach.

Every expected number here is worked out by hand in a comment next to it, from the
maths, not read off the engine.
"""

from __future__ import annotations

import gc
import math
import sys
import weakref
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import (
    Value,
    backward,
    grad,
    hessian,
    is_grad_enabled,
    jacobian,
    no_grad,
    ops,
    topological_order,
    zero_grad,
)
from autograd.ops import Op


@pytest.fixture
def default_recursion_limit() -> Iterator[None]:
    """Run the test at Python's default recursion limit (1000), whatever set it before."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


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


@pytest.mark.usefixtures("default_recursion_limit")
def test_grad_and_higher_derivatives_on_a_deep_chain() -> None:
    n = 20_000
    x0 = 1.00002  # x0^n = e^0.4: no underflow or overflow
    x = Value(x0)
    y = x
    for _ in range(n):
        y = y * x  # y = x^(n+1)
    first = grad(y, x, create_graph=True)  # (n + 1) x^n
    second = grad(first, x)  # (n + 1) n x^(n-1)
    assert first.data == pytest.approx((n + 1) * x0**n, rel=1e-9)
    assert second.data == pytest.approx((n + 1) * n * x0 ** (n - 1), rel=1e-9)
    assert len(topological_order(y)) == n + 1


# --- backward semantics ---------------------------------------------------------------------


def test_reusing_a_node_counts_every_edge() -> None:
    a = Value(3.0)
    b = a + a  # b = 2a = 6
    c = b * b  # c = 4a^2 = 36
    c.backward()
    assert c.data == 36.0
    assert b.grad == 12.0  # dc/db = 2b
    assert a.grad == 24.0  # dc/da = 8a
    assert b.parents == (a, a)


def test_leaf_gradients_accumulate_across_backward_calls() -> None:
    x = Value(3.0)
    y = x * x * x
    y.backward()
    assert x.grad == 27.0  # 3x^2
    y.backward()
    assert x.grad == 54.0


def test_interior_gradients_are_those_of_the_latest_backward() -> None:
    x = Value(2.0)
    y = x * x  # interior
    z = 3 * y
    z.backward()
    z.backward()
    assert y.grad == 3.0  # dz/dy, not 6
    assert z.grad == 1.0
    assert x.grad == 24.0  # 2 * (6x) accumulated on the leaf


def test_backward_from_a_leaf_and_from_an_interior_node() -> None:
    x = Value(2.0)
    x.backward()
    x.backward()
    assert x.grad == 2.0  # dx/dx = 1, accumulated on the leaf
    zero_grad([x])
    y = x * x
    z = 3 * y
    z.backward()  # dz/dx = 6x = 12
    y.backward()  # dy/dx = 2x = 4; y's own grad restarts at 1 (its latest backward)
    assert (x.grad, y.grad) == (16.0, 1.0)


def test_backward_seed_scales_every_gradient() -> None:
    x = Value(2.0)
    y = x**3
    backward(y, 0.5)
    assert x.grad == 0.5 * 12.0  # seed * 3x^2


def test_zero_grad_resets_the_given_values() -> None:
    x, w = Value(2.0), Value(-1.0)
    (x * w).backward()
    assert (x.grad, w.grad) == (-1.0, 2.0)
    zero_grad([x, w])
    assert (x.grad, w.grad) == (0.0, 0.0)
    (x * w).backward()
    assert (x.grad, w.grad) == (-1.0, 2.0)


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


FUSED = [ops.RELU, ops.TANH, ops.SIGMOID, ops.leaky_relu(0.01)]


@pytest.mark.parametrize("act", FUSED, ids=lambda op: op.name)
def test_a_neuron_node_gives_the_bits_of_a_dot_node_then_an_activation_node(act: Op) -> None:
    # Two layers of neurons with shared inputs, a weight used twice and a neuron without
    # a bias, built once as ONE node per neuron and once as dot + activation: the same
    # data and the same gradients, to the last bit (the slope read off the output times
    # g is what the activation node would have handed the dot node).
    def build(fused: bool, leaves: list[Value]) -> Value:
        def neuron(ws: list[Value], xs: list[Value], b: Value | None) -> Value:
            if fused:
                return autograd.dot(ws, xs, b, activation=act)
            return autograd.apply(act, autograd.dot(ws, xs, b))

        x = leaves[:3]
        hidden = [
            neuron(leaves[3:6], x, leaves[6]),
            neuron(leaves[7:10], x, None),
            neuron([leaves[3], leaves[10], leaves[11]], x, leaves[12]),  # w reused
        ]
        return neuron(leaves[13:16], hidden, leaves[16]) * 0.7 + hidden[0]

    for s in range(12):  # inputs of both signs: live and dead relus
        numbers = [math.sin(3.7 * s + k) * (1.5 if k < 3 else 0.8) for k in range(17)]
        results = []
        for fused in (True, False):
            leaves = [Value(v) for v in numbers]
            out = build(fused, leaves)
            out.backward(0.1 + 2.0**-40)
            results.append((out.data, [v.grad for v in leaves]))
        assert results[0] == results[1]


# --- grad -----------------------------------------------------------------------------------


def test_grad_leaves_dot_grad_alone() -> None:
    x, y = Value(2.0), Value(5.0)
    mid = x * y
    z = mid + x
    gx, gy = grad(z, [x, y])
    assert (gx.data, gy.data) == (6.0, 2.0)  # dz/dx = y + 1, dz/dy = x
    assert [v.grad for v in (x, y, mid, z)] == [0.0, 0.0, 0.0, 0.0]


def test_grad_returns_one_value_for_one_input_and_zero_for_unused_inputs() -> None:
    x, unused = Value(3.0), Value(1.0)
    y = x**2
    single = grad(y, x)
    assert isinstance(single, Value) and single.data == 6.0
    both = grad(y, [x, unused])
    assert isinstance(both, list) and [g.data for g in both] == [6.0, 0.0]
    assert grad(y, []) == []


def test_grad_with_respect_to_an_interior_node() -> None:
    x = Value(2.0)
    mid = x.exp()
    y = mid * mid  # y = m^2, dy/dm = 2m
    assert grad(y, mid).data == 2 * math.exp(2.0)


def test_grad_outputs_weight_each_output() -> None:
    x, y = Value(2.0), Value(-3.0)
    f, g = x * y, x + y
    gx, gy = grad([f, g], [x, y], grad_outputs=[2.0, -1.0])
    assert gx.data == 2 * -3.0 - 1.0  # 2 df/dx - dg/dx = 2y - 1
    gy2 = 2 * 2.0 - 1.0  # 2 df/dy - dg/dy = 2x - 1
    assert gy.data == gy2
    unweighted = grad([f, g], [x, y])
    assert [v.data for v in unweighted] == [-3.0 + 1.0, 2.0 + 1.0]  # df + dg


def test_create_graph_gives_the_seed_second_derivative() -> None:
    x = Value(4.0)
    y = 5 * x**2 + 30
    dy = grad(y, x, create_graph=True)
    assert dy.data == 40.0  # 10x
    assert grad(dy, x).data == 10.0  # d^2(5x^2 + 30)/dx^2 = 10
    assert x.grad == 0.0


@pytest.mark.parametrize("x0", [-2.0, 0.0, 0.3, 1.0, 2.5])
def test_third_and_fourth_derivatives_of_sin(x0: float) -> None:
    x = Value(x0)
    d1 = grad(x.sin(), x, create_graph=True)  # cos
    d2 = grad(d1, x, create_graph=True)  # -sin
    d3 = grad(d2, x, create_graph=True)  # -cos
    d4 = grad(d3, x)  # sin
    assert d1.data == pytest.approx(math.cos(x0), rel=1e-15, abs=1e-15)
    assert d2.data == pytest.approx(-math.sin(x0), rel=1e-15, abs=1e-15)
    assert d3.data == pytest.approx(-math.cos(x0), rel=1e-15, abs=1e-15)
    assert d4.data == pytest.approx(math.sin(x0), rel=1e-15, abs=1e-15)


def test_create_graph_results_can_be_backpropagated() -> None:
    x, y = Value(1.5), Value(-2.0)
    f = x**3 * y  # df/dx = 3x^2 y
    dfdx = grad(f, x, create_graph=True)
    dfdx.backward()
    assert x.grad == pytest.approx(6 * 1.5 * -2.0)  # d(3x^2 y)/dx = 6xy
    assert y.grad == pytest.approx(3 * 1.5**2)  # d(3x^2 y)/dy = 3x^2


@pytest.mark.parametrize(
    ("outputs", "inputs", "message"),
    [
        (
            3.0,
            [Value(1.0)],
            "grad\\(\\) outputs must be a Value or a sequence of Values, got float",
        ),
        (Value(1.0), 2, "grad\\(\\) inputs must be a Value or a sequence of Values, got int"),
        ([Value(1.0), 2.0], [Value(1.0)], "grad\\(\\) outputs must be Values, got float"),
    ],
)
def test_grad_refuses_non_values_by_name(outputs: object, inputs: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        grad(outputs, inputs)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: backward(3.0), r"backward\(\) needs a Value, got float: 3.0"),
        (lambda: topological_order([Value(1.0), 2.0]), r"topological_order\(\) roots must be"),
        (lambda: jacobian([Value(1.0)], 2.0), r"jacobian\(\) inputs must be a Value or a seq"),
        (lambda: hessian(Value(1.0), [None]), r"hessian\(\) inputs must be Values, got None"),
    ],
)
def test_graph_functions_refuse_non_values_by_name(
    call: Callable[[], object], message: str
) -> None:
    # Regression: these ended in AttributeError "'float' object has no attribute 'parents'".
    with pytest.raises(TypeError, match=message):
        call()


def test_hessian_of_a_single_input() -> None:
    # Regression: hessian(y, x) with one Value (as grad(y, x) allows) said "'Value' object
    # is not iterable".  d2(x^3)/dx2 = 6x.
    x = Value(2.0)
    assert hessian(x**3, x) == [[12.0]]


def test_grad_outputs_must_match_the_outputs() -> None:
    x = Value(1.0)
    with pytest.raises(ValueError, match="one grad_outputs weight per output: got 2 weights"):
        grad([x * 2], [x], grad_outputs=[1.0, 2.0])
    with pytest.raises(TypeError, match="grad_outputs needs an int or a float, got str"):
        grad([x * 2], [x], grad_outputs=["1"])  # type: ignore[list-item]


# --- jacobian and hessian -------------------------------------------------------------------


def test_jacobian_by_hand() -> None:
    x, y = Value(0.5), Value(2.0)
    outs = [x * y, x + y, x.sin(), y**2]
    assert jacobian(outs, [x, y]) == [
        [2.0, 0.5],  # d(xy) = (y, x)
        [1.0, 1.0],
        [math.cos(0.5), 0.0],
        [0.0, 4.0],  # d(y^2)/dy = 2y
    ]


def test_hessian_by_hand() -> None:
    x, y = Value(1.5), Value(-2.0)
    f = x**2 * y + y**3
    # f_xx = 2y, f_xy = f_yx = 2x, f_yy = 6y
    assert hessian(f, [x, y]) == [[-4.0, 3.0], [3.0, -12.0]]


def test_hessian_of_the_seed_multivariate_formula() -> None:
    x1, x2, x3 = Value(1.0), Value(2.0), Value(3.0)
    y = 5 * x1**2 + 8 * x2 + 35 * x3 + 30
    assert jacobian([y], [x1, x2, x3]) == [[10.0, 8.0, 35.0]]
    assert hessian(y, [x1, x2, x3]) == [[10.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]


# --- no_grad and detach -----------------------------------------------------------------------


def test_no_grad_records_nothing_and_restores_the_mode() -> None:
    w = Value(2.0)
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        y = w * 3 + 1
        s = autograd.dot([w], [4.0], 1.0)
    assert is_grad_enabled()
    assert (y.data, s.data) == (7.0, 9.0)
    assert y.parents == () and y.local_grads == () and y.is_leaf
    assert s.parents == ()
    assert (w * 3).parents[0] is w  # recording again


def test_backward_of_a_result_made_under_no_grad_says_so() -> None:
    # Regression: it used to leave w.grad at 0.0 silently, a trap for a student.
    w = Value(2.0)
    with no_grad():
        loss = (w * 3 - 1) ** 2
    for call in (loss.backward, lambda: autograd.grad(loss, w)):
        with pytest.raises(RuntimeError, match=r"computed inside no_grad\(\).*outside"):
            call()
    assert w.grad == 0.0
    # Leaves you make yourself, constants and detached copies are fine roots.
    for leaf in (Value(1.0), autograd.as_value(2.0), loss.detach()):
        leaf.backward()
        assert leaf.grad == 1.0


def test_backward_of_a_sum_of_nothing_says_it_may_be_empty() -> None:
    # A sum or dot of no inputs remembers no inputs, like a no_grad result: the message
    # names both (it used to blame no_grad alone).
    for empty, name in ((autograd.sum([]), "sum"), (autograd.dot([], []), "dot")):
        with pytest.raises(RuntimeError, match=rf"or it is a {name} of no inputs at all"):
            empty.backward()
    with no_grad():
        product = Value(2.0) * 3
    with pytest.raises(RuntimeError) as err:
        product.backward()
    assert "no inputs at all" not in str(err.value)  # a mul always has inputs


def test_enable_grad_records_again_inside_no_grad_and_restores() -> None:
    w = Value(2.0)
    with no_grad():
        with autograd.enable_grad():
            y = w * w
        z = w * w
    assert y.parents == (w, w) and z.parents == ()
    assert is_grad_enabled()  # back outside both blocks

    @autograd.enable_grad()
    def square(v: Value) -> Value:
        return v * v

    with no_grad():
        assert square(w).parents == (w, w)


def test_a_grad_set_to_none_gets_a_clear_error() -> None:
    # Regression: x.grad = None (a PyTorch habit) gave "unsupported operand ... NoneType".
    x = Value(3.0)
    y = x * x
    x.grad = None  # type: ignore[assignment]
    with pytest.raises(TypeError, match=r"\.grad is None.*v\.grad = 0\.0"):
        y.backward()


def test_zero_grad_takes_one_value_or_a_list_and_points_models_elsewhere() -> None:
    x, y = Value(1.0), Value(2.0)
    x.grad = y.grad = 5.0
    autograd.zero_grad(x)
    autograd.zero_grad([y])
    assert x.grad == y.grad == 0.0

    class Model:
        def zero_grad(self) -> None: ...

    with pytest.raises(TypeError, match=r"model\.zero_grad\(\)"):
        autograd.zero_grad(Model())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes Values, got float"):
        autograd.zero_grad([1.0])  # type: ignore[list-item]


def test_no_grad_is_restored_after_an_exception() -> None:
    with pytest.raises(ValueError), no_grad():
        Value(-1.0).log()
    assert is_grad_enabled()


def test_no_grad_nests() -> None:
    guard = no_grad()
    with no_grad():
        with guard, guard:  # the same object entered twice
            assert not is_grad_enabled()
        assert not is_grad_enabled()  # the inner exit must not switch recording back on
    assert is_grad_enabled()


def test_no_grad_as_a_decorator() -> None:
    @no_grad()
    def evaluate(v: Value) -> Value:
        """Docstring kept."""
        assert not is_grad_enabled()
        return v * v

    x = Value(3.0)
    y = evaluate(x)
    assert y.data == 9.0 and y.parents == ()
    assert is_grad_enabled()
    assert evaluate.__name__ == "evaluate" and evaluate.__doc__ == "Docstring kept."

    @no_grad()
    def fails() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fails()
    assert is_grad_enabled()


def test_create_graph_records_the_derivative_even_inside_no_grad() -> None:
    # Regression: inside no_grad() the derivative graph was not recorded, so hessian()
    # silently answered [[0.0]] for d2(x^3)/dx2 = 6x = 12.
    x = Value(2.0)
    y = x**3
    with no_grad():
        assert hessian(y, [x]) == [[12.0]]
        first = grad(y, x, create_graph=True)
        assert not is_grad_enabled()  # and the mode is back off afterwards
    assert grad(first, x).data == 12.0


def test_detach_cuts_the_graph() -> None:
    x = Value(2.0, label="x")
    y = x * x
    d = y.detach()
    assert (d.data, d.label, d.parents, d.grad) == (4.0, y.label, (), 0.0)
    z = d * x  # dz/dx with d constant = d = 4, not 3x^2 = 12
    z.backward()
    assert x.grad == 4.0 and y.grad == 0.0


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


# --- sum and dot pass gradient back without stored partials --------------------------------


def _by_partials(out: Value, g: float, leaves: list[Value]) -> list[float]:
    """What backward's general rule gives each leaf: ``grad += local * g``, edge by edge."""
    grads = {v: v.grad for v in leaves}
    for parent, local in zip(out.parents, out.local_grads, strict=True):
        grads[parent] += local * g
    return [grads[v] for v in leaves]


@pytest.mark.parametrize(
    "build",
    [
        lambda v: autograd.sum(v),
        lambda v: autograd.dot(v[:3], v[3:]),
        lambda v: autograd.dot(v[:3], v[3:], v[0]),  # v[0] is a weight and the bias
        lambda v: autograd.dot(v, v),  # each Value is both a weight and an input (l2, mse)
        lambda v: autograd.dot(v[:3], [v[1], v[2], v[0]]),  # rotated: order matters
    ],
    ids=["sum", "dot", "dot with bias", "dot(v, v)", "dot rotated"],
)
def test_sum_and_dot_pass_back_the_partials_times_grad_bit_for_bit(
    build: Callable[[list[Value]], Value],
) -> None:
    # Their nodes keep no partials tuple; backward's shortcut must add exactly the same
    # products, in the same order, as the general rule would with local_grads.
    g = 0.1 + 2.0**-40  # not a power of two: products round
    for s in range(1, 9):  # several sets of numbers, so a change of order shows in the bits
        leaves = [Value(math.sin(s * k + 1.0)) for k in range(6)]
        for k, v in enumerate(leaves):
            v.grad = math.cos(s * k) / 3.0  # leaf grads accumulate: the sums start here
        out = build(leaves)
        assert len(out.local_grads) == len(out.parents)
        expected = _by_partials(out, g, leaves)
        out.backward(g)
        assert [v.grad for v in leaves] == expected


@pytest.mark.parametrize(
    "activation",
    [ops.RELU, ops.TANH, ops.SIGMOID, ops.leaky_relu(0.01), ops.leaky_relu(2.5)],
    ids=lambda op: op.name,
)
def test_grad_and_jacobian_through_a_neuron_node_give_backwards_bits(activation: Op) -> None:
    # A neuron node passes back x * (slope * g), as a dot node under an activation node
    # does; grad() and jacobian() must add the same products, not (slope * x) * g.
    for s in range(1, 13):  # several points, so a different rounding shows in the bits
        w = [Value(math.sin(s * k + 1.0)) for k in range(3)]
        x = [Value(math.cos(s * k) * 1.7) for k in range(3)]
        b = Value(math.sin(s) / 3.0)
        y = autograd.dot(w, x, b, activation)
        out = y * y.tanh() + y  # so the neuron's incoming gradient is not 1.0
        leaves = [*w, *x, b]
        out.backward()
        by_backward = [v.grad for v in leaves]
        assert [v.data for v in grad(out, leaves)] == by_backward
        assert jacobian([out], leaves) == [by_backward]


def test_grad_through_a_dead_relu_neuron_fed_inf_passes_nothing_back() -> None:
    # w = -1, x = inf: relu(w·x + b) = relu(-inf) = 0, the neuron is off and its slope 0,
    # so nothing flows back (what backward, and a dot node under a relu node, give), not
    # the local partial slope * x = 0 * inf = NaN for the weight.
    w, x, b = Value(-1.0), Value(math.inf), Value(0.0)
    y = autograd.dot([w], [x], b, ops.RELU)  # relu(-inf) = 0
    y.backward()
    assert (w.grad, x.grad, b.grad) == (0.0, 0.0, 0.0)
    assert [v.data for v in grad(y, [w, x, b])] == [0.0, 0.0, 0.0]
    assert jacobian([y], [w, x, b]) == [[0.0, 0.0, 0.0]]


@pytest.mark.parametrize(
    "activation",
    [ops.RELU, ops.TANH, ops.SIGMOID, ops.leaky_relu(0.01), ops.leaky_relu(2.5)],
    ids=lambda op: op.name,
)
def test_create_graph_through_a_neuron_node_gives_backwards_bits(activation: Op) -> None:
    # grad(..., create_graph=True) must give the same first derivatives as backward:
    # x * (slope * g), as a dot node under an activation node passes them back.
    for s in range(1, 13):
        w = [Value(math.sin(s * k + 1.0)) for k in range(3)]
        x = [Value(math.cos(s * k) * 1.7) for k in range(3)]
        b = Value(math.sin(s) / 3.0)
        y = autograd.dot(w, x, b, activation)
        out = y * y.tanh() + y
        leaves = [*w, *x, b]
        out.backward()
        by_backward = [v.grad for v in leaves]
        assert [v.data for v in grad(out, leaves, create_graph=True)] == by_backward


def test_create_graph_through_a_dead_relu_neuron_fed_inf_passes_nothing_back() -> None:
    # As with the float path: relu(-1 * inf + 0) is off, so the weight's derivative is 0
    # (what backward and a dot node under a relu node give), not 0 * inf = NaN; and so
    # is its second derivative.
    w, x, b = Value(-1.0), Value(math.inf), Value(0.0)
    y = autograd.dot([w], [x], b, ops.RELU)
    assert [v.data for v in grad(y, [w, x, b], create_graph=True)] == [0.0, 0.0, 0.0]
    assert hessian(y, [w, b]) == [[0.0, 0.0], [0.0, 0.0]]
