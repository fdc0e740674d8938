"""Compile's code generator: a recorded graph written down as Python code.

``Tape(out, ...)`` takes the graph the engine just built and generates one function:
the forward pass (one line or a few per node), a check for each comparison the function
made while recording, and the backward pass (one line per edge), in exactly the
engine's order, with exactly the engine's float operations, so a replay gives the
engine's numbers.  The lines of each op come from the op itself (``Op.forward_code``
and ``Op.backward_code``, next to its rule in ``ops.py`` or ``fused.py``); an op without
them (tanh, exp, a custom op ...) is replayed by calling its table functions.
Read ``autograd/reference.py`` first: a replay is its backward, written out.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from functools import lru_cache
from types import CodeType
from typing import Any

from autograd import ops
from autograd.fused import SUM
from autograd.graph import topological_order
from autograd.numbers import times
from autograd.op import CHUNK, edges
from autograd.value import Value

MAX_NODES = 50_000
"""Largest graph compile writes out: Python's own compiler slows down past it (a
100,000-link chain takes 14 s and 2 GB to compile; the W1 step's 7,000 nodes, 1 s)."""

Comparison = tuple[str, Value, Value | float, bool]
"""(symbol, left Value, right Value or number, what it gave while recording)."""


class Uncompilable(Exception):
    """The graph cannot be replayed faithfully (the message says why)."""


class Tape:
    """The recorded graph as generated Python: a forward, checks and a backward.

    In the generated code an interior node is two local variables, its value ``v7``
    and its gradient ``g7``; the leaves are slots of two lists, ``a[i]`` (value) and
    ``b[i]`` (gradient): first the arguments' floats, then the Values the function
    used without receiving them (parameters: their ``.data`` is read on every replay);
    constants (plain numbers in the function, like the 2 in ``x * 2``) are written in
    as numbers, and their gradient, which nobody reads, is not computed.
    """

    def __init__(
        self,
        out: Value,
        arg_values: list[Value],
        log: list[Comparison],
        fixed: list[Any],
        dropped: list[Value] | None = None,
        arg_grads: bool = True,
    ) -> None:
        self.fixed = fixed
        self.n_args = len(arg_values)
        compared = [v for _, a, b, _ in log for v in (a, b) if isinstance(v, Value)]
        # dropped: nodes fn computed without using them, replayed forward only (they can
        # raise, as fn did: log of a negative number)
        nodes = topological_order([out, *compared, *(dropped or [])])
        args = set(arg_values)
        self.leaves = [
            n for n in nodes if not n.parents and n not in args and n.op is not ops.CONST
        ]
        check_compilable(nodes)
        names: dict[str, Any] = {"K": []}  # numbers with no literal (inf, nan), functions
        where: dict[Value, str] = {}
        grads: dict[Value, str] = {}
        for i, leaf in enumerate([*arg_values, *self.leaves]):
            where[leaf], grads[leaf] = f"a[{i}]", f"b[{i}]"
        if not arg_grads:  # nobody reads them: no backward line ends at an argument
            for leaf in arg_values:
                del grads[leaf]
        interior = [n for n in nodes if n.parents]
        for i, node in enumerate(interior):
            where[node], grads[node] = f"v{i}", f"g{i}"
        for node in nodes:
            if node not in where:
                where[node] = literal(node.data, names)
        reached = [n for n in topological_order(out) if n.parents]
        touched = {p for n in reached for p in n.parents} | {out}  # out: fn returned a leaf
        self.written = [
            (self.n_args + i, leaf) for i, leaf in enumerate(self.leaves) if leaf in touched
        ]
        head = ["def replay(a, b):"]
        for node in interior:
            head += ["    " + line for line in forward_lines(node, where, names)]
        head += _checks(log, where, names)
        zeros = [grads[n] for n in reached]
        for i in range(0, len(zeros), CHUNK):
            head.append("    " + " = ".join(zeros[i : i + CHUNK]) + " = 0.0")
        if out in grads:
            head.append(f"    {grads[out]} += 1.0")
        tail = [f"    return {where[out]}"]
        self._names = names
        self._filename = f"<autograd.compile: {len(interior)} nodes>"
        # Two backward passes: plain products, and numbers.times' rule edge by edge
        # (a zero local derivative stops even an infinite gradient).  They differ only
        # downstream of an infinite or NaN gradient, and in the plain pass such a
        # gradient stays inf or NaN along every path it takes (times a number, plus a
        # number): so when every gradient the replay returns comes out finite, no such
        # path reached them and the plain pass gave the rule's numbers.  The careful
        # pass is written down now, but compiled only the first time it is needed.
        fast, careful = [], []
        for node in reversed(reached):
            fast += _backward(node, where, grads, names, careful=False)
            careful += _backward(node, where, grads, names, careful=True)
        self._replay = self._compiled([*head, *fast, *tail])
        self._careful_source: list[str] | None = [*head, *careful, *tail]
        self._careful: Callable[[list[float], list[float]], float | str] | None = None

    def _compiled(self, lines: list[str]) -> Callable[[list[float], list[float]], float | str]:
        exec(bytecode("\n".join(lines), self._filename), self._names)
        replay: Callable[[list[float], list[float]], float | str] = self._names["replay"]
        return replay

    def replay(self, flat: list[float]) -> tuple[float, list[float]] | str:
        """(value, gradients of the arguments), or why this call does not fit the tape."""
        leaves = self.leaves
        a = flat + [leaf.data for leaf in leaves]
        b = [0.0] * len(flat) + [leaf.grad for leaf in leaves]
        value = self._replay(a, b)
        if isinstance(value, str):
            return value
        total = sum(b)  # inf or NaN if any gradient is (or, harmlessly, if they overflow)
        if total - total != 0.0:  # replay with the rule edge by edge (see __init__)
            if self._careful is None:
                self._careful = self._compiled(self._careful_source)  # type: ignore[arg-type]
                self._careful_source = None
            b = [0.0] * len(flat) + [leaf.grad for leaf in leaves]
            value = self._careful(a, b)  # the same forward and checks (they passed)
            if isinstance(value, str):
                return value
        for i, leaf in self.written:
            leaf.grad = b[i]
        return value, b[: self.n_args]


