"""backward(): the chain rule into .grad, leaf accumulation, its errors, zero_grad.

Every expected number here is worked out by hand in a comment next to it, from the
maths, not read off the engine.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

import autograd
from autograd import (
    Value,
    backward,
    no_grad,
    ops,
    zero_grad,
)
from autograd.op import Op

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
