"""Draw every picture in docs/images/: docs/article.md's and the README's.

docs/article.md retells the article; its three pictures of networks are drawn here by
pigrad itself:

* ``article_network.png``: a network with several hidden layers (``model.diagram()``);
* ``article_one_output.png``: the graph of a 2-2-1 network's error after ``backward()``,
  every arrow labelled with its local derivative, so the partial derivative of the error
  for any weight is the product of the numbers along its path;
* ``article_two_outputs.png``: the same with two outputs, where a weight reaches the
  error along two paths and its partial is the sum of the two products.

The two graphs are ``demos/chain_rule.py``'s networks, so the numbers in the pictures are
the ones that demo prints.  The README's pictures come from the demos that draw them
(pig_sales, xor, moons, fitting), run into a temporary folder and copied here.

Run: python docs/make_images.py   (``make images`` does)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
sys.path.insert(0, str(ROOT / "demos"))  # the demos are scripts in a folder, not a package

import chain_rule  # noqa: E402  (from demos/, put on the path just above)
import run_all  # noqa: E402

import autograd  # noqa: E402
import autograd.render  # noqa: E402
import nn  # noqa: E402

# demo -> the pictures of it the README shows
README_PICTURES = {
    "pig_sales": ["pig_sales_graph.png"],
    "xor": ["xor_network.png", "xor_boundaries.png"],
    "moons": ["moons_boundary.png"],
    "fitting": ["fitting.png"],
}


def article_pictures(folder: Path) -> list[Path]:
    """The article's three pictures of networks, drawn by pigrad into ``folder``."""
    deep = nn.MLP(3, [4, 4, 4, 2], activation="sigmoid", seed=0)
    network = folder / "article_network.png"
    autograd.render.save(deep.diagram(), network)
    written = [network]
    for outputs, name in ((1, "article_one_output.png"), (2, "article_two_outputs.png")):
        net = chain_rule.network(outputs)
        net["E"].backward()
        picture = autograd.draw_graph(net["E"], params=net["params"], collapse_constants=True)
        autograd.render.save(picture, folder / name)
        written.append(folder / name)
    return written


def readme_pictures(folder: Path) -> list[Path]:
    """Run the demos the README quotes and copy their pictures into ``folder``."""
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        for demo, names in README_PICTURES.items():
            run_all.load_demo(demo).main(["--out", scratch])
            for name in names:
                written.append(Path(shutil.copy(Path(scratch) / name, folder / name)))
    return written


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    pictures = article_pictures(IMAGES) + readme_pictures(IMAGES)
    print("\nwrote " + ", ".join(str(p.relative_to(ROOT)) for p in pictures))


if __name__ == "__main__":
    main()
