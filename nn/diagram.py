"""Network diagrams: an MLP drawn as columns of neurons (the article's chart 1).

``draw_network(model)`` (or ``model.diagram()``) returns a ``graphviz.Digraph`` made by
:mod:`autograd.render` (so it renders with graphviz-pure and shows inline in a notebook):

* one column per layer: the inputs, each hidden layer, the outputs, with the layer's
  activation and size written above it;
* one circle per neuron, showing its bias ``b``;
* one arrow per weight, blue when the weight is positive and red when negative, thicker
  the larger the weight is (relative to the largest weight in the picture), with its
  number beside the arrow's head or tail when the numbers stay apart (small nets).

A layer wider than ``max_neurons`` shows its first few and last few neurons with a
"… n more" between them, so a network of any width stays readable.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from nn.activations import display_name

POSITIVE = "#1f77b4"
NEGATIVE = "#d62728"
ANGLE = "-20"
"""graphviz labelangle of a weight's number: degrees off its arrow, so the line misses it."""

READABLE = {"fan": 2, "column": 4}
"""By default weights are written only when at most ``fan`` arrows meet where their
numbers go and no column has more than ``column`` neurons: beyond that the arrows meet
at angles so close that their numbers run into each other (a 2-8-1 or a 3-4-1 net).
``weights=True`` writes them anyway; the SVG always has each weight as a tooltip."""
COLUMN_FILL = {"input": "#cfe6ff", "hidden": "#ffe6a6", "output": "#c9f2c9"}


def _shown(width: int, max_neurons: int) -> list[int | None]:
    """Indices of the neurons drawn in a layer, with None where "… more" goes."""
    if width <= max_neurons:
        return list(range(width))
    head = (max_neurons - 1) // 2
    tail = max_neurons - 1 - head
    return [*range(head), None, *range(width - tail, width)]


def _label_end(fan_in: int, fan_out: int) -> tuple[str, int]:
    """Which end of a layer's arrows carries the weights' numbers, and how many meet there.

    The end where fewer arrows meet: into a neuron with few inputs (``headlabel``) or out
    of a neuron feeding few (``taillabel``).  Numbers in the middle of the arrows (an
    ``xlabel``) sat where the arrows cross and ran into each other ("-2.3.9").
    """
    return ("headlabel", fan_in) if fan_in <= fan_out else ("taillabel", fan_out)


def _check(model: Any, max_neurons: int, digits: int) -> None:
    layers = getattr(model, "layers", None)
    if not isinstance(layers, list) or not all(hasattr(layer, "neurons") for layer in layers):
        raise TypeError(
            "draw_network needs a model with .layers of neurons (an nn.MLP), "
            f"got {type(model).__name__}"
        )
    if isinstance(max_neurons, bool) or not isinstance(max_neurons, int) or max_neurons < 3:
        raise ValueError(f"draw_network max_neurons must be an int >= 3, got {max_neurons!r}")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 17:
        raise ValueError(f"draw_network digits must be an int from 1 to 17, got {digits!r}")


