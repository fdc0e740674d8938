"""Rendering: finding a program that turns DOT source into SVG, PNG or JPEG pictures.

pigrad describes pictures in Graphviz's DOT language with the ``graphviz`` Python
package, which runs an external program to lay them out.  This module owns finding
that program, once, the first time a picture is rendered:

1. a system Graphviz (``dot`` on PATH), if there is one;
2. otherwise the ``graphviz-pure`` package (a self-contained port of ``dot``, installed
   by pip with pigrad), found through ``importlib.metadata`` so it works even when the
   virtualenv's ``bin/`` is not on PATH (a Jupyter kernel, ``.venv/bin/python x.py``);
3. otherwise nothing: DOT source can still be read (``graph.source``) and saved
   (``save(graph, "g.gv")``), and rendering raises one :class:`RendererNotFoundError`
   that says how to get a renderer.

The graphviz package runs ``graphviz.backend.dot_command.DOT_BINARY`` (setting
``graphviz.DOT_BINARY`` has no effect), so that is what discovery points at the
program it found.  Graphs made by :func:`new_digraph` check for a renderer before
every render, so ``graph.render()``, ``graph.pipe()`` and a notebook's inline display
all use it without extra calls.
"""

from __future__ import annotations

import importlib.metadata
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from autograd.files import write_atomically

PURE_FORMATS = frozenset(
    {"svg", "png", "jpeg", "jpg", "jpe", "dot", "gv", "xdot", "json", "json0", "plain"}
    | {"plain-ext", "canon", "dot_json", "xdot_json"}
)
"""Output formats graphviz-pure 0.2 can write (it has no pdf or ps)."""

RASTER_FORMATS = frozenset({"png", "jpeg", "jpg", "jpe"})

MAX_PIXELS = 8000
"""A PNG/JPEG side longer than this many pixels is scaled down to it when rendered."""

INSTALL_HINT = (
    "Install a renderer: `pip install graphviz-pure` (self-contained, no system packages; "
    "it comes with pigrad on Linux x86_64/aarch64, macOS and Windows) or a system Graphviz "
    "(`apt install graphviz`, `brew install graphviz`, https://graphviz.org/download/)."
)


class RendererNotFoundError(RuntimeError):
    """No program to lay out graphs was found (neither ``dot`` nor ``graphviz-pure``)."""


@dataclass(frozen=True)
class Renderer:
    """The program that lays out and draws graphs.

    Attributes:
        name: ``"graphviz"`` (a system ``dot``) or ``"graphviz-pure"``.
        path: the program's full path.
    """

    name: str
    path: str

    def supports(self, fmt: str) -> bool:
        """True if this renderer can write format ``fmt`` (a system dot: assume yes)."""
        return self.name != "graphviz-pure" or fmt in PURE_FORMATS


def _system_dot() -> str | None:
    """Path of a system Graphviz ``dot`` on PATH, if any."""
    return shutil.which("dot")


def _graphviz_pure() -> str | None:
    """Path of the ``graphviz-pure`` program, from its installed package's file list."""
    try:
        dist = importlib.metadata.distribution("graphviz-pure")
    except importlib.metadata.PackageNotFoundError:
        return shutil.which("graphviz-pure")  # e.g. installed with pipx or uv tool
    for file in dist.files or ():
        if file.name in ("graphviz-pure", "graphviz-pure.exe"):
            path = Path(str(dist.locate_file(file))).resolve()
            if path.is_file():
                return str(path)
    return shutil.which("graphviz-pure")


@lru_cache(maxsize=1)
def find_renderer() -> Renderer | None:
    """Find a renderer once (later calls return the same answer) and point graphviz at it.

    Returns:
        The :class:`Renderer`, or ``None`` if there is none.  Call
        ``find_renderer.cache_clear()`` to look again (e.g. after installing one).
    """
    dot = _system_dot()
    if dot is not None:
        found = Renderer("graphviz", dot)
    else:
        pure = _graphviz_pure()
        if pure is None:
            return None
        found = Renderer("graphviz-pure", pure)
    from graphviz.backend import dot_command

    dot_command.DOT_BINARY = Path(found.path)
    return found


def require_renderer(fmt: str = "svg") -> Renderer:
    """The renderer, checked to exist and to support ``fmt``.

    Args:
        fmt: the output format about to be rendered (``"svg"``, ``"png"``, ...).

    Returns:
        The :class:`Renderer` in use.

    Raises:
        RendererNotFoundError: if there is no renderer at all.
        ValueError: if the renderer cannot write ``fmt`` (graphviz-pure has no PDF).
    """
    renderer = find_renderer()
    if renderer is None:
        raise RendererNotFoundError(
            f"cannot render a graph as {fmt!r}: no Graphviz renderer was found (no `dot` on "
            f"PATH and no `graphviz-pure` package). {INSTALL_HINT} Without one, the DOT "
            "source still works: read `graph.source` or save it with "
            "`autograd.render.save(graph, 'graph.gv')`."
        )
    if not renderer.supports(fmt):
        hint = " (it has no PDF or PostScript output yet)" if fmt in ("pdf", "ps") else ""
        raise ValueError(
            f"the renderer in use, graphviz-pure, cannot write {fmt!r}{hint}; use one of "
            f"'svg', 'png' or 'jpeg', or install a system Graphviz (pigrad uses `dot` when it "
            "is on PATH), which writes PDF"
        )
    return renderer


