"""Graph pictures of networks: roles from what a Value is, each neuron drawn as its two steps
(the chain rule on the arrows), one sample's graph in one call, and summaries of any size
that stay readable."""

from __future__ import annotations

import collections
import copy
import math
import pickle
import re

import pytest
from helpers import central_difference

import autograd
import autograd.render
import nn
from autograd import Value, draw_graph, ops, topological_order
from autograd.numbers import as_float
from autograd.roles import ROLE_COLOURS
from autograd.summary import SUMMARY_WIDTH

NODE = re.compile(r'^\s*(\w+) \[label="\{?(.*?)\}?"(.*)\]$', re.M)
EDGE = re.compile(r'^\s*(\w+) -> (\w+)(?: \[label="?([^"\]]+)"?\])?$', re.M)
ACTIVATIONS = ["relu", "tanh", "sigmoid", "leaky_relu"]


def boxes(source: str) -> dict[str, tuple[str, str]]:
    """Every node: id -> (label text, attributes)."""
    return {m[1]: (m[2], m[3]) for m in NODE.finditer(source)}


def arrows(source: str) -> dict[tuple[str, str], list[float]]:
    """(from, to) -> the numbers on the arrows between them."""
    found: dict[tuple[str, str], list[float]] = collections.defaultdict(list)
    for m in EDGE.finditer(source):
        if m[3] is not None:
            found[(m[1], m[2])].append(float(m[3]))
    return found


def field(label: str, key: str) -> float:
    return next(float(p.split(" ")[1]) for p in label.split(" | ") if p.startswith(key + " "))


def one_sample(activation: str) -> tuple[nn.MLP, list[Value], Value]:
    model = nn.MLP(2, [3, 2, 1], activation=activation, seed=5)
    xs = [Value(0.7, label="x0"), Value(-1.3, label="x1")]
    y = model(xs)
    assert isinstance(y, Value)
    y.backward()
    return model, xs, y


# --- roles -------------------------------------------------------------------------------


def test_roles_come_from_the_model_not_from_labels() -> None:
    model, xs, y = one_sample("tanh")
    # labels that lie: a weight called like an input, an input called like a weight
    model.layers[0].neurons[0].w[0].label = "x9"
    xs[0].label = "w"
    source = draw_graph(y).source
    by_label = {label.split(" | ")[0]: attrs for label, attrs in boxes(source).values()}
    assert ROLE_COLOURS["parameter"] in by_label["x9"]
    assert ROLE_COLOURS["input"] in by_label["w"]
    for name, p in model.named_parameters():
        if p.label == name:
            assert ROLE_COLOURS["parameter"] in by_label[name]
    assert "yellow parameter, blue input" in source
    assert autograd.is_parameter(model.parameters()[0]) and not autograd.is_parameter(xs[0])


def test_copies_and_loaded_models_keep_their_parameters_marked(tmp_path: object) -> None:
    model = nn.MLP(2, [3, 1], seed=0)
    for twin in (copy.deepcopy(model), pickle.loads(pickle.dumps(model))):
        assert all(autograd.is_parameter(p) for p in twin.parameters())
    with pytest.raises(TypeError, match="mark_parameters takes Values, got float"):
        autograd.mark_parameters([1.0])  # type: ignore[list-item]


def test_params_may_be_a_model_or_values_and_are_checked() -> None:
    w, x = Value(0.5, label="a"), Value(2.0, label="b")
    y = w * x
    by_label = {
        label.split(" | ")[0]: attrs
        for label, attrs in boxes(draw_graph(y, params=[w]).source).values()
    }
    assert ROLE_COLOURS["parameter"] in by_label["a"] and ROLE_COLOURS["input"] in by_label["b"]
    # no parameters known: leaves are "leaves"; params=[] says there are none: inputs
    assert (
        "blue leaf" in draw_graph(y).source and "blue leaf" not in draw_graph(y, params=[]).source
    )
    assert "colours: blue input, green result" in draw_graph(y, params=[]).source
    with pytest.raises(TypeError, match="params must be a list of Values or a model"):
        draw_graph(y, params=w)
    model = nn.MLP(1, [1], seed=0)
    out = model([1.0])
    assert isinstance(out, Value)
    assert draw_graph(out, params=model).source == draw_graph(out).source


# --- neurons as two steps -------------------------------------------------------------------


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_expanded_neurons_carry_the_true_local_derivatives_whose_product_is_the_fused_arrow(
    activation: str,
) -> None:
    _, _, y = one_sample(activation)
    order = topological_order(y)
    ids = {v: f"v{i}" for i, v in enumerate(order)}
    source = draw_graph(y, expand_neurons=True, digits=17).source
    drawn, numbers = boxes(source), arrows(source)
    neurons = [v for v in order if v.op is not None and v.op.activation is not None]
    assert len(neurons) == 5  # 3 + 2 hidden neurons; the linear output is a plain dot
    act = neurons[0].op.activation  # type: ignore[union-attr]
    assert act is not None
    for v in neurons:
        vid = ids[v]
        inputs = [p.data for p in v.parents]  # weights, inputs, bias
        n = len(inputs) // 2
        z = math.fsum(w * x for w, x in zip(inputs[:n], inputs[n : 2 * n])) + inputs[-1]
        label = drawn[f"{vid}_sum"][0]
        assert label.startswith("w·x+b") and field(label, "data") == pytest.approx(z, rel=1e-14)
        (slope,) = numbers[(f"{vid}_sum", f"{vid}_op")]
        # the slope is act'(z): central differences on the activation's own forward
        if activation != "relu" or abs(z) > 1e-3:
            numeric = central_difference(act.forward, [z], 0, h=1e-4)
            assert slope == pytest.approx(numeric, rel=1e-6, abs=1e-9)
        assert field(label, "grad") == pytest.approx(slope * v.grad, rel=1e-15)
        # into the weighted sum: ∂(w·x+b)/∂in, which is x_i for w_i, w_i for x_i, 1 for b
        exact = [*inputs[n : 2 * n], *inputs[:n], 1.0]
        for k, (parent, fused) in enumerate(zip(v.parents, v.local_grads)):
            (into_sum,) = numbers[(ids[parent], f"{vid}_sum_op")]
            assert into_sum == exact[k]
            # the chain rule: the two arrows' product is the arrow of the fused neuron
            assert into_sum * slope == pytest.approx(as_float(fused), rel=1e-15, abs=1e-300)


