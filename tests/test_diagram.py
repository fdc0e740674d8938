"""draw_network: one arrow per weight, coloured by sign and sized by magnitude; wide layers cut."""

from __future__ import annotations

import re

import pytest

import nn
from autograd import render
from nn.diagram import NEGATIVE, POSITIVE, draw_network

ARROW = re.compile(r"^\s*n(\d+)_(\d+) -> n(\d+)_(\d+) \[(.*)\]$", re.M)


# Each test finds the renderer afresh (the fixture is in conftest.py).
pytestmark = pytest.mark.usefixtures("fresh_discovery")


def arrows(source: str) -> dict[tuple[int, int, int], dict[str, str]]:
    """(layer, neuron, input) -> the arrow's attributes, for every weight drawn."""
    out = {}
    for m in ARROW.finditer(source):
        if "invis" in m[5]:
            continue  # the links that keep each column in order
        attrs = dict(re.findall(r'(\w+)="?([^" ]+(?: = [^"]+)?)"?', m[5]))
        out[(int(m[1]), int(m[4]), int(m[2]))] = attrs
    return out


def test_every_weight_is_an_arrow_coloured_by_sign_and_sized_by_magnitude() -> None:
    model = nn.MLP(3, [4, 4, 1], seed=1)
    drawn = arrows(draw_network(model).source)
    assert len(drawn) == 3 * 4 + 4 * 4 + 4 * 1
    widths = []
    for (i, j, k), attrs in drawn.items():
        w = model.layers[i].neurons[j].w[k].data
        assert attrs["color"] == (POSITIVE if w >= 0 else NEGATIVE)
        assert attrs["tooltip"] == f"w = {w:.2g}"
        widths.append((abs(w), float(attrs["penwidth"])))
    widths.sort()
    assert [p for _, p in widths] == sorted(p for _, p in widths)  # thicker = larger |w|
    # width in points = 0.3 (a hairline, for w = 0) + 3.2 |w| / (largest |w|): 3.5 at the
    # largest; the DOT source rounds it to 2 decimals
    biggest = widths[-1][0]
    for size, width in widths:
        assert width == pytest.approx(0.3 + 3.2 * size / biggest, abs=0.005)


def test_biases_activations_and_sizes_are_shown() -> None:
    model = nn.MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    model.layers[0].neurons[1].b.data = 0.25
    source = draw_network(model).source
    assert 'n1_1 [label="b=0.25"' in source
    assert "3 × tanh" in source and "1 × sigmoid" in source
    assert "MLP 2 → 3 → 1: 13 parameters" in source


def weight_labels(source: str) -> int:
    """How many weights are written as numbers (beside an arrow's head or tail)."""
    return len(re.findall(r"\b(?:head|tail)label=", source))


def test_weights_are_written_on_small_nets_only_unless_asked() -> None:
    small = nn.MLP(2, [3, 1], seed=0)  # 9 arrows
    assert weight_labels(draw_network(small).source) == 9
    for crowded in (nn.MLP(4, [8, 1], seed=0), nn.MLP(2, [8, 1]), nn.MLP(3, [4, 1])):
        assert weight_labels(draw_network(crowded).source) == 0  # they would run together
    assert weight_labels(draw_network(small, rankdir="TB").source) == 0  # side by side
    assert weight_labels(draw_network(nn.MLP(4, [8, 1]), weights=True).source) == 40


SVG_TEXT = re.compile(
    r'<text[^>]* x="([-\d.]+)" y="([-\d.]+)"[^>]* font-size="([\d.]+)"([^>]*)>([^<]*)<'
)


def text_boxes(svg: str) -> list[tuple[float, float, float, float, str, bool]]:
    """(left, right, top, bottom, text, is a weight) of each text: size from font and length."""
    boxes = []
    for x, y, size, rest, text in SVG_TEXT.findall(svg):
        text = text.replace("&#45;", "-")
        half, height = 0.3 * float(size) * len(text), 0.75 * float(size)
        weight = POSITIVE in rest or NEGATIVE in rest  # numbers take their arrow's colour
        boxes.append((float(x) - half, float(x) + half, float(y) - height, float(y), text, weight))
    return boxes


def test_weight_numbers_do_not_overlap_where_arrows_cross(monkeypatch: pytest.MonkeyPatch) -> None:
    """The XOR demo's 2-4-1 net: its numbers written mid-arrow ran into each other where
    the arrows cross ("-2.3.9").  Laid out for real, no number may overlap another text."""
    # Positions depend on the layout program's version: use the pinned graphviz-pure where
    # it is installed, not whatever system Graphviz another machine has first on PATH.
    if render._graphviz_pure() is not None:
        monkeypatch.setattr(render, "_system_dot", lambda: None)
    model = nn.MLP(2, [4, 1], activation="tanh")
    rows = [[4.1, 3.9, -1.7], [-2.3, -2.7, 3.8], [3.0, -3.4, -1.5], [4.5, -3.5, 1.9]]
    for neuron, (w1, w2, b) in zip(model.layers[0].neurons, rows):
        neuron.w[0].data, neuron.w[1].data, neuron.b.data = w1, w2, b
    for weight, w in zip(model.layers[1].neurons[0].w, [4.3, 4.3, 4.5, -5.1]):
        weight.data = w
    boxes = text_boxes(render.render_bytes(draw_network(model), "svg").decode())
    numbers = [box for box in boxes if box[5]]
    assert sorted(float(box[4]) for box in numbers) == sorted(
        [w for row in rows for w in row[:2]] + [4.3, 4.3, 4.5, -5.1]
    )
    for a in numbers:
        for b in boxes:
            apart = a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]
            assert b is a or apart, f"weight {a[4]} overlaps {b[4]!r}"


def test_wide_layers_show_first_and_last_neurons() -> None:
    model = nn.MLP(2, [30, 1], seed=0)
    source = draw_network(model, max_neurons=12).source
    shown = [0, 1, 2, 3, 4, 24, 25, 26, 27, 28, 29]
    assert sorted({j for (i, j, _) in arrows(source) if i == 0}) == shown
    assert "… 19 more" in source
    assert len(arrows(source)) == 2 * len(shown) + len(shown)


def test_model_diagram_is_draw_network() -> None:
    model = nn.MLP(2, [3, 1], seed=0)
    assert model.diagram(rankdir="TB").source == draw_network(model, rankdir="TB").source


def test_bad_arguments_are_named() -> None:
    with pytest.raises(TypeError, match=r"needs a model with \.layers of neurons"):
        draw_network(object())
    with pytest.raises(ValueError, match="max_neurons must be an int >= 3, got 2"):
        draw_network(nn.MLP(2, [3, 1]), max_neurons=2)
    with pytest.raises(ValueError, match="rankdir must be 'LR' or 'TB'"):
        draw_network(nn.MLP(2, [3, 1]), rankdir="XY")


def test_the_diagram_renders_to_a_png(tmp_path: object) -> None:
    png = render.render_bytes(nn.MLP(2, [16, 16, 1], seed=0).diagram(), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_repr_names_the_network_and_says_how_to_see_it() -> None:
    model = nn.MLP(2, [4, 1], seed=0)
    text = repr(model.diagram())
    assert f"MLP 2 → 4 → 1, {model.num_parameters()} parameters" in text
    assert "autograd.render.save" in text and "object at 0x" not in text
