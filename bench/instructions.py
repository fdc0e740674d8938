"""Instructions per workload, counted by valgrind: a measure that repeats exactly.

Run: python bench/instructions.py [--tree OTHER] [--workloads w1,w2,...]

``make bench`` times the workloads; on a shared machine its times move by 10% or more
from one process to the next, even for code that did not change.  This script counts
the machine instructions each workload executes instead (``valgrind --tool=callgrind``),
which come out the same on every run whatever else the machine is doing: the way to
tell whether a change made the engine do more work.  Each workload runs in a process
of its own twice, for n units and for 0 (imports, set-up), and the difference is
divided by n.  Each starts its units on a settled heap (``gc.collect()`` after its
set-up), as ``make bench`` starts every timed call: without it, the interpreter's
first full collection, which comes after however many allocations the imports left
pending, could land inside one engine's units and not another's, and be counted as
the cost of that engine's links.

``--tree OTHER`` counts the same workloads with another checkout of pigrad first on
``sys.path`` (an older commit: ``git worktree add /tmp/old <commit>``) and prints the
change.  The floor rows run ``bench_floor.py``, the leanest graph-recording engine,
for comparison.  Needs valgrind (Debian's package ``valgrind``); the counts are slow to
take (about half a minute a workload).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --- the workloads (each runs n units inside a function: local names, as users write) ---


def w1(n: int, collector: bool = False) -> None:
    """n SGD steps of MLP(2, [16, 16, 1]) on 100 moons, hinge + 1e-4 * l2 (W1)."""
    import nn

    X, labels = nn.moons(100, 0.1, 0)
    y = nn.to_pm1(labels)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    opt = nn.SGD(model.parameters(), lr=0.01)
    gc.collect()  # a settled heap (see above)
    was_on = gc.isenabled()
    if not collector:
        gc.disable()  # as nn.fit runs each step
    try:
        for _ in range(n):
            loss = nn.hinge([model(x) for x in X], y) + 1e-4 * nn.l2(model.parameters())
            opt.zero_grad()
            loss.backward()
            opt.step()
    finally:
        if was_on:
            gc.enable()


def w1_compiled(n: int) -> None:
    """W1's step replayed by autograd.compile (recorded before the n units)."""
    import autograd
    import nn

    X, labels = nn.moons(100, 0.1, 0)
    y = nn.to_pm1(labels)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    opt = nn.SGD(model.parameters(), lr=0.01)

    def loss_of(X: list[list[float]]) -> autograd.Value:
        return nn.hinge([model(x) for x in X], y) + 1e-4 * nn.l2(model.parameters())

    step = autograd.compile(loss_of)
    step(X)
    gc.collect()
    for _ in range(n):
        opt.zero_grad()
        step(X)
        opt.step()


def w2(n: int) -> None:
    """A chain x = x * 1.0001 + 0.0001 of n links, then backward (W2, per link)."""
    from autograd import Value

    x = start = Value(1.0)
    gc.collect()
    for _ in range(n):
        x = x * 1.0001 + 0.0001
    x.backward()
    assert start.grad > 0.0


def w3(n: int) -> None:
    """n times: sum of 10,000 products a_i * b_i, then backward (W3)."""
    import autograd
    from autograd import Value

    rng = random.Random(0)
    a = [Value(rng.uniform(-1, 1)) for _ in range(10_000)]
    b = [Value(rng.uniform(-1, 1)) for _ in range(10_000)]
    gc.collect()
    for _ in range(n):
        autograd.zero_grad(a)
        autograd.zero_grad(b)
        autograd.sum([x * y for x, y in zip(a, b)]).backward()


def w2_floor(n: int) -> None:
    """W2 on bench_floor.py's engine."""
    import bench_floor

    gc.collect()
    bench_floor.chain(n, 1.0)


def w3_floor(n: int) -> None:
    """W3 on bench_floor.py's engine."""
    import bench_floor

    rng = random.Random(0)
    a = [bench_floor.leaf(rng.uniform(-1, 1)) for _ in range(10_000)]
    b = [bench_floor.leaf(rng.uniform(-1, 1)) for _ in range(10_000)]
    gc.collect()
    for _ in range(n):
        bench_floor.sum_of_products(a, b)


WORKLOADS: dict[str, tuple[Callable[[int], None], int, str]] = {
    "w1": (w1, 3, "step"),
    "w1-collector": (lambda n: w1(n, collector=True), 3, "step"),
    "w1-compiled": (w1_compiled, 5, "step"),
    "w2": (w2, 10_000, "link"),
    "w2-floor": (w2_floor, 10_000, "link"),
    "w3": (w3, 3, "sum"),
    "w3-floor": (w3_floor, 3, "sum"),
}
"""name: (workload, units counted, what a unit is)."""

FLOORS = {"w2": "w2-floor", "w3": "w3-floor"}


# --- counting ------------------------------------------------------------------------------


def count(name: str, tree: Path | None) -> float:
    """Instructions per unit of one workload, with ``tree`` first on sys.path if given."""
    units = WORKLOADS[name][1]
    return (_instructions(name, units, tree) - _instructions(name, 0, tree)) / units


def _instructions(name: str, units: int, tree: Path | None) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0")
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        str(Path(__file__).resolve()),
        "--run",
        name,
        str(units),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{name} under valgrind failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, help="another pigrad checkout to compare with")
    parser.add_argument("--workloads", default=",".join(WORKLOADS), help="comma-separated")
    parser.add_argument("--run", nargs=2, metavar=("NAME", "UNITS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:  # inside valgrind: run one workload and nothing else
        sys.path.insert(0, str(HERE))
        WORKLOADS[args.run[0]][0](int(args.run[1]))
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind): nothing counted")
    names = [w for w in args.workloads.split(",") if w]
    unknown = [w for w in names if w not in WORKLOADS]
    if unknown:
        sys.exit(f"unknown workloads {unknown}; choose from {', '.join(WORKLOADS)}")
    here = {name: count(name, None) for name in names}
    other = {name: count(name, args.tree) for name in names} if args.tree else {}
    print(f"Python {sys.version.split()[0]}; instructions per unit (callgrind)\n")
    header = "| workload | unit | this tree |" + (" --tree | change |" if other else "")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for name in names:
        row = f"| {name} | {WORKLOADS[name][2]} | {here[name]:,.0f} |"
        if other:
            row += f" {other[name]:,.0f} | {here[name] / other[name] - 1:+.1%} |"
        print(row)
    for name, floor in FLOORS.items():
        if name in here and floor in here:
            print(f"\n{name} / {floor}: {here[name] / here[floor]:.2f}x", end="")
    print()


if __name__ == "__main__":
    main()
