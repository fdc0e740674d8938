"""Ops written as formulas: ``+``, ``-``, ``*`` and negation, each defined once.

The four commonest ops are plain arithmetic, so each is written as two formulas, Python
expressions in its inputs ``a`` and ``b`` (and its output ``out``)::

    forward="a * b", local_grads=("b", "a")       # d(a·b)/da = b, d(a·b)/db = a

and everything the engine needs is made from them, so the rule is written once:

* ``forward`` and ``local_grads``, the functions of the op table (on floats, and on
  Values for higher derivatives: the same expressions);
* ``forward_code`` and ``backward_code``, the lines ``autograd.compile`` writes
  (``out = a * b``; ``ga += b * gk``, where ``1.0 * gk`` is written ``gk``);
* the methods ``Value.__mul__`` and friends (``autograd/nodes.py``), with the formulas
  written out inside them: no function call per node for the commonest nodes.
"""

from __future__ import annotations

import re
from typing import Any

from autograd.op import Op, edges

_NAMES = re.compile(r"\b(a|b|out)\b")


def substitute(formula: str, names: dict[str, str]) -> str:
    """The formula with its names ``a``, ``b`` and ``out`` replaced as ``names`` says.

    ``substitute("a * b", {"a": "x", "b": "(2.0)"})`` is ``"x * (2.0)"``.
    """
    return _NAMES.sub(lambda found: names[found.group()], formula)


def _times_gk(local: str) -> str:
    # local * gk, with 1.0 * gk written gk and -1.0 * gk written -gk (the same numbers)
    return {"1.0": "gk", "-1.0": "-gk"}.get(local, f"{local} * gk")


def formula_op(*, name: str, symbol: str, forward: str, local_grads: tuple[str, ...]) -> Op:
    """An op of the table made from its formulas (one input ``a``, or two: ``a``, ``b``).

    Args:
        name: the op's name.
        symbol: how pictures write it.
        forward: the result, an expression in ``a`` (and ``b``).
        local_grads: d(result)/d(each input), expressions in ``a``, ``b`` and ``out``,
            written with ``+ - *`` only, so they work on floats and on Values alike.

    Returns:
        The Op, with ``formulas`` set to ``(forward, local_grads)``.
    """
    inputs = "ab"[: len(local_grads)]
    args = ", ".join(inputs)
    no_builtins: dict[str, Any] = {"__builtins__": {}}
    forward_fn = eval(f"lambda {args}: {forward}", no_builtins)
    local_grads_fn = eval(f"lambda out, {args}: ({', '.join(local_grads)},)", no_builtins)

    def forward_code(out: str, ins: list[str], ref: Any) -> list[str]:
        return [f"{out} = {substitute(forward, dict(zip(inputs, ins)))}"]

    def backward_code(out: str, ins: list[str], to: list[str | None], ref: Any) -> list[str]:
        names = {**dict(zip(inputs, ins)), "out": out}
        return edges(to, [_times_gk(substitute(local, names)) for local in local_grads])

    return Op(
        name=name,
        forward=forward_fn,
        local_grads=local_grads_fn,
        symbol=symbol,
        arity=len(inputs),
        forward_code=forward_code,
        backward_code=backward_code,
        formulas=(forward, local_grads),
    )


# --- Value's methods, with the formulas written out -----------------------------------
# The source of a function make(OP, NUMBER_OP, FORWARD, LOCAL) returning the method;
# autograd/nodes.py runs it.  Each method fills the new node's slots as make_node does,
# the forward computed first (an input outside the op's domain raises before a node is
# made).  An op written as formulas has them inline: for the commonest nodes, no call.
# Any other op's formulas are calls of its table functions, FORWARD(a, b) and
# LOCAL(out, a, b) (a whole tuple of local derivatives: see method_source).

_NODE = """\
        data = {forward}
        out = allocate(Value)
        out.data = data
        out.grad = 0.0
"""

_RECORD = """\
        if read_grad_mode():
            out.op = {op}
            out.parents = {parents}
            out._local_grads = {local_grads}{number}
        else:
            out.op = OP
            out.parents = out._local_grads = ()
        return out
"""

CALLS = {
    1: ("FORWARD(a)", "LOCAL(out, a)"),
    2: ("FORWARD(a, b)", "LOCAL(out, a, b)"),
}
"""The formulas of an op written as functions, by its number of inputs: calls of them."""


def method_source(kind: str, forward: str, local_grads: tuple[str, ...] | str) -> str:
    """The source of ``make(OP, NUMBER_OP, FORWARD, LOCAL)``, which returns a method of Value.

    Args:
        kind: ``"binary"`` (``a <op> b``, b a Value or a number), ``"reflected"``
            (``number <op> value``, called as ``value.__rop__(number)``) or ``"unary"``.
        forward: the op's forward formula.
        local_grads: its local-derivative formulas, one per input, or one expression
            giving all of them as a tuple (``"LOCAL(out, a, b)"``).

    Returns:
        Python source; ``NUMBER_OP`` is the op with a plain number inside the node
        (``ops.with_number``): it saves its one local derivative, and the number in
        ``_number``.
    """

    def local(i: int, names: dict[str, str]) -> str:
        if isinstance(local_grads, str):
            return f"{substitute(local_grads, names)}[{i}]"
        return substitute(local_grads[i], names)

    def all_local(names: dict[str, str]) -> str:
        if isinstance(local_grads, str):
            return substitute(local_grads, names)
        return f"({', '.join(substitute(g, names) for g in local_grads)},)"

    if kind == "unary":
        names = {"a": "x", "out": "data"}
        body = "    def method(a):\n        x = a.data\n"
        body += _NODE.format(forward=substitute(forward, names))
        body += _RECORD.format(op="OP", parents="(a,)", local_grads=all_local(names), number="")
    elif kind == "binary":
        number = {"a": "x", "b": "b", "out": "data"}
        both = {"a": "x", "b": "y", "out": "data"}
        body = "    def method(a, b):\n        x = a.data\n        if type(b) is float:\n"
        body += _indent(
            _NODE.format(forward=substitute(forward, number))
            + _RECORD.format(
                op="NUMBER_OP",
                parents="(a,)",
                local_grads=f"({local(0, number)},)",
                number="\n            out._number = b",
            )
        )
        body += (
            "        if not isinstance(b, Value):  # an int, or something to refuse clearly\n"
            '            return method(a, check_number(b, "an operation on a Value"))\n'
            "        y = b.data\n"
        )
        body += _NODE.format(forward=substitute(forward, both))
        body += _RECORD.format(op="OP", parents="(a, b)", local_grads=all_local(both), number="")
    elif kind == "reflected":
        names = {"a": "a", "b": "y", "out": "data"}
        body = (
            "    def method(b, a):\n"
            "        if type(a) is not float:\n"
            '            a = check_number(a, "an operation on a Value")\n'
            "        y = b.data\n"
        )
        body += _NODE.format(forward=substitute(forward, names))
        body += _RECORD.format(
            op="NUMBER_OP",
            parents="(b,)",
            local_grads=f"({local(1, names)},)",
            number="\n            out._number = a",
        )
    else:
        raise ValueError(f"method kind must be unary, binary or reflected, got {kind!r}")
    return f"def make(OP, NUMBER_OP, FORWARD, LOCAL):\n{body}    return method\n"


def _indent(lines: str) -> str:
    return "".join("    " + line if line.strip() else line for line in lines.splitlines(True))
