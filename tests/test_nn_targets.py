"""nn.targets: one rule per loss, applied alike by the losses and by fit/evaluate/accuracy."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from nn.losses import LOSSES
from nn.targets import TARGET_RULES, check_targets, target_rows


def test_every_loss_has_a_target_rule_and_every_rule_a_loss() -> None:
    assert list(TARGET_RULES) == list(LOSSES)


def test_check_targets_for_the_trainer() -> None:
    assert check_targets("cross_entropy", [0, 1, 2.0], n_outputs=3) == [0.0, 1.0, 2.0]
    assert check_targets("hinge", [-1, 1.0]) == [-1.0, 1.0]
    with pytest.raises(ValueError, match="hinge needs a model with exactly 1 output"):
        check_targets("hinge", [1], n_outputs=2)
    with pytest.raises(ValueError, match="unknown loss 'l1'; use one of mse, hinge"):
        check_targets("l1", [1])
    with pytest.raises(ValueError, match="non-empty list of targets"):
        check_targets("mse", [])


def test_mse_targets_come_back_as_one_flat_list_of_floats() -> None:
    assert check_targets("mse", [[1, 2], [3, 4]], n_outputs=2) == [1.0, 2.0, 3.0, 4.0]
    assert check_targets("mse", [[1], [2]], name="y") == [1.0, 2.0]  # rows of one
    assert check_targets("mse", np.array([1, 2]), name="y") == [1.0, 2.0]


def test_a_named_argument_is_pointed_at_as_the_user_wrote_it() -> None:
    with pytest.raises(ValueError, match=re.escape("y[1] = 0.0: hinge needs labels -1 or +1")):
        check_targets("hinge", [1, 0], name="y")
    with pytest.raises(TypeError, match=r"y\[0\] must be a number.*str"):
        check_targets("hinge", ["1"], name="y")
    with pytest.raises(ValueError, match=r"validation y\[0\]\[1\] must be a finite number"):
        check_targets("mse", [[1.0, math.nan]], n_outputs=2, name="validation y")


@pytest.mark.parametrize(
    ("loss", "n_outputs", "targets"),
    [
        ("mse", 1, [0.5, -3.0]),
        ("mse", 1, [math.inf]),
        ("mse", 2, [[1.0, 2.0]]),
        ("mse", 2, [[1.0]]),
        ("hinge", 1, [1, -1]),
        ("hinge", 1, [1, 0]),
        ("binary_cross_entropy", 1, [0, 1]),
        ("binary_cross_entropy", 1, [-1]),
        ("cross_entropy", 3, [0, 2]),
        ("cross_entropy", 3, [3]),
        ("cross_entropy", 3, [1.5]),
    ],
)
def test_a_loss_and_the_trainer_agree_on_what_a_target_may_be(
    loss: str, n_outputs: int, targets: list[object]
) -> None:
    """The same targets are taken, or refused, whether a loss or fit checks them."""
    outputs = [[0.0] * n_outputs for _ in targets]
    preds = outputs if loss in ("mse", "cross_entropy") else [row[0] for row in outputs]
    try:
        LOSSES[loss](preds, targets)
        by_loss = True
    except ValueError:
        by_loss = False
    try:
        check_targets(loss, targets, n_outputs, name="y")
        by_trainer = True
    except ValueError:
        by_trainer = False
    assert by_loss == by_trainer


def test_target_rows_are_one_hot_for_cross_entropy_and_rows_otherwise() -> None:
    assert target_rows("cross_entropy", [1, 0], 3) == [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    assert target_rows("hinge", [-1.0, 1.0], 1) == [[-1.0], [1.0]]
    assert target_rows("mse", [[1.0, 2.0]], 2) == [[1.0, 2.0]]
