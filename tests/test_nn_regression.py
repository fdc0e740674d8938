"""Regression that works the first time: fit's warnings for set-ups that train badly without
failing, Standardizer on targets, plot_fit in original units, and the pig-sales demo."""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

import nn
from autograd import Value

DEMOS = Path(__file__).resolve().parent.parent / "demos"


def caught(run: Any) -> list[str]:
    with warnings.catch_warnings(record=True) as found:
        warnings.simplefilter("always")
        run()
    return [str(w.message) for w in found]


def pig_curve() -> tuple[list[list[float]], list[float]]:
    return nn.data.pig_sales("quadratic", n=30, noise=5.0, seed=1)


def test_predictions_collapsed_to_a_constant_are_named_with_standardizer() -> None:
    X, y = pig_curve()
    model = nn.MLP(1, [8, 1], seed=0)  # raw pigs, default SGD: every relu dies at once
    said = caught(lambda: nn.fit(model, X, y, epochs=50, progress=False))
    predictions = nn.predict(model, X)
    assert max(predictions) - min(predictions) < 1e-6  # it really did collapse
    assert len(said) == 1
    assert "predicts about the same number" in said[0]
    assert "nn.data.Standardizer" in said[0] and "inverse_transform" in said[0]
    assert "far from 1 in size" in said[0]


def test_a_poor_fit_on_targets_far_from_1_is_told_why() -> None:
    X, y = pig_curve()
    model = nn.MLP(1, [8, 1], activation="tanh", seed=0)
    opt = nn.Adam(model.parameters(), lr=0.05)  # moves ~0.05 a step: far from pigs in 50
    said = caught(lambda: nn.fit(model, X, y, optimizer=opt, epochs=50, progress=False))
    assert len(said) == 1 and "misses most of what the targets do" in said[0]
    assert "nn.data.Standardizer" in said[0]


def test_a_run_that_diverges_on_targets_far_from_1_names_standardizer() -> None:
    X, y = pig_curve()
    with pytest.warns(RuntimeWarning, match="diverged") as record:
        history = nn.fit(nn.MLP(1, [16, 16, 1], seed=0), X, y, epochs=5, progress=False)
    assert history.diverged and "nn.data.Standardizer" in history.message
    assert str(record[0].message) == history.message


def test_a_regression_that_works_hears_nothing() -> None:
    # The article's own fit: a linear model on [x²] finds 5 and 30 on raw numbers.
    X, y = nn.data.pig_sales("quadratic", n=20, seed=0)
    squares = [[x * x] for (x,) in X]
    model = nn.MLP(1, [1], seed=0)
    said = caught(
        lambda: nn.fit(
            model, squares, y, optimizer=nn.SGD(model, lr=2e-4), epochs=300, progress=False
        )
    )
    assert said == []
    assert model.layers[0].neurons[0].w[0].data == pytest.approx(5.0, rel=0.1)


def test_standardized_pig_sales_are_learned_end_to_end_in_pigs() -> None:
    X, y = nn.data.pig_sales("quadratic", n=40, noise=5.0, seed=0)
    sx, sy = nn.data.Standardizer().fit(X), nn.data.Standardizer().fit(y)
    scaled_y = sy.transform(y)
    assert isinstance(scaled_y, list) and isinstance(scaled_y[0], float)  # a plain list back
    assert sy.inverse_transform(scaled_y) == pytest.approx(y, rel=1e-12)
    model = nn.MLP(1, [8, 1], activation="tanh", seed=0)
    said = caught(
        lambda: nn.fit(
            model,
            sx.transform(X),
            scaled_y,
            optimizer=nn.Adam(model.parameters(), lr=0.05),
            epochs=150,
            progress=False,
        )
    )
    assert said == []
    years = [[2.5], [5.0], [7.5], [10.0]]
    pigs = sy.inverse_transform(nn.predict(model, sx.transform(years)))
    for (x,), p in zip(years, pigs):
        assert p == pytest.approx(5 * x * x + 30, abs=20.0)  # noise 5: within a few sigma