def draw_network(
    model: Any,
    *,
    max_neurons: int = 12,
    weights: bool | None = None,
    digits: int = 2,
    rankdir: str = "LR",
    title: str | None = None,
) -> Any:
    """Draw a network's neurons, weights, biases and activations.

    Args:
        model: an ``nn.MLP`` (anything with ``.layers[i].neurons[j].w``/``.b``, ``.nin``
            and ``.activations``).
        max_neurons: a wider layer shows its first and last neurons and "… n more".
        weights: write each weight's value beside one end of its arrow; by default only
            when the numbers stay apart (see ``READABLE``: a 2-4-1 or 2-3-2 net drawn
            left to right yes; a 2-8-1 or 3-4-1 net, or ``rankdir="TB"``, no).  Hovering
            an arrow in the SVG always shows it.
        digits: significant digits of the numbers shown.
        rankdir: ``"LR"`` (inputs on the left, default) or ``"TB"`` (inputs on top).
        title: a caption; by default the architecture and the parameter count.

    Returns:
        A ``graphviz.Digraph`` (``.source``; inline in a notebook;
        ``autograd.render.save(g, "net.png")``).

    Raises:
        TypeError: if model has no layers of neurons.
        ValueError: for a bad option.
    """
    _check(model, max_neurons, digits)
    if rankdir not in ("LR", "TB"):
        raise ValueError(f"draw_network rankdir must be 'LR' or 'TB', got {rankdir!r}")
    from autograd.labels import literal_label
    from autograd.render import new_digraph

    layers = model.layers
    sizes = [len(layers[0].neurons[0].w), *(len(layer.neurons) for layer in layers)]
    shown = [_shown(n, max_neurons) for n in sizes]
    names = list(getattr(model, "activations", [])) or ["?"] * len(layers)
    # a custom activation by its function's own name (swish), not "custom"
    names = [
        display_name(layer.activation)
        if name == "custom" and hasattr(layer, "activation")
        else name
        for name, layer in zip(names, layers)
    ]

    # The thickest arrow is the largest weight drawn.
    drawn = [
        layers[i].neurons[j].w[k].data
        for i in range(len(layers))
        for j in shown[i + 1]
        if j is not None
        for k in shown[i]
        if k is not None
    ]
    biggest = max((abs(w) for w in drawn), default=1.0) or 1.0
    if weights is None:  # numbers only where they stay apart: see READABLE
        ends = [_label_end(len(a), len(b))[1] for a, b in pairwise(shown)]
        weights = (
            rankdir == "LR"  # top to bottom, numbers side by side run together
            and max(ends) <= READABLE["fan"]
            and max(map(len, shown)) <= READABLE["column"]
        )

    g = new_digraph("network", rankdir=rankdir, splines="line", nodesep="0.15", ranksep="1.4")
    g.attr("node", shape="circle", style="filled", fontname="Helvetica", fontsize="10")
    g.attr("node", fixedsize="true", width="0.75")
    g.attr("edge", arrowsize="0.4")
    for c, column in enumerate(shown):
        kind = "input" if c == 0 else "output" if c == len(shown) - 1 else "hidden"
        with g.subgraph(name=f"column{c}") as col:
            col.attr(rank="same")
            header = f"inputs\n{sizes[0]}" if c == 0 else f"{kind} {c}\n{sizes[c]} × {names[c - 1]}"
            if kind == "output":
                header = f"outputs\n{sizes[c]} × {names[c - 1]}"
            # (a custom activation's name is user text, such as "<lambda>")
            col.node(
                f"head{c}",
                literal_label(header),
                shape="plaintext",
                style="",
                fixedsize="false",
            )
            previous = f"head{c}"
            for j in column:
                node = f"n{c}_{j}" if j is not None else f"more{c}"
                if j is None:
                    hidden = sizes[c] - len(column) + 1
                    col.node(
                        node, f"… {hidden} more", shape="plaintext", style="", fixedsize="false"
                    )
                elif c == 0:
                    col.node(node, f"x{j + 1}", fillcolor=COLUMN_FILL[kind])
                else:
                    b = layers[c - 1].neurons[j].b.data
                    col.node(node, f"b={b:.{digits}g}", fillcolor=COLUMN_FILL[kind])
                # invisible links keep each column in order, header first
                col.edge(previous, node, style="invis")
                previous = node

    for i, layer in enumerate(layers):
        end, fan = _label_end(len(shown[i]), len(shown[i + 1]))
        for j in shown[i + 1]:
            if j is None:
                continue
            for k in shown[i]:
                if k is None:
                    continue
                w = layer.neurons[j].w[k].data
                style = {
                    "color": POSITIVE if w >= 0 else NEGATIVE,
                    "penwidth": f"{0.3 + 3.2 * abs(w) / biggest:.2f}",
                    "tooltip": f"w = {w:.{digits}g}",
                }
                if weights:
                    style[end] = f"{w:.{digits}g}"
                    # farther out when more arrows meet there, where they are farther apart
                    style["labeldistance"] = f"{1.5 + 0.75 * fan:g}"
                    style["labelangle"] = ANGLE  # beside the arrow, off its line
                    style["fontsize"] = "9"
                    style["fontname"] = "Helvetica"
                    style["fontcolor"] = style["color"]
                g.edge(f"n{i}_{k}", f"n{i + 1}_{j}", **style)

    count = sum(1 + len(n.w) for layer in layers for n in layer.neurons)
    arch = " → ".join(str(n) for n in sizes)
    if title is None:
        title = (
            f"MLP {arch}: {count} parameters. Arrows: blue w > 0, red w < 0, thicker = larger |w|"
        )
    g.attr(label=literal_label(title), fontname="Helvetica", fontsize="11")
    g.summary = f"network diagram: MLP {arch}, {count} parameters"  # what repr(g) says
    return g
