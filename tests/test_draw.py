"""draw_graph: the DOT source says what the maths says (values, grads, local derivatives)."""

from __future__ import annotations

import inspect
import math
import re
import sys
from collections.abc import Callable

import graphviz
import pytest

import autograd
import nn
from autograd import Value, draw_graph, ops, topological_order
from autograd.roles import ROLE_COLOURS, role_of

NODE = re.compile(r'^\s*(v\d+) \[label="\{?(.*?)\}?"(.*)\]$', re.M)
EDGE = re.compile(r"^\s*(\w+) -> (\w+)(?: \[label=\"?([^\"\]]+)\"?\])?$", re.M)


def nodes(source: str) -> dict[str, tuple[str, str]]:
    """Value boxes: id -> (label text, attributes)."""
    return {m[1]: (m[2], m[3]) for m in NODE.finditer(source)}


def edges(source: str) -> list[tuple[str, str, str | None]]:
    return [(m[1], m[2], m[3]) for m in EDGE.finditer(source)]


def fields(label: str) -> dict[str, float]:
    """{'data': ..., 'grad': ...} read back from a box's label."""
    out = {}
    for part in label.split(" | "):
        key, _, number = part.partition(" ")
        if key in ("data", "grad"):
            out[key] = float(number)
    return out


def five_x_squared_plus_30(x0: float = 3.0) -> tuple[Value, Value]:
    x = Value(x0, label="x")
    y = 5 * x**2 + 30
    y.label = "y"
    y.backward()
    return x, y


def test_dot_source_of_5x2_plus_30_shows_values_grads_and_one_edge_per_parent() -> None:
    x, y = five_x_squared_plus_30(3.0)
    source = draw_graph(y, caption=False).source
    boxes = nodes(source)
    by_label = {label.split(" | ")[0]: fields(label) for label, _ in boxes.values()}
    assert by_label["x"] == {"data": 3.0, "grad": 30.0}  # dy/dx = 10x = 30
    assert by_label["y"] == {"data": 75.0, "grad": 1.0}  # 5 * 9 + 30
    order = topological_order(y)
    assert len(boxes) == len(order)  # every Value drawn once: x, x**2, 5x**2, y
    links = edges(source)
    for i, v in enumerate(order):
        into_op = [e for e in links if e[1] == f"v{i}_op"]
        assert len(into_op) == len(v.parents)
        out_of_op = [e for e in links if e[0] == f"v{i}_op"]
        assert out_of_op == ([(f"v{i}_op", f"v{i}", None)] if v.parents else [])
    # the arrow from x into **2 carries d(x^2)/dx = 2x = 6; from x**2 into 5 * it, 5.
    ids = {v: f"v{i}" for i, v in enumerate(order)}
    square = y.parents[0].parents[0]
    assert (ids[x], f"{ids[square]}_op", "6") in links
    assert (ids[square], f"{ids[y.parents[0]]}_op", "5") in links
    # the numbers 5 and 30 are inside their operations, written beside the symbol
    assert 'label="5 *"' in source and 'label="+ 30"' in source


def read_chain_rule(source: str) -> tuple[dict[str, float], dict[str, float]]:
    """Each box's grad as drawn, and what the picture says it should be: the sum over the
    arrows leaving the box of (arrow number x grad of the box its operation makes)."""
    grads = {vid: fields(label)["grad"] for vid, (label, _) in nodes(source).items()}
    received = dict.fromkeys(grads, 0.0)
    for src, dst, label in edges(source):
        if dst.endswith("_op") and src in received:
            assert label is not None
            received[src] += float(label) * grads[dst.removesuffix("_op")]
    return grads, received


@pytest.mark.parametrize("x0", [-2.0, 0.5, 3.0])
def test_chain_rule_can_be_read_off_the_picture(x0: float) -> None:
    """A box's grad = sum over its outgoing arrows of (arrow number x grad of the op's result)."""
    x = Value(x0, label="x")
    h = (x * x).tanh() + x.sin() * 2.0
    z = h * x - h.exp()
    z.backward()
    grads, received = read_chain_rule(draw_graph(z, digits=17).source)
    ids = {v: f"v{i}" for i, v in enumerate(topological_order(z))}
    for v, vid in ids.items():
        if v is not z:
            assert received[vid] == pytest.approx(grads[vid], rel=1e-12, abs=1e-12)
    assert grads[ids[x]] == pytest.approx(x.grad, rel=1e-15)


