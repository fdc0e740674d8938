"""What each box of a graph picture is: a parameter, an input, a constant, the result.

The engine sees only Values; a leaf (a Value with no parents) may be a weight, an
input or a plain number.  A picture colours it by what it is, never by its label:

* a **parameter** (yellow) when the caller names it (``draw_graph(y, params=model)``)
  or the code that made it marked it (:func:`autograd.parameters.mark_parameters`,
  which ``nn`` calls for every weight and bias);
* a **constant** (grey) when it was made from a plain number (the 5 in ``5 * x``);
* an **input** (blue) otherwise, or, when nothing says which leaves are parameters,
  just a **leaf** (blue too), since a hand-made weight looks like any input;
* the **result** (green) and the steps in between (white).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from autograd import ops
from autograd.parameters import is_parameter
from autograd.value import Value

ROLE_COLOURS = {
    "parameter": "#ffe6a6",
    "input": "#cfe6ff",
    "constant": "#eeeeee",
    "leaf": "#cfe6ff",
    "result": "#c9f2c9",
    "intermediate": "#ffffff",
}
"""Fill colour of a Value's box by its role."""

ROLE_NAMES = {
    "parameter": "yellow",
    "input": "blue",
    "leaf": "blue",
    "constant": "grey",
    "result": "green",
}
"""The colours the caption names, for the roles among them that a picture shows."""

ROLE_NOTES = {"leaf": " (an input, or a weight: params= tells them apart)"}
"""What the caption adds after a role's name."""


def role_of(value: Value, params: set[Value] | None = None) -> str:
    """How a Value is drawn: ``parameter``, ``input``, ``constant`` or ``intermediate``.

    Decided by what the Value is, never by its label: a leaf is a parameter when it is
    in ``params`` or was marked by :func:`autograd.parameters.mark_parameters` (as
    ``nn`` marks every weight and bias), a constant when it was made from a plain
    number (the 5 in ``5 * x``), else an input.

    Args:
        value: the Value.
        params: the parameters, if known (they are added to the marked ones).

    Returns:
        The role's name (the result of a graph is marked ``result`` by ``draw_graph``).
    """
    if value.parents:
        return "intermediate"
    if value.op is ops.CONST:
        return "constant"
    if (params is not None and value in params) or is_parameter(value):
        return "parameter"
    return "input"


def parameter_set(params: Any) -> set[Value] | None:
    """``params`` as a set: a list of Values, or a model (anything with ``parameters()``)."""
    if params is None:
        return None
    listed = params.parameters() if hasattr(params, "parameters") else params
    if isinstance(listed, Value) or not isinstance(listed, Iterable):
        raise TypeError(
            "draw_graph params must be a list of Values or a model with .parameters(), "
            f"got {type(params).__name__}: {params!r:.60}"
        )
    found = set(listed)
    for p in found:
        if not isinstance(p, Value):
            raise TypeError(f"draw_graph params must hold Values, got {type(p).__name__}")
    return found
