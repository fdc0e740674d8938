"""Value: a number that remembers how it was computed.  The fast engine.

Read ``autograd/reference.py`` first: it is this same engine on one screen.  This file
is that engine's ``Value`` made fast: its operator methods are made from the op table
by ``autograd/nodes.py`` (the one speed trick, fenced and labelled there), and give
the same numbers.

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
from typing import Any

from autograd import nodes, ops
from autograd.comparisons import compared as _compared
from autograd.nodes import apply_family, binary_method, reflected_method, unary_method
from autograd.numbers import Number, check_number
from autograd.op import Op


class Value:
    """A scalar in a computation graph.

    Args:
        data: the number (int or float; bool, str, None and complex are refused).
        label: an optional name shown in reprs and graph pictures.

    Raises:
        TypeError: if ``data`` is not an int or a float, or ``label`` not a str.

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

    __slots__ = (
        "__weakref__",
        "_label",
        "_local_grads",
        "_number",
        "data",
        "grad",
        "op",
        "parents",
    )

    data: float
    grad: float
    parents: tuple[Value, ...]
    _local_grads: tuple[Any, ...] | list[Any]  # a list: the numbers a fused op saved
    op: Op | None
    # Two slots that most nodes never fill (an empty slot costs nothing to make, and
    # the cycle collector skips it): the name, for the Values given one, and the
    # plain number inside a node such as x * 2 (see ``inputs``).
    _label: str
    _number: float

    def __init__(self, data: Number, label: str = "") -> None:
        self.data = data if type(data) is float else check_number(data)
        self.grad = 0.0
        self.parents = ()
        self._local_grads = ()
        self.op = None
        if label or not isinstance(label, str):  # an empty name fills no slot; the
            self.label = label  # setter checks anything else (a non-str raises)

    @property
    def label(self) -> str:
        """The name shown in reprs and pictures ("" for none).

        Raises:
            TypeError: when something other than a str is assigned.
        """
        return getattr(self, "_label", "")

    @label.setter
    def label(self, name: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"label must be a str, got {type(name).__name__}: {name!r}")
        self._label = name

    # --- arithmetic: one line per op ---------------------------------------------------
    # Each operator is made from its table entry by a factory in autograd/nodes.py: the
    # op's forward and local_grads are looked up once, not per node.
    __add__ = binary_method(ops.ADD, "__add__")
    __radd__ = reflected_method(ops.ADD, "__radd__")
    __sub__ = binary_method(ops.SUB, "__sub__")
    __rsub__ = reflected_method(ops.SUB, "__rsub__")
    __mul__ = binary_method(ops.MUL, "__mul__")
    __rmul__ = reflected_method(ops.MUL, "__rmul__")
    __truediv__ = binary_method(ops.DIV, "__truediv__")
    __rtruediv__ = reflected_method(ops.DIV, "__rtruediv__")
    __neg__: Callable[[Value], Value] = unary_method(ops.NEG, "__neg__")

    def __pos__(self) -> Value:
        return self

    def __pow__(self, exponent: Value | Number) -> Value:
        # A plain-number exponent is part of the op (x**2 has one parent, x); a Value
        # exponent is a second parent with its own derivative x**y * log(x).
        if isinstance(exponent, Value):
            return nodes.pow_of_values(self, exponent)
        return apply_family(ops.power(check_number(exponent, "the exponent of **")), self)

    __rpow__ = reflected_method(ops.POW, "__rpow__")
    __abs__ = unary_method(ops.ABS, "__abs__")

    # --- functions ---------------------------------------------------------------------
    exp = unary_method(ops.EXP, "exp", "e to the power of this value.")
    log = unary_method(
        ops.LOG, "log", "Natural logarithm; raises ValueError unless the value is positive."
    )
    tanh = unary_method(ops.TANH, "tanh", "Hyperbolic tangent, squashing any number into (-1, 1).")
    sigmoid = unary_method(
        ops.SIGMOID,
        "sigmoid",
        "1 / (1 + e^-x), squashing any number into (0, 1); stable for huge inputs.",
    )
    relu = unary_method(
        ops.RELU, "relu", "max(x, 0).  Its derivative at exactly 0 is taken to be 0."
    )

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """x for x > 0, slope * x otherwise (the article's 0.01x)."""
        return apply_family(ops.leaky_relu(check_number(slope, "leaky_relu slope")), self)

    sin = unary_method(ops.SIN, "sin", "Sine (radians).")
    cos = unary_method(ops.COS, "cos", "Cosine (radians).")
    sqrt = unary_method(ops.SQRT, "sqrt", "Square root; raises ValueError for a negative value.")
    abs = unary_method(ops.ABS, "abs", "|x|.  Its derivative at exactly 0 is taken to be 0.")

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
        inputs.insert(op.number_at, self._number)
        return tuple(inputs)

    @property
    def is_leaf(self) -> bool:
        """True for Values made directly (inputs, parameters, constants), not by an op."""
        return not self.parents

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        op = f", op={self.op.name!r}" if self.op is not None and self.parents else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label}{op})"


def _data_of(x: Value | Number) -> float:
    return x.data if isinstance(x, Value) else check_number(x, "comparison with a Value")


nodes.hand_over(Value)
