"""Rendering from pip alone: graphviz-pure is found without PATH, makes real PNG/SVG/JPEG,
and with no renderer at all the one error says how to get one."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from graphviz.backend import dot_command

from autograd import Value, draw_graph, render, topological_order

# Each test finds the renderer afresh (the fixture is in conftest.py).
pytestmark = pytest.mark.usefixtures("fresh_discovery")


@pytest.fixture
def pure_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No system dot, and the virtualenv's bin/ not on PATH (like a Jupyter kernel)."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))


@pytest.fixture
def no_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate a machine with neither a system dot nor graphviz-pure."""
    monkeypatch.setattr(render, "_system_dot", lambda: None)
    monkeypatch.setattr(render, "_graphviz_pure", lambda: None)


def small_graph() -> object:
    x = Value(3.0, label="x")
    y = 5 * x**2 + 30
    y.backward()
    return draw_graph(y)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_graphviz_pure_is_found_through_its_package_without_path(pure_only: None) -> None:
    found = render.find_renderer()
    assert found is not None and found.name == "graphviz-pure"
    assert Path(found.path).is_absolute() and Path(found.path).is_file()
    assert Path(found.path) == dot_command.DOT_BINARY


def test_discovery_happens_once(monkeypatch: pytest.MonkeyPatch, pure_only: None) -> None:
    calls = []
    real = render._graphviz_pure
    monkeypatch.setattr(render, "_graphviz_pure", lambda: calls.append(1) or real())
    assert render.find_renderer() is render.find_renderer()
    render.render_bytes(small_graph(), "svg")
    assert calls == [1]


def test_a_system_dot_is_preferred(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "_system_dot", lambda: "/opt/graphviz/bin/dot")
    found = render.find_renderer()
    assert found == render.Renderer("graphviz", "/opt/graphviz/bin/dot")
    assert found.supports("pdf")
    assert Path("/opt/graphviz/bin/dot") == dot_command.DOT_BINARY


def test_png_render_is_a_real_png_of_plausible_size(pure_only: None, tmp_path: Path) -> None:
    path = render.save(small_graph(), tmp_path / "deep" / "er" / "graph.png")
    width, height = png_size(path.read_bytes())
    # six boxes and three op circles in a row, plus the caption: wide and not very tall
    assert 400 < width < 4000 and 100 < height < 1000 and width > height
    assert path.stat().st_size > 5000


def test_svg_render_has_graphviz_node_groups(pure_only: None) -> None:
    g = small_graph()
    svg = render.render_bytes(g, "svg").decode()
    assert svg.count('class="node"') == 4 + 3  # four Values (5 and 30 are inside ops), 3 ops
    assert "graphviz-pure" in svg and "grad 30" in svg


def test_jpeg_render(pure_only: None) -> None:
    assert render.render_bytes(small_graph(), "jpeg")[:3] == b"\xff\xd8\xff"


def test_notebook_display_uses_the_discovered_renderer(pure_only: None) -> None:
    """Jupyter calls _repr_mimebundle_, which pipes through graphviz's own code."""
    bundle = small_graph()._repr_mimebundle_()  # type: ignore[attr-defined]
    assert bundle["image/svg+xml"].count('class="node"') == 7
    png = small_graph()._repr_mimebundle_(include=["image/png"])  # type: ignore[attr-defined]
    assert png_size(png["image/png"])[0] > 400


def test_render_method_writes_the_file(pure_only: None, tmp_path: Path) -> None:
    out = small_graph().render(outfile=tmp_path / "g.svg")  # type: ignore[attr-defined]
    assert 'class="node"' in Path(out).read_text()


def test_format_names_in_capitals_work_as_in_graphviz(pure_only: None, tmp_path: Path) -> None:
    # Regression: graphviz takes "PNG" and "g.PNG", but pigrad's format check refused them.
    out = small_graph().render(outfile=tmp_path / "g.PNG")  # type: ignore[attr-defined]
    assert png_size(Path(out).read_bytes())[0] > 50
    assert png_size(small_graph().pipe(format="PNG"))[0] > 50  # type: ignore[attr-defined]
    assert png_size(render.render_bytes(small_graph(), "PNG"))[0] > 50


def test_pdf_with_graphviz_pure_says_it_has_no_pdf(pure_only: None, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"graphviz-pure, cannot write 'pdf' \(it has no PDF"):
        render.save(small_graph(), tmp_path / "g.pdf")
    with pytest.raises(ValueError, match="cannot write 'pdf'"):
        small_graph().pipe(format="pdf")  # type: ignore[attr-defined]


def test_an_absurdly_wide_png_is_scaled_down(pure_only: None) -> None:
    x = Value(0.1, label="x")
    v = x
    for _ in range(250):
        v = v.tanh()
    g = draw_graph(v)
    svg = render.render_bytes(g, "svg").decode()
    width_pt = float(svg.split('<svg width="')[1].split("pt")[0])
    assert width_pt * 96 / 72 > 3 * render.MAX_PIXELS  # unscaled it would be absurd
    width, height = png_size(render.render_bytes(g, "png"))
    assert width <= render.MAX_PIXELS and height >= 1


def test_no_renderer_one_clear_error_and_dot_source_still_saves(
    no_renderer: None, tmp_path: Path
) -> None:
    g = small_graph()
    assert render.find_renderer() is None
    saved = render.save(g, tmp_path / "graph.gv")
    assert saved.read_text(encoding="utf-8") == g.source  # type: ignore[attr-defined]
    attempts = [
        lambda: render.save(g, tmp_path / "graph.png"),
        lambda: render.render_bytes(g, "svg"),
        lambda: g.pipe(),  # type: ignore[attr-defined]
        lambda: g.render(outfile=tmp_path / "g.svg"),  # type: ignore[attr-defined]
        lambda: g._repr_mimebundle_(),  # type: ignore[attr-defined]
    ]
    for attempt in attempts:
        with pytest.raises(render.RendererNotFoundError) as err:
            attempt()
        message = str(err.value)
        assert "pip install graphviz-pure" in message and "system Graphviz" in message
        assert "graph.source" in message


def test_save_needs_a_format() -> None:
    with pytest.raises(ValueError, match="cannot tell the format"):
        render.save(small_graph(), "graph")


def test_repr_says_what_the_picture_holds_and_how_to_see_it(no_renderer: None) -> None:
    """Outside a notebook, repr is all a user sees: it counts what was drawn and says
    how to view or save it (no renderer needed, nothing is rendered)."""
    x = Value(3.0, label="x")
    y = 5 * x**2 + 30
    values = topological_order([y])
    operations = [v for v in values if v.parents]
    text = repr(draw_graph(y))
    assert f"{len(values)} Values, {len(operations)} operations" in text
    assert 'autograd.render.save(g, "graph.png")' in text and "g.source" in text
    assert "notebook" in text and "object at 0x" not in text
    assert "1 Value, 0 operations" in repr(draw_graph(Value(2.0)))
    copied = draw_graph(y).copy()  # type: ignore[attr-defined]
    assert f"{len(values)} Values" in repr(copied)


def test_picture_class_is_named_like_a_module_level_class() -> None:
    picture_class = type(small_graph())
    assert picture_class.__qualname__ == "Picture"
    assert picture_class.__module__ == "autograd.render"
    assert render.Picture is picture_class
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        render.Nothing  # noqa: B018
