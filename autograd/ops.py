"""The op table: every primitive operation pigrad knows, in one place.

Each entry is an :class:`Op` with three things:

* ``forward``: computes the result from plain floats (and checks the domain, so a
  beginner gets ``log() needs a positive number, got -1.0`` instead of a bare
  ``math domain error``);
* ``partials``: the *local* partial derivatives of the result with respect to each
  input, one per input, in order.  The rule is called as ``partials(out, *inputs)``
  and is written only with ``+ - * /``, ``**`` and the helpers below, so the very same
  rule works on floats (the fast path, run once at forward time and stored on the
  node) and on :class:`~autograd.value.Value` objects (to build a graph of the
  derivative itself, for second and higher derivatives);
* ``symbol``: how the op is written in a computation-graph picture.

Adding a primitive means adding one entry here and one one-line method on ``Value``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# A "number-like" thing: a float on the fast path, a Value when building higher
# derivatives.  The rules below only use operators that both understand.
Scalar = Any
Forward = Callable[..., float]
Partials = Callable[..., tuple[Scalar, ...]]


@dataclass(frozen=True, eq=False)
class Op:
    """One primitive operation.

    Attributes:
        name: the op's name, used in error messages and graph pictures.
        forward: result computed from the inputs' float values.
        partials: local partial derivatives, called as ``partials(out, *inputs)``.
        symbol: a short label for pictures (``"+"``, ``"*"``, ``"tanh"``).
        arity: number of inputs, or ``None`` for n-ary ops such as ``sum``.
        pass_back: for ``sum``, ``dot`` and neurons only (None for the rest): a
            shortcut for backward's ``parent.grad += local * grad`` over all the
            parents, called as ``pass_back(node, grad)``.  Their partials are a tuple as
            long as their inputs, read straight off the inputs' data (1s for sum; the
            other input for dot), so their nodes do not store them: backward calls
            this instead (same products, same order, same bits), which saves that
            memory and the time to build the tuple.  ``Value.local_grads`` still gives
            them.
        slope_from_output: for activations whose slope can be read off their output
            alone (relu, tanh, sigmoid, leaky_relu): d out/dx as a function of out,
            e.g. ``1 - out^2`` for tanh.  It is what lets a neuron's activation live
            in the same node as its weighted sum (see :func:`neuron`).
        activation: for a neuron op only: the activation it applies to ``w·x + b``.
    """

    name: str
    forward: Forward
    partials: Partials
    symbol: str = ""
    arity: int | None = 1
    pass_back: Callable[[Any, float], None] | None = None
    slope_from_output: Callable[[Scalar], Scalar] | None = None
    activation: Op | None = None

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


# --- helpers that work on floats and on Values alike ----------------------------------
# On floats they call ``math``; on a Value they call the Value's method, which records
# the operation so it can be differentiated again.


def _call(x: Scalar, name: str) -> Scalar:
    if isinstance(x, float | int):
        return getattr(math, name)(x)
    return getattr(x, name)()


def cos(x: Scalar) -> Scalar:
    """cos on a float or a Value."""
    return _call(x, "cos")


def sin(x: Scalar) -> Scalar:
    """sin on a float or a Value."""
    return _call(x, "sin")


def log(x: Scalar) -> Scalar:
    """Natural log on a float or a Value."""
    return _call(x, "log")


def as_float(x: Scalar) -> float:
    """The plain number inside x, whether x is a float or a Value (its ``data``)."""
    return float(x) if isinstance(x, float | int) else float(x.data)


def step(x: Scalar) -> float:
    """1.0 where x > 0, else 0.0: the slope of relu.  A constant, on floats or Values.

    Its own derivative is 0 everywhere it exists, so returning a plain float (no graph)
    is exact for every higher derivative too.  ``x > 0.0`` works on both: a Value's
    comparisons look at its ``.data``.
    """
    return 1.0 if x > 0.0 else 0.0


def sign(x: Scalar) -> float:
    """-1.0, 0.0 or 1.0: the slope of abs (0 at 0, by convention).  A constant."""
    v = as_float(x)
    return 1.0 if v > 0.0 else (-1.0 if v < 0.0 else 0.0)


# --- forward functions with domain checks ---------------------------------------------


def _half_over(out: Scalar) -> Scalar:
    # 1 / (2 out), with the infinite slope of sqrt at 0 reported as inf, not an exception.
    return 0.5 / out if as_float(out) != 0.0 else math.inf


def _fmt(x: float) -> str:
    return repr(float(x))


def _power_in_slope(x: Scalar, p: Scalar, shown: str) -> Scalar:
    # x ** p inside a derivative rule.  A result can fit in a float while its slope does
    # not (1e-200 ** -1 = 1e200, slope -1e400): name the op instead of letting Python
    # raise its bare "(34, 'Numerical result out of range')".
    try:
        return x**p
    except OverflowError:
        raise OverflowError(
            f"the derivative of {shown} at x = {_fmt(as_float(x))} is too large for a float "
            f"(x ** {as_float(p)!r} overflows)"
        ) from None


def _div(a: float, b: float) -> float:
    if b == 0.0:
        raise ZeroDivisionError(f"division by zero: {_fmt(a)} / 0.0 (the divisor must not be 0)")
    return a / b


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowError(
            f"exp() overflowed: exp({_fmt(x)}) is larger than the biggest float "
            "(inputs above about 709.78 overflow)"
        ) from None


def _log(x: float) -> float:
    if x <= 0.0:
        raise ValueError(f"log() needs a positive number, got {_fmt(x)}")
    return math.log(x)


def _sqrt(x: float) -> float:
    if x < 0.0:
        raise ValueError(f"sqrt() needs a number >= 0, got {_fmt(x)}")
    return math.sqrt(x)


def _sin(x: float) -> float:
    if math.isinf(x):
        raise ValueError(f"sin() needs a finite number, got {_fmt(x)}")
    return math.sin(x)


def _cos(x: float) -> float:
    if math.isinf(x):
        raise ValueError(f"cos() needs a finite number, got {_fmt(x)}")
    return math.cos(x)


def _sigmoid(x: float) -> float:
    # Written in two halves so exp() only ever sees a number <= 0: no overflow at -1000.
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _pow(a: float, b: float) -> float:
    """a ** b where the exponent b is itself a Value, so d/db = a**b * log(a) is needed."""
    if a <= 0.0:
        raise ValueError(
            f"x ** y with a Value exponent needs a positive base (the derivative with respect "
            f"to the exponent is x**y * log(x)), got base {_fmt(a)}; use a plain number "
            "as the exponent if you do not need that derivative"
        )
    try:
        return float(a**b)
    except OverflowError:
        raise OverflowError(f"pow overflowed: {_fmt(a)} ** {_fmt(b)} is too large") from None


def _dot(*args: float) -> float:
    """w·x (+ b): the first half of args are weights, the second half inputs, then a bias."""
    n = len(args) // 2
    total = 0.0
    for w, x in zip(args[:n], args[n : 2 * n]):
        total += w * x  # in order, one addition at a time (nn's float forward matches it)
    if len(args) % 2:
        total += args[-1]
    return total


def _dot_partials(out: Scalar, *args: Scalar) -> tuple[Scalar, ...]:
    """(x1 .. xn, w1 .. wn, 1.0 if there is a bias): w·x + b's partials, read off its inputs."""
    n = len(args) // 2
    if len(args) % 2:
        return args[n:-1] + args[:n] + (1.0,)
    return args[n:] + args[:n]


