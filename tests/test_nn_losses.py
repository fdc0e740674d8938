"""nn.losses: values against float formulas, gradients against central differences."""

from __future__ import annotations

import math
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
from autograd import Value, gradcheck, topological_order
from nn.losses import LOSSES
from nn.penalties import l2
from nn.stable_ops import softplus

scores = st.lists(st.floats(-6, 6), min_size=1, max_size=6)


def node_count(v: Value) -> int:
    return sum(1 for n in topological_order(v) if n.parents)


@given(scores, st.randoms(use_true_random=False))
def test_mse_value_and_gradient(preds: list[float], rnd: random.Random) -> None:
    targets = [rnd.uniform(-3, 3) for _ in preds]
    expected = sum((p - t) ** 2 for p, t in zip(preds, targets)) / len(preds)
    assert nn.mse(preds, targets).data == pytest.approx(expected, rel=1e-12, abs=1e-12)
    gradcheck(lambda *ps: nn.mse(list(ps), targets), preds)


def test_mse_on_rows_averages_every_output() -> None:
    loss = nn.mse([[1.0, 2.0], [3.0, 4.0]], [[0.0, 0.0], [3.0, 2.0]])
    assert loss.data == (1 + 4 + 0 + 4) / 4
    with pytest.raises(ValueError, match="mse needs 2 finite number"):
        nn.mse([[1.0, 2.0]], [1.0])


def test_mse_is_a_few_nodes() -> None:
    preds = [Value(float(i)) for i in range(50)]
    # 50 subtractions, one dot for the sum of squares, one division by n.
    assert node_count(nn.mse(preds, [0.0] * 50)) == 52


@given(scores, st.randoms(use_true_random=False))
def test_hinge_value_and_gradient(preds: list[float], rnd: random.Random) -> None:
    labels = [rnd.choice([-1, 1]) for _ in preds]
    expected = sum(max(0.0, 1 - y * s) for s, y in zip(preds, labels)) / len(preds)
    assert nn.hinge(preds, labels).data == pytest.approx(expected, rel=1e-12, abs=1e-12)
    # Central differences need to stay off the kink at y*s = 1.
    if all(abs(1 - y * s) > 1e-4 for s, y in zip(preds, labels)):
        gradcheck(lambda *ps: nn.hinge(list(ps), labels), preds)


def bce_reference(z: float, y: int) -> float:
    p = 1 / (1 + math.exp(-z))
    return -(y * math.log(p) + (1 - y) * math.log(1 - p))


@given(scores, st.randoms(use_true_random=False))
def test_binary_cross_entropy_value_and_gradient(preds: list[float], rnd: random.Random) -> None:
    labels = [rnd.choice([0, 1]) for _ in preds]
    expected = sum(bce_reference(z, y) for z, y in zip(preds, labels)) / len(preds)
    loss = nn.binary_cross_entropy(preds, labels)
    assert loss.data == pytest.approx(expected, rel=1e-9, abs=1e-12)
    gradcheck(lambda *zs: nn.binary_cross_entropy(list(zs), labels), preds)


def test_binary_cross_entropy_is_stable_at_huge_logits() -> None:
    logits = [Value(1000.0), Value(-1000.0), Value(1000.0), Value(-1000.0)]
    loss = nn.binary_cross_entropy(logits, [1, 0, 0, 1])
    # Right answers cost ~0, confident wrong answers cost |z| = 1000.
    assert loss.data == pytest.approx((0 + 0 + 1000 + 1000) / 4)
    loss.backward()
    # d/dz = (sigmoid(z) - y) / n
    assert [z.grad for z in logits] == pytest.approx([0.0, 0.0, 0.25, -0.25])


def test_binary_cross_entropy_gradient_at_zero_is_sigmoid_minus_label() -> None:
    z = [Value(0.0), Value(0.0)]
    nn.binary_cross_entropy(z, [1, 0]).backward()
    assert [v.grad for v in z] == [(0.5 - 1) / 2, (0.5 - 0) / 2]
    gradcheck(lambda a: softplus(a), [0.0])


def ce_reference(row: list[float], y: int) -> float:
    m = max(row)
    return math.log(sum(math.exp(z - m) for z in row)) + m - row[y]


