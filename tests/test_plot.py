"""nn.plot: every figure saves a real PNG, and what it draws is the maths (derivatives by
backward, decision regions by forward_floats)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import autograd
import autograd.nodes
import nn
from nn import data, plot
from nn.train import History

PNG = b"\x89PNG\r\n\x1a\n"


def saved_png(path: Path) -> bytes:
    content = path.read_bytes()
    assert content[:8] == PNG and len(content) > 5000
    return content


def test_plot_history_has_a_panel_per_curve_and_saves(tmp_path: Path) -> None:
    history = History(
        train_loss=[1.0, 0.5, 0.3],
        val_loss=[1.1, 0.7, 0.6],
        train_accuracy=[0.5, 0.8, 0.9],
        val_accuracy=[0.4, 0.7, 0.8],
        lr=[0.1, 0.05, 0.025],
        best_epoch=3,
        message="three epochs",
    )
    fig = plot.plot_history(history, path=tmp_path / "new" / "history.png")
    saved_png(tmp_path / "new" / "history.png")
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss", "accuracy", "learning rate"]
    loss_lines = fig.axes[0].get_lines()
    assert list(loss_lines[0].get_ydata()) == history.train_loss
    assert list(loss_lines[1].get_ydata()) == history.val_loss
    only_loss = plot.plot_history(History(train_loss=[2.0, 1.0]))
    assert len(only_loss.axes) == 1


def test_plot_history_needs_epochs() -> None:
    with pytest.raises(ValueError, match="at least one epoch"):
        plot.plot_history(History())


def test_a_validation_loss_of_exactly_0_stays_on_the_loss_plot() -> None:
    """A hinge loss reaches exactly 0 once every margin is met: on a log scale those
    epochs vanished from the curve (demos/moons.py after epoch ~37).  The y axis must
    reach 0, and be logarithmic only above the smallest non-zero loss."""
    history = History(train_loss=[1.0, 0.1, 0.01, 0.005], val_loss=[2.0, 0.01, 0.0, 0.0])
    ax = plot.plot_history(history).axes[0]
    assert ax.get_yscale() == "symlog"
    assert ax.get_ylim()[0] <= 0.0 <= ax.get_ylim()[1]
    assert ax.yaxis.get_transform().linthresh <= 0.005  # log all the way down to 0.005
    assert plot.loss_scale([[1.0, 0.5], [0.0]]) == ("linear", {})  # within 100x: linear
    assert plot.loss_scale([[1.0, 1e-3], [math.inf]]) == ("log", {})  # no zero: log
    # linear up to the smallest non-zero loss (0.02) rounded down to a power of ten: 0.01
    assert plot.loss_scale([[3.0, 0.0, 0.02], [math.nan]]) == ("symlog", {"linthresh": 0.01})
    assert plot.loss_scale([[3.0, 0.0, 0.009]]) == ("symlog", {"linthresh": 0.001})
    assert plot.loss_scale([[0.0, 0.0]]) == ("linear", {})


@pytest.mark.parametrize("epochs", [2, 3, 7])
def test_epoch_axes_tick_whole_epochs_only(epochs: int) -> None:
    """A 3-epoch run must not show "epoch 1.5"."""
    history = History(
        train_loss=[1.0 / (e + 1) for e in range(epochs)],
        train_accuracy=[0.5] * epochs,
        lr=[0.1] * epochs,
    )
    for ax in plot.plot_history(history).axes:
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks), ticks


def test_decision_boundary_uses_floats_and_saves(tmp_path: Path) -> None:
    X, y = data.moons(40, noise=0.1, seed=0)
    model = nn.MLP(2, [4, 1], seed=0)

    def no_graphs(*args: object) -> None:
        raise AssertionError("the grid must be evaluated with forward_floats, not graphs")

    model.__class__ = type("FloatsOnly", (nn.MLP,), {"__call__": no_graphs})
    fig = plot.plot_decision_boundary(model, X, y, resolution=25, path=tmp_path / "db.png")
    saved_png(tmp_path / "db.png")
    assert fig.axes[0].get_title() == "decision boundary (25×25 grid)"


@pytest.mark.parametrize(
    ("labels", "low"), [([0, 1, 1], 0), ([1, 1, 1], 0), ([0, 0, 0], 0), ([-1, -1, -1], -1)]
)
def test_decision_boundary_colours_each_label_like_the_scores_of_its_side(
    labels: list[int], low: int
) -> None:
    # Regression: with one class only, matplotlib scaled the colours to that one label,
    # so points labelled 1 were drawn red, the colour of negative scores.
    model = nn.MLP(2, [1], seed=0)
    X = [[0.0, 0.0], [1.0, 0.5], [0.5, 1.0]]
    ax = plot.plot_decision_boundary(model, X, labels, resolution=5).axes[0]
    points = ax.collections[-1]
    assert points.norm(low) == 0.0 and points.norm(1) == 1.0  # red end, blue end
    regions = ax.collections[0]  # a fixed scale: red at the low label, blue at 1
    assert (regions.norm.vmin, regions.norm.vmax) == (low, 1.0)


def test_decision_boundary_on_a_100x100_grid_is_10000_float_passes_and_no_graph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue 4: a 100x100 grid for MLP(2, [16, 16, 1]) must take seconds, not minutes.
    # What makes it fast is checked here (timings belong in benchmarks, not unit tests:
    # it measured 0.3-0.4 s on this 2-core machine): exactly one float-only forward
    # pass per grid point, and not a single Value made.
    X, y = data.moons(100, noise=0.1, seed=0)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    calls = 0  # samples run through a float forward pass, one at a time or all at once
    float_forward, float_batch = nn.MLP.forward_floats, nn.MLP.forward_floats_batch

    def counted(self: nn.MLP, x: list[float]) -> list[float]:
        nonlocal calls
        calls += 1
        return float_forward(self, x)

    def counted_batch(self: nn.MLP, X: list[list[float]]) -> list[list[float]]:
        nonlocal calls
        calls += len(X)
        return float_batch(self, X)

    def no_values(*args: object) -> None:
        raise AssertionError("a Value was made")

    monkeypatch.setattr(nn.MLP, "forward_floats", counted)
    monkeypatch.setattr(nn.MLP, "forward_floats_batch", counted_batch)
    monkeypatch.setattr(autograd.nodes, "allocate", no_values)
    monkeypatch.setattr(autograd.Value, "__init__", no_values)
    fig = plot.plot_decision_boundary(model, X, y, resolution=100)
    assert fig.axes[0].get_title() == "decision boundary (100×100 grid)"
    assert 10_000 <= calls <= 10_000 + len(X)  # the grid (and at most the points once)


def test_decision_boundary_regions_are_the_argmax_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hand-made 3-class model: class c wins where output c is largest (here: where
    centre c is nearest), at every point of the grid the regions are drawn from."""
    import matplotlib.axes

    X, y = data.blobs(30, classes=3, spread=0.5, seed=0)
    centres = ((0.0, 0.0), (3.0, 3.0), (-3.0, 3.0))

    class Nearest:
        def forward_floats(self, p: list[float]) -> list[float]:
            return [-math.dist(p, c) for c in centres]

    drawn: list[tuple[object, ...]] = []
    contourf = matplotlib.axes.Axes.contourf

    def spy(ax: object, *args: object, **kwargs: object) -> object:
        drawn.append(args)
        return contourf(ax, *args, **kwargs)

    monkeypatch.setattr(matplotlib.axes.Axes, "contourf", spy)
    fig = plot.plot_decision_boundary(Nearest(), X, y, resolution=30, path=tmp_path / "k.png")
    saved_png(tmp_path / "k.png")
    assert len(fig.axes) == 1  # classes are regions: no colour bar
    ((gx, gy, regions),) = drawn
    assert len(gx) == len(gy) == 30
    for j, b in enumerate(gy):  # type: ignore[arg-type]
        for i, a in enumerate(gx):  # type: ignore[arg-type]
            nearest = min(range(3), key=lambda c: math.dist((a, b), centres[c]))
            assert regions[j][i] == nearest  # type: ignore[index]