def _capped(graph: Any, fmt: str, max_pixels: int) -> Any:
    """A copy of graph whose raster picture is at most max_pixels on its longer side.

    Graphviz's ``size`` attribute (inches, without ``!``) only ever scales a drawing
    down, so it caps the picture without knowing its layout in advance.
    """
    attrs = getattr(graph, "graph_attr", None)  # a graphviz.Source has none: left as is
    if fmt not in RASTER_FORMATS or attrs is None or "size" in attrs:
        return graph
    dpi = float(attrs.get("dpi", 96))
    capped = graph.copy()
    inches = max_pixels / dpi
    capped.graph_attr["size"] = f"{inches:.2f},{inches:.2f}"
    return capped


PICTURE_HELP = (
    "  see it:   make it the last line of a notebook cell (it shows inline)\n"
    '  save it:  autograd.render.save(g, "graph.png")  (or "graph.svg", "graph.gv")\n'
    "  DOT text: g.source"
)
"""The lines of a Picture's repr that say how to look at it."""


def picture_repr(summary: str) -> str:
    """What ``repr`` shows for a pigrad picture: what it is and how to view or save it.

    Outside a notebook a graphviz graph is only an object; this says what it holds
    (``summary``, e.g. "computation graph: 6 Values, 3 operations") and the three ways
    to look at it.
    """
    return f"<Picture: {summary or 'a graphviz graph'}>\n{PICTURE_HELP}"


@lru_cache(maxsize=1)
def digraph_class() -> type[Any]:
    """The ``graphviz.Digraph`` subclass pigrad draws with, ``Picture`` (made on first use).

    It checks for a renderer (and the format) before each ``pipe``/``render``, so a
    notebook's inline display, ``render()`` and ``pipe()`` all find graphviz-pure, and
    caps raster pictures at :data:`MAX_PIXELS` a side.  Its ``repr`` says what it shows
    and how to view it.  The class is made inside this function because subclassing
    needs ``graphviz``, which ``import autograd`` must not import; it is still named
    ``autograd.render.Picture`` (that name works too, through the module ``__getattr__``).
    """
    import graphviz

    class Picture(graphviz.Digraph):  # type: ignore[misc]
        """A Digraph that finds its renderer on first render (see autograd.render).

        ``summary`` is one line saying what the picture shows, used by ``repr``.
        """

        summary: str = ""

        def __repr__(self) -> str:
            return picture_repr(self.summary)

        def copy(self) -> Any:
            copied = graphviz.Digraph.copy(self)
            copied.summary = self.summary
            return copied

        def pipe(self, format: str | None = None, *args: Any, **kwargs: Any) -> Any:
            fmt = (format or self.format).lower()  # graphviz itself takes "PNG" too
            require_renderer(fmt)
            if len(args) < 4:  # quiet not given by position: graphviz-pure warns about
                kwargs.setdefault("quiet", True)  # the width of non-ASCII letters
            graph = _capped(self, fmt, MAX_PIXELS)
            return graphviz.Digraph.pipe(graph, fmt, *args, **kwargs)

        def render(self, *args: Any, **kwargs: Any) -> Any:
            outfile = kwargs.get("outfile")
            suffix = Path(str(outfile)).suffix.lstrip(".") if outfile else ""
            fmt = (kwargs.get("format") or suffix or self.format).lower()  # "g.PNG" is png
            require_renderer(fmt)
            kwargs.setdefault("quiet", True)
            graph = _capped(self, fmt, MAX_PIXELS)
            return graphviz.Digraph.render(graph, *args, **kwargs)

    # Named like a module-level class, not "digraph_class.<locals>.Picture".
    Picture.__qualname__ = "Picture"
    Picture.__module__ = __name__
    return Picture


def __getattr__(name: str) -> Any:
    """``autograd.render.Picture`` is the picture class (graphviz is imported on first use)."""
    if name == "Picture":
        return digraph_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def new_digraph(name: str = "G", **attrs: str) -> Any:
    """A new, empty pigrad Picture (SVG by default) with graph attributes ``attrs``.

    Set its ``summary`` once it is drawn: the line its ``repr`` shows.
    """
    return digraph_class()(name=name, format="svg", graph_attr=attrs)


def render_bytes(graph: Any, fmt: str = "svg", max_pixels: int = MAX_PIXELS) -> bytes:
    """Render a graph to the bytes of a picture.

    Args:
        graph: a ``graphviz.Digraph`` (pigrad's or any other).
        fmt: ``"svg"`` (default), ``"png"`` or ``"jpeg"`` (``"pdf"`` needs a system dot).
        max_pixels: the longest side a PNG/JPEG may have; bigger ones are scaled down.

    Returns:
        The file's bytes.

    Raises:
        RendererNotFoundError: if there is no renderer.
        ValueError: if the renderer cannot write ``fmt``.
    """
    import graphviz

    fmt = fmt.lower()
    require_renderer(fmt)
    data: bytes = graphviz.Digraph.pipe(_capped(graph, fmt, max_pixels), fmt, quiet=True)
    return data


def save(graph: Any, path: str | Path, fmt: str | None = None) -> Path:
    """Write a graph to ``path``: DOT source for ``.gv``/``.dot``, else a rendered picture.

    Saving DOT source needs no renderer.  Parent directories are created.

    Args:
        graph: a ``graphviz.Digraph``.
        path: where to write; the suffix picks the format unless ``fmt`` is given.
        fmt: ``"svg"``, ``"png"``, ``"jpeg"``, ``"gv"``/``"dot"`` (source) ...

    Returns:
        The path written.

    Raises:
        ValueError: if the format cannot be told from the path or is not supported.
        RendererNotFoundError: if a picture is asked for and there is no renderer.
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if not fmt:
        raise ValueError(f"save() cannot tell the format of {str(path)!r}: add a suffix or fmt=")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = graph.source.encode("utf-8") if fmt in ("gv", "dot") else render_bytes(graph, fmt)
    write_atomically(path, data)  # a failure leaves the old file as it was
    return path
