"""autograd: a pure-Python engine that computes derivatives by backpropagation.

Make numbers with ``Value``, compute with them as usual, call ``.backward()`` on the
result, and read each input's partial derivative from ``.grad``::

    >>> from autograd import Value
    >>> x = Value(3.0)
    >>> y = 5 * x**2 + 30
    >>> y.backward()
    >>> x.grad
    30.0

This package imports only the Python standard library; pictures (``draw_graph``)
import graphviz when they are drawn.
"""

from autograd.backward import backward, grad, hessian, jacobian, topological_order, zero_grad
from autograd.compile import CompiledFunction, compile
from autograd.custom import CustomOp, GradcheckError, GradcheckReport, custom_op, gradcheck
from autograd.draw import draw_graph
from autograd.mode import is_grad_enabled, no_grad
from autograd.ops import Op
from autograd.value import Value, apply, constant, dot, sum

__all__ = [
    "CompiledFunction",
    "CustomOp",
    "GradcheckError",
    "GradcheckReport",
    "Op",
    "Value",
    "apply",
    "backward",
    "compile",
    "constant",
    "custom_op",
    "dot",
    "draw_graph",
    "grad",
    "gradcheck",
    "hessian",
    "is_grad_enabled",
    "jacobian",
    "no_grad",
    "sum",
    "topological_order",
    "zero_grad",
]