def test_a_value_used_twice_keeps_both_edges() -> None:
    a = Value(2.0, label="a")
    b = a + a
    b.backward()
    links = edges(draw_graph(b).source)
    assert links.count(("v0", "v1_op", "1")) == 2
    assert fields(nodes(draw_graph(b).source)["v0"][0])["grad"] == 2.0


def test_roles_come_from_what_a_value_is_never_from_its_label() -> None:
    # Labels that look like parameters, and a weight labelled like an input: the label
    # decides nothing; params= (or nn's mark) does.
    w = Value(0.5, label="v")
    b = Value(0.1, label="b")
    x = Value(2.0, label="layers.0.neurons.0.w.0")
    out = autograd.dot([w], [x], b).tanh()
    assert [role_of(v) for v in (w, b, x, out)] == ["input", "input", "input", "intermediate"]
    assert role_of(w, params={w}) == "parameter" and role_of(x, params={w}) == "input"
    assert role_of(autograd.as_value(2.0)) == "constant"
    source = draw_graph(out, params=[w, b]).source
    colour = {label.split(" | ")[0]: attrs for label, attrs in nodes(source).values()}
    assert ROLE_COLOURS["parameter"] in colour["v"] and ROLE_COLOURS["parameter"] in colour["b"]
    assert ROLE_COLOURS["input"] in colour["layers.0.neurons.0.w.0"]
    assert ROLE_COLOURS["result"] in next(a for a in colour.values() if "penwidth" in a)
    assert "yellow parameter, blue input" in source


def test_collapse_constants_writes_numbers_inside_their_operations() -> None:
    x = Value(3.0, label="x")
    y = 5 * x**2 + 30
    z = 1 - y
    source = draw_graph(z, collapse_constants=True).source
    assert len(nodes(source)) == 5  # x, x**2, 5x**2, 5x**2 + 30, 1 - that
    for op_label in ('"5 *"', '"+ 30"', '"1 -"'):
        assert f"label={op_label}" in source


def test_labels_with_record_characters_are_escaped() -> None:
    x = Value(1.0, label="a|b{c}")
    source = draw_graph(x.exp()).source
    assert r"a\|b\{c\}" in source


def test_too_many_values_is_refused_with_the_count_and_the_ways_out() -> None:
    x = Value(0.1, label="x")
    v = x
    for _ in range(30):
        v = v.tanh()
    with pytest.raises(ValueError, match=r"31 Values, more than max_nodes=10") as err:
        draw_graph(v, max_nodes=10)
    assert "max_nodes=31" in str(err.value) and "summarize=True" in str(err.value)
    assert len(nodes(draw_graph(v, max_nodes=31).source)) == 31


