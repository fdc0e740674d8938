"""Fused nodes (sum, dot, neurons) follow the rule every node follows.

The rule: backward gives the derivative of the function computed in the forward pass,
at the numbers of the forward pass, whatever happens to a Value's ``.data`` between the
forward pass and ``backward()``.  An elementary node keeps its local derivatives; a
fused node keeps the numbers they are made of.
"""

from __future__ import annotations

import pytest

import autograd
from autograd import Value, fused, fused_nodes, ops
from autograd.op import Op

ACTIVATIONS = [None, ops.RELU, ops.TANH, ops.SIGMOID, ops.leaky_relu(0.01)]


def test_dot_and_mul_give_one_answer_when_data_changes_before_backward() -> None:
    # The same maths, w·x with one weight, through a dot node and through *.
    answers = []
    for make in (lambda w, x: autograd.dot([w], [x]), lambda w, x: w * x):
        w, x = Value(3.0), Value(2.0)
        y = make(w, x)
        w.data = 10.0
        y.backward()
        answers.append((x.grad, w.grad))
    assert answers == [(3.0, 2.0), (3.0, 2.0)]


@pytest.mark.parametrize("act", ACTIVATIONS, ids=lambda a: a.name if a else "linear")
def test_a_neuron_keeps_its_forward_numbers(act: Op | None) -> None:
    def neuron() -> tuple[list[Value], list[Value], Value, Value]:
        w = [Value(0.5), Value(-0.25)]
        x = [Value(1.5), Value(0.75)]
        b = Value(0.125)
        return w, x, b, autograd.dot(w, x, b, activation=act)

    w, x, b, y = neuron()
    y.backward()
    expected = [v.grad for v in (*w, *x, b)]
    w, x, b, y = neuron()
    for v in (*w, *x, b):  # every input changes after the forward pass
        v.data = -7.0
    y.data = 123.0  # and so does the neuron's own number
    y.backward()
    assert [v.grad for v in (*w, *x, b)] == expected


def test_grad_uses_the_forward_numbers_too() -> None:
    w, x = Value(3.0), Value(2.0)
    y = autograd.dot([w], [x], activation=ops.TANH)
    before = [g.data for g in autograd.grad(y, [w, x])]
    w.data, x.data = 10.0, 10.0
    assert [g.data for g in autograd.grad(y, [w, x])] == before
    assert autograd.jacobian([y], [w, x]) == [before]


def test_local_grads_of_fused_nodes_are_those_of_the_chain_they_replace() -> None:
    w = [Value(0.5), Value(-2.0)]
    x = [Value(3.0), Value(0.25)]
    b = Value(1.0)
    node = autograd.dot(w, x, b, activation=ops.TANH)
    slope = 1.0 - node.data**2  # tanh' read off the output
    assert node.local_grads == tuple(slope * d for d in (3.0, 0.25, 0.5, -2.0, 1.0))
    assert autograd.sum([w[0], x[0], b]).local_grads == (1.0, 1.0, 1.0)
    assert autograd.dot(w, x).local_grads == (3.0, 0.25, 0.5, -2.0)


def test_apply_makes_fused_nodes_like_their_own_functions() -> None:
    w, x, b = Value(2.0), Value(3.0), Value(0.5)
    by_apply = autograd.apply(fused.neuron(ops.RELU), w, x, b)
    by_dot = autograd.dot([w], [x], b, activation=ops.RELU)
    assert (by_apply.op, by_apply.data, by_apply.local_grads) == (
        by_dot.op,
        by_dot.data,
        by_dot.local_grads,
    )
    total = autograd.apply(fused.SUM, w, 1.0, x)
    assert (total.data, total.local_grads) == (6.0, (1.0, 1.0, 1.0))


def test_one_weighted_sum_serves_the_engine_nn_and_the_table() -> None:
    ws, xs = [0.1, 0.2, 0.3], [1e16, 1.0, -1e16]  # an order where rounding shows
    by_engine = autograd.dot([Value(w) for w in ws], [Value(x) for x in xs], Value(0.7)).data
    by_table = fused.DOT.forward(*ws, *xs, 0.7)
    assert by_engine == by_table == fused.weighted_sum(ws, xs, 0.7)


def _rows(seed: int, n_neurons: int, n_inputs: int) -> tuple[list[list[Value]], list[Value]]:
    import random

    rng = random.Random(seed)
    weights = [[Value(rng.uniform(-1, 1)) for _ in range(n_inputs)] for _ in range(n_neurons)]
    return weights, [Value(rng.uniform(-1, 1)) for _ in range(n_neurons)]


@pytest.mark.parametrize("act", [None, ops.RELU, ops.TANH, ops.SIGMOID, ops.leaky_relu(0.1)])
def test_a_layer_makes_the_nodes_dot_makes(act: Op | None) -> None:
    weights, biases = _rows(1, 5, 3)
    inputs = [Value(0.5), Value(-1.25), Value(2.0)]
    together = fused_nodes.layer(weights, biases, inputs, act)
    one_by_one = [fused_nodes.dot(w, inputs, b, act) for w, b in zip(weights, biases)]
    assert [n.data for n in together] == [n.data for n in one_by_one]
    assert [n.op for n in together] == [n.op for n in one_by_one]
    assert [n.parents for n in together] == [n.parents for n in one_by_one]
    assert [n.local_grads for n in together] == [n.local_grads for n in one_by_one]
    grads = []
    for nodes in (together, one_by_one):
        autograd.zero_grad([*inputs, *biases, *(w for row in weights for w in row)])
        fused_nodes.sum(nodes).backward()
        grads.append([v.grad for v in (*inputs, *biases, *(w for row in weights for w in row))])
    assert grads[0] == grads[1]
    # one list of the inputs' numbers, read once, is saved by every node of the layer
    assert all(n._local_grads[3] is together[0]._local_grads[3] for n in together)


def test_a_layer_keeps_its_forward_numbers() -> None:
    weights, biases = _rows(2, 2, 2)
    x = [Value(3.0), Value(-2.0)]
    first = fused_nodes.layer(weights, biases, x)[0]
    w0 = weights[0][0].data
    x[0].data, weights[0][0].data = 100.0, 100.0  # changed after the forward pass
    first.backward()
    assert weights[0][0].grad == 3.0 and x[0].grad == w0


def test_a_layer_of_numbers_or_of_mismatched_rows_says_what_dot_says() -> None:
    weights, biases = _rows(3, 2, 2)
    mixed = fused_nodes.layer(weights, biases, [Value(1.0), 2.0])  # type: ignore[list-item]
    assert [n.data for n in mixed] == [
        fused_nodes.dot(w, [1.0, 2.0], b).data for w, b in zip(weights, biases)
    ]
    with pytest.raises(ValueError, match="as many weights as inputs"):
        fused_nodes.layer(weights, biases, [Value(1.0)])


def test_every_node_of_a_network_comes_from_the_one_allocator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # autograd.compile lists the nodes a function makes by swapping nodes.allocate, so
    # every op result, a layer's neurons included, must be made through it.
    import nn
    from autograd import nodes

    made: list[Value] = []
    real = nodes.allocate

    def counted(cls: type[Value]) -> Value:
        made.append(real(cls))
        return made[-1]

    model = nn.MLP(2, [4, 3, 1], seed=0)
    x = [Value(0.5), Value(-1.0)]
    monkeypatch.setattr(nodes, "allocate", counted)
    y = model(x)
    interior = [v for v in autograd.topological_order(y) if v.parents]  # type: ignore[arg-type]
    assert len(interior) == 4 + 3 + 1
    assert {id(v) for v in interior} <= {id(v) for v in made}