@lru_cache(maxsize=16)
def bytecode(source: str, filename: str) -> CodeType:
    """Python's compiler run on the generated source, remembered for the next identical one.

    Compiling the source is most of what a recording costs, and identical sources are
    common: the same model shape, loss and batch size give the same lines (the leaves
    are numbered slots, not names), so a second ``nn.fit`` of such a model, or the
    same step recorded again, skips it.
    """
    return builtins.compile(source, filename, "exec")


def check_compilable(nodes: list[Value]) -> None:
    """Refuse a graph a replay could not redo: too big, or with Values made in no_grad().

    Raises:
        Uncompilable: saying which.
    """
    interior = sum(1 for n in nodes if n.parents)
    if interior > MAX_NODES:
        raise Uncompilable(f"its graph has {interior} nodes, more than MAX_NODES = {MAX_NODES}")
    for n in nodes:
        if not n.parents and n.op is not None and n.op is not ops.CONST:  # made in no_grad()
            raise Uncompilable(
                f"it computes a Value with {n.op.name!r} under no_grad(), whose result a "
                "replay could not recompute"
            )


def literal(x: float, names: dict[str, Any]) -> str:
    """x as a literal in the generated code (repr gives back exactly the same float).

    inf and nan have no literal: they go in the list ``K`` of ``names``.
    """
    if x == x and abs(x) != float("inf"):
        return f"({x!r})"
    names["K"].append(x)
    return f"K[{len(names['K']) - 1}]"


