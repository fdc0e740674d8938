"""Record once, replay fast: ``autograd.compile``.

A training step builds the same graph again and again: only the numbers change.
``compile(fn)`` runs ``fn`` once with the normal engine, writes the graph it built down
as straight-line Python (one line per node for the forward pass, one per edge for the
backward pass, reading and writing two flat lists of floats) and from then on replays
that code on the new numbers, making no Value objects at all.

What counts as "the same graph": the same ops on the same slots.  A relu switching
side does not change it (the replay computes ``x if x > 0 else 0`` like the engine),
but a Python ``if`` on a Value does: ``if x > 0: y = a * b else: y = a + b`` builds a
different graph when x changes sign.  So every comparison of Values made while
recording (``<``, ``<=``, ``>``, ``>=``) is written down too, checked on each replay,
and when one comes out differently the call runs on the normal engine instead, with a
``RuntimeWarning`` that says which comparison changed.  A branch on ``x.data`` (a
plain float) cannot be seen: compare Values, or pass ``verify=True`` while developing.

Replays give exactly the engine's numbers: the same float operations in the same
order (the tests check losses and gradients to 1e-12).
"""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Callable
from typing import Any

from autograd import ops
from autograd.backward import topological_order
from autograd.value import Value, comparisons

_CHUNK = 32
"""Terms per line in a long sum: a 10,000-term expression would overflow the parser."""


class CompiledFunction:
    """``fn`` recorded on its first call and replayed on the following ones.

    Calling it with the arguments of ``fn`` returns ``(value, grads)``: the result as a
    float and, for each argument, d(result)/d(argument) in the same shape (a float for
    a float, a list for a list, None for anything that is not a float).  Values that
    ``fn`` uses without receiving them as arguments (a model's parameters) get their
    ``.grad`` accumulated, exactly as ``fn(...).backward()`` would.

    Attributes:
        replays: calls answered by the replay.
        fallbacks: later calls that ran on the normal engine because the recording did
            not fit them (each also gives a RuntimeWarning saying why).
    """

    def __init__(self, fn: Callable[..., Value], verify: bool = False) -> None:
        self.fn = fn
        self.verify = verify
        self.replays = 0
        self.fallbacks = 0
        self._tape: _Tape | None = None
        self._name = getattr(fn, "__name__", repr(fn))

    def __call__(self, *args: Any) -> tuple[float, tuple[Any, ...]]:
        flat, fixed = _flatten(args)
        tape = self._tape
        if tape is None:
            return self._record(args)
        if fixed != tape.fixed:
            return self._fall_back(args, "an argument that is not a float changed (or a shape)")
        try:
            outcome = tape.replay(flat)
        except Exception as error:  # the engine will raise it again if it is real
            return self._fall_back(args, f"the replay raised {error!r}")
        if isinstance(outcome, str):
            return self._fall_back(args, outcome)
        self.replays += 1
        value, arg_grads = outcome
        if self.verify:
            self._check_against_engine(args, value)
        return value, _unflatten(args, arg_grads)

    def _record(self, args: tuple[Any, ...]) -> tuple[float, tuple[Any, ...]]:
        outer, comparisons.entries = comparisons.entries, []
        log = comparisons.entries
        try:
            value, grads, out, arg_values = self._run(args)
        finally:
            comparisons.entries = outer
        self._tape = _Tape(out, arg_values, log, _flatten(args)[1])
        return value, grads

    def _run(self, args: tuple[Any, ...]) -> tuple[float, tuple[Any, ...], Value, list[Value]]:
        value_args, arg_values = _as_values(args)
        out = self.fn(*value_args)
        if not isinstance(out, Value):
            raise TypeError(
                f"compile: {self._name} must return a Value, got {type(out).__name__}: {out!r}"
            )
        out.backward()
        return out.data, _unflatten(args, [v.grad for v in arg_values]), out, arg_values

    def _fall_back(self, args: tuple[Any, ...], why: str) -> tuple[float, tuple[Any, ...]]:
        warnings.warn(
            f"autograd.compile({self._name}): the recorded graph does not fit this call "
            f"({why}); running it on the normal engine instead",
            RuntimeWarning,
            stacklevel=3,
        )
        self.fallbacks += 1
        value, grads, _, _ = self._run(args)
        return value, grads

    def _check_against_engine(self, args: tuple[Any, ...], value: float) -> None:
        # Run the engine on copies of nothing but the arguments; parameters' .grad would
        # be touched twice, so this is for development, as the docstring says.
        value_args, _ = _as_values(args)
        engine = self.fn(*value_args).data
        if not (engine == value or abs(engine - value) <= 1e-12 * max(1.0, abs(engine))):
            raise RuntimeError(
                f"autograd.compile({self._name}): replay gave {value!r}, the engine "
                f"{engine!r}: the function branches on something compile cannot see "
                "(such as x.data); compare Values instead, or do not compile it"
            )


