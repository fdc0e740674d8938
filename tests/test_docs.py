"""The README and docs/article.md read in a learner's order, and say what their pictures show.

* the README puts the tutorial, "How gradients accumulate" and "Common mistakes" before
  "Speed";
* a picture comes after the code that makes what it shows (the trained network after
  the training);
* every local link and picture resolves, anchors included, and the demos and the tour
  point to docs/article.md instead of "chart 2";
* the article's numbers are the ones pigrad computes for its pictures.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ARTICLE = ROOT / "docs" / "article.md"
TOUR = ROOT / "demos" / "tour.py"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def headings(path: Path, level: str = "##") -> list[str]:
    return re.findall(rf"^{level} (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_readme_teaches_before_it_measures() -> None:
    order = headings(README)
    first = order.index
    tutorial = first("A tutorial that follows the article")
    assert tutorial < first("How gradients accumulate") < first("Speed")
    assert tutorial < first("Common mistakes") < first("Speed")


def test_the_picture_of_the_trained_network_follows_the_training() -> None:
    text = README.read_text(encoding="utf-8")
    trained = text.index("nn.train.fit(model")
    assert text.index("images/xor_network.png") > trained
    # and the code that draws it says it is the trained one
    before = text[: text.index("images/xor_network.png")]
    assert "trained" in before[before.rindex("model.diagram()") :]


@pytest.mark.parametrize("doc", [README, ARTICLE, TOUR], ids=lambda p: p.name)
def test_local_links_and_pictures_resolve(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    local = [link for link in links if not re.match(r"[a-z]+://", link)]
    assert local, f"{doc.name} links to nothing local"
    for link in local:
        target, _, anchor = link.partition("#")
        path = (doc.parent / target).resolve() if target else doc
        assert path.is_file(), f"{doc.name} links to {link}, which does not exist"
        if anchor:
            assert anchor in {slug(h) for h in headings(path, "#+")}, f"{doc.name}: {link}"
        if path.suffix == ".png":
            data = path.read_bytes()
            assert data.startswith(PNG_MAGIC) and len(data) > 1000, link


def test_the_article_shows_pigrads_pictures_of_its_three_charts() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    for name in ("article_network", "article_one_output", "article_two_outputs"):
        assert f"(images/{name}.png)" in text


def test_demos_and_the_tour_link_to_the_article_instead_of_naming_charts() -> None:
    scripts = sorted((ROOT / "demos").glob("*.py"))
    assert scripts
    for script in scripts:
        assert not re.search(r"\bcharts? \d", script.read_text(encoding="utf-8")), script.name
    assert "docs/article.md" in (ROOT / "demos" / "chain_rule.py").read_text(encoding="utf-8")
    assert "docs/article.md" in TOUR.read_text(encoding="utf-8")


def test_the_articles_numbers_are_pigrads() -> None:
    demos = str(ROOT / "demos")
    if demos not in sys.path:
        sys.path.insert(0, demos)
    spec = importlib.util.spec_from_file_location("docs_chain_rule", ROOT / "demos/chain_rule.py")
    assert spec is not None and spec.loader is not None
    chain_rule = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(chain_rule)
    text = ARTICLE.read_text(encoding="utf-8")
    one = chain_rule.network(1)
    one["E"].backward()
    assert f"Their product is {one['w'][0][0].grad:.4g}" in text
    two = chain_rule.network(2)
    two["E"].backward()
    assert f"its grad is their sum, {two['w'][0][0].grad:.4g}" in text


def test_the_readmes_trained_network_is_the_one_its_picture_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/images/xor_network.png is drawn by demos/xor.py: it must train the README's model."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    upto = next(i for i, block in enumerate(blocks) if "nn.train.fit(model" in block)
    monkeypatch.chdir(tmp_path)  # the tutorial saves graph.png
    namespace: dict[str, object] = {}
    for block in blocks[: upto + 1]:
        exec(compile(block, "README.md", "exec"), namespace)
    demos = str(ROOT / "demos")
    if demos not in sys.path:
        sys.path.insert(0, demos)
    spec = importlib.util.spec_from_file_location("docs_xor", ROOT / "demos/xor.py")
    assert spec is not None and spec.loader is not None
    xor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(xor)
    drawn, _, _ = xor.train([4], xor.EPOCHS)
    readme_model = namespace["model"]
    assert [p.data for p in readme_model.parameters()] == [p.data for p in drawn.parameters()]  # type: ignore[attr-defined]