def _dot_pass_back(node: Any, g: float) -> None:
    # parent.grad += local * g with _dot_partials' locals, in their order: weights (each
    # gets its x's data), inputs (each gets its w's data), then the bias (1.0 * g is g).
    parents = node.parents
    n = len(parents) // 2
    weights, inputs = parents[:n], parents[n : 2 * n]
    for w, x in zip(weights, inputs):
        w.grad += x.data * g
    for w, x in zip(weights, inputs):
        x.grad += w.data * g
    if len(parents) % 2:
        parents[-1].grad += g


def _sum(*args: float) -> float:
    total = 0.0
    for a in args:
        total += a
    return total


def _sum_pass_back(node: Any, g: float) -> None:
    for p in node.parents:  # every local partial of a sum is 1.0, and 1.0 * g is g
        p.grad += g


def _tanh_slope(out: Scalar) -> Scalar:
    return 1.0 - out * out


def _sigmoid_slope(out: Scalar) -> Scalar:
    return out * (1.0 - out)


# --- the table -------------------------------------------------------------------------

ADD = Op("add", lambda a, b: a + b, lambda out, a, b: (1.0, 1.0), "+", 2)
# d(a+b)/da = 1, d(a+b)/db = 1
SUB = Op("sub", lambda a, b: a - b, lambda out, a, b: (1.0, -1.0), "-", 2)
# d(a-b)/da = 1, d(a-b)/db = -1.  Its own entry (not a + (-b)): one node instead of two.
MUL = Op("mul", lambda a, b: a * b, lambda out, a, b: (b, a), "*", 2)
# d(ab)/da = b, d(ab)/db = a
DIV = Op("div", _div, lambda out, a, b: (1.0 / b, -out / b), "/", 2)
# d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -out/b.  Its own entry: one node, no b**-1 rounding.
NEG = Op("neg", lambda a: -a, lambda out, a: (-1.0,), "neg")
# d(-a)/da = -1
POW = Op(
    "pow",
    _pow,
    lambda out, a, b: (b * _power_in_slope(a, b - 1.0, "x ** y"), out * log(a)),
    "**",
    2,
)
# d(a^b)/da = b a^(b-1), d(a^b)/db = a^b log(a)
EXP = Op("exp", _exp, lambda out, x: (out,), "exp")
# d/dx e^x = e^x: the output itself
LOG = Op("log", _log, lambda out, x: (1.0 / x,), "log")
# d/dx ln x = 1/x
TANH = Op(
    "tanh",
    math.tanh,
    lambda out, x: (_tanh_slope(out),),
    "tanh",
    slope_from_output=_tanh_slope,
)
# d/dx tanh(x) = 1 - tanh(x)^2: read off the output
SIGMOID = Op(
    "sigmoid",
    _sigmoid,
    lambda out, x: (_sigmoid_slope(out),),
    "σ",
    slope_from_output=_sigmoid_slope,
)
# d/dx σ(x) = σ(x) (1 - σ(x)): read off the output
RELU = Op(
    "relu",
    lambda x: 0.0 if x <= 0.0 else x,
    lambda out, x: (1.0,) if x > 0.0 else (0.0,),
    "relu",
    slope_from_output=step,
)
# d/dx max(x, 0) = 1 if x > 0 else 0 (at exactly 0 we choose 0, like PyTorch); see step().
# The two answers are constant tuples, shared by every relu node: no allocation per node.
# Written "0 if x <= 0" so a NaN passes through instead of silently becoming 0.  The
# output is > 0 exactly when x is, so step(out) is the same slope, read off the output.
SIN = Op("sin", _sin, lambda out, x: (cos(x),), "sin")
# d/dx sin x = cos x
COS = Op("cos", _cos, lambda out, x: (-sin(x),), "cos")
# d/dx cos x = -sin x
SQRT = Op("sqrt", _sqrt, lambda out, x: (_half_over(out),), "√")
# d/dx √x = 1 / (2 √x)  (infinite at x = 0)
ABS = Op("abs", abs, lambda out, x: (sign(x),), "abs")
# d/dx |x| = sign(x) (0 at 0, by convention)
SUM = Op("sum", _sum, lambda out, *xs: (1.0,) * len(xs), "Σ", None, _sum_pass_back)
# d(x1 + x2 + ... + xn)/dxi = 1.  One node however many inputs.
DOT = Op("dot", _dot, _dot_partials, "·", None, _dot_pass_back)
# d(w·x + b)/dwi = xi, d/dxi = wi, d/db = 1.  One node for a whole neuron's weighted sum.

