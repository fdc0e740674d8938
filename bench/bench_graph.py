"""How long a readable picture of a big graph takes: the summarized moons loss.

The loss of micrograd's moons classifier on 100 points (MLP 2 -> 16 -> 16 -> 1, hinge
loss plus l2) is a graph of about 4,100 Values.  ``draw_graph(loss, summarize=True)``
draws the ones nearest the loss, a few a column.  This script times building that
picture (``draw_graph``) and laying it out and rendering it to PNG, as medians of a few
runs, and prints the PNG's size in pixels and the most boxes in one column.

Run: python bench/bench_graph.py [--repeats N] [--out FILE.png]
Not a lesson (``make demo`` does not run it): a measurement, like ``benchmark.py``.
"""

from __future__ import annotations

import argparse
import statistics
import struct
import sys
import time
from collections import Counter
from pathlib import Path

import autograd
import autograd.render
import nn
import nn.data


def moons_loss() -> autograd.Value:
    """micrograd's moons loss on 100 points, after backward."""
    X, labels = nn.data.moons(n=100, noise=0.1, seed=1)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    loss = nn.hinge([model(x) for x in X], nn.data.to_pm1(labels))
    loss = loss + 1e-4 * nn.l2(model.parameters())
    loss.backward()
    return loss


def median_seconds(run: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=5, help="runs per median (default 5)")
    parser.add_argument("--out", default="out/moons_loss_summary.png", help="the PNG written")
    args = parser.parse_args(argv)
    loss = moons_loss()
    total = len(autograd.topological_order(loss))
    build = median_seconds(lambda: autograd.draw_graph(loss, summarize=True), args.repeats)
    picture = autograd.draw_graph(loss, summarize=True)
    render = median_seconds(lambda: autograd.render.render_bytes(picture, "png"), args.repeats)
    path = autograd.render.save(picture, Path(args.out))
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    plain = autograd.render.render_bytes(picture, "plain").decode().splitlines()
    column = max(
        Counter(
            round(float(line.split()[2]), 1) for line in plain if line.startswith("node ")
        ).values()
    )
    print(f"moons loss: {total} Values; summary: {picture.summary}")
    print(f"draw_graph(summarize=True): median {build * 1000:.0f} ms of {args.repeats}")
    print(f"render to PNG:              median {render * 1000:.0f} ms of {args.repeats}")
    print(f"PNG {width} x {height} pixels, at most {column} nodes in one column -> {path}")
    return {"build": build, "render": render, "width": width, "height": height}


if __name__ == "__main__":
    main(sys.argv[1:])
