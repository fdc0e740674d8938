"""Making nodes: every result node of the fast engine is made here.

Read ``autograd/reference.py`` first: there each operator is a one-line method calling
one function, ``apply``.  ``value.py`` holds the fast ``Value`` class; this file makes
its operator methods from the op table, and the functions that make other nodes
(``make_node``, ``as_value``, ``apply``).  The numbers are the same as reference.py's.

Every node is allocated by one function, ``allocate`` (``object.__new__``), looked up
here at each call: ``autograd.compile`` swaps it while it records, to list the nodes a
function makes (see ``captured.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from autograd import ops
from autograd.formulas import CALLS, method_source
from autograd.grad_mode import read_grad_mode
from autograd.numbers import Number, check_number
from autograd.op import Op

if TYPE_CHECKING:
    from autograd.value import Value

allocate = object.__new__
"""How every node is made (swapped by ``autograd.compile`` while it records)."""


def hand_over(value_class: type[Value]) -> None:
    """Give this file the Value class, once value.py has made it.

    Value's class body is made of this file's methods, so this file cannot import
    value.py; the methods look the class up here when they run, long after.
    """
    globals()["Value"] = value_class


# --- making operators from the op table --------------------------------------------------
# A speed trick, and the only one in this file: every node of every forward pass is made
# by one of these methods, so each is written once per op, from its table entry, with
# the lines of make_node inside it (one call less per node), and for + - * and negation
# their formulas too (no call at all: autograd/formulas.py).  reference.py writes the
# same operators as one-line methods calling one function; the numbers are the same.


def binary_method(op: Op, name: str) -> Callable[[Value, Value | Number], Value]:
    """The method ``a <op> b`` for a two-input table entry: ``binary_method(ops.MUL, "__mul__")``.

    A plain-number ``b`` stays inside the node: ``x * 2.0`` is one node with one parent,
    x, made by ``ops.with_number(MUL, 1)``, that keeps the 2.0 beside its local
    derivative.  ``name`` is the method's name on Value, for tracebacks,
    ``help(Value)`` and pickle.
    """
    return _written_out(op, "binary", name)


def reflected_method(op: Op, name: str) -> Callable[[Value, Number], Value]:
    """The method for ``number <op> value``: Python turns ``2 * x`` into ``x.__rmul__(2)``.

    The number stays inside the node, as the first input of ``ops.with_number(op, 0)``.
    """
    return _written_out(op, "reflected", name)


def unary_method(op: Op, name: str = "", doc: str | None = None) -> Callable[[Value], Value]:
    """The method ``op(a)`` for a one-input table entry: ``unary_method(ops.EXP, "exp", doc)``."""
    method = _written_out(op, "unary", name)
    method.__doc__ = doc
    return method


def _written_out(op: Op, kind: str, name: str) -> Callable[..., Value]:
    """The method of this kind for op, from ``formulas.method_source``.

    The source runs here, so the method looks ``allocate``, ``Value`` and
    ``read_grad_mode`` up in this file when it is called.
    """
    forward, local_grads = op.formulas or CALLS[1 if kind == "unary" else 2]
    source = method_source(kind, forward, local_grads)
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<Value.{name or op.name}: {op.name}>", "exec"), globals(), namespace)
    number_op = ops.with_number(op, 0 if kind == "reflected" else 1) if kind != "unary" else op
    method: Callable[..., Value] = namespace["make"](op, number_op, op.forward, op.local_grads)
    _name(method, name or op.name)
    return method


def _name(method: Callable[..., Value], name: str) -> None:
    # A method made by a factory is named like a def in the class body: Value.__mul__ is
    # "__mul__" (its __qualname__ "Value.__mul__"), so pickle finds it again, and nn names
    # a custom activation Value.tanh "tanh".
    method.__name__, method.__qualname__ = name, f"Value.{name}"


_family_method = lru_cache(maxsize=256)(unary_method)
"""One method per op of a family (``x ** n``, ``leaky_relu(slope)``), made on first use."""


def apply_family(op: Op, a: Value) -> Value:
    """Apply a one-input op made on the fly (``ops.power(n)``, ``ops.leaky_relu(s)``) to a."""
    return _family_method(op)(a)


def as_value(x: Value | Number) -> Value:
    """x itself if it is a Value, else a new leaf holding the number (marked as a constant).

    Raises:
        TypeError: for anything but a Value, an int or a float.
    """
    if isinstance(x, Value):
        return x
    if type(x) is not float:  # floats (the common case) need no check
        x = check_number(x, "an operation on a Value")
    out = allocate(Value)  # a leaf whatever the grad mode
    out.data = x
    out.grad = 0.0
    out.op = ops.CONST
    out.parents = out._local_grads = ()
    return out


def make_node(
    data: float, parents: tuple[Value, ...], local_grads: tuple[Any, ...] | list[Any], op: Op
) -> Value:
    """The result node of an op: its number, parents and local derivatives.

    With grad mode off (``no_grad()``) it is a bare leaf that remembers nothing.  The
    slots are filled directly: ``Value.__init__``'s checks are for numbers from users,
    and ``data`` here is always a float computed by an op.
    """
    out = allocate(Value)
    out.data = data
    out.grad = 0.0
    out.op = op
    if read_grad_mode():
        out.parents = parents
        out._local_grads = local_grads
    else:
        out.parents = out._local_grads = ()
    return out


def apply(op: Op, *inputs: Value | Number) -> Value:
    """Apply any op (from the table, a family, ``fused`` or ``custom_op``) to Values or numbers.

    Args:
        op: the operation.
        inputs: its inputs; plain numbers become constant leaves.

    Returns:
        The result node, recording ``op`` and its local derivatives.

    Raises:
        TypeError: if an input is neither a Value nor a number, the op takes another
            number of inputs, or its forward does not return a number.
    """
    parents = tuple(as_value(x) for x in inputs)
    if op.fused is not None:
        return op.fused.make(parents)
    datas = [p.data for p in parents]
    try:
        out = op.forward(*datas)
    except TypeError:
        if op.arity is None or len(datas) == op.arity:
            raise
        raise TypeError(
            f"op {op.name!r} takes {op.arity} input{'s' * (op.arity != 1)}, got {len(datas)}"
        ) from None
    if type(out) is not float:
        out = check_number(out, f"the result of op {op.name!r}")
    if not read_grad_mode():
        return make_node(out, (), (), op)
    return make_node(out, parents, tuple(op.local_grads(out, *datas)), op)


pow_of_values = binary_method(ops.POW, "__pow__")
"""``a ** b`` with a Value exponent (see ``Value.__pow__``)."""