CONST = Op("const", lambda: 0.0, lambda out: (), "const", 0)
# Marks a leaf made from a plain number (the 2 in x * 2); it has no inputs and no partials.

OPS: dict[str, Op] = {
    op.name: op
    for op in (ADD, SUB, MUL, DIV, NEG, POW, EXP, LOG, TANH, SIGMOID, RELU, SIN, COS, SQRT, ABS)
}
"""Every fixed primitive by name (the n-ary ``sum``/``dot`` are in ``NARY_OPS``)."""

NARY_OPS: dict[str, Op] = {SUM.name: SUM, DOT.name: DOT}


# --- families: one op per constant parameter, made once and cached --------------------


@lru_cache(maxsize=256)
def power(n: float) -> Op:
    """The op ``x ** n`` for a constant exponent ``n`` (one Op per distinct n, cached).

    d/dx x^n = n x^(n-1).  A negative base is allowed when n is a whole number.
    """

    def forward(x: float) -> float:
        if x < 0.0 and not float(n).is_integer():
            raise ValueError(
                f"x ** {n!r} needs x >= 0 (a negative number to a fractional power is not "
                f"a real number), got x = {_fmt(x)}"
            )
        if x == 0.0 and n < 0:
            raise ZeroDivisionError(f"0.0 ** {n!r}: zero to a negative power divides by zero")
        try:
            return float(x**n)
        except OverflowError:
            raise OverflowError(f"pow overflowed: {_fmt(x)} ** {n!r} is too large") from None

    def partials(out: Scalar, x: Scalar) -> tuple[Scalar, ...]:
        if n == 0:
            return (0.0,)  # x^0 = 1 is flat
        if n == 1:
            return (1.0,)
        if n < 1 and as_float(x) == 0.0:
            return (math.inf,)  # e.g. √x at 0: the slope is infinite
        return (n * _power_in_slope(x, n - 1, f"x ** {shown}"),)

    shown = int(n) if float(n).is_integer() else n
    return Op(f"pow{shown}", forward, partials, f"**{shown}")