@pytest.mark.parametrize("k", [3, 12, 25])
def test_decision_boundary_gives_every_class_its_own_colour(k: int) -> None:
    # Regression: with more than 10 classes the last ones shared one colour.
    centres = [(math.cos(2 * math.pi * c / k), math.sin(2 * math.pi * c / k)) for c in range(k)]

    class Nearest:
        def forward_floats(self, p: list[float]) -> list[float]:
            return [-math.dist(p, c) for c in centres]

    X = [list(c) for c in centres]
    fig = plot.plot_decision_boundary(Nearest(), X, list(range(k)), resolution=10)
    points = fig.axes[0].collections[-1]
    colours = points.to_rgba(points.get_array())  # each point's label through the colour map
    assert len({tuple(colour) for colour in colours}) == k


def test_decision_boundary_checks_its_input() -> None:
    model = nn.MLP(2, [2, 1])
    # the message names the bad sample and what is allowed
    with pytest.raises(
        ValueError, match=r"X\[0\] has 3 values but plot_decision_boundary expects 2"
    ):
        plot.plot_decision_boundary(model, [[1.0, 2.0, 3.0]], [0])
    with pytest.raises(ValueError, match=r"X\[1\] has 1 value but plot_decision_boundary"):
        plot.plot_decision_boundary(model, [[1.0, 2.0], [3.0]], [0, 1])
    with pytest.raises(ValueError, match=r"X\[2\] has 2 values but X\[0\] has 1"):
        plot.plot_fit(lambda x: x, [[1.0], [2.0], [3.0, 4.0]], [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match=r"X\[0\] must be a sample \(a list of numbers\)"):
        plot.plot_fit(lambda x: x, [1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="same length"):
        plot.plot_fit(lambda x: x, [[1.0], [2.0]], [1.0])
    with pytest.raises(ValueError, match="resolution must be an int >= 2, got 1"):
        plot.plot_decision_boundary(model, [[1.0, 2.0]], [0], resolution=1)


def test_plot_fit_with_a_function_a_model_and_several_inputs(tmp_path: Path) -> None:
    X, y = data.pig_sales("quadratic", n=30, noise=10.0, seed=1)
    fig = plot.plot_fit(lambda x: 5 * x * x + 30, X, y, path=tmp_path / "fit.png")
    saved_png(tmp_path / "fit.png")
    curve = fig.axes[0].get_lines()[0]
    # the curve spans the data (years 0 to 10): an empty curve would pass the loop below
    assert len(curve.get_xdata()) >= 50
    assert min(curve.get_xdata()) <= min(x for (x,) in X) < max(x for (x,) in X)
    assert max(x for (x,) in X) <= max(curve.get_xdata())
    for x, fx in zip(curve.get_xdata(), curve.get_ydata()):
        assert fx == pytest.approx(5 * x * x + 30)
    Xl, yl = data.pig_sales("linear", n=20, seed=0)
    model = nn.MLP(1, [1], seed=0)
    model.layers[0].neurons[0].w[0].data, model.layers[0].neurons[0].b.data = 10.0, 30.0
    line = plot.plot_fit(model, Xl, yl).axes[0].get_lines()[0]
    assert len(line.get_xdata()) >= 2
    assert list(line.get_ydata()) == pytest.approx([10 * x + 30 for x in line.get_xdata()])
    Xm, ym = data.pig_sales("multivariate", n=20, seed=0)
    truth = plot.plot_fit(lambda s: 5 * s[0] ** 2 + 8 * s[1] + 35 * s[2] + 30, Xm, ym)
    assert truth.axes[0].get_xlabel() == "actual pigs sold"
    with pytest.raises(TypeError, match="a model \\(with forward_floats\\) or a function"):
        plot.plot_fit(3.0, X, y)


def test_plot_activations_derivatives_come_from_backward(tmp_path: Path) -> None:
    fig = plot.plot_activations(["tanh", "sigmoid", "relu"], path=tmp_path / "a" / "act.png")
    saved_png(tmp_path / "a" / "act.png")
    tanh_slope, sigmoid_slope, relu_slope = (fig.axes[i].get_lines()[0] for i in (1, 3, 5))
    for line in (tanh_slope, sigmoid_slope, relu_slope):  # else the loops below check nothing
        assert len(line.get_xdata()) >= 50 and min(line.get_xdata()) < 0 < max(line.get_xdata())
    for x, d in zip(tanh_slope.get_xdata(), tanh_slope.get_ydata()):
        assert d == pytest.approx(1 - math.tanh(x) ** 2, rel=1e-12, abs=1e-15)
    for x, d in zip(sigmoid_slope.get_xdata(), sigmoid_slope.get_ydata()):
        s = 1 / (1 + math.exp(-x))
        assert d == pytest.approx(s * (1 - s), rel=1e-12)
    assert all(d == (1.0 if x > 0 else 0.0) for x, d in zip(*relu_slope.get_data()))
    assert len(plot.plot_activations().axes) == 2 * len(nn.ACTIVATIONS)


def test_plot_activations_checks_names() -> None:
    with pytest.raises(ValueError, match="got \\['swish'\\]"):
        plot.plot_activations(["relu", "swish"])