def compile(fn: Callable[..., Value], verify: bool = False) -> CompiledFunction:
    """Record ``fn`` once, then replay its forward and backward passes on new numbers.

    Args:
        fn: a function of floats (or nested lists/tuples of floats; other arguments,
            such as integer labels, are passed through unchanged and must stay the
            same) returning one Value.  Inside, the floats arrive as Values.
        verify: also run the normal engine on every call and raise RuntimeError if the
            values differ (slow: a check while developing).

    Returns:
        A callable returning ``(value, grads)``; see :class:`CompiledFunction`.

    Example:
        >>> from autograd import compile
        >>> f = compile(lambda x, y: x * y + x.relu())
        >>> f(3.0, 4.0)
        (15.0, (5.0, 3.0))
        >>> f(-2.0, 4.0)
        (-8.0, (4.0, -2.0))
    """
    return CompiledFunction(fn, verify)


# --- arguments ----------------------------------------------------------------------------


def _all_floats(item: list[Any] | tuple[Any, ...]) -> bool:
    return set(map(type, item)) == {float}  # at C speed: data lists are long


def _flatten(args: Any) -> tuple[list[float], list[Any]]:
    """The float leaves of args in order, and everything else (with the shape) to compare."""
    floats: list[float] = []
    fixed: list[Any] = []
    stack = [args]
    while stack:
        item = stack.pop()
        if type(item) is float:
            floats.append(item)
            fixed.append(float)
        elif isinstance(item, list | tuple) and _all_floats(item):
            floats.extend(item)
            fixed.append((type(item), len(item), float))
        elif isinstance(item, list | tuple):
            fixed.append((type(item), len(item)))
            stack.extend(reversed(item))
        else:
            fixed.append(item)
    return floats, fixed


def _as_values(args: tuple[Any, ...]) -> tuple[tuple[Any, ...], list[Value]]:
    made: list[Value] = []

    def convert(item: Any) -> Any:
        if type(item) is float:
            made.append(Value(item))
            return made[-1]
        if isinstance(item, list | tuple):
            return type(item)(convert(x) for x in item)
        return item

    return tuple(convert(a) for a in args), made


def _unflatten(args: tuple[Any, ...], grads: list[float]) -> tuple[Any, ...]:
    """grads (one per float of args, in _flatten's order) in the shape of args."""
    position = 0

    def rebuild(item: Any) -> Any:
        nonlocal position
        if type(item) is float:
            position += 1
            return grads[position - 1]
        if isinstance(item, list | tuple) and _all_floats(item):
            position += len(item)
            part = grads[position - len(item) : position]
            return part if type(item) is list else type(item)(part)
        if isinstance(item, list | tuple):
            return type(item)(rebuild(x) for x in item)
        return None

    return tuple(rebuild(a) for a in args)


# --- the tape -----------------------------------------------------------------------------


class _Tape:
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
        log: list[tuple[str, Value, Value | float, bool]],
        fixed: list[Any],
    ) -> None:
        self.fixed = fixed
        self.n_args = len(arg_values)
        compared = [v for _, a, b, _ in log for v in (a, b) if isinstance(v, Value)]
        nodes = topological_order([out, *compared])
        args = set(arg_values)
        self.leaves = [
            n for n in nodes if not n.parents and n not in args and n.op is not ops.CONST
        ]
        names: dict[str, Any] = {"K": []}  # numbers with no literal (inf, nan), functions
        where: dict[Value, str] = {}
        grads: dict[Value, str] = {}
        for i, leaf in enumerate([*arg_values, *self.leaves]):
            where[leaf], grads[leaf] = f"a[{i}]", f"b[{i}]"
        interior = [n for n in nodes if n.parents]
        for i, node in enumerate(interior):
            where[node], grads[node] = f"v{i}", f"g{i}"
        for node in nodes:
            if node not in where:
                where[node] = _number(node.data, names)
        reached = [n for n in topological_order(out) if n.parents]
        touched = {p for n in reached for p in n.parents}
        self.written = [
            (self.n_args + i, leaf) for i, leaf in enumerate(self.leaves) if leaf in touched
        ]
        lines = ["def replay(a, b):"]
        for node in interior:
            lines += _forward(node, where, names)
        lines += _checks(log, where, names)
        zeros = [grads[n] for n in reached]
        for i in range(0, len(zeros), _CHUNK):
            lines.append("    " + " = ".join(zeros[i : i + _CHUNK]) + " = 0.0")
        if out in grads:
            lines.append(f"    {grads[out]} += 1.0")
        for node in reversed(reached):
            lines += _backward(node, where, grads)
        lines.append(f"    return {where[out]}")
        source = "\n".join(lines)
        exec(builtins.compile(source, f"<autograd.compile: {len(interior)} nodes>", "exec"), names)
        self._replay: Callable[[list[float], list[float]], float | str] = names["replay"]

    def replay(self, flat: list[float]) -> tuple[float, list[float]] | str:
        """(value, gradients of the arguments), or why this call does not fit the tape."""
        leaves = self.leaves
        a = flat + [leaf.data for leaf in leaves]
        b = [0.0] * len(flat) + [leaf.grad for leaf in leaves]
        value = self._replay(a, b)
        if isinstance(value, str):
            return value
        for i, leaf in self.written:
            leaf.grad = b[i]
        return value, b[: self.n_args]