def forward_lines(
    node: Value, where: dict[Value, str], names: dict[str, Any], local_grads: bool = True
) -> list[str]:
    """The lines that compute node from its inputs, as ``where`` names them.

    The op's own template when it has one (the same float operations as its forward,
    in the same order); otherwise a call of its table functions, and with
    ``local_grads`` the local derivatives computed now, at forward time, as the engine
    does (into ``q<i>``, for the backward lines).

    Raises:
        ValueError: for a node with parents but no op.
    """
    op, out = node.op, where[node]
    if op is None:
        raise ValueError(f"compile: node {node!r} has parents but no op")
    ins = _inputs(node, where, names)
    if op.forward_code is not None:
        return op.forward_code(out, ins, _namer(names))
    args = ", ".join(ins)
    lines = [f"{out} = float({named(op.forward, names)}({args}))"]
    if local_grads:
        lines.append(f"q{out[1:]} = {named(op.local_grads, names)}({out}, {args})")
    return lines


def _backward(
    node: Value,
    where: dict[Value, str],
    grads: dict[Value, str],
    names: dict[str, Any],
    careful: bool,
) -> list[str]:
    # The engine's "parent.grad += local * g" for each edge, in the engine's order, from
    # the op's template, or from the local derivatives the forward line stored in q<i>.
    op, out = node.op, where[node]
    ins = _inputs(node, where, names)
    # None for a constant (a leaf, or a number inside the node): skipped
    to = [grads.get(x) if isinstance(x, Value) else None for x in node.inputs]
    if op is not None and op.backward_code is not None:
        body = op.backward_code(out, ins, to, _namer(names))
    else:
        body = edges(to, [f"q{out[1:]}[{j}] * gk" for j in range(len(to))])
    if not body:
        return []
    lines = [f"    gk = g{out[1:]}", "    if gk != 0.0:"]
    if not careful or op in _PASS_ANY_GRADIENT:
        return lines + ["        " + line for line in body]
    # An infinite or NaN gk takes the engine's rule (numbers.times: a zero local
    # derivative stops it); a finite one the template's plain products, which equal it.
    q = f"q{out[1:]}"
    by_rule = [f"{t} += {named(times, names)}({q}[{j}], gk)" for j, t in enumerate(to) if t]
    if op is not None and op.backward_code is not None:  # no q<i> from the forward line
        by_rule.insert(0, f"{q} = {named(op.local_grads, names)}({', '.join([out, *ins])})")
    return [
        *lines,
        "        if gk - gk != 0.0:",
        *["            " + line for line in by_rule],
        "        else:",
        *["            " + line for line in body],
    ]


_PASS_ANY_GRADIENT = (ops.ADD, ops.SUB, ops.NEG, ops.RELU, SUM)
"""Ops whose templates give numbers.times' products for every gradient, infinite or NaN
too: their local derivatives are 1 or -1 (0 * inf never happens), or relu's choice
between passing gk and passing 0.0."""


def _inputs(node: Value, where: dict[Value, str], names: dict[str, Any]) -> list[str]:
    """The op's inputs in the code: a variable per parent, a literal per number it kept."""
    return [where[x] if isinstance(x, Value) else literal(x, names) for x in node.inputs]


def _checks(
    log: list[Comparison],
    where: dict[Value, str],
    names: dict[str, Any],
) -> list[str]:
    lines = []
    for symbol, a, b, result in log:
        right = where[b] if isinstance(b, Value) else literal(b, names)
        said = f"{_said(a)} {symbol} {_said(b)}"
        lines.append(f"    if ({where[a]} {symbol} {right}) is not {result}:")
        lines.append(f"        return {f'the comparison {said} is now {not result}'!r}")
    return lines


def _said(x: Value | float) -> str:
    """One side of a comparison, for the message: its label, or the number."""
    return (x.label or "a Value") if isinstance(x, Value) else repr(x)


def _namer(names: dict[str, Any]) -> Callable[[Callable[..., Any]], str]:
    """The ``ref`` that templates call to name a function inside the generated code."""

    def ref(fn: Callable[..., Any]) -> str:
        return named(fn, names)

    return ref


def named(fn: Callable[..., Any], names: dict[str, Any]) -> str:
    """A name for fn inside the generated code (one per distinct function, kept in names)."""
    for name, known in names.items():
        if known is fn:
            return name
    name = f"f{len(names)}"
    names[name] = fn
    return name