def test_a_graph_of_100000_values_is_walked_without_recursion_and_refused_or_summarized() -> None:
    x = Value(0.5, label="x")
    v = x
    for i in range(100_000):
        v = v.tanh() if i % 2 else -v
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 60)  # any recursive walk would fail
    try:
        with pytest.raises(ValueError, match="100001 Values"):
            draw_graph(v)
        g = draw_graph(v, summarize=True, max_nodes=50)
    finally:
        sys.setrecursionlimit(limit)
    source = g.source
    assert len(nodes(source)) == 50
    assert "… 99951 earlier Values not drawn" in source
    assert len(re.findall(r"hidden\d+ -> ", source)) == 1  # the cut-off parent: one note
    assert "… 1 more input" in source


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rankdir": "XY"}, "rankdir must be one of"),
        ({"max_nodes": 0}, "max_nodes must be a positive int, got 0"),
        ({"digits": 40}, "digits must be an int from 1 to 17, got 40"),
    ],
)
def test_bad_options_are_named(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        draw_graph(Value(1.0), **kwargs)  # type: ignore[arg-type]


def test_bad_roots_are_named() -> None:
    with pytest.raises(TypeError, match="needs a Value or a list of Values, got float"):
        draw_graph(3.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty list"):
        draw_graph([])


def test_value_graph_is_draw_graph_and_several_roots_share_their_inputs() -> None:
    x, y = five_x_squared_plus_30()
    assert y.graph(rankdir="TB").source == draw_graph(y, rankdir="TB").source
    assert isinstance(y.graph(), graphviz.Digraph)  # so notebooks display it inline
    a, b = x.exp(), x.sin()
    source = draw_graph([a, b]).source
    assert len(nodes(source)) == 3 and source.count("penwidth=2") == 2


def colour_legend(source: str) -> str:
    """The caption's list of colours, from the DOT source."""
    found = re.search(r"colours: ([^\\]*)\\l", source)
    assert found, source
    return found[1]


@pytest.mark.parametrize("collapse", [False, True])
def test_caption_names_only_the_colours_the_picture_shows(collapse: bool) -> None:
    """The pig-sales graph has inputs and a result only (its numbers are inside their
    operations): its legend must not promise yellow parameters or grey constants."""
    x1, x2 = Value(3.0, label="x1"), Value(2.0, label="x2")
    y = 5 * x1**2 + 8 * x2 + 30
    legend = colour_legend(draw_graph(y, collapse_constants=collapse).source)
    # no parameters known: the leaves are leaves, and the caption says how to tell more
    assert "blue leaf" in legend and "params=" in legend and "green result" in legend
    assert "yellow parameter" not in legend
    assert "grey constant" not in legend  # 5, 8 and 30 are inside their operations
    w = Value(0.5, label="w")
    everything = colour_legend(draw_graph(w * x1 + autograd.as_value(2.0), params=[w]).source)
    for words in ("yellow parameter", "blue input", "grey constant", "green result"):
        assert words in everything


# --- neurons drawn as one operation, act(w·x+b) ------------------------------------
# A neuron is one operation in a picture however it was built: one node
# (autograd.dot(w, x, b, activation=op), as nn makes its named activations), or a dot
# node and an activation node drawn with collapse_neurons=True.  The graphs here are
# built by hand both ways, so these tests do not depend on which one nn makes.

# The slope of each activation at its input z, from the maths (not from the op table).
SLOPES: dict[str, Callable[[float], float]] = {
    "relu": lambda z: 1.0 if z > 0 else 0.0,
    "tanh": lambda z: 1.0 - math.tanh(z) ** 2,
    "sigmoid": lambda z: math.exp(-z) / (1.0 + math.exp(-z)) ** 2,
    "leaky_relu": lambda z: 1.0 if z > 0 else 0.01,
}

ACTIVATION_OPS = {
    "relu": ops.RELU,
    "tanh": ops.TANH,
    "sigmoid": ops.SIGMOID,
    "leaky_relu": ops.leaky_relu(0.01),
}

SYMBOLS = {"relu": "relu", "tanh": "tanh", "sigmoid": "σ", "leaky_relu": "lrelu(0.01)"}

WAYS = ["one node", "two nodes, collapsed"]
"""How a neuron is built and drawn: fused and drawn as it is, or dot + activation drawn
with collapse_neurons=True."""


def mlp_loss_by_hand(
    activation: str, nouts: list[int], fused: bool
) -> tuple[nn.MLP, list[Value], Value]:
    """An nn.MLP's mse loss on one sample, after backward, its graph built by hand from the
    model's parameters: each hidden neuron ONE node (``fused``) or a dot node plus an
    activation node; the output neuron is linear (a bare dot node), as in nn."""
    model = nn.MLP(2, nouts, activation=activation, seed=3)
    xs = [Value(0.7, label="x0"), Value(-1.3, label="x1")]  # labelled as nn labels them
    act = ACTIVATION_OPS[activation]
    h = xs
    for layer in model.layers[:-1]:
        if fused:
            h = [autograd.dot(n.w, h, n.b, activation=act) for n in layer.neurons]
        else:
            h = [autograd.apply(act, autograd.dot(n.w, h, n.b)) for n in layer.neurons]
    (out,) = [autograd.dot(n.w, h, n.b) for n in model.layers[-1].neurons]
    loss = nn.mse([out], [0.25])
    assert loss.data == nn.mse([model([0.7, -1.3])], [0.25]).data  # nn's own maths
    loss.backward()
    return model, xs, loss


def canonical(source: str) -> str:
    """DOT source with its box ids renumbered in order of appearance, so two pictures of
    the same graph compare equal even when one graph had extra (undrawn) nodes."""
    renamed: dict[str, str] = {}
    return re.sub(r"\bv\d+(?!\d)", lambda m: renamed.setdefault(m[0], f"v{len(renamed)}"), source)


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("activation", list(SLOPES))
def test_each_neuron_is_one_operation_whose_arrows_carry_the_chain_rule(
    activation: str, way: str
) -> None:
    fused = way == "one node"
    model, xs, loss = mlp_loss_by_hand(activation, [3, 1], fused)
    picture = draw_graph(loss, digits=17, collapse_neurons=not fused)
    source = picture.source
    order = topological_order(loss)
    # every Value is a box, but for the three hidden weighted sums folded into their neuron
    assert len(nodes(source)) == len(order) - (0 if fused else 3)
    assert "(3 neurons drawn as one operation each)" in repr(picture)
    assert "neuron drawn as one operation" in source  # the caption explains its arrows
    assert source.count(f'"{SYMBOLS[activation]}(w·x+b)"') == 3

    ids = {v: f"v{i}" for i, v in enumerate(order)}
    links = edges(source)
    arrows_into: dict[str, dict[str, float]] = {dst: {} for _, dst, _ in links}
    for src, dst, label in links:
        arrows_into[dst][src] = float(label) if label else math.nan
    x = [v.data for v in xs]
    slopes_seen = set()
    for neuron in model.layers[0].neurons:
        z = neuron.w[0].data * x[0] + neuron.w[1].data * x[1] + neuron.b.data
        slope = SLOPES[activation](z)
        slopes_seen.add(slope)
        holder = next(v for v in order if v.parents[-1:] == (neuron.b,))  # has w·x+b
        out = holder if fused else next(v for v in order if v.parents == (holder,))
        expected = {ids[w]: slope * xi for w, xi in zip(neuron.w, x)}  # ∂/∂w_i = slope·x_i
        expected |= {ids[xv]: slope * w.data for xv, w in zip(xs, neuron.w)}  # slope·w_i
        expected[ids[neuron.b]] = slope
        assert arrows_into[f"{ids[out]}_op"] == pytest.approx(expected, rel=1e-12, abs=1e-15)
        assert (ids[holder] in nodes(source)) is fused  # a dot's w·x+b box is left out
    if activation in ("relu", "leaky_relu"):
        assert len(slopes_seen) == 2  # both a live and a dead (or leaking) neuron


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("activation", list(SLOPES))
def test_the_chain_rule_reads_off_a_picture_of_neurons(activation: str, way: str) -> None:
    fused = way == "one node"
    model, _, loss = mlp_loss_by_hand(activation, [3, 1], fused)
    grads, received = read_chain_rule(
        draw_graph(loss, digits=17, collapse_neurons=not fused).source
    )
    ids = {v: f"v{i}" for i, v in enumerate(topological_order(loss))}
    drawn = [v for v in ids if ids[v] in grads and v is not loss]
    for v in drawn:
        assert received[ids[v]] == pytest.approx(grads[ids[v]], rel=1e-12, abs=1e-12)
    leaves = [v for v in drawn if not v.parents]
    assert set(model.parameters()) <= set(leaves)
    for leaf in leaves:
        assert received[ids[leaf]] == pytest.approx(leaf.grad, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("activation", list(SLOPES))
def test_a_fused_neuron_is_drawn_as_a_collapsed_one_and_collapsing_it_changes_nothing(
    activation: str,
) -> None:
    *_, fused = mlp_loss_by_hand(activation, [3, 1], fused=True)
    *_, two_nodes = mlp_loss_by_hand(activation, [3, 1], fused=False)
    picture = draw_graph(fused, digits=17)
    collapsed = draw_graph(fused, digits=17, collapse_neurons=True)
    assert collapsed.source == picture.source and repr(collapsed) == repr(picture)
    same = draw_graph(two_nodes, digits=17, collapse_neurons=True)
    assert canonical(same.source) == canonical(picture.source)  # same numbers, same arrows
    assert repr(same) == repr(picture)


@pytest.mark.parametrize("activation", list(SLOPES))
def test_an_nn_network_with_collapse_neurons_is_drawn_one_operation_per_neuron(
    activation: str,
) -> None:
    """Whether nn makes a neuron one node or two, collapse_neurons draws it as one."""
    *_, by_hand = mlp_loss_by_hand(activation, [3, 1], fused=True)
    model = nn.MLP(2, [3, 1], activation=activation, seed=3)
    loss = nn.mse([model([0.7, -1.3])], [0.25])
    loss.backward()
    picture = draw_graph(loss, digits=17, collapse_neurons=True)
    assert canonical(picture.source) == canonical(draw_graph(by_hand, digits=17).source)


def test_a_fused_neuron_without_a_bias_is_written_without_plus_b() -> None:
    w = [Value(0.5, label="w1"), Value(-2.0, label="w2")]
    x = [Value(3.0, label="x1"), Value(1.0, label="x2")]
    y = autograd.dot(w, x, activation=ops.TANH)  # tanh(0.5·3 - 2·1) = tanh(-0.5)
    y.backward()
    source = draw_graph(y, digits=17).source
    assert '"tanh(w·x)"' in source and "tanh(w·x+b)" not in source
    slope = 1.0 - math.tanh(-0.5) ** 2
    arrows = {src: float(label or "nan") for src, dst, label in edges(source) if dst != "v4"}
    ids = {v.label: f"v{i}" for i, v in enumerate(topological_order(y))}
    assert arrows == pytest.approx(
        {
            ids["w1"]: slope * 3.0,
            ids["w2"]: slope * 1.0,
            ids["x1"]: slope * 0.5,
            ids["x2"]: -2 * slope,
        },
        rel=1e-15,
    )
    biased = autograd.dot(w, x, Value(0.25, label="b"), activation=ops.SIGMOID)
    assert '"σ(w·x+b)"' in draw_graph(biased).source


def test_collapse_neurons_with_collapse_constants_keeps_the_chain_rule() -> None:
    """hinge's margins are relu(1 - y·s) = relu(dot([s], [-y], 1)): constants inside a
    neuron, here built by hand as ONE node and as two (collapsed)."""
    for fused in (True, False):
        s = [Value(0.3, label="s0"), Value(-2.0, label="s1")]
        act = ops.RELU if fused else None
        sums = [autograd.dot([si], [-float(y)], 1.0, act) for si, y in zip(s, [1, -1])]
        margins = sums if fused else [d.relu() for d in sums]
        loss = autograd.sum(margins) / 2
        assert loss.data == nn.hinge(s, [1, -1]).data  # the same maths as nn's hinge
        loss.backward()
        source = draw_graph(loss, digits=17, collapse_neurons=True, collapse_constants=True).source
        assert source.count('"relu(w·x+b) -1, 1"') == 1 and '"relu(w·x+b) 1, 1"' in source
        grads, received = read_chain_rule(source)
        boxes = nodes(source)
        for vid, (_, attrs) in boxes.items():
            if "penwidth" not in attrs:  # every box but the result (which has no arrows out)
                assert received[vid] == pytest.approx(grads[vid], rel=1e-12, abs=1e-15)
        by_label = {label.split(" | ")[0]: vid for vid, (label, _) in boxes.items()}
        assert received[by_label["s0"]] == pytest.approx(s[0].grad) == -0.5  # margin 0.7 > 0
        assert received[by_label["s1"]] == pytest.approx(s[1].grad) == 0.0  # margin met: -1


def test_only_a_one_input_op_on_a_dot_used_nowhere_else_is_collapsed() -> None:
    w, x, b = Value(0.5, label="w"), Value(2.0, label="x"), Value(0.1, label="b")
    shared = autograd.dot([w], [x], b)
    assert len(nodes(draw_graph(shared.tanh() + shared, collapse_neurons=True).source)) == 6
    assert len(nodes(draw_graph(shared, collapse_neurons=True).source)) == 4  # a result
    assert len(nodes(draw_graph((w * x).tanh(), collapse_neurons=True).source)) == 4  # no dot
    squared = draw_graph(autograd.dot([w], [x]) ** 2, collapse_neurons=True).source
    assert len(nodes(squared)) == 3 and '"(w·x)**2"' in squared
    sigmoid = draw_graph(autograd.dot([w], [x]).sigmoid(), collapse_neurons=True)
    assert '"σ(w·x)"' in sigmoid.source and "1 neuron drawn" in repr(sigmoid)
    assert "neuron drawn as one operation" in sigmoid.source  # the caption explains arrows


def test_max_nodes_counts_values_after_collapsing_neurons() -> None:
    *_, loss = mlp_loss_by_hand("tanh", [4, 4, 1], fused=False)
    plain = len(nodes(draw_graph(loss, max_nodes=1000).source))
    collapsed = plain - 8  # two layers of 4 tanh neurons
    assert len(nodes(draw_graph(loss, max_nodes=collapsed, collapse_neurons=True).source)) == (
        collapsed
    )
    *_, fused = mlp_loss_by_hand("tanh", [4, 4, 1], fused=True)
    assert len(nodes(draw_graph(fused, max_nodes=collapsed).source)) == collapsed
    with pytest.raises(ValueError, match=rf"{plain} Values, more than") as err:
        draw_graph(loss, max_nodes=collapsed)
    assert "collapse_neurons=True" in str(err.value)
    with pytest.raises(ValueError, match=rf"{collapsed} Values, more than") as err:
        draw_graph(loss, max_nodes=collapsed - 1, collapse_neurons=True)
    assert "collapse_neurons=True" not in str(err.value)  # already taken
    cut = draw_graph(loss, max_nodes=20, collapse_neurons=True, summarize=True).source
    hidden = int(re.search(r"… (\d+) earlier Values not drawn", cut)[1])  # type: ignore[index]
    assert hidden + len(nodes(cut)) == collapsed
