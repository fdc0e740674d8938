"""autograd: a pure-Python engine that computes derivatives by backpropagation.

Make numbers with ``Value``, compute with them as usual, call ``.backward()`` on the
result, and read each input's partial derivative from ``.grad``::

    >>> from autograd import Value
    >>> x = Value(3.0)
    >>> y = 5 * x**2 + 30
    >>> y.backward()
    >>> x.grad
    30.0

Read ``autograd/reference.py`` first: the whole engine on one screen.  The rest of this
package is that engine made fast (and tested equal to it).

Where to find what:

* ``Value``: a number that remembers how it was computed.  ``.data`` is the plain float
  (use it for ``float()``, ``math`` functions and printing), ``.grad`` the derivative
  that ``backward()`` fills in.  Operators ``+ - * / **`` and methods ``exp log tanh
  sigmoid relu leaky_relu sin cos sqrt abs``.  ``==`` means "the same node", not the
  same number.
* ``backward``, ``grad`` (derivatives without touching ``.grad``; ``create_graph=True``
  for second derivatives), ``jacobian``, ``hessian``, ``zero_grad``, ``no_grad``.
* ``explain(y)``: the chain-rule steps ``backward`` takes, printed as a table.
* ``sum`` and ``dot``: many additions, or a neuron's weighted sum, as one node.
* ``custom_op``: your own operation with its derivative; ``gradcheck`` checks it.
* ``mark_parameters``, ``is_parameter``: which leaves are a model's parameters (``nn``
  marks its weights and biases), so pictures colour them as such.
* ``draw_graph`` (or ``y.graph()``): a picture of the graph, inline in a notebook;
  ``import autograd.render`` then ``autograd.render.save(picture, "graph.png")``
  writes a file.
* ``compile``: replays a function's graph fast once it has been recorded.

This package imports only the Python standard library; pictures (``draw_graph``)
import graphviz when they are drawn.
"""

from autograd.backward import backward, zero_grad
from autograd.compile import CompiledFunction, compile
from autograd.custom import CustomOp, custom_op
from autograd.draw import draw_graph
from autograd.explain import ChainRuleStep, Explanation, explain
from autograd.fused_nodes import dot, sum
from autograd.grad import grad, hessian, jacobian
from autograd.grad_mode import enable_grad, is_grad_enabled, no_grad
from autograd.gradcheck import GradcheckError, GradcheckReport, gradcheck
from autograd.graph import topological_order
from autograd.nodes import apply, as_value
from autograd.op import Op
from autograd.parameters import is_parameter, mark_parameters
from autograd.value import Value

__all__ = [
    "ChainRuleStep",
    "CompiledFunction",
    "CustomOp",
    "Explanation",
    "GradcheckError",
    "GradcheckReport",
    "Op",
    "Value",
    "apply",
    "as_value",
    "backward",
    "compile",
    "custom_op",
    "dot",
    "draw_graph",
    "enable_grad",
    "explain",
    "grad",
    "gradcheck",
    "hessian",
    "is_grad_enabled",
    "is_parameter",
    "jacobian",
    "mark_parameters",
    "no_grad",
    "sum",
    "topological_order",
    "zero_grad",
]
