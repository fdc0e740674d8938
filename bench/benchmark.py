"""How fast is pigrad?  Side by side with hand-written floats and with micrograd.

Run: python bench/benchmark.py [--quick]      (``make bench`` runs it)

Engines: ``pigrad``; ``reference``, the same computation written by hand with plain
floats (``bench/bench_reference.py``, the practical speed limit of pure Python);
for W2 and W3, ``floor``, the leanest graph-recording engine (``bench/bench_floor.py``:
what recording a graph costs at the least, whatever the engine);
``micrograd`` 0.1.0 when it is installed (skipped, with a note, when it is not).
Each workload is timed in one process with the engines interleaved round-robin
(A B C A B C ...), several repetitions, and the medians are compared as ratios to the
reference; each call's time includes freeing the garbage it leaves (see ``timed``).
Before any timing, every engine's loss and gradients are checked against the reference
to 1e-9: they all do the same work.

* W1: one SGD step of an MLP(2, [16, 16, 1]) on 100 two-moons points (forward, mean
  hinge loss + 1e-4 * L2, zero grads, backward, update); timed as a plain user loop
  would run it, and again with Python's cycle collector paused for the step
  (``nn.train.collector_paused``, which is how ``nn.fit`` runs every step: pigrad
  graphs have no reference cycles, so the collector's scans are wasted work).
* W2: the chain ``x = x*1.0001 + 0.0001`` of n links, backward; time per link (two
  nodes: a multiply and an add, each keeping its number inside) at n = 10^4, and the
  deepest n that works at Python's default recursion limit.
* W3: ``sum(a_i * b_i)`` over 10,000 products, backward.
* W4: a training run of ``nn.fit`` on W1's network and data in batches of 32 (hinge +
  1e-4 * L2, SGD), per epoch, against the same epochs written by hand
  (``bench_reference.fit_epochs``: same shuffling, steps and scoring), with every step
  on the engine (``compile=False``) and the default (steps recorded once per batch
  size and replayed; the recordings are inside the timing).
* fit speed-up: ``nn.fit`` of 3-class spirals (90 points, batches of 30, Adam,
  cross_entropy, 200 epochs), default against ``compile=False``.
* Memory: bytes per graph node while the W1 graph is alive (tracemalloc), and the
  whole graph's bytes (a pigrad node is a whole neuron, so it holds more than a
  micrograd node, which is one + or *).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from types import ModuleType
from typing import Any

import bench_engines as eng
import bench_micrograd as mgb


def timed(runners: dict[str, Callable[[], object]], reps: int) -> dict[str, float]:
    """Median seconds per call of each runner, interleaved round-robin over reps.

    A call pays for freeing its own garbage, as it would in a training loop.  A
    pigrad graph is freed by reference counting as the call returns, inside the
    timing.  A micrograd graph is a web of reference cycles that only the cycle
    collector frees: when a call leaves such garbage, the collection that frees it is
    added to its time, less what a collection with nothing to free costs (the scan of
    the rest of the process, which the call does not owe).  Either way the next
    engine starts with nothing of the previous one's left to pay for.
    """
    times: dict[str, list[float]] = {name: [] for name in runners}
    clock, collect = time.perf_counter, gc.collect
    for _ in range(reps):
        for name, run in runners.items():
            collect()
            start = clock()
            run()
            seconds = clock() - start
            start = clock()
            if collect():  # the call left reference cycles behind
                freeing = clock() - start
                start = clock()
                collect()
                seconds += max(0.0, freeing - (clock() - start))
            times[name].append(seconds)
    return {name: statistics.median(ts) for name, ts in times.items()}


def deepest_chain(run: Callable[[int], object], limit: int) -> int:
    """The largest n <= limit (powers of ten, then bisection) for which run(n) works."""
    good, bad = 0, 0
    n = 1000
    while n <= limit:
        try:
            run(n)
        except RecursionError:
            bad = n
            break
        good, n = n, n * 10
    if not bad:
        return good
    while bad - good > 1:  # bisect between the last n that worked and the first that failed
        mid = (good + bad) // 2
        try:
            run(mid)
            good = mid
        except RecursionError:
            bad = mid
    return good


def graph_memory(build: Callable[[], Any], count: Callable[[Any], int]) -> tuple[int, int]:
    """(bytes traced while the graph made by build() is alive, nodes it created)."""
    build()  # once untraced, so lazily made caches are not counted as graph memory
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    graph = build()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, count(graph)


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def cell(t: float | None, base: float) -> str:
    return "skipped" if t is None else f"{fmt_time(t)} ({t / base:.1f}x)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few repetitions, small sizes")
    args = parser.parse_args(argv)
    reps = 3 if args.quick else 9
    n_chain, n_sum = (1000, 1000) if args.quick else (10_000, 10_000)
    deepest = 10_000 if args.quick else 1_000_000

    mg: ModuleType | None = mgb.import_micrograd()
    print(f"Python {sys.version.split()[0]}; engines interleaved round-robin, {reps} reps, medians")
    print("micrograd: " + (mg.__name__ + " 0.1.0" if mg else "not installed, skipped"))
    print(f"pigrad W1 network: {eng.W1_NETWORK}")

    w1 = eng.W1Workload(mg)
    w1.check()  # every engine's loss and gradients equal the reference's to 1e-9
    t1 = timed(w1.runners(), reps)

    w2 = eng.chain_runners(n_chain, mg)
    eng.check_chain(n_chain, mg)
    t2 = timed(w2, reps)
    depth = {
        "pigrad": deepest_chain(eng.pigrad_chain, deepest),
        "micrograd": deepest_chain(mgb.micrograd_chain, deepest) if mg else None,
    }

    eng.check_sums(n_sum, mg)
    t3 = timed(eng.sum_runners(n_sum, mg), reps)

    w4 = eng.W4Workload(4 if args.quick else eng.W4_EPOCHS)
    w4.check()  # the fit's epochs equal the hand-written ones to 1e-9, both ways
    t4 = {k: v / w4.epochs for k, v in timed(w4.runners(), 1 if args.quick else 5).items()}
    spirals = eng.spirals_runners(eng.SPIRALS_EPOCHS // 4 if args.quick else eng.SPIRALS_EPOCHS)
    t5 = timed(spirals, 1 if args.quick else 3)

    mem = {"pigrad": graph_memory(w1.pigrad_graph(), eng.count_pigrad)}
    if mg:
        mem["micrograd"] = graph_memory(w1.micrograd_graph(), mgb.count_micrograd)

    r1, r2, r3 = t1["reference"], t2["reference"] / n_chain, t3["reference"]
    rows = [
        ("W1 step", r1, t1.get("micrograd"), t1["pigrad"], "<= 4x"),
        ("W1 step, collector paused (as in nn.fit)", r1, None, t1["paused"], "<= 4x"),
        ("W1 step, autograd.compile", r1, None, t1["compiled"], "<= 1.5x"),
        (
            f"W2 per link = 2 nodes (n={n_chain})",
            r2,
            _per(t2, "micrograd", n_chain),
            t2["pigrad"] / n_chain,
            "<= 10x",
        ),
        ("W2 per link, autograd.compile", r2, None, t2["compiled"] / n_chain, ""),
        (f"W3 sum of {n_sum} a*b", r3, t3.get("micrograd"), t3["pigrad"], "<= 5x"),
        ("W3 with autograd.dot", r3, None, t3["pigrad dot"], ""),
        ("W3 sum, autograd.compile", r3, None, t3["compiled"], ""),
        ("W4 fit epoch, compile=False", t4["reference"], None, t4["engine"], ""),
        ("W4 fit epoch, replayed (the default)", t4["reference"], None, t4["replayed"], "<= 1.5x"),
    ]
    print()
    print("| workload | reference | micrograd (x ref) | pigrad (x ref) | pigrad target |")
    print("|---|---|---|---|---|")
    for name, base, micro, pig, target in rows:
        print(f"| {name} | {fmt_time(base)} | {cell(micro, base)} | {cell(pig, base)} | {target} |")
    mg_depth = "skipped" if depth["micrograd"] is None else f"{depth['micrograd']:,}"
    print(f"| W2 deepest chain | any | {mg_depth} | {depth['pigrad']:,} | 10^6 |")
    per_node = {k: f"{b / n:.0f} ({n:,} nodes)" for k, (b, n) in mem.items()}
    total = {k: f"{b / 1e6:.1f} MB" for k, (b, _) in mem.items()}
    print(
        f"| bytes per node, W1 graph | - | {per_node.get('micrograd', 'skipped')} | "
        f"{per_node['pigrad']} | <= 200 |"
    )
    print(
        f"| W1 graph, all nodes | - | {total.get('micrograd', 'skipped')} | {total['pigrad']} | |"
    )
    floor_w2, floor_w3 = t2["floor"] / n_chain, t3["floor"]
    print(
        f"\nThe leanest graph-recording engine (bench/bench_floor.py: an object per op, "
        f"constants folded in,\nno checks, as lean as pigrad's hot paths), same run: "
        f"W2 {fmt_time(floor_w2)} per link ({floor_w2 / r2:.1f}x), "
        f"W3 {fmt_time(floor_w3)} ({floor_w3 / r3:.1f}x):\nwhat recording a graph costs "
        "in CPython, whatever the engine."
    )
    print(
        f"\nnn.fit, 3-class spirals, batches of 30: compile=False {fmt_time(t5['engine'])}, "
        f"default {fmt_time(t5['default'])}: {t5['engine'] / t5['default']:.1f}x faster."
    )
    print("autograd.compile rows: replays of a graph recorded once (recording not timed).")
    print(f"W4 rows: per epoch of a {w4.epochs}-epoch fit, its recordings included.")
    print("pigrad makes a whole neuron, act(w·x+b), as one node (with up to 33 parents here)")
    print("where micrograd makes about 2 per weight: its nodes are fewer and bigger, so compare")
    print("the whole graph's memory too.")
    print("'collector paused': the same step inside nn.train.collector_paused(), as nn.fit")
    print("runs every step (pigrad graphs have no cycles; the collector's scans find nothing).")
    if mg:
        print(f"micrograd's W3 uses Python's sum(), a {n_sum:,}-deep chain of additions: its")
        print("recursive backward needs sys.setrecursionlimit raised for that one workload.")


def _per(times: dict[str, float], name: str, n: int) -> float | None:
    return times[name] / n if name in times else None


if __name__ == "__main__":
    main()
