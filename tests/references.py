"""Reference maths for the tests, written with ``math`` only (no autograd), once each."""

from __future__ import annotations

import math
from pathlib import Path

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def sigmoid(x: float) -> float:
    """1 / (1 + e^-x), the textbook way (fine for the moderate x the tests use)."""
    return 1.0 / (1.0 + math.exp(-x))


def dot(*xs: float) -> float:
    """w·x + b for dot's inputs in table order (w1..wn, x1..xn, optional b), summed exactly."""
    n = len(xs) // 2
    bias = xs[-1] if len(xs) % 2 else 0.0
    return math.fsum([xs[i] * xs[n + i] for i in range(n)] + [bias])


def assert_png(path: Path, min_bytes: int = 1000) -> bytes:
    """The file at path is a real PNG of at least min_bytes; returns its bytes."""
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC, f"{path} is not a PNG"
    assert len(data) >= min_bytes, f"{path} has only {len(data)} bytes"
    return data