@lru_cache(maxsize=256)
def leaky_relu(slope: float) -> Op:
    """The op ``x if x > 0 else slope * x`` (one Op per slope, cached).

    d/dx = 1 if x > 0 else slope.
    """

    def forward(x: float) -> float:
        return x if x > 0.0 else slope * x

    def partials(out: Scalar, x: Scalar) -> tuple[Scalar, ...]:
        return (1.0 if as_float(x) > 0.0 else slope,)

    def slope_from_output(out: Scalar) -> float:
        return 1.0 if as_float(out) > 0.0 else slope  # out > 0 exactly when x > 0

    return Op(
        f"leaky_relu{slope:g}",
        forward,
        partials,
        f"lrelu({slope:g})",
        slope_from_output=slope_from_output if slope >= 0.0 else None,
    )


@lru_cache(maxsize=256)
def neuron(activation: Op) -> Op:
    """The op ``activation(w·x + b)``: a whole neuron as ONE node (one Op per activation).

    Its inputs are those of ``dot`` (weights, then inputs, then an optional bias).  By
    the chain rule its local partials are dot's times the activation's slope at this
    point, ``act'(z) * x_i`` for weight i: one slope shared by every edge.  Backward
    works that slope out from the node's output (``slope_from_output``), multiplies the
    incoming gradient by it, and passes the product back as dot would, so the numbers
    are bit for bit those of a dot node followed by an activation node, with half the
    nodes to make and walk.

    Raises:
        TypeError: for an activation that is not an Op (a name, a function).
        ValueError: for an activation whose slope cannot be read off its output.
    """
    if not isinstance(activation, Op):  # e.g. "relu" or Value.tanh for ops.RELU, ops.TANH
        raise TypeError(
            "a neuron's activation must be one of ops.RELU, ops.TANH, ops.SIGMOID or "
            f"ops.leaky_relu(slope), got {type(activation).__name__}: {activation!r}"
        )
    slope = activation.slope_from_output
    if slope is None:
        raise ValueError(
            f"a neuron op needs an activation whose slope can be read off its output "
            f"(relu, tanh, sigmoid, leaky_relu with a slope >= 0), got {activation.name!r}; "
            "apply it to the dot node instead"
        )
    act = activation.forward

    def forward(*args: float) -> float:
        return act(_dot(*args))

    def partials(out: Scalar, *args: Scalar) -> tuple[Scalar, ...]:
        s = slope(out)  # d act/dz, then d z/d input is dot's partial
        return tuple(s * p for p in _dot_partials(out, *args))

    def pass_back(node: Any, g: float) -> None:
        g = slope(node.data) * g  # what the dot node's grad would be
        if g != 0.0:  # as backward skips a dot node with nothing to pass on
            _dot_pass_back(node, g)

    name, shown = activation.name, activation.symbol or activation.name
    return Op(
        f"{name}(dot)",
        forward,
        partials,
        f"{shown}(w{DOT.symbol}x+b)",
        None,
        pass_back,
        activation=activation,
    )
