"""autograd.formulas: + - * and negation, each written once as formulas."""

from __future__ import annotations

import math

import pytest

import autograd
from autograd import Value, ops
from autograd.formulas import formula_op, method_source, substitute
from autograd.nodes import apply

FORMULA_OPS = [ops.ADD, ops.SUB, ops.MUL, ops.NEG]


def test_the_arithmetic_ops_are_written_as_formulas() -> None:
    assert ops.MUL.formulas == ("a * b", ("b", "a"))
    assert ops.SUB.formulas == ("a - b", ("1.0", "-1.0"))
    assert all(op.formulas is not None for op in FORMULA_OPS)


def test_substitute_renames_whole_names_only() -> None:
    assert substitute("a * b + out", {"a": "x", "b": "(2.0)", "out": "v3"}) == "x * (2.0) + v3"
    assert substitute("abs(a)", {"a": "x"}) == "abs(x)"  # 'abs' is not the name a


def test_the_functions_made_from_the_formulas() -> None:
    assert ops.MUL.forward(3.0, 4.0) == 12.0
    assert ops.MUL.local_grads(12.0, 3.0, 4.0) == (4.0, 3.0)
    assert ops.SUB.local_grads(-1.0, 3.0, 4.0) == (1.0, -1.0)
    assert ops.NEG.forward(2.5) == -2.5 and ops.NEG.local_grads(-2.5, 2.5) == (-1.0,)
    # on Values, for higher derivatives: the same expressions record a graph
    a, b = Value(3.0), Value(4.0)
    grads = ops.MUL.local_grads(Value(12.0), a, b)
    assert grads == (b, a)


def test_compiles_lines_come_from_the_formulas() -> None:
    assert ops.MUL.forward_code("v2", ["v0", "(2.0)"], repr) == ["v2 = v0 * (2.0)"]  # type: ignore[misc]
    assert ops.MUL.backward_code("v2", ["v0", "v1"], ["g0", None], repr) == [  # type: ignore[misc]
        "g0 += v1 * gk"
    ]
    assert ops.SUB.backward_code("v2", ["v0", "v1"], ["g0", "g1"], repr) == [  # type: ignore[misc]
        "g0 += gk",
        "g1 += -gk",
    ]
    assert ops.NEG.forward_code("v1", ["v0"], repr) == ["v1 = -v0"]  # type: ignore[misc]


CASES = {
    "value * value": (lambda x, y: x * y, ops.MUL, 2),
    "value * float": (lambda x, y: x * 2.5, ops.MUL, 1),
    "value * int": (lambda x, y: x * 3, ops.MUL, 1),
    "float * value": (lambda x, y: 2.5 * x, ops.MUL, 1),
    "value - float": (lambda x, y: x - 0.5, ops.SUB, 1),
    "float - value": (lambda x, y: 0.5 - x, ops.SUB, 1),
    "value + value": (lambda x, y: x + y, ops.ADD, 2),
    "int + value": (lambda x, y: 1 + x, ops.ADD, 1),
    "-value": (lambda x, y: -x, ops.NEG, 1),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_written_out_methods_make_the_nodes_apply_makes(case: str) -> None:
    fn, op, n_parents = CASES[case]
    x, y = Value(1.5), Value(-4.0)
    node = fn(x, y)
    assert len(node.parents) == n_parents
    inputs = [v.data if isinstance(v, Value) else v for v in node.inputs]
    want = apply(op, *inputs)  # the generic path, on constant leaves
    assert node.data == want.data
    # the local derivatives of the parents; the plain number has none of its own
    parents_grads = [g for g, v in zip(want.local_grads, node.inputs) if isinstance(v, Value)]
    assert node.local_grads == tuple(parents_grads)
    assert node.op is not None and node.op.name == op.name
    with autograd.no_grad():
        bare = fn(x, y)
    assert (bare.data, bare.parents, bare.op) == (node.data, (), op)


def test_the_written_out_methods_refuse_what_is_not_a_number() -> None:
    x = Value(1.0)
    for bad in ("2", None, True, 1j):
        with pytest.raises(TypeError, match="an operation on a Value"):
            x * bad  # type: ignore[operator]
        with pytest.raises(TypeError, match="an operation on a Value"):
            bad - x  # type: ignore[operator]


def test_derivatives_through_the_written_out_methods() -> None:
    # d/dx (x*x - 3x + 2) = 2x - 3, d2/dx2 = 2; at x = 2.5: 2 and 2
    x = Value(2.5)
    y = x * x - 3.0 * x + 2
    (dy,) = autograd.grad(y, [x], create_graph=True)
    (d2y,) = autograd.grad(dy, [x])
    assert (dy.data, d2y.data) == (2.0, 2.0)
    assert math.isclose(y.data, 2.5 * 2.5 - 7.5 + 2)


def test_a_formula_op_of_your_own_and_a_bad_method_kind() -> None:
    square_minus = formula_op(
        name="sqm", symbol="sqm", forward="a * a - b", local_grads=("a + a", "-1.0")
    )
    assert square_minus.forward(3.0, 1.0) == 8.0
    assert square_minus.local_grads(8.0, 3.0, 1.0) == (6.0, -1.0)
    with pytest.raises(ValueError, match="unary, binary or reflected"):
        method_source("ternary", "a", ("1.0",))
