"""User text in pictures is shown as written and can never change the picture's DOT.

Titles, Value labels, custom op names and custom activation names reach Graphviz; a
backslash, a ``<...>`` shape, a quote, record characters or a NUL in them used to break
rendering or inject DOT.  Each nasty text is rendered (PNG, and SVG to read back what
shows) by whichever renderer the machine has.
"""

from __future__ import annotations

import html
import re
import warnings
from typing import Any

import pytest

import autograd
import nn
from autograd import Value, draw_graph
from autograd.labels import literal_label, printable
from autograd.render import render_bytes
from nn.diagram import draw_network

pytestmark = pytest.mark.usefixtures("fresh_discovery")

INJECTION = '<x> ]; injected [shape=box label="pwned"]; z [label=<y>'
"""A text shaped like an HTML label that, put raw into DOT, ends the label and adds a node."""

NASTY = [
    INJECTION,
    "<b>bold?</b>",
    "<evil>",
    "ends in a backslash \\",
    "two \\\\ and \\l and \\n",
    "nul \x00 inside",
    'a "quoted" word',
    "{record|fields} <port>",
    "escape \x1b and delete \x7f",
]


def svg_of(graph: Any) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # graphviz warns about a quoted string it cannot close
        svg = render_bytes(graph, "svg").decode("utf-8")
    assert render_bytes(graph, "png").startswith(b"\x89PNG")
    return svg


def shown_texts(svg: str) -> str:
    """Every piece of text the picture shows, unescaped, joined by newlines."""
    return "\n".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def node_titles(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'class="node"[^>]*>\s*<title>([^<]*)', svg)]


def as_shown(text: str) -> str:
    """What the picture must show for text: itself, with control characters written out."""
    return printable(text)


@pytest.mark.parametrize("title", NASTY)
def test_a_network_title_is_shown_as_written(title: str) -> None:
    model = nn.MLP(2, [2, 1])
    svg = svg_of(draw_network(model, title=title))
    assert "injected" not in node_titles(svg)
    assert as_shown(title).replace("\n", "") in shown_texts(svg).replace("\n", "")


@pytest.mark.parametrize("name", NASTY)
def test_a_custom_op_name_is_shown_as_written(name: str) -> None:
    op = autograd.custom_op(name, lambda x: 2.0 * x, lambda out, x: 2.0)
    svg = svg_of(draw_graph(op(Value(1.5, label="x"))))
    assert "injected" not in node_titles(svg)
    assert as_shown(name) in shown_texts(svg)


@pytest.mark.parametrize("label", NASTY)
def test_a_value_label_is_shown_as_written(label: str) -> None:
    x = Value(2.0, label=label)
    y = x * 3.0
    y.label = label
    for rankdir in ("LR", "TB"):  # a TB record label starts with the Value's label
        svg = svg_of(draw_graph(y, rankdir=rankdir))
        assert "injected" not in node_titles(svg)
        assert as_shown(label) in shown_texts(svg)


def test_an_activation_name_in_a_column_header_is_shown_as_written() -> None:
    model = nn.MLP(2, [2, 1])
    model.activations = ["<b>act</b>\\", "linear"]  # draw_network prints whatever names it has
    svg = svg_of(draw_network(model))
    assert "2 × <b>act</b>\\" in shown_texts(svg)


def test_literal_label_leaves_plain_text_alone_and_never_looks_like_html() -> None:
    import graphviz

    assert literal_label("relu(w·x+b)") == "relu(w·x+b)"
    assert graphviz.quoting.quote(literal_label("<b>")) == '"<b>"'
    assert literal_label("a\\") == "a\\\\"
    assert printable("tab\tnew\nline\x00") == "tab\tnew\nline\\x00"


# --- matplotlib plots: the same rule for their titles and axis names --------------------------


@pytest.mark.parametrize("text", ["cost in $", "a $x^$ b", r"$\frac{$", "100% of $5"])
def test_plot_titles_and_axis_names_are_shown_as_written(text: str) -> None:
    import io as bytes_io

    from matplotlib.text import Text

    history = nn.History(train_loss=[1.0, 0.5], lr=[0.1, 0.1])
    model = nn.MLP(1, [1])
    figures = [
        nn.plot.plot_history(history, title=text),
        nn.plot.plot_fit(model, [[0.0], [1.0]], [0.0, 1.0], xlabel=text, ylabel=text, title=text),
        nn.plot.plot_decision_boundary(
            nn.MLP(2, [1]), [[0.0, 0.0], [1.0, 1.0]], [0, 1], title=text, resolution=8
        ),
    ]
    for figure in figures:
        buffer = bytes_io.BytesIO()
        figure.savefig(buffer, format="png")  # a ValueError from mathtext before
        shown = [t.get_text() for t in figure.findobj(Text)]
        assert text in shown