@given(
    st.lists(st.lists(st.floats(-6, 6), min_size=3, max_size=3), min_size=1, max_size=4),
    st.randoms(use_true_random=False),
)
def test_cross_entropy_value_and_gradient(rows: list[list[float]], rnd: random.Random) -> None:
    labels = [rnd.randrange(3) for _ in rows]
    expected = sum(ce_reference(r, y) for r, y in zip(rows, labels)) / len(rows)
    flat = [z for row in rows for z in row]
    assert nn.cross_entropy(rows, labels).data == pytest.approx(expected, rel=1e-12, abs=1e-12)

    def loss(*zs: Value) -> Value:
        return nn.cross_entropy([list(zs[i : i + 3]) for i in range(0, len(zs), 3)], labels)

    gradcheck(loss, flat)


def test_cross_entropy_is_stable_at_huge_logits_and_its_gradient_is_softmax_minus_onehot() -> None:
    row = [Value(1000.0), Value(-1000.0), Value(999.0)]
    loss = nn.cross_entropy([row], [2])
    assert loss.data == pytest.approx(math.log(1 + math.exp(-1.0)) + 1.0)
    loss.backward()
    p0 = 1 / (1 + math.exp(-1.0))
    assert [z.grad for z in row] == pytest.approx([p0, 0.0, (1 - p0) - 1])


def test_l2_is_one_dot_node_summing_squares() -> None:
    params = [Value(1.0), Value(-2.0), Value(3.0)]
    penalty = nn.l2(params)
    assert penalty.data == 14.0 and node_count(penalty) == 1
    penalty.backward()
    assert [p.grad for p in params] == [2.0, -4.0, 6.0]


def test_float_predictions_give_a_value() -> None:
    for name, fn in LOSSES.items():
        preds: list[object] = [[0.5, -0.5]] if name == "cross_entropy" else [0.5]
        labels: list[object] = [1]
        assert isinstance(fn(preds, labels), Value)


@pytest.mark.parametrize(
    ("loss", "preds", "labels", "message"),
    [
        (
            "hinge",
            [0.1, 0.2],
            [1, 0],
            "hinge loss: bad target 0 at index 1; hinge needs labels -1 or +1",
        ),
        ("binary_cross_entropy", [0.1], [-1], "bad target -1 at index 0; binary_cross_entropy"),
        ("binary_cross_entropy", [0.1], [True], "bad target True"),
        ("cross_entropy", [[0.1, 0.2]], [2], "bad target 2 at index 0; cross_entropy needs"),
        (
            "cross_entropy",
            [[0.1, 0.2]],
            [0.5],
            "whole-number class labels 0 .. 1 (one per model output)",
        ),
        ("mse", [0.1], ["3"], "mse loss: bad target '3'"),
        ("mse", [0.1], [math.nan], "bad target nan"),
    ],
)
def test_bad_targets_name_the_loss_the_label_and_what_is_allowed(
    loss: str, preds: list[object], labels: list[object], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        LOSSES[loss](preds, labels)


def test_shape_mistakes_are_caught() -> None:
    with pytest.raises(ValueError, match="one target per prediction, got 2 predictions and 1"):
        nn.mse([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="at least one prediction"):
        nn.hinge([], [])
    with pytest.raises(ValueError, match="one score per sample, got 2 for sample 0"):
        nn.hinge([[1.0, 2.0]], [1])
    with pytest.raises(ValueError, match="sample 0 has 2, sample 1 has 3"):
        nn.cross_entropy([[1.0, 2.0], [1.0, 2.0, 3.0]], [0, 0])


@pytest.mark.parametrize("loss", [*LOSSES, "l2"])
def test_a_single_prediction_instead_of_a_list_says_every_loss_takes_lists(loss: str) -> None:
    """nn.mse(model(x), 1.0) is a first user's mistake: the error says to pass lists
    (with the loss's own one-sample call), not "object of type 'Value' has no len()"."""
    one = Value(0.5)
    fn = l2 if loss == "l2" else LOSSES[loss]
    attempts = [lambda: fn(one)] if loss == "l2" else [lambda: fn(one, 1), lambda: fn([one], 1)]
    for attempt in attempts:
        with pytest.raises(TypeError, match=f"^{loss} needs a list of ") as err:
            attempt()
        assert "not a list" in str(err.value) or "l2(model.parameters())" in str(err.value)
        assert f"{loss}([" in str(err.value)  # the call written out with lists
