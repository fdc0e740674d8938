"""Two ops the classification losses are built from, written so they never overflow.

* ``softplus(t)`` = log(1 + e^t), whose derivative is sigmoid(t): binary
  cross-entropy from a raw score is softplus of the score, signed by the label.
* ``log_sum_exp(scores)`` = log(sum_j e^(s_j)), whose partial derivatives are the
  softmax of the scores: cross-entropy is log_sum_exp(scores) minus the label's score.

Written the obvious way from ``exp`` and ``log``, both overflow for scores past about
709 (e^710 is too big for a float).  Each is one op of its own (``SOFTPLUS``,
``LOG_SUM_EXP``) that takes the overflow out on plain floats, inside its forward, so
the graph is one node whatever the scores are: choosing a formula by looking at a
score's ``.data`` would make the graph depend on the numbers, which a recorded
training step cannot follow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from autograd import Op, Value, apply


def _softplus_forward(t: float) -> float:
    # log(1 + e^t) never overflowing: for t > 0 it is t + log(1 + e^-t), so exp only
    # sees numbers <= 0.  The branch is inside the op, on floats: the graph is one node.
    if t > 0.0:
        return t + math.log1p(math.exp(-t))
    return math.log1p(math.exp(t))


def _sigmoid(t: Value | float) -> Value | float:
    if isinstance(t, Value):  # the rule on Values, for second derivatives
        return t.sigmoid()
    if t >= 0.0:
        return 1.0 / (1.0 + math.exp(-t))
    e = math.exp(t)
    return e / (1.0 + e)


# d/dt log(1 + e^t) = e^t / (1 + e^t) = sigmoid(t)
SOFTPLUS = Op(
    name="softplus",
    forward=_softplus_forward,
    local_grads=lambda out, t: (_sigmoid(t),),
    symbol="softplus",
)


def softplus(t: Value | float) -> Value:
    """log(1 + e^t) as one node, never overflowing, with the exact derivative sigmoid(t).

    An op of its own (``SOFTPLUS``) rather than ``(t.exp() + 1).log()``: that would
    overflow for t > 709, and choosing a stabler form by looking at ``t.data`` would
    make the graph depend on the sign of t, which a recorded step cannot see.

    Args:
        t: a Value, or a number (made a constant).

    Returns:
        The node softplus(t).
    """
    return apply(SOFTPLUS, t)


def _log_sum_exp_forward(*zs: float) -> float:
    # log(sum_j e^(z_j)) = log(sum_j e^(z_j - m)) + m with m the largest: exp never
    # sees a positive number.  (m is a number inside the op, not a node.)
    m = max(zs)
    if math.isinf(m):
        return m
    return math.log(math.fsum([math.exp(z - m) for z in zs])) + m


def _log_sum_exp_local_grads(out: Value | float, *zs: Value | float) -> tuple[Value | float, ...]:
    if isinstance(out, Value):  # the rule on Values, for second derivatives
        return tuple([(z - out).exp() for z in zs])
    return tuple([math.exp(z - out) for z in zs])


# d/dz_j log(sum_k e^(z_k)) = e^(z_j) / sum_k e^(z_k) = e^(z_j - out): the softmax
LOG_SUM_EXP = Op(
    name="log_sum_exp",
    forward=_log_sum_exp_forward,
    local_grads=_log_sum_exp_local_grads,
    symbol="logΣexp",
    arity=None,
)


def log_sum_exp(scores: Sequence[Value | float]) -> Value:
    """log(sum_j e^(s_j)) over a row of scores as one node, never overflowing.

    The largest score is taken out first (inside the op, on floats), so exp never sees
    a positive number; each score's partial derivative is its softmax probability.

    Args:
        scores: a row of Values or numbers, at least one.

    Returns:
        The node log_sum_exp(scores).
    """
    return apply(LOG_SUM_EXP, *scores)