def test_expanded_counts_one_more_box_per_neuron_and_refuses_collapse_too() -> None:
    _, _, y = one_sample("tanh")
    plain = draw_graph(y, caption=False).source
    expanded = draw_graph(y, expand_neurons=True, caption=False).source
    assert len(boxes(expanded)) == len(boxes(plain)) + 5  # a box w·x+b per neuron
    operations = re.compile(r"^\s*\w+_op \[", re.M)
    assert len(operations.findall(expanded)) == len(operations.findall(plain)) + 5
    assert "each neuron drawn as two steps" in draw_graph(y, expand_neurons=True).source
    total = len(topological_order(y)) + 5
    with pytest.raises(ValueError, match=f"this graph has {total} Values"):
        draw_graph(y, expand_neurons=True, max_nodes=total - 1)
    assert draw_graph(y, expand_neurons=True, max_nodes=total).source
    with pytest.raises(ValueError, match="pick one"):
        draw_graph(y, expand_neurons=True, collapse_neurons=True)


def test_model_graph_draws_one_sample_in_one_call() -> None:
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    picture = model.graph([0.5, -1.0], expand_neurons=True)
    source = picture.source
    assert source.count("_sum [label=") == 3  # three tanh neurons, each as two steps
    assert "yellow parameter, blue input" in source
    assert "grad 0" in source  # no backward unless asked
    model.zero_grad()
    drawn = model.graph([0.5, -1.0], backward=True).source
    out = model([0.5, -1.0])
    assert isinstance(out, Value)
    assert f"data {out.data:.4g} | grad 1" in drawn
    assert any(p.grad != 0.0 for p in model.parameters())
    with pytest.raises(ValueError, match="needs one output"):
        nn.MLP(2, [3, 2], seed=0).graph([0.5, -1.0], backward=True)
    big = nn.MLP(2, [16, 16, 1], seed=0).graph([0.5, -1.0])  # 372 Values: summarized
    assert "earlier Values not drawn" in big.source


# --- too big: a message that helps, and a summary that stays readable ----------------------


def moons_loss() -> Value:
    X, labels = nn.data.moons(n=100, noise=0.1, seed=1)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    loss = nn.hinge([model(x) for x in X], nn.data.to_pm1(labels))
    loss = loss + 1e-4 * nn.l2(model.parameters())
    loss.backward()
    return loss


def test_a_graph_too_big_suggests_the_calls_that_draw_it_readably() -> None:
    with pytest.raises(ValueError) as err:
        draw_graph(moons_loss())
    message = str(err.value)
    total = re.search(r"has (\d+) Values", message)[1]  # type: ignore[index]
    assert message.index("summarize=True") < message.index(f"max_nodes={total}")  # readable first
    assert "model.graph(x)" in message


def test_the_summarized_moons_loss_is_a_few_boxes_high() -> None:
    loss = moons_loss()
    g = draw_graph(loss, summarize=True)
    source = g.source
    values = [i for i in boxes(source) if re.fullmatch(r"v\d+(_sum)?", i)]
    assert 20 <= len(values) <= 300
    # each drawn Value sits at a distance from the loss; at most SUMMARY_WIDTH share one
    links = collections.defaultdict(set)
    for m in EDGE.finditer(source):
        links[m[2]].add(m[1])
    for m in re.finditer(r"^\s*(\w+) -> (\w+) \[style=dashed\]$", source, re.M):
        links[m[2]].add(m[1])
    depth = {"v0": 0}
    frontier = ["v0"]
    while frontier:
        nxt = []
        for node in frontier:
            for parent in links.get(node, set()) | links.get(f"{node}_op", set()):
                if parent not in depth:
                    depth[parent] = depth[node] + 1
                    nxt.append(parent)
        frontier = nxt
    assert all(v in depth for v in values)  # every box is reached from the loss
    per_depth = collections.Counter(depth[v] for v in values)
    assert max(per_depth.values()) <= SUMMARY_WIDTH
    # and as laid out: the fewest nodes per column, the picture a few boxes high
    plain = autograd.render.render_bytes(g, "plain").decode().splitlines()
    height = float(plain[0].split()[3])
    columns = collections.Counter(
        round(float(line.split()[2]), 1) for line in plain if line.startswith("node ")
    )
    assert max(columns.values()) <= 2 * SUMMARY_WIDTH  # boxes and their "… more" notes
    assert height < 24.0  # inches: about 2300 pixels at most


def test_a_dead_relus_weighted_sum_shows_grad_0_not_minus_0() -> None:
    w, x = Value(1.0, label="w"), Value(-2.0, label="x")
    h = autograd.dot([w], [x], Value(0.0, label="b"), activation=ops.RELU)  # relu(-2) = 0
    y = -1.0 * h  # h.grad is -1, and the slope 0: 0 × -1 is -0.0 in floats
    y.backward()
    source = draw_graph(y, expand_neurons=True).source
    assert "w·x+b | data -2 | grad 0" in source and "grad -0" not in source
