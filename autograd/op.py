"""What an op is: the :class:`Op` record that every entry of the op table fills in.

The table itself, with every elementary op's maths, is ``autograd/ops.py``; the ops
with many inputs (``sum``, ``dot``, neurons) are in ``autograd/fused.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from autograd.numbers import Scalar

if TYPE_CHECKING:
    from autograd.fused import FusedRules

Forward = Callable[..., float]
LocalGrads = Callable[..., tuple[Any, ...]]
"""``(out, *inputs) -> one local derivative per input``: floats, or Values (``Scalar``)."""
Ref = Callable[[Callable[..., Any]], str]
"""Gives a function a name that compile's generated code can call it by."""
ForwardCode = Callable[[str, list[str], Ref], list[str]]
"""``(out, inputs, ref) -> lines``: Python lines that set the variable ``out``."""
BackwardCode = Callable[[str, list[str], list["str | None"], Ref], list[str]]
"""``(out, inputs, targets, ref) -> lines``: ``target += ...`` for each input's gradient
variable (None: nobody reads that gradient), from the incoming gradient ``gk``."""


@dataclass(frozen=True, eq=False)
class Op:
    """One operation of the table.

    Attributes:
        name: the op's name, used in error messages and graph pictures.
        forward: the result computed from the inputs' float values.
        local_grads: the local derivatives, called as ``local_grads(out, *inputs)``.
        symbol: a short label for pictures (``"+"``, ``"*"``, ``"tanh"``).
        arity: number of inputs, or ``None`` for ops that take any number (``sum``).
        local_grad_from_output: for activations whose local derivative can be read off
            their output alone (relu, tanh, sigmoid, leaky_relu): d out/dx as a
            function of out, e.g. ``1 - out^2`` for tanh.  It lets a neuron's
            activation live in the same node as its weighted sum (``fused.neuron``).
        forward_code: the lines compile writes for the forward step (optional).
        backward_code: the lines compile writes for the chain-rule step (optional).
        fused: for ``sum``, ``dot`` and neurons only: how their nodes are made and how
            backward passes a gradient through them (see ``autograd/fused.py``).
        activation: for a neuron op only: the activation it applies to ``w·x + b``.
        number_at: for an op made by ``with_number``: which of its inputs is a plain
            number kept inside the node (0 in ``2 - x``, 1 in ``x - 2``), not a parent.
        formulas: for ``+ - *`` and negation: ``(forward, local_grads)`` as Python
            expressions, from which the rest is made (see ``autograd/formulas.py``).
    """

    name: str
    forward: Forward
    local_grads: LocalGrads
    symbol: str = ""
    arity: int | None = 1
    local_grad_from_output: Callable[[Scalar], Scalar] | None = None
    forward_code: ForwardCode | None = None
    backward_code: BackwardCode | None = None
    fused: FusedRules | None = None
    activation: Op | None = None
    number_at: int | None = None
    formulas: tuple[str, tuple[str, ...]] | None = None

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


CHUNK = 32
"""Terms per line in compile's long lines: a 10,000-term expression would overflow the parser."""


def edges(targets: Sequence[str | None], terms: Sequence[str]) -> list[str]:
    """Compile's ``target += term`` lines, skipping gradients nobody reads (None)."""
    return [f"{t} += {term}" for t, term in zip(targets, terms) if t is not None]
