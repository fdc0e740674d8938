"""Value: a number that remembers how it was computed.  The fast engine.

Read ``autograd/reference.py`` first: it is this same engine on one screen.  This file
is that engine made fast; the speed tricks are fenced and labelled, and give the same
numbers.

A ``Value`` holds a float (``data``), the derivative of some final result with respect
to it (``grad``, filled in by ``backward``), the Values it was computed from
(``parents``, a tuple, so ``a + a`` keeps both edges) and its local derivatives, one
per parent, worked out from the numbers of the forward pass when the node is made
(``local_grads``).  Backpropagation is then: for every node, from the result back to the
inputs, ``parent.grad += local_grad * node.grad`` (the chain rule).

A node keeps references to its parents only, never to its children or to itself, so a
graph holds no reference cycles: it is freed the moment the last handle to its result
goes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from autograd import ops
from autograd.comparisons import compared as _compared
from autograd.grad_mode import read_grad_mode as _grad_mode
from autograd.numbers import Number, check_number
from autograd.ops import Op

# --- making operators from the op table --------------------------------------------------
# A speed trick, and the only one in this file: every node of every forward pass is made
# by one of these methods, so a factory looks the op's forward and local_grads up once,
# and the method it returns fills the new node's slots itself (the lines of make_node,
# written out: one call less per node).  reference.py writes the same operators as
# one-line methods calling one function; the numbers are the same.


def _binary_method(op: Op, name: str) -> Callable[[Value, Value | Number], Value]:
    """The method ``a <op> b`` for a two-input table entry: ``_binary_method(ops.MUL, "__mul__")``.

    A plain-number ``b`` stays inside the node: ``x * 2.0`` is one node with one parent,
    x, made by ``ops.with_number(MUL, 1)``, that saves the 2.0 after its local
    derivative.  ``name`` is the method's name on Value, for tracebacks,
    ``help(Value)`` and pickle.
    """
    forward, local_grads, number_second = op.forward, op.local_grads, ops.with_number(op, 1)

    def method(a: Value, b: Value | Number) -> Value:
        x = a.data
        if type(b) is float:  # x * 2.0 (hot in loops): the number inside the node
            data = forward(x, b)
            out = _new_value(Value)
            out.data = data
            out.grad = 0.0
            out.label = ""
            if _grad_mode():
                out.op = number_second
                out.parents = (a,)
                out._local_grads = (local_grads(data, x, b)[0], b)
            else:
                out.op = op
                out.parents = out._local_grads = ()
            return out
        if not isinstance(b, Value):  # an int, or something to refuse with a clear error
            return method(a, check_number(b, "an operation on a Value"))
        y = b.data
        data = forward(x, y)
        out = _new_value(Value)
        out.data = data
        out.grad = 0.0
        out.label = ""
        out.op = op
        if _grad_mode():
            out.parents = (a, b)
            out._local_grads = local_grads(data, x, y)
        else:
            out.parents = out._local_grads = ()
        return out

    _name(method, name)
    return method


def _reflected_method(op: Op, name: str) -> Callable[[Value, Number], Value]:
    """The method for ``number <op> value``: Python turns ``2 * x`` into ``x.__rmul__(2)``.

    The number stays inside the node, as the first input of ``ops.with_number(op, 0)``.
    """
    forward, local_grads, number_first = op.forward, op.local_grads, ops.with_number(op, 0)

    def method(b: Value, a: Number) -> Value:
        if type(a) is not float:
            a = check_number(a, "an operation on a Value")
        y = b.data
        data = forward(a, y)
        out = _new_value(Value)
        out.data = data
        out.grad = 0.0
        out.label = ""
        if _grad_mode():
            out.op = number_first
            out.parents = (b,)
            out._local_grads = (local_grads(data, a, y)[1], a)
        else:
            out.op = op
            out.parents = out._local_grads = ()
        return out

    _name(method, name)
    return method


def _unary_method(op: Op, name: str = "", doc: str | None = None) -> Callable[[Value], Value]:
    """The method ``op(a)`` for a one-input table entry: ``_unary_method(ops.EXP, "exp", doc)``."""
    forward, local_grads = op.forward, op.local_grads

    def method(a: Value) -> Value:
        x = a.data
        data = forward(x)
        out = _new_value(Value)
        out.data = data
        out.grad = 0.0
        out.label = ""
        out.op = op
        if _grad_mode():
            out.parents = (a,)
            out._local_grads = local_grads(data, x)
        else:
            out.parents = out._local_grads = ()
        return out

    _name(method, name or op.name)
    method.__doc__ = doc
    return method


def _name(method: Callable[..., Value], name: str) -> None:
    # A method made by a factory is named like a def in the class body: Value.__mul__ is
    # "__mul__" (its __qualname__ "Value.__mul__"), so pickle finds it again, and nn names
    # a custom activation Value.tanh "tanh".
    method.__name__, method.__qualname__ = name, f"Value.{name}"


_family_method = lru_cache(maxsize=256)(_unary_method)
"""One method per op of a family (``x ** n``, ``leaky_relu(slope)``), made on first use."""


def _unary(op: Op, a: Value) -> Value:
    """Apply a one-input op made on the fly (``ops.power(n)``, ``ops.leaky_relu(s)``) to a."""
    return _family_method(op)(a)


class Value:
    """A scalar in a computation graph.

    Args:
        data: the number (int or float; bool, str, None and complex are refused).
        label: an optional name shown in reprs and graph pictures.

    Raises:
        TypeError: if ``data`` is not an int or a float.

    Attributes:
        data: the number (a float).
        grad: d(result)/d(this value), filled in by ``backward()``; 0.0 until then.
        label: the name shown in reprs and pictures ("" for none).
        parents: the Values this one was computed from (a tuple; empty for a leaf).
        op: the operation that made it (None for a Value you made yourself).
        local_grads: d(this)/d(parent) for each parent: the numbers backward multiplies.

    Two things work differently from plain numbers: ``==`` asks "is it the same Value?"
    (Values are hashable by identity, so they can be dict keys), and ``float(v)`` or
    ``math.exp(v)`` raise a TypeError: use ``v.data`` for the number, or ``v.exp()`` to
    keep the derivative.

    Example:
        >>> x = Value(3.0, label="x")
        >>> y = 5 * x**2 + 30
        >>> y.backward()
        >>> x.grad  # dy/dx = 10x = 30
        30.0
    """

    __slots__ = ("__weakref__", "_local_grads", "data", "grad", "label", "op", "parents")

    data: float
    grad: float
    parents: tuple[Value, ...]
    _local_grads: tuple[Any, ...] | list[Any]  # a list: the numbers a fused op saved
    op: Op | None
    label: str

    def __init__(self, data: Number, label: str = "") -> None:
        self.data = data if type(data) is float else check_number(data)
        self.grad = 0.0
        self.parents = ()
        self._local_grads = ()
        self.op = None
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, got {type(label).__name__}: {label!r}")
        self.label = label

    # --- arithmetic: one line per op ---------------------------------------------------
    # Each operator is made from its table entry by a factory above this class
    # (see _binary_method): the op's forward and local_grads are looked up once, not per node.
    __add__ = _binary_method(ops.ADD, "__add__")
    __radd__ = _reflected_method(ops.ADD, "__radd__")
    __sub__ = _binary_method(ops.SUB, "__sub__")
    __rsub__ = _reflected_method(ops.SUB, "__rsub__")
    __mul__ = _binary_method(ops.MUL, "__mul__")
    __rmul__ = _reflected_method(ops.MUL, "__rmul__")
    __truediv__ = _binary_method(ops.DIV, "__truediv__")
    __rtruediv__ = _reflected_method(ops.DIV, "__rtruediv__")
    __neg__: Callable[[Value], Value] = _unary_method(ops.NEG, "__neg__")

    def __pos__(self) -> Value:
        return self

    def __pow__(self, exponent: Value | Number) -> Value:
        # A plain-number exponent is part of the op (x**2 has one parent, x); a Value
        # exponent is a second parent with its own derivative x**y * log(x).
        if isinstance(exponent, Value):
            return _pow(self, exponent)  # made below the class
        return _unary(ops.power(check_number(exponent, "the exponent of **")), self)

    __rpow__ = _reflected_method(ops.POW, "__rpow__")
    __abs__ = _unary_method(ops.ABS, "__abs__")

    # --- functions ---------------------------------------------------------------------
    exp = _unary_method(ops.EXP, "exp", "e to the power of this value.")
    log = _unary_method(
        ops.LOG, "log", "Natural logarithm; raises ValueError unless the value is positive."
    )
    tanh = _unary_method(ops.TANH, "tanh", "Hyperbolic tangent, squashing any number into (-1, 1).")
    sigmoid = _unary_method(
        ops.SIGMOID,
        "sigmoid",
        "1 / (1 + e^-x), squashing any number into (0, 1); stable for huge inputs.",
    )
    relu = _unary_method(
        ops.RELU, "relu", "max(x, 0).  Its derivative at exactly 0 is taken to be 0."
    )

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """x for x > 0, slope * x otherwise (the article's 0.01x)."""
        return _unary(ops.leaky_relu(check_number(slope, "leaky_relu slope")), self)

    sin = _unary_method(ops.SIN, "sin", "Sine (radians).")
    cos = _unary_method(ops.COS, "cos", "Cosine (radians).")
    sqrt = _unary_method(ops.SQRT, "sqrt", "Square root; raises ValueError for a negative value.")
    abs = _unary_method(ops.ABS, "abs", "|x|.  Its derivative at exactly 0 is taken to be 0.")

    # --- comparisons look at data (so rules like ``1.0 if x > 0 else 0.0`` work) -----
    # __eq__ and __hash__ are deliberately left alone: Values are hashable by identity,
    # so they can be dict keys and set members.
    def __lt__(self, other: Value | Number) -> bool:
        return _compared("<", self, other, self.data < _data_of(other))

    def __le__(self, other: Value | Number) -> bool:
        return _compared("<=", self, other, self.data <= _data_of(other))

    def __gt__(self, other: Value | Number) -> bool:
        return _compared(">", self, other, self.data > _data_of(other))

    def __ge__(self, other: Value | Number) -> bool:
        return _compared(">=", self, other, self.data >= _data_of(other))

    # --- not a float ---------------------------------------------------------------------
    def __float__(self) -> float:
        # math.exp(v), float(v) and friends land here: a float would silently drop the
        # derivative, so say what to write instead.
        raise TypeError(
            f"a Value is not a float: use .data for the number ({self.data!r}), or a "
            "Value method such as .exp(), .log(), .tanh() to keep the derivative"
        )

    def __int__(self) -> int:
        raise TypeError(
            f"a Value is not an int: use int(v.data) or round(v.data) on its number ({self.data!r})"
        )

    def __round__(self, ndigits: int | None = None) -> float:
        raise TypeError(
            f"round() takes a number, not a Value: use round(v.data) on its number ({self.data!r})"
        )

    def item(self) -> float:
        """The number inside, as a plain float (the same as ``.data``; PyTorch's name)."""
        return self.data

    def __format__(self, spec: str) -> str:
        """f"{v:.2f}" formats the number inside; a plain f"{v}" gives the repr."""
        return format(self.data, spec) if spec else repr(self)

    # --- graph -------------------------------------------------------------------------
    def backward(self, gradient: float = 1.0, *, create_graph: bool = False) -> None:
        """Fill in ``.grad`` of every Value this one was computed from.

        Gradients of leaves (Values with no parents: inputs and parameters) accumulate
        across calls, like PyTorch: call ``zero_grad`` between training steps.  Gradients
        of interior nodes are those of the latest call.

        Args:
            gradient: d(final result)/d(this value); 1.0 means "this value is the result".
            create_graph: not here: ``.grad`` holds plain numbers, which cannot be
                differentiated again; ``autograd.grad(y, [x], create_graph=True)``
                returns derivatives as Values that can.

        Raises:
            ValueError: for ``create_graph=True``, pointing at ``autograd.grad``.
        """
        from autograd.backward import backward

        if create_graph:
            raise ValueError(
                "backward() fills .grad with plain numbers, which cannot be differentiated "
                "again; for second derivatives use autograd.grad(y, [x], create_graph=True), "
                "which returns dy/dx as a Value you can call backward() or grad() on"
            )

        backward(self, gradient)

    def graph(self, **options: Any) -> Any:
        """A picture of the graph that computed this Value (see ``autograd.draw_graph``).

        In a notebook, ``y.graph()`` as the last line of a cell shows it inline.
        """
        from autograd.draw import draw_graph

        return draw_graph(self, **options)

    def detach(self) -> Value:
        """A new leaf with the same data and label, cut off from this graph."""
        return Value(self.data, self.label)

    @property
    def local_grads(self) -> tuple[float, ...]:
        """d(this node)/d(each parent), one float per parent (empty for a leaf).

        Worked out from the numbers of the forward pass when the node was made: stored
        as they are, or, for ``sum``, ``dot`` and neuron nodes, made from the numbers
        the node saved (see ``autograd/fused.py``).
        """
        stored = self._local_grads
        if type(stored) is tuple:
            if self.op is not None and self.op.number_at is not None and self.parents:
                return stored[:-1]  # the number the op was given comes last
            return stored
        return self.op.fused.local_grads_of(self)  # type: ignore[union-attr]

    @property
    def inputs(self) -> tuple[Value | float, ...]:
        """The inputs of the op that made this node, in order (empty for a leaf).

        They are the parents, and the plain number the op was given, if any: in
        ``x * 2`` the 2 is not a Value of its own but stays inside the node, so
        ``(x * 2).inputs`` is ``(x, 2.0)`` where ``parents`` is ``(x,)``.
        """
        op = self.op
        if op is None or op.number_at is None or not self.parents:
            return self.parents
        inputs: list[Value | float] = list(self.parents)
        inputs.insert(op.number_at, self._local_grads[-1])
        return tuple(inputs)

    @property
    def is_leaf(self) -> bool:
        """True for Values made directly (inputs, parameters, constants), not by an op."""
        return not self.parents

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        op = f", op={self.op.name!r}" if self.op is not None and self.parents else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label}{op})"


