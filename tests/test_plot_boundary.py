"""Decision-boundary pictures colour on a fixed scale and name the classes they show.

A classifier's picture must not turn noise into structure: a model that has learned
nothing (every output about the same) is drawn flat, whatever its tiny differences.
"""

from __future__ import annotations

import math

import pytest

import nn
import nn.plot as plot


def untrained_to_noise() -> nn.MLP:
    """A 2 -> 1 model whose scores are all within 1e-7 of 0: it has learned nothing."""
    model = nn.MLP(2, [1], seed=0)
    for p, tiny in zip(model.parameters(), (1e-7, -2e-7, 5e-8)):
        p.data = tiny
    return model


XOR = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]


def test_a_model_that_learned_nothing_is_drawn_flat_on_the_probability_scale() -> None:
    ax = plot.plot_decision_boundary(untrained_to_noise(), XOR, [0, 1, 1, 0], resolution=20).axes[0]
    regions = ax.collections[0]
    assert (regions.norm.vmin, regions.norm.vmax) == (0.0, 1.0)  # probability of class 1
    assert list(regions.levels) == pytest.approx([i / 10 for i in range(11)])
    # every probability is 0.5 +- 1e-6: the whole grid falls in the two bands around 0.5,
    # which the colour map draws near white, so no structure appears (before, the scale
    # stretched to the noise and painted it from deep red to deep blue)
    pale = [regions.cmap(regions.norm(level)) for level in (0.45, 0.55)]
    assert all(min(colour[:3]) > 0.85 for colour in pale)


def test_a_trained_classifier_spans_the_scale_and_has_a_legend_for_its_classes() -> None:
    X, y = nn.data.xor()
    model = nn.MLP(2, [4, 1], activation="tanh", seed=0)
    nn.train.fit(
        model,
        X,
        y,
        loss="binary_cross_entropy",
        optimizer=nn.Adam(model.parameters(), lr=0.1),
        epochs=150,
        progress=False,
    )
    fig = plot.plot_decision_boundary(model, X, y, resolution=20)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    assert fig.axes[1].get_ylabel() == "probability of class 1"  # the colour bar


def test_a_sigmoid_output_is_already_the_probability(monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib.axes

    shaded: list[list[list[float]]] = []
    contourf = matplotlib.axes.Axes.contourf

    def spy(ax: object, gx: object, gy: object, grid: list[list[float]], **kw: object) -> object:
        shaded.append(grid)
        return contourf(ax, gx, gy, grid, **kw)

    monkeypatch.setattr(matplotlib.axes.Axes, "contourf", spy)
    model = nn.MLP(2, [1], output_activation="sigmoid", seed=0)
    plot.plot_decision_boundary(model, XOR, [0, 1, 1, 0], resolution=3, margin=0.0)
    # the corner (0, 0) is shaded by the model's own output, not by a second sigmoid of it
    assert shaded[0][0][0] == model.forward_floats([0.0, 0.0])[0]
    plain = nn.MLP(2, [1], seed=0)
    plot.plot_decision_boundary(plain, XOR, [0, 1, 1, 0], resolution=3, margin=0.0)
    score = plain.forward_floats([0.0, 0.0])[0]
    assert shaded[1][0][0] == pytest.approx(1 / (1 + math.exp(-score)))


def test_a_hinge_model_is_shaded_by_its_score_up_to_the_margin() -> None:
    model = nn.MLP(2, [1], seed=0)
    fig = plot.plot_decision_boundary(model, XOR, [-1, 1, 1, -1], resolution=5)
    ax = fig.axes[0]
    assert (ax.collections[0].norm.vmin, ax.collections[0].norm.vmax) == (-1.0, 1.0)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class -1", "class +1"]
    assert "hinge margin" in fig.axes[1].get_ylabel()


def test_several_classes_get_a_legend_entry_each() -> None:
    X, y = nn.data.blobs(30, classes=3, spread=0.5, seed=0)
    model = nn.MLP(2, [3], seed=0)
    ax = plot.plot_decision_boundary(model, X, y, resolution=5).axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "class 0",
        "class 1",
        "class 2",
    ]


def test_panels_side_by_side_draw_into_the_axes_given() -> None:
    plt = plot.pyplot() if hasattr(plot, "pyplot") else __import__("matplotlib.pyplot").pyplot
    fig, (left, right) = plt.subplots(1, 2)
    for ax in (left, right):
        assert plot.plot_decision_boundary(untrained_to_noise(), XOR, [0, 1, 1, 0], ax=ax) is fig
    assert left.get_legend() is not None and right.get_legend() is not None
    plt.close(fig)
