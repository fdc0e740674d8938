"""The benchmark's yardstick is right: the hand-written floats agree with the maths and
with pigrad, so the ratios in ``make bench`` compare the same work (no timings here)."""

from __future__ import annotations

import copy
import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import bench_engines as eng
import bench_floor as floor
import bench_micrograd as mgb
import bench_reference as ref
import benchmark


def test_chain_matches_its_closed_form() -> None:
    # x + 1 grows by 1.0001 per link, so x_n = (x_0 + 1) 1.0001^n - 1, dx_n/dx_0 = 1.0001^n.
    for n in (1, 10, 1000):
        x, g = ref.chain(n, 0.5)
        assert math.isclose(x, 1.5 * 1.0001**n - 1.0, rel_tol=1e-12)
        assert math.isclose(g, 1.0001**n, rel_tol=1e-12)


def test_sum_of_products_gradients_are_the_other_factor() -> None:
    a, b = [1.5, -2.0, 0.25], [4.0, 0.5, -8.0]
    s, ga, gb = ref.sum_of_products(a, b)
    assert s == 1.5 * 4.0 - 2.0 * 0.5 - 0.25 * 8.0
    assert ga == b and gb == a


def test_mlp_step_gradients_match_central_differences() -> None:
    X = [[0.3, -0.7], [1.1, 0.4], [-0.5, 0.9], [0.2, 0.2]]
    y = [1.0, -1.0, 1.0, -1.0]
    layers = ref.init_mlp(2, [4, 3, 1], seed=5)
    for _, bs in layers:  # biases off 0, so no relu sits exactly on its kink
        bs[:] = [0.1 + 0.05 * j for j in range(len(bs))]

    def loss(params: list[ref.Layer]) -> float:
        return ref.mlp_step(copy.deepcopy(params), X, y, 1e-2, 0.0)[0]

    _, grads = ref.mlp_step(copy.deepcopy(layers), X, y, 1e-2, 0.0)
    eps = 1e-6
    for depth, (ws, _) in enumerate(layers):
        for j in range(len(ws)):
            for k in range(len(ws[j])):
                up, down = copy.deepcopy(layers), copy.deepcopy(layers)
                up[depth][0][j][k] += eps
                down[depth][0][j][k] -= eps
                numeric = (loss(up) - loss(down)) / (2 * eps)
                assert math.isclose(grads[depth][0][j][k], numeric, rel_tol=1e-6, abs_tol=1e-8)
            up, down = copy.deepcopy(layers), copy.deepcopy(layers)
            up[depth][1][j] += eps
            down[depth][1][j] -= eps
            numeric = (loss(up) - loss(down)) / (2 * eps)
            assert math.isclose(grads[depth][1][j], numeric, rel_tol=1e-6, abs_tol=1e-8)


def test_mlp_step_applies_sgd_to_every_parameter() -> None:
    layers = ref.init_mlp(2, [3, 1], seed=1)
    before = copy.deepcopy(layers)
    _, grads = ref.mlp_step(layers, [[0.5, -0.5]], [1.0], 0.0, 0.1)
    for (ws, bs), (ws0, bs0), (gws, gbs) in zip(layers, before, grads):
        for w, w0, gw in zip(ws, ws0, gws):
            assert all(math.isclose(a, b - 0.1 * g) for a, b, g in zip(w, w0, gw))
        assert all(math.isclose(a, b - 0.1 * g) for a, b, g in zip(bs, bs0, gbs))


def test_pigrad_and_its_replay_agree_with_the_reference_on_every_workload() -> None:
    # check() raises AssertionError on any loss or gradient further than 1e-9 apart.
    eng.W1Workload(None).check()
    eng.check_chain(2000, None)
    eng.check_sums(2000, None)
    eng.W4Workload(eng.W4_CHECKED).check()


def test_a_disagreeing_engine_is_caught() -> None:
    with pytest.raises(AssertionError, match="reference"):
        eng.close(1.0, 1.0 + 1e-6, "a wrong gradient")


def test_the_benchmark_prints_every_row_and_skips_a_missing_micrograd(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mgb, "import_micrograd", lambda: None)  # as on a machine without it
    benchmark.main(["--quick"])
    out = capsys.readouterr().out
    assert "micrograd: not installed, skipped" in out
    rows = ("W1 step", "collector paused", "autograd.compile", "W2 per link", "W3 sum", "bytes")
    rows += ("W4 fit epoch, compile=False", "W4 fit epoch, replayed", "nn.fit, 3-class spirals")
    for row in (*rows, "deepest chain"):
        assert row in out
    assert "| 10,000 |" in out  # quick mode tries chains up to 10^4: pigrad handles them all
    assert "The leanest graph-recording engine" in out


def test_the_floor_engine_gets_the_maths_right() -> None:
    # The yardstick under pigrad must do the same work: same numbers as the closed forms.
    for n in (1, 10, 1000):
        x, g = floor.chain(n, 0.5)
        assert math.isclose(x, 1.5 * 1.0001**n - 1.0, rel_tol=1e-12)
        assert math.isclose(g, 1.0001**n, rel_tol=1e-12)
    a = [floor.leaf(v) for v in (1.5, -2.0, 0.25)]
    b = [floor.leaf(v) for v in (4.0, 0.5, -8.0)]
    assert floor.sum_of_products(a, b) == 1.5 * 4.0 - 2.0 * 0.5 - 0.25 * 8.0
    assert [v.grad for v in a] == [4.0, 0.5, -8.0] and [v.grad for v in b] == [1.5, -2.0, 0.25]
    x = floor.leaf(3.0)
    y = x * x + x * 2.0  # a node used twice, and a folded constant
    floor.backward(y)
    assert (y.data, x.grad) == (15.0, 2 * 3.0 + 2.0)


def test_a_call_that_leaves_reference_cycles_pays_for_their_collection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # micrograd's graphs are freed only by the cycle collector: in a training loop that
    # is part of each step, so the benchmark must not do it off the clock.  A fake clock
    # and collector make the accounting exact (no real time in a unit test): every
    # collection scans for 0.03 s; freeing the cycles a call left costs 0.1 s more.
    now = [0.0]
    pending = [False]

    def collect() -> int:
        now[0] += 0.03 + (0.1 if pending[0] else 0.0)
        found, pending[0] = pending[0], False
        return 5 if found else 0

    def leaves_cycles() -> None:
        now[0] += 0.002
        pending[0] = True

    def clean() -> None:
        now[0] += 0.001

    monkeypatch.setattr(benchmark.gc, "collect", collect)
    monkeypatch.setattr(benchmark.time, "perf_counter", lambda: now[0])
    times = benchmark.timed({"cycles": leaves_cycles, "none": clean}, reps=3)
    # the call, plus freeing its cycles, less the empty scan the call does not owe
    assert times["cycles"] == pytest.approx(0.002 + 0.1, abs=1e-12)
    assert times["none"] == pytest.approx(0.001, abs=1e-12)


def test_every_w1_runner_times_the_same_steps_from_the_same_weights() -> None:
    # Round-robin timing keeps the engines in step only if they start together: the
    # k-th timed call of each is the k-th SGD step, with the same loss.
    runners = eng.W1Workload(None).runners()
    for step in range(2):
        want, _ = runners["reference"]()
        for name in ("pigrad", "paused", "compiled"):
            eng.close(runners[name](), want, f"{name} step {step} loss")
