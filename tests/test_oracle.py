"""An exact oracle: sympy differentiates each expression symbolically, the engine by
backpropagation, and the two must agree to 1e-9 relative at several points.

Each expression is written once, as a Python function that works on sympy symbols and
on Values alike (the small ``exp``/``log``/... helpers below pick the right one), so
the engine and the oracle are certain to differentiate the same formula.  It covers
the seed article's three formulas and a few with exp, log, tanh, sin, cos, sqrt,
sigmoid and a power with a Value exponent, to first and second order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sympy as sp
from helpers import assert_close

from autograd import Value, grad, hessian


def _unary(method: str, symbolic: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def fn(x: Any) -> Any:
        return getattr(x, method)() if isinstance(x, Value) else symbolic(x)

    return fn


exp = _unary("exp", sp.exp)
log = _unary("log", sp.log)
tanh = _unary("tanh", sp.tanh)
sin = _unary("sin", sp.sin)
cos = _unary("cos", sp.cos)
sqrt = _unary("sqrt", sp.sqrt)
sigmoid = _unary("sigmoid", lambda x: 1 / (1 + sp.exp(-x)))

# name -> (number of inputs, formula)
EXPRESSIONS: dict[str, tuple[int, Callable[..., Any]]] = {
    "10x + 30": (1, lambda x: 10 * x + 30),
    "5x^2 + 30": (1, lambda x: 5 * x**2 + 30),
    "5x1^2 + 8x2 + 35x3 + 30": (3, lambda a, b, c: 5 * a**2 + 8 * b + 35 * c + 30),
    "exp(sin x) log(x + 3)": (1, lambda x: exp(sin(x)) * log(x + 3)),
    "tanh(xy) + sigmoid(x - y)": (2, lambda x, y: tanh(x * y) + sigmoid(x - y)),
    "x^y (Value exponent)": (2, lambda x, y: x**y),
    "x^(y z) + 2^y": (3, lambda x, y, z: x ** (y * z) + 2**y),
    "sqrt(x^2 + 1) / (y + 5)": (2, lambda x, y: sqrt(x**2 + 1) / (y + 5)),
    "cos(x)^3 - x/y + exp(-z^2)": (3, lambda x, y, z: cos(x) ** 3 - x / y + exp(-(z**2))),
    "sigmoid(xz) log(1 + y^2) z": (3, lambda x, y, z: sigmoid(x * z) * log(1 + y**2) * z),
    "(a + a b)^2 tanh(a) - 1/a, a reused": (2, lambda a, b: (a + a * b) ** 2 * tanh(a) - 1 / a),
}

# Inside every expression's domain (x > 0 for x^y, y != -5 and y != 0 for the divisions).
POINTS = [(0.3, 0.7, 1.2), (1.1, 1.9, -0.4), (2.5, 0.2, 3.0), (0.8, -2.2, 0.5)]

TOLERANCE = {"rtol": 1e-9, "atol": 1e-12}


def _exact(name: str) -> tuple[list[Any], list[list[Any]], list[Any]]:
    """The symbols, the exact gradient and the exact Hessian of an expression."""
    n, formula = EXPRESSIONS[name]
    symbols = list(sp.symbols(f"s0:{n}", real=True))
    f = formula(*symbols)
    gradient = [sp.diff(f, s) for s in symbols]
    table = [[sp.diff(g, s) for s in symbols] for g in gradient]
    return symbols, table, gradient


def _at(expr: Any, symbols: list[Any], point: tuple[float, ...]) -> float:
    return float(sp.sympify(expr).evalf(30, subs=dict(zip(symbols, point))))


@pytest.mark.parametrize("name", EXPRESSIONS)
def test_first_and_second_derivatives_match_sympy(name: str) -> None:
    n, formula = EXPRESSIONS[name]
    symbols, exact_hessian, exact_gradient = _exact(name)
    for full_point in POINTS:
        point = full_point[:n]
        if name.startswith("x^"):  # a Value exponent needs a positive base
            point = (abs(point[0]), *point[1:])
        want_gradient = [_at(g, symbols, point) for g in exact_gradient]
        want_hessian = [[_at(h, symbols, point) for h in row] for row in exact_hessian]

        leaves = [Value(p) for p in point]
        y = formula(*leaves)
        y.backward()
        where = f"{name} at {point}"
        assert_close([v.grad for v in leaves], want_gradient, **TOLERANCE, what=f"backward {where}")
        gs = grad(y, leaves)
        assert_close([g.data for g in gs], want_gradient, **TOLERANCE, what=f"grad {where}")
        for i, row in enumerate(hessian(y, leaves)):
            assert_close(row, want_hessian[i], **TOLERANCE, what=f"hessian row {i} {where}")


def test_the_oracle_agrees_with_the_seed_known_answers() -> None:
    # Guards the oracle itself: sympy gives the article's numbers for its formulas.
    symbols, table, gradient = _exact("5x1^2 + 8x2 + 35x3 + 30")
    assert [sp.simplify(g - want) for g, want in zip(gradient, [10 * symbols[0], 8, 35])] == [0] * 3
    symbols, table, gradient = _exact("5x^2 + 30")
    assert sp.simplify(gradient[0] - 10 * symbols[0]) == 0 and table == [[10]]