def _number(x: float, names: dict[str, Any]) -> str:
    """x as a literal in the generated code (repr gives back exactly the same float)."""
    if x == x and abs(x) != float("inf"):
        return f"({x!r})"
    names["K"].append(x)
    return f"K[{len(names['K']) - 1}]"


_INLINE = {ops.ADD: " + ", ops.SUB: " - ", ops.MUL: " * "}


def _forward(node: Value, where: dict[Value, str], names: dict[str, Any]) -> list[str]:
    # Each line computes exactly what the op's table entry computes, in the same order.
    op, out = node.op, where[node]
    ins = [where[p] for p in node.parents]
    if op in _INLINE:
        return [f"    {out} = {_INLINE[op].join(ins)}"]
    if op is ops.NEG:
        return [f"    {out} = -{ins[0]}"]
    if op is ops.RELU:
        return [f"    {out} = {ins[0]} if {ins[0]} > 0.0 else 0.0"]
    if op is ops.DOT or op is ops.SUM:
        if op is ops.DOT:  # ops._dot: 0.0 + w1*x1 + ... + wn*xn (+ b), one term at a time
            n = len(ins) // 2
            terms = [f"{w} * {x}" for w, x in zip(ins[:n], ins[n : 2 * n])] + ins[2 * n :]
        else:  # ops._sum: 0.0 + x1 + ... + xn
            terms = ins
        lines = [f"    {out} = 0.0"]
        for i in range(0, len(terms), _CHUNK):
            lines.append(f"    {out} = {out} + " + " + ".join(terms[i : i + _CHUNK]))
        return lines
    # Any other op (tanh, exp, custom ...): call its table functions; the local partials
    # are computed now, at forward time, like the engine does.
    if op is None:
        raise ValueError(f"compile: node {node!r} has parents but no op")
    f, p = _name(op.forward, names), _name(op.partials, names)
    args = ", ".join(ins)
    return [f"    {out} = float({f}({args}))", f"    q{out[1:]} = {p}({out}, {args})"]


def _backward(node: Value, where: dict[Value, str], grads: dict[Value, str]) -> list[str]:
    # The engine's "parent.grad += local * g" for each edge, in the engine's order;
    # "* 1.0" is left out and "-1.0 *" written as "-=": both give the same bits.
    op, ins = node.op, [where[p] for p in node.parents]
    to = [grads.get(p) for p in node.parents]  # None for a constant: skipped
    if op is ops.ADD or op is ops.SUM:
        edges = [(t, "+=", "gk") for t in to]
    elif op is ops.SUB:
        edges = [(to[0], "+=", "gk"), (to[1], "-=", "gk")]
    elif op is ops.NEG:
        edges = [(to[0], "-=", "gk")]
    elif op is ops.MUL:
        edges = [(to[0], "+=", f"{ins[1]} * gk"), (to[1], "+=", f"{ins[0]} * gk")]
    elif op is ops.RELU:
        edges = [(to[0], "+=", f"gk if {ins[0]} > 0.0 else 0.0 * gk")]
    elif op is ops.DOT:
        n = len(ins) // 2
        edges = [(t, "+=", f"{x} * gk") for t, x in zip(to[:n], ins[n : 2 * n])]
        edges += [(t, "+=", f"{w} * gk") for t, w in zip(to[n : 2 * n], ins[:n])]
        edges += [(t, "+=", "gk") for t in to[2 * n :]]
    else:
        edges = [(t, "+=", f"q{where[node][1:]}[{j}] * gk") for j, t in enumerate(to)]
    body = [f"        {t} {sign} {term}" for t, sign, term in edges if t is not None]
    return [f"    gk = g{where[node][1:]}", "    if gk != 0.0:", *body] if body else []


def _checks(
    log: list[tuple[str, Value, Value | float, bool]],
    where: dict[Value, str],
    names: dict[str, Any],
) -> list[str]:
    lines = []
    for symbol, a, b, result in log:
        right = where[b] if isinstance(b, Value) else _number(b, names)
        said = f"{a.label or 'a Value'} {symbol} {b.label if isinstance(b, Value) else b!r}"
        lines.append(f"    if ({where[a]} {symbol} {right}) is not {result}:")
        lines.append(f"        return {f'the comparison {said} is now {not result}'!r}")
    return lines


def _name(fn: Callable[..., Any], names: dict[str, Any]) -> str:
    """A name for fn inside the generated code (one per distinct function)."""
    for name, known in names.items():
        if known is fn:
            return name
    name = f"f{len(names)}"
    names[name] = fn
    return name
