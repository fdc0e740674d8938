"""What each neuron computes over the whole square: small images for the page.

The square [-6, 6]² is cut into GRID × GRID cells; the network runs on the centre of
each, on plain floats (``Neuron.forward_float``: no graph), layer by layer, keeping
every neuron's output.  Each image is sent as one byte per cell (the value clamped to
[-1, 1], then 0..255), base64-encoded: a few kilobytes however big the network.
"""

from __future__ import annotations

import base64
import math
from functools import lru_cache

import data

import nn

GRID = 30
"""Cells per side of every heatmap."""


def _cells() -> list[list[float]]:
    """The centres of the cells, row by row from the top (x2 = +6) down, left to right."""
    size = 2 * data.DOMAIN / GRID
    return [
        [-data.DOMAIN + (c + 0.5) * size, data.DOMAIN - (r + 0.5) * size]
        for r in range(GRID)
        for c in range(GRID)
    ]


def encode(values: list[float]) -> str:
    """Values in [-1, 1] (clamped) as base64 bytes, -1 -> 0 and 1 -> 255."""
    raw = bytes(round((min(1.0, max(-1.0, v)) + 1.0) * 127.5) for v in values)
    return base64.b64encode(raw).decode("ascii")


@lru_cache(maxsize=16)
def feature_maps(names: tuple[str, ...]) -> list[str]:
    """Each input feature over the square, scaled by how far it reaches."""
    cells = [data.features(p, list(names)) for p in _cells()]
    return [
        encode([row[k] / data.FEATURE_RANGE.get(name, 1.0) for row in cells])
        for k, name in enumerate(names)
    ]


def network_maps(model: nn.MLP, names: list[str], regression: bool) -> dict[str, object]:
    """Every neuron's output over the square (one image per neuron, layer by layer), and
    the network's answer: sigmoid(score) drawn as 2p - 1 for classification."""
    per_neuron: list[list[list[float]]] = [[[] for _ in layer.neurons] for layer in model.layers]
    for point in _cells():
        values = data.features(point, names)
        for layer, images in zip(model.layers, per_neuron):
            values = [neuron.forward_float(values) for neuron in layer.neurons]
            for image, v in zip(images, values):
                image.append(v)
    scores = per_neuron[-1][0]
    if regression:
        output = scores
    else:
        output = [2.0 / (1.0 + math.exp(-max(-60.0, min(60.0, s)))) - 1.0 for s in scores]
    return {
        "grid": GRID,
        "neurons": [[encode(image) for image in layer] for layer in per_neuron[:-1]],
        "output": encode(output),
    }
