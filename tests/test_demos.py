"""Every demo runs in --quick mode and prints the numbers the article states.

Each demo's ``main(argv)`` returns the numbers it printed, so these tests assert the
maths (10 pigs a year, 35 pigs per employee, f' = f(1 - f) ...) on those numbers instead
of parsing text, and check that the pictures it saved are real, non-empty PNG files.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

DEMOS_DIR = Path(__file__).resolve().parent.parent / "demos"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def load(name: str) -> ModuleType:
    """Import demos/NAME.py (demos is a folder of scripts, not a package)."""
    # The demos import their neighbour common.py: put their folder on sys.path, as
    # `python demos/NAME.py` does.
    if str(DEMOS_DIR) not in sys.path:
        sys.path.insert(0, str(DEMOS_DIR))
    spec = importlib.util.spec_from_file_location(f"test_demo_{name}", DEMOS_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(name: str, out: Path) -> dict[str, Any]:
    result: dict[str, Any] = load(name).main(["--out", str(out), "--quick"])
    for picture in result["pictures"]:
        assert_png(Path(picture))
    return result


def assert_png(path: Path) -> None:
    assert path.is_file(), f"{path} was not written"
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC), f"{path} is not a PNG"
    assert len(data) > 1000, f"{path} is suspiciously small ({len(data)} bytes)"


def least_squares(rows: list[list[float]], y: list[float]) -> list[float]:
    """The exact minimiser of the mean squared error of ``y ≈ rows·w``: the normal equations
    ``(AᵀA) w = Aᵀy`` solved by Gaussian elimination with partial pivoting."""
    k = len(rows[0])
    a = [[math.fsum(r[i] * r[j] for r in rows) for j in range(k)] for i in range(k)]
    b = [math.fsum(r[i] * t for r, t in zip(rows, y)) for i in range(k)]
    for col in range(k):
        pivot = max(range(col, k), key=lambda i: abs(a[i][col]))
        a[col], a[pivot], b[col], b[pivot] = a[pivot], a[col], b[pivot], b[col]
        for i in range(col + 1, k):
            factor = a[i][col] / a[col][col]
            a[i] = [x - factor * p for x, p in zip(a[i], a[col])]
            b[i] -= factor * b[col]
    w = [0.0] * k
    for i in reversed(range(k)):
        w[i] = (b[i] - math.fsum(a[i][j] * w[j] for j in range(i + 1, k))) / a[i][i]
    return w


# --- pig_sales ---------------------------------------------------------------------------


def test_pig_sales_derivatives(tmp_path: Path) -> None:
    r = run("pig_sales", tmp_path)
    assert r["growth"] == [10.0, 10.0]  # 80, 90, 100 pigs: 10 pigs a year
    assert r["linear_slope"] == 10.0  # d(10x + 30)/dx
    assert len(r["quadratic_slopes"]) >= 3
    for x, slope in r["quadratic_slopes"].items():
        assert slope == pytest.approx(10 * x, rel=1e-12)  # d(5x² + 30)/dx = 10x
        # (f(x+h) - f(x)) / h = 10x + 5h for this f: shrinking towards 10x with h
        quotients = r["difference_quotients"][x]
        assert len(quotients) == len(r["steps"]) >= 3  # else the checks below check nothing
        for h, q in zip(r["steps"], quotients):
            assert q == pytest.approx(10 * x + 5 * h, rel=1e-9)
        gaps = [abs(q - slope) for q in quotients]
        assert gaps == sorted(gaps, reverse=True)
    x1 = 3.0
    assert r["partials"] == pytest.approx((10 * x1, 8.0, 35.0))  # (10x1, 8, 35)
    assert r["employee_pigs"] == 35.0
    assert r["second_derivative"] == pytest.approx(10.0)


def test_pig_sales_fits_recover_the_formulas(tmp_path: Path) -> None:
    module = load("pig_sales")
    r = module.main(["--out", str(tmp_path), "--quick"])
    assert set(r["fits"]) == {"linear", "quadratic", "multivariate"}
    for kind, fit in r["fits"].items():
        features = module.FORMULAS[kind][2]
        rows = [[*features(x), 1.0] for x in fit["X"]]
        exact = least_squares(rows, fit["y"])
        # Gradient descent reaches the least-squares answer ...
        assert fit["coefficients"] == pytest.approx(exact, rel=1e-3, abs=1e-2)
        # ... which, from noisy data, is close to the formula the sales came from.
        assert fit["coefficients"] == pytest.approx(fit["true"], rel=0.1, abs=1.0)
        assert fit["losses"][-1] < fit["losses"][0]


# --- chain_rule -------------------------------------------------------------------------


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def test_chain_rule_products_match_backward(tmp_path: Path) -> None:
    module = load("chain_rule")
    r = run("chain_rule", tmp_path)
    assert r["chart2_path_product"] == pytest.approx(r["chart2_backward"], rel=1e-12)
    assert r["chart2_formula"] == pytest.approx(r["chart2_backward"], rel=1e-12)
    # with two outputs, the partial is the sum over the two paths
    assert len(r["chart3_path_products"]) == 2
    assert math.fsum(r["chart3_path_products"]) == pytest.approx(r["chart3_backward"], rel=1e-12)
    assert r["chart3_backward"] != pytest.approx(r["chart2_backward"])

    # dy_k/dx_i = y_k(1 - y_k) * sum_j v_kj * h_j(1 - h_j) * w_ji, by hand from the weights
    x, w, b = module.INPUTS, module.HIDDEN_WEIGHTS, module.HIDDEN_BIASES
    v, c = module.OUTPUT_WEIGHTS, module.OUTPUT_BIASES
    h = [sigmoid(sum(wj[i] * x[i] for i in range(2)) + b[j]) for j, wj in enumerate(w)]
    y = [sigmoid(sum(v[k][j] * h[j] for j in range(2)) + c[k]) for k in range(2)]
    for k in range(2):
        for i in range(2):
            expected = (
                y[k] * (1 - y[k]) * sum(v[k][j] * h[j] * (1 - h[j]) * w[j][i] for j in range(2))
            )
            assert r["jacobian"][k][i] == pytest.approx(expected, rel=1e-12)


# --- activations ------------------------------------------------------------------------


def test_activation_derivatives(tmp_path: Path) -> None:
    r = run("activations", tmp_path)
    rows = r["rows"]
    # every curve is tabulated on both sides of 0 (relu's two slopes), else the loops
    # below would pass on an empty table
    assert set(rows) == {"sigmoid", "relu", "leaky_relu", "tanh", "softplus (custom_op)"}
    for table in rows.values():
        xs = [row[0] for row in table]
        assert len(xs) >= 4 and min(xs) < 0.0 < max(xs)
    for x, f, slope, _ in rows["sigmoid"]:
        assert f == pytest.approx(sigmoid(x), rel=1e-12)
        assert slope == pytest.approx(f * (1 - f), rel=1e-12)  # the article's f' = f(1 - f)
    for x, f, slope, _ in rows["relu"]:
        assert (f, slope) == ((x, 1.0) if x > 0 else (0.0, 0.0))
    for x, f, slope, _ in rows["leaky_relu"]:
        assert (f, slope) == pytest.approx((x, 1.0) if x > 0 else (0.01 * x, 0.01))
    for x, f, slope, _ in rows["tanh"]:
        assert f == pytest.approx(math.tanh(x), rel=1e-12)
        assert slope == pytest.approx(1 - math.tanh(x) ** 2, rel=1e-12)
    for x, f, slope, _ in rows["softplus (custom_op)"]:
        assert f == pytest.approx(math.log(1 + math.exp(x)), rel=1e-12)
        assert slope == pytest.approx(sigmoid(x), rel=1e-12)
    assert r["softplus_gradcheck_ok"]


# --- xor ---------------------------------------------------------------------------------


def test_xor_needs_a_hidden_layer(tmp_path: Path) -> None:
    r = run("xor", tmp_path)
    # A single neuron draws a straight line: at most 3 of XOR's 4 points on the right side.
    assert r["accuracy_without_hidden"] <= 0.75
    assert r["accuracy_with_hidden"] == 1.0
    assert r["loss_with_hidden"] < r["loss_without_hidden"]


# --- moons -------------------------------------------------------------------------------


def test_moons_trains_and_generalizes(tmp_path: Path) -> None:
    r = run("moons", tmp_path)
    history = r["history"]
    assert not history.diverged
    assert history.train_loss[-1] < history.train_loss[0] / 10
    assert r["train_accuracy"] >= 0.95
    assert r["test_accuracy"] >= 0.85


# --- learning_rate ---------------------------------------------------------------------


def test_learning_rates(tmp_path: Path) -> None:
    r = run("learning_rate", tmp_path)
    loss, diverged = r["final_loss"], r["diverged"]
    small, good, large, decaying = list(loss)  # in the order the article tells them
    assert "small" in small and "good" in good and "large" in large and "decay" in decaying
    assert diverged == {small: False, good: False, large: True, decaying: False}
    # the diverging run was stopped cleanly: early, with finite weights and a message
    assert r["epochs_run"][large] < r["epochs"]
    assert all(r["weights_finite"].values())
    assert "diverged" in r["messages"][large]
    assert math.isfinite(loss[large])
    # too small a rate is slower than a good one; decaying from a large one beats both
    assert loss[small] > 3 * loss[good]
    assert loss[decaying] < loss[good]


# --- batches -----------------------------------------------------------------------------


def test_batches(tmp_path: Path) -> None:
    r = run("batches", tmp_path)
    n, epochs = r["n"], r["epochs"]
    full, mini, single = list(r["steps"])
    # an epoch is one pass over the data: 1 step, ceil(n / 16) steps, or n steps
    assert r["steps"] == {full: epochs, mini: epochs * math.ceil(n / 16), single: epochs * n}
    # with one learning rate, more (smaller) steps per epoch lower the loss faster per epoch
    loss = r["final_loss"]
    assert loss[single] < loss[mini] < loss[full]
    assert all(seconds > 0 for seconds in r["seconds"].values())


# --- fitting -----------------------------------------------------------------------------


def test_under_and_over_fitting(tmp_path: Path) -> None:
    r = run("fitting", tmp_path)
    train, test = r["train_loss"], r["test_loss"]
    under, good, over, l2, early = list(train)
    assert "under" in under and "good" in good and "over" in over
    assert "l2" in l2 and "early" in early
    # under-fitting: worse than a good fit on the training set AND on the test set
    assert train[under] > 2 * train[good] and test[under] > 2 * test[good]
    # over-fitting: the best on the training set, worse than a good fit on the test set
    assert train[over] == min(train.values())
    assert test[over] > 1.5 * test[good]
    assert test[over] - train[over] > 2 * (test[good] - train[good])
    # both cures bring the big network's test loss back down
    assert test[l2] < test[over] / 1.5 and test[early] < test[over] / 1.5
    assert r["epochs_run"][early] < r["epochs"]


# --- init --------------------------------------------------------------------------------


def test_initial_weights(tmp_path: Path) -> None:
    module = load("init")
    r = run("init", tmp_path)
    zeros, uniform = r["symmetry"]["zeros"], r["symmetry"]["uniform"]
    # all-equal starts: the 8 hidden neurons stay twins, XOR stays unsolved
    assert zeros["distinct"] == 1
    assert zeros["accuracy"] <= 0.75
    assert uniform["distinct"] == 8
    assert uniform["accuracy"] == 1.0
    # relu layers with fan_in 16 scale the mean square by 16 * Var(w) / 2, so the root
    # mean square by its square root, layer after layer (checked from the 1st hidden layer)
    variance = {"uniform": 1 / 3, "xavier": 6 / (16 + 16) / 3, "he": 2 / 16}
    for init, var in variance.items():
        sizes = r["deep"][init]["sizes"]
        hidden = len(sizes) - 1
        assert hidden == module.DEPTH
        per_layer = (sizes[-1] / sizes[1]) ** (1 / (hidden - 1))
        assert per_layer == pytest.approx(math.sqrt(16 * var / 2), rel=0.2), init
        assert math.isfinite(r["deep"][init]["history"].train_loss[-1])
    assert r["deep"]["uniform"]["sizes"][-1] > 10 * r["deep"]["xavier"]["sizes"][-1]


# --- the README tutorial ----------------------------------------------------------------


def test_readme_code_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every python block of the README, run in order in one namespace, says what it shows."""
    readme = (DEMOS_DIR.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert len(blocks) >= 5
    monkeypatch.chdir(tmp_path)  # the tutorial saves graph.png
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert (namespace["x1"].grad, namespace["x2"].grad, namespace["x3"].grad) == (30, 8, 35)
    assert_png(tmp_path / "graph.png")
    assert namespace["history"].train_accuracy[-1] == 1.0  # XOR solved


# --- their shared plumbing (demos/common.py) ---------------------------------------------


def test_common_options_and_out_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = load("common")
    doc = "What the demo shows.\n\nMore words."
    defaults = common.parse_args(doc, [])
    assert (defaults.out, defaults.quick) == ("out", False)
    args = common.parse_args(doc, ["--out", str(tmp_path / "a" / "b"), "--quick"])
    assert args.quick
    out = common.out_dir(args)
    assert out == tmp_path / "a" / "b" and out.is_dir()  # parents made too
    assert common.out_dir(args) == out  # a folder that exists already is fine
    with pytest.raises(SystemExit):
        common.parse_args(doc, ["--help"])
    assert "What the demo shows." in capsys.readouterr().out


# --- all of them, as `make demo` runs them ----------------------------------------------


def test_run_all_quick(tmp_path: Path) -> None:
    runner = load("run_all")
    done = subprocess.run(
        [sys.executable, str(DEMOS_DIR / "run_all.py"), "--quick", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        # PYTHONPATH: run this checkout's pigrad, however (or whether) it is installed.
        env={**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(DEMOS_DIR.parent)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for name in runner.DEMOS:
        assert f"=== demos/{name}.py ===" in done.stdout
    assert "Pictures written to" in done.stdout
    # Each demo says what it runs before its numbers and what they mean at the end.
    sections = done.stdout.split("\n=== demos/")[1:]
    assert len(sections) == len(runner.DEMOS)
    for section in sections:
        name, _, said = section.partition(".py ===\n")
        said = said[: said.rindex(" s)\n") + 3]  # up to the runner's time, "(1.2 s)"
        lines = [line for line in said.splitlines() if line.strip()]
        assert lines[0].startswith("Set-up: "), f"{name} does not start with its set-up"
        assert lines[-2].startswith("Takeaway: "), f"{name} does not end with a takeaway"
        assert lines[-1].startswith("(") and lines[-1].endswith(" s)")  # the runner's time
        trains = name not in ("pig_sales", "chain_rule", "activations")
        for part in ("data:", "loss:", "optimizer:", "epochs:", "batch size:") if trains else ():
            assert any(line.startswith(f"  {part}") for line in lines), (name, part)
        if trains:  # the network, or the networks it compares, in arrows
            assert re.search(r"^  networks?: +\d+ -> \d+", said, flags=re.MULTILINE), name


def test_run_all_lists_every_demo() -> None:
    helpers = {"run_all", "common", "make_tour", "tour"}
    scripts = {p.stem for p in DEMOS_DIR.glob("*.py") if p.stem not in helpers}
    # outgrow.py needs PyTorch, an optional extra: run by hand, and by test_outgrow.py.
    assert set(load("run_all").DEMOS) == scripts - {"outgrow"}