# --- making nodes ------------------------------------------------------------------------


def _data_of(x: Value | Number) -> float:
    return x.data if isinstance(x, Value) else check_number(x, "comparison with a Value")


def as_value(x: Value | Number) -> Value:
    """x itself if it is a Value, else a new leaf holding the number (marked as a constant).

    Raises:
        TypeError: for anything but a Value, an int or a float.
    """
    if isinstance(x, Value):
        return x
    if type(x) is not float:  # floats (the common case) need no check
        x = check_number(x, "an operation on a Value")
    out = _new_value(Value)  # a leaf whatever the grad mode
    out.data = x
    out.grad = 0.0
    out.label = ""
    out.op = ops.CONST
    out.parents = out._local_grads = ()
    return out


_new_value = object.__new__


def make_node(
    data: float, parents: tuple[Value, ...], local_grads: tuple[Any, ...] | list[Any], op: Op
) -> Value:
    """The result node of an op: its number, parents and local derivatives.

    With grad mode off (``no_grad()``) it is a bare leaf that remembers nothing.  The
    slots are filled directly: ``Value.__init__``'s checks are for numbers from users,
    and ``data`` here is always a float computed by an op.
    """
    out = _new_value(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.op = op
    if _grad_mode():
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
    if not _grad_mode():
        return make_node(out, (), (), op)
    return make_node(out, parents, tuple(op.local_grads(out, *datas)), op)


_pow = _binary_method(ops.POW, "__pow__")
"""``a ** b`` with a Value exponent (see ``Value.__pow__``)."""