def test_plot_fit_draws_in_original_units_from_the_scalers() -> None:
    X, y = nn.data.pig_sales("quadratic", n=40, noise=5.0, seed=0)
    sx, sy = nn.data.Standardizer().fit(X), nn.data.Standardizer().fit(y)
    model = nn.MLP(1, [8, 1], activation="tanh", seed=0)
    nn.fit(
        model,
        sx.transform(X),
        sy.transform(y),
        optimizer=nn.Adam(model.parameters(), lr=0.05),
        epochs=150,
        progress=False,
    )
    fig = nn.plot_fit(model, X, y, x_scaler=sx, y_scaler=sy)
    curve = fig.axes[0].lines[0]
    xs, ys = list(curve.get_xdata()), list(curve.get_ydata())
    assert min(xs) == min(x for (x,) in X) and max(xs) == max(x for (x,) in X)  # years
    expected = sy.inverse_transform([model.forward_floats(sx.transform([[x]])[0])[0] for x in xs])
    assert ys == pytest.approx(expected, rel=1e-12)  # pigs, not standardized numbers
    assert max(ys) > 400
    with pytest.raises(TypeError, match=r"y_scaler must be a fitted nn\.data\.Standardizer"):
        nn.plot_fit(model, X, y, y_scaler=3.0)


def test_a_sigmoid_output_under_binary_cross_entropy_is_a_double_sigmoid() -> None:
    X, labels = nn.data.xor()
    model = nn.MLP(2, [4, 1], output_activation="sigmoid", seed=0)
    with pytest.warns(UserWarning, match="squashed twice") as record:
        nn.fit(model, X, labels, "binary_cross_entropy", epochs=2, progress=False)
    assert "output_activation=None" in str(record[0].message)
    assert "nn.predict_proba" in str(record[0].message)


class SoftmaxOutput(nn.Module):
    """An MLP whose outputs go through a softmax: probabilities, not scores."""

    def __init__(self) -> None:
        self.inner = nn.MLP(2, [4, 3], seed=0)
        self.nin = 2

    def named_parameters(self) -> list[tuple[str, Value]]:
        return self.inner.named_parameters()

    def __call__(self, x: Any) -> list[Value]:
        return nn.softmax(self.inner(x))

    def forward_floats(self, x: Any) -> list[float]:
        return nn.softmax(self.inner.forward_floats(x))


def test_probabilities_under_cross_entropy_are_warned_about() -> None:
    X, labels = nn.data.blobs(n=12, classes=3, seed=0)
    with pytest.warns(UserWarning, match="cross_entropy applies a softmax itself"):
        nn.fit(SoftmaxOutput(), X, labels, "cross_entropy", epochs=1, progress=False)
    sigmoid_out = nn.MLP(2, [4, 3], output_activation="sigmoid", seed=0)
    with pytest.warns(UserWarning, match="applies a sigmoid, like probabilities"):
        nn.fit(sigmoid_out, X, labels, "cross_entropy", epochs=1, progress=False)
    scores = nn.MLP(2, [4, 3], seed=0)
    assert (
        caught(lambda: nn.fit(scores, X, labels, "cross_entropy", epochs=1, progress=False)) == []
    )


def test_the_regression_demo_learns_the_curve_and_shows_the_raw_warning(tmp_path: Path) -> None:
    if str(DEMOS) not in sys.path:
        sys.path.insert(0, str(DEMOS))
    spec = importlib.util.spec_from_file_location("demo_regression", DEMOS / "regression.py")
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    result = demo.main(["--out", str(tmp_path), "--quick"])
    assert result["raw_warnings"] and "Standardizer" in result["raw_warnings"][0]
    assert result["scaled_warnings"] == []
    for year, pigs in zip(result["years"], result["scaled"]):
        if year > 0:  # few samples near year 0: the curve's end is loose there
            assert pigs == pytest.approx(5 * year**2 + 30, abs=20.0)
    assert (tmp_path / "pig_sales_regression.png").read_bytes().startswith(b"\x89PNG")
