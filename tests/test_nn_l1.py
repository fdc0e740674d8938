"""nn.l1: the L1 penalty (sum of |parameter|) and its derivative, the sign."""

from __future__ import annotations

import pytest
from helpers import assert_close, numeric_gradient
from hypothesis import given
from hypothesis import strategies as st

import nn
from autograd import Value

# Away from 0, where |w| has its kink and central differences straddle it.
away_from_zero = st.floats(0.01, 5.0) | st.floats(-5.0, -0.01)


@given(st.lists(away_from_zero, min_size=1, max_size=6))
def test_l1_and_its_derivative_match_central_differences(ws: list[float]) -> None:
    params = [Value(w) for w in ws]
    penalty = nn.l1(params)
    assert_close(penalty.data, sum(abs(w) for w in ws), rtol=1e-12, what="l1 value")
    penalty.backward()
    expected = numeric_gradient(lambda *xs: sum(abs(x) for x in xs), ws)
    assert_close([p.grad for p in params], expected, what="l1 gradient")
    # the exact oracle: d|w|/dw is the sign of w
    assert [p.grad for p in params] == [1.0 if w > 0 else -1.0 for w in ws]


def test_l1_slope_at_zero_is_zero() -> None:
    w = Value(0.0)
    nn.l1([w]).backward()
    assert w.grad == 0.0


def test_l1_refuses_one_value() -> None:
    with pytest.raises(TypeError, match=r"l1 needs a list of parameters, e.g. l1\(model"):
        nn.l1(Value(1.0))  # type: ignore[arg-type]
