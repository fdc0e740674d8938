"""Penalties: numbers computed from the parameters alone, added to a loss to shape them.

A loss says how wrong the predictions are; a penalty says what we would rather the
weights looked like, whatever the data.  Training minimizes ``loss + alpha * penalty``,
so ``alpha`` trades one against the other.

* ``l2``: the sum of squared parameters: keeps every weight small (weight decay;
  ``nn.fit(l2=...)`` adds it for you);
* ``l1``: the sum of their absolute values: pushes the weights that do not help the
  loss all the way to 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Value, dot
from autograd import sum as value_sum
from nn.loss_inputs import is_list


def l2(params: Sequence[Value]) -> Value:
    """The sum of squared parameters (one dot node), to add to a loss as ``alpha * l2``.

    Its derivative 2w pulls each weight towards 0 in proportion to its size: big
    weights shrink fast, small ones hardly at all (weight decay).

    Args:
        params: the parameters: ``model.parameters()``, or any list of Values.

    Returns:
        sum of w² over params, as a Value.

    Raises:
        TypeError: if params is not a list (e.g. one Value): use ``l2(model.parameters())``.
    """
    _check_list("l2", params)
    return dot(params, params)


def l1(params: Sequence[Value]) -> Value:
    """The sum of absolute values of the parameters, to add to a loss as ``alpha * l1``.

    Its derivative is the sign of each parameter (0 at exactly 0), whatever its size, so
    unlike ``l2`` (whose pull 2w fades as w shrinks) it drives weights that do not help
    the loss all the way to 0: a sparse network.

    Args:
        params: the parameters: ``model.parameters()``, or any list of Values.

    Returns:
        sum of |w| over params, as a Value.

    Raises:
        TypeError: if params is not a list (e.g. one Value): use ``l1(model.parameters())``.
    """
    _check_list("l1", params)
    return value_sum([abs(p) for p in params])


def _check_list(penalty: str, params: object) -> None:
    """Refuse anything but a list of parameters, naming the penalty and what to write."""
    if not is_list(params):
        raise TypeError(
            f"{penalty} needs a list of parameters, e.g. {penalty}(model.parameters()) or "
            f"{penalty}([w]); got one {type(params).__name__}, {params!r}"
        )
