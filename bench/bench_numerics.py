"""What the engine's rules for numbers at the edges cost on the hot path (issue 15).

Prints medians (and minimums) of: ``x * y``; ``backward()`` of a 900-node chain, which
now checks each node's gradient for inf or NaN (a zero local derivative must stop it);
an MLP step on the engine; the same step replayed by ``autograd.compile``, and the part
of that replay spent checking that ``fn`` still reads the same Values.

Compare two trees by running this file with each on ``PYTHONPATH``:

    git archive <base> autograd nn | tar -x -C /tmp/base
    PYTHONPATH=/tmp/base .venv/bin/python bench/bench_numerics.py
    .venv/bin/python bench/bench_numerics.py
"""

from __future__ import annotations

import random
import statistics
import timeit
from collections.abc import Callable

import autograd
import nn
from autograd import Value


def timed(name: str, fn: Callable[[], object], number: int, rounds: int = 15) -> None:
    times = [timeit.timeit(fn, number=number) / number * 1e6 for _ in range(rounds)]
    print(f"{name:<48} median {statistics.median(times):9.2f} us   min {min(times):9.2f} us")


def main() -> None:
    print(f"autograd from {autograd.__file__}")
    x, y = Value(1.5), Value(0.7)
    timed("x * y", lambda: x * y, 20000)

    z = x
    for _ in range(300):
        z = (z * y + x).tanh()
    timed("backward() of a 900-node chain", z.backward, 20)

    model = nn.MLP(2, [16, 16, 1], seed=0)
    rng = random.Random(0)
    targets = [rng.uniform(-1, 1) for _ in range(32)]
    flat = [rng.uniform(-1, 1) for _ in range(64)]

    def loss(xs: list[Value]) -> Value:
        outs = [model([xs[2 * i], xs[2 * i + 1]]) for i in range(32)]
        return autograd.sum([(out - t) ** 2 for out, t in zip(outs, targets)])  # type: ignore[operator]

    timed(
        "MLP 2-16-16-1, batch 32: engine step", lambda: loss([Value(v) for v in flat]).backward(), 3
    )
    step = autograd.compile(loss)
    step(flat)
    timed("the same step replayed by autograd.compile", lambda: step(flat), 10)
    watch = getattr(step, "_captured", None)
    if watch is not None:
        timed("  of which: does fn read the same Values?", watch.changed, 200)


if __name__ == "__main__":
    main()
