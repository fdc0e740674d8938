"""The op table: every elementary operation pigrad knows, in one place.

Each entry is an :class:`Op` holding, side by side:

* ``forward``: the result computed from plain floats (with a domain check, so a beginner
  reads ``log() needs a positive number, got -1.0`` instead of ``math domain error``);
* ``local_grads``: the local derivatives d(result)/d(input), one per input, called as
  ``local_grads(out, *inputs)``.  Each rule is written only with ``+ - * / **`` and the
  helpers of ``autograd.numbers``, so the very same rule runs on floats (at forward
  time; the node stores the numbers) and on Values (to record the derivative itself,
  for second and higher derivatives);
* ``symbol``: how the op is written in a computation-graph picture;
* ``forward_code`` and ``backward_code`` (optional): the lines ``autograd.compile``
  writes for the op, the same float operations as ``forward`` and as backward's
  ``parent.grad += local * grad``.  An op without them is replayed by calling its
  ``forward`` and ``local_grads``.

Numbers at the edges: one policy for every op, forward and derivatives alike.

* **Too large for a float is inf**, as in float arithmetic (and PyTorch): ``x * x``,
  ``x ** 2`` and ``exp(x)`` at 1e200 are all ``inf``, and so is a derivative that
  overflows (the slope of ``x ** -1`` at 1e-200), which never stops the forward pass.
  Training notices: ``nn.fit`` stops on a loss that is no longer finite.
* **Outside an op's domain is an error**, which names the op and the number: ``log``
  of a number <= 0, ``sqrt`` of a negative, division by 0, 0 to a negative power, a
  negative number to a fractional power, ``sin``/``cos`` of ±inf.  (Those would be NaN
  or a sign guessed from -0.0.)
* **A vertical slope is +inf**: ``sqrt`` and ``x ** 0.5`` at 0; its own derivative is
  -inf, so second derivatives there are right too.
* **A zero local derivative stops the gradient**, even an infinite one: in the chain
  rule ``0 * inf`` is 0 (``numbers.times``), so ``relu(-1)`` feeding ``sqrt`` passes 0.

Adding an op means adding one entry here and one one-line method on ``Value``.  The ops
with many inputs (``sum``, ``dot`` and the neuron ``act(w·x + b)``) are in
``autograd/fused.py``; ``custom_op`` makes entries of your own.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cache, lru_cache

from autograd.checked_math import (
    div,
    exp,
    finite,
    float_power,
    half_over,
    log_positive,
    pow_positive,
    power_in_slope,
    reciprocal_in_slope,
    sigmoid,
    sqrt,
)
from autograd.formulas import formula_op
from autograd.numbers import Scalar, cos, fmt, log, relu_slope, sign, sin, times
from autograd.op import Op, edges


def _tanh_local_grad(out: Scalar) -> Scalar:
    return 1.0 - out * out


def _sigmoid_local_grad(out: Scalar) -> Scalar:
    return out * (1.0 - out)


# --- the table -------------------------------------------------------------------------
# Each entry's maths is in the comment above it.

# The arithmetic ops are written as formulas in their inputs a, b (autograd/formulas.py
# makes their functions, compile's lines and Value's methods from them).

# d(a+b)/da = 1, d(a+b)/db = 1
ADD = formula_op(name="add", symbol="+", forward="a + b", local_grads=("1.0", "1.0"))

# d(a-b)/da = 1, d(a-b)/db = -1.  Its own entry (not a + (-b)): one node instead of two.
SUB = formula_op(name="sub", symbol="-", forward="a - b", local_grads=("1.0", "-1.0"))

# d(a·b)/da = b, d(a·b)/db = a
MUL = formula_op(name="mul", symbol="*", forward="a * b", local_grads=("b", "a"))


def _div_local_grads(out: Scalar, a: Scalar, b: Scalar) -> tuple[Scalar, Scalar]:
    # Written with r = 1/b rather than as -out / b: recorded on Values (second derivatives),
    # -out / b would be a node whose own slope is out / b² = a / b³, which overflows long
    # before the second derivative does (1 / sigmoid(x) at x = -300).
    r = 1.0 / b
    return (r, -out * r)


# d(a/b)/da = 1/b, d(a/b)/db = -a/b² = -out · (1/b).  Its own entry: one node, no b**-1.
DIV = Op(name="div", forward=div, local_grads=_div_local_grads, symbol="/", arity=2)

# d(-a)/da = -1
NEG = formula_op(name="neg", symbol="neg", forward="-a", local_grads=("-1.0",))

# d(a^b)/da = b·a^(b-1), d(a^b)/db = a^b·log(a)
POW = Op(
    name="pow",
    forward=pow_positive,
    local_grads=lambda out, a, b: (times(b, power_in_slope(a, b - 1.0)), out * log(a)),
    symbol="**",
    arity=2,
)

# d/dx e^x = e^x: the output itself
EXP = Op(name="exp", forward=exp, local_grads=lambda out, x: (out,), symbol="exp")

# d/dx ln x = 1/x
LOG = Op(name="log", forward=log_positive, local_grads=lambda out, x: (1.0 / x,), symbol="log")

# d/dx tanh(x) = 1 - tanh(x)²: read off the output
TANH = Op(
    name="tanh",
    forward=math.tanh,
    local_grads=lambda out, x: (_tanh_local_grad(out),),
    symbol="tanh",
    local_grad_from_output=_tanh_local_grad,
)

# d/dx σ(x) = σ(x)·(1 - σ(x)): read off the output
SIGMOID = Op(
    name="sigmoid",
    forward=sigmoid,
    local_grads=lambda out, x: (_sigmoid_local_grad(out),),
    symbol="σ",
    local_grad_from_output=_sigmoid_local_grad,
)

# d/dx max(x, 0) = 1 if x > 0 else 0 (at exactly 0 we choose 0, like PyTorch).  The output
# is > 0 exactly when x is, so relu_slope(out) is the same number, read off the output.
# Written "0 if x <= 0" so a NaN passes through instead of silently becoming 0, and the
# two answers are constant tuples shared by every relu node (no allocation per node).
RELU = Op(
    name="relu",
    forward=lambda x: 0.0 if x <= 0.0 else x,
    local_grads=lambda out, x: (1.0,) if x > 0.0 else (0.0,),
    symbol="relu",
    local_grad_from_output=relu_slope,
    forward_code=lambda out, ins, ref: [f"{out} = 0.0 if {ins[0]} <= 0.0 else {ins[0]}"],
    backward_code=lambda out, ins, to, ref: edges(to, [f"gk if {ins[0]} > 0.0 else 0.0"]),
)

# d/dx sin x = cos x
SIN = Op(
    name="sin",
    forward=finite("sin", math.sin),
    local_grads=lambda out, x: (cos(x),),
    symbol="sin",
)

# d/dx cos x = -sin x
COS = Op(
    name="cos",
    forward=finite("cos", math.cos),
    local_grads=lambda out, x: (-sin(x),),
    symbol="cos",
)

# d/dx √x = 1 / (2√x) = 0.5 · (1/out): +inf at x = 0, a vertical slope (whose own slope,
# -1/(4 x^1.5), is -inf there: second derivatives at 0 come out -inf, as they should)
SQRT = Op(name="sqrt", forward=sqrt, local_grads=lambda out, x: (half_over(out),), symbol="√")

# The chain rule's product local * g (numbers.times: 0 * inf is 0), as an op of its own
# for derivatives recorded on Values (create_graph=True).  d/dlocal = g, d/dg = local.
CHAIN = Op(
    name="chain",
    forward=lambda local, g: times(local, g),
    local_grads=lambda out, local, g: (g, local),
    symbol="×",
    arity=2,
)

# 1/x inside derivative rules only (sqrt's and x ** 0.5's slopes): +inf at 0 instead of an
# error.  d/dx (1/x) = -1/x² = -out².
SLOPE_RECIPROCAL = Op(
    name="slope 1/x",
    forward=reciprocal_in_slope,
    local_grads=lambda out, x: (-(out * out),),
    symbol="1/x",
)

# d/dx |x| = sign(x) (0 at 0, by convention)
ABS = Op(name="abs", forward=abs, local_grads=lambda out, x: (sign(x),), symbol="abs")

# A leaf made from a plain number (the 2 in x * 2): no inputs, no local derivatives.
CONST = Op(name="const", forward=lambda: 0.0, local_grads=lambda out: (), symbol="const", arity=0)

OPS: dict[str, Op] = {
    op.name: op
    for op in (ADD, SUB, MUL, DIV, NEG, POW, EXP, LOG, TANH, SIGMOID, RELU, SIN, COS, SQRT, ABS)
}
"""Every fixed elementary op by name (``sum``, ``dot`` and neurons: ``fused.FUSED_OPS``)."""


# --- families: one op per constant parameter, made once and cached --------------------


@lru_cache(maxsize=256)
def power(n: float) -> Op:
    """The op ``x ** n`` for a constant exponent ``n`` (one Op per distinct n, cached).

    d/dx x^n = n·x^(n-1).  A negative base is allowed when n is a whole number.
    """

    def forward(x: float) -> float:
        if x < 0.0 and not float(n).is_integer():
            raise ValueError(
                f"x ** {n!r} needs x >= 0 (a negative number to a fractional power is not "
                f"a real number), got x = {fmt(x)}"
            )
        if x == 0.0 and n < 0:
            raise ZeroDivisionError(f"0.0 ** {n!r}: zero to a negative power divides by zero")
        return float_power(x, n)

    def local_grads(out: Scalar, x: Scalar) -> tuple[Scalar, ...]:
        if n == 0:
            return (0.0,)  # x^0 = 1 is flat
        if n == 1:
            return (1.0,)
        return (n * power_in_slope(x, n - 1),)  # +inf at 0 for 0 < n < 1 (√x)

    shown = int(n) if float(n).is_integer() else n
    return Op(name=f"pow{shown}", forward=forward, local_grads=local_grads, symbol=f"**{shown}")


@lru_cache(maxsize=256)
def leaky_relu(slope: float) -> Op:
    """The op ``x if x > 0 else slope * x`` (one Op per slope, cached).

    d/dx = 1 if x > 0 else slope.
    """

    def forward(x: float) -> float:
        return x if x > 0.0 else slope * x

    # Comparisons of x itself (not of as_float(x)): on a Value recorded by compile they
    # are written down, so a replay on the other side of 0 is noticed.
    def local_grads(out: Scalar, x: Scalar) -> tuple[Scalar, ...]:
        return (1.0 if x > 0.0 else slope,)

    def local_grad_from_output(out: Scalar) -> float:
        return 1.0 if out > 0.0 else slope  # out > 0 exactly when x > 0

    return Op(
        name=f"leaky_relu{slope:g}",
        forward=forward,
        local_grads=local_grads,
        symbol=f"lrelu({slope:g})",
        local_grad_from_output=local_grad_from_output if slope >= 0.0 else None,
    )


@cache
def with_number(op: Op, position: int) -> Op:
    """``op`` with a plain number as its input ``position``, kept inside the node.

    ``x * 2`` is one node: ``with_number(MUL, 1)`` with the parent x.  The 2 is not a
    Value of its own (it has no gradient anyone reads); the node saves it beside its
    local derivative (in a slot of its own, so that ``x + 2`` needs no tuple of its own for
    its local derivative 1), and ``Value.inputs`` puts it back in its place.  The forward,
    the local derivatives and compile's lines are ``op``'s own, given every input,
    the number included.  One such op per table entry and side, made once.
    """
    return replace(op, number_at=position)
