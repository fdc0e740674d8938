"""autograd.explain: backward's chain-rule steps, in backward's order, adding up to .grad."""

from __future__ import annotations

import importlib.util
import math
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Value, explain, ops

# Each step makes a node from two earlier nodes (chosen by index, so nodes get reused).
# Fused nodes are there too: sum, dot, and a neuron (dot with its activation inside).
STEPS: dict[str, Callable[[Value, Value], Value]] = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "sub": lambda a, b: a - b,
    "tanh": lambda a, b: (a * b).tanh(),
    "relu": lambda a, b: (a - b).relu(),  # often 0: backward skips it
    "square": lambda a, b: a * a,
    "sum": lambda a, b: autograd.sum([a, b, a]),
    "dot": lambda a, b: autograd.dot([a, b], [b, 0.5], a),
}
NEURONS: dict[str, Callable[[Value, Value], Value]] = {
    "tanh_neuron": lambda a, b: autograd.dot([a, b], [b, a], 0.25, ops.TANH),
    "relu_neuron": lambda a, b: autograd.dot([a], [b], -0.1, ops.RELU),
}
Program = tuple[list[float], list[tuple[str, int, int]]]


def programs(names: list[str]) -> st.SearchStrategy[Program]:
    @st.composite
    def draw_program(draw: st.DrawFn) -> Program:
        leaves = draw(st.lists(st.floats(-2, 2), min_size=1, max_size=3))
        steps = []
        for k in range(draw(st.integers(1, 8))):
            size = len(leaves) + k
            name = draw(st.sampled_from(names))
            steps.append((name, draw(st.integers(0, size - 1)), draw(st.integers(0, size - 1))))
        return leaves, steps

    return draw_program()


def run(program: Program) -> tuple[list[Value], Value]:
    table = {**STEPS, **NEURONS}
    leaves = [Value(x) for x in program[0]]
    nodes = list(leaves)
    for name, i, j in program[1]:
        nodes.append(table[name](nodes[i], nodes[j]))
    return nodes, nodes[-1]


@given(program=programs(sorted(STEPS)))
def test_contributions_add_up_to_grad_bit_for_bit(program: Program) -> None:
    # Without neuron nodes, backward adds exactly these products in exactly this order,
    # so the running totals are .grad to the last bit.
    nodes, y = run(program)
    steps = explain(y)
    y.backward()
    totals = steps.grads()
    for v in nodes:
        assert totals.get(v, 0.0) == v.grad


@given(program=programs(sorted(STEPS) + sorted(NEURONS)))
def test_contributions_add_up_to_grad_with_neuron_nodes(program: Program) -> None:
    # A neuron node's backward multiplies (slope * g) by x where explain multiplies
    # (slope * x) by g: the same up to rounding.
    nodes, y = run(program)
    steps = explain(y)
    y.backward()
    totals = steps.grads()
    for v in nodes:
        assert math.isclose(totals.get(v, 0.0), v.grad, rel_tol=1e-12, abs_tol=1e-12)


@given(program=programs(sorted(STEPS) + sorted(NEURONS)))
def test_steps_follow_backwards_order(program: Program) -> None:
    _, y = run(program)
    steps = explain(y)
    y.backward()
    # backward walks the interior nodes of topological_order(y) last first, skips a node
    # whose gradient is 0, and passes to each parent in the order of .parents.
    interior = [v for v in reversed(autograd.topological_order(y)) if v.parents]
    expected = [(v, k) for v in interior if v.grad != 0.0 for k in range(len(v.parents))]
    assert [(s.node, s.position) for s in steps] == expected
    for s in steps:
        assert s.parent is s.node.parents[s.position]
        assert math.isclose(s.upstream, s.node.grad, rel_tol=1e-12, abs_tol=1e-12)
        assert s.local_grad == s.node.local_grads[s.position]
        assert s.contribution == s.local_grad * s.upstream


def test_explain_touches_no_grad() -> None:
    x = Value(2.0)
    y = x * x + x
    explain(y)
    assert x.grad == 0.0 and y.grad == 0.0


def test_the_articles_chain_rule_known_answer() -> None:
    # y = 5x² + 30 at x = 1: dy/dx = 10x = 10, reached through the square's local 2x = 2
    # times the upstream 5.
    x = Value(1.0, "x")
    square = x**2
    y = 5 * square + 30
    steps = explain(y)
    into_square = [s for s in steps if s.parent is square]
    assert [(s.local_grad, s.upstream) for s in into_square] == [(5.0, 1.0)]
    into_x = [s for s in steps if s.parent is x]
    assert [(s.local_grad, s.upstream, s.contribution) for s in into_x] == [(2.0, 5.0, 10.0)]
    assert steps.grads()[x] == 10.0


def test_the_table_names_labelled_values_and_numbers_the_others() -> None:
    x = Value(3.0, "x")
    text = str(explain(x * x))
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["step", "node", "parent"]
    assert lines[1].split() == ["1", "n1", "mul", "x", "3", "1", "3", "3"]
    assert lines[2].split() == ["2", "n1", "mul", "x", "3", "1", "3", "6"]
    html = explain(x * x)._repr_html_()
    assert html.count("<tr>") == 3 and "<td>x</td>" in html


def test_a_leaf_has_no_steps() -> None:
    x = Value(1.0, "x")
    assert len(explain(x)) == 0
    assert "no chain-rule steps" in str(explain(x))


def test_explain_refuses_a_number() -> None:
    with pytest.raises(TypeError, match="explain\\(\\) needs a Value, got float"):
        explain(3.0)  # type: ignore[arg-type]


def test_the_chain_rule_demo_explains_chart_2(tmp_path: Path) -> None:
    demos = Path(__file__).resolve().parent.parent / "demos"
    sys.path.insert(0, str(demos))  # the demo imports its neighbour common.py
    try:
        spec = importlib.util.spec_from_file_location(
            "chain_rule_for_explain", demos / "chain_rule.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        results = module.main(["--out", str(tmp_path), "--quick"])
    finally:
        sys.path.remove(str(demos))
    assert results["chart2_explained"] == results["chart2_backward"]
