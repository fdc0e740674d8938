"""A forward pass recorded once and replayed on floats: the model on a set, a loss.

``autograd.compile`` records a function's graph and writes it down as Python, forward
AND backward, for training steps.  Scoring a model (its outputs and its loss on a whole
set, after every epoch of ``fit``) needs only the forward pass.  This file writes that
down: the engine runs once on Values, and each node of the graph it built becomes a
line or a few of Python, taken from the node's op (``Op.forward_code``, the same float
operations as the op's forward, in the same order), so a replay gives the engine's
numbers, bit for bit, and makes no Value at all.

* ``RecordedForward``: the model on one sample, replayed in a loop over many samples.
  The parameters' numbers are read once per call, into local variables, and each
  neuron is one written-out line of additions: no loop over its weights, no call.
* ``RecordedLoss``: a loss on a given set's outputs and targets, replayed on new
  outputs of the same set.  The targets stay as they were recorded (numbers in the code
  and in the graph's shape: cross_entropy picks each row's score of its label).

A recording only fits while the graph stays the same, so both refuse (``CannotRecord``)
a function that compares Values (``if x > 0``: the graph may differ on other numbers),
that computes Values under ``no_grad()`` (a replay could not recompute them), or whose
graph is over ``autograd.codegen.MAX_NODES`` nodes.  What passes through a plain float
(a branch on ``x.data``) cannot be seen: ``nn.scoring`` checks a recording against the
engine's numbers before using it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value, enable_grad, topological_order
from autograd.codegen import Uncompilable, bytecode, check_compilable, forward_lines, literal
from autograd.comparisons import listening
from autograd.ops import CONST

Rows = list[list[float]]


class CannotRecord(Exception):
    """The forward pass cannot be written down faithfully (the message says why)."""


class ForwardCode:
    """The forward pass from some input Values to some outputs, as lines of Python.

    In the lines an input is ``i0, i1, ...``, a leaf the graph reads that is not an
    input (a parameter) ``p0, p1, ...`` (its ``.data`` is passed in on every call), an
    interior node ``v0, v1, ...``, and a constant is written in as a number.

    Args:
        inputs: the Values that will get new numbers on every call.
        outputs: what to compute from them (the graph the engine just built).

    Raises:
        CannotRecord: for Values made under ``no_grad()`` or a graph too big.
    """

    def __init__(self, inputs: Sequence[Value], outputs: Sequence[Value]) -> None:
        nodes = topological_order(list(outputs))
        try:
            check_compilable(nodes)
        except Uncompilable as why:
            raise CannotRecord(str(why)) from None
        given = set(inputs)
        self.leaves = [n for n in nodes if not n.parents and n not in given and n.op is not CONST]
        interior = [n for n in nodes if n.parents]
        self.names: dict[str, Any] = {"K": []}  # functions, and numbers with no literal
        self.where: dict[Value, str] = {x: f"i{j}" for j, x in enumerate(inputs)}
        self.where.update({leaf: f"p{j}" for j, leaf in enumerate(self.leaves)})
        self.where.update({node: f"v{j}" for j, node in enumerate(interior)})
        for node in nodes:
            if node not in self.where:  # a constant
                self.where[node] = literal(node.data, self.names)
        self.inputs = [self.where[x] for x in inputs]
        self.parameters = [self.where[leaf] for leaf in self.leaves]
        self.outputs = [self.where[out] for out in outputs]
        self.lines = [
            line for node in interior for line in forward_lines(node, self.where, self.names, False)
        ]
        self.size = len(interior)

    def function(self, source: list[str], filename: str) -> Callable[..., Any]:
        """Compile ``source`` and return the function it defines.

        Args:
            source: the lines of one function definition, its name in the first line.
            filename: what tracebacks show as its file.

        Returns:
            The function, run with the functions and numbers the lines name.
        """
        code = bytecode("\n".join(source), f"<{filename}: {self.size} nodes>")
        exec(code, self.names)
        made: Callable[..., Any] = self.names[source[0].split()[1].partition("(")[0]]
        return made


def recorded(fn: Callable[[], Any]) -> list[Value]:
    """What fn returns (a Value or a list of them), run on the engine with grad on.

    Raises:
        CannotRecord: if fn compares Values or returns something that is not Values.
    """
    comparisons: list[Any] = []
    with listening(comparisons), enable_grad():
        made = fn()
    outputs = [made] if isinstance(made, Value) else made
    if not isinstance(outputs, list | tuple) or not all(isinstance(o, Value) for o in outputs):
        raise CannotRecord(f"it returned {type(made).__name__}, not Values")
    if comparisons:
        raise CannotRecord("it compares Values (if x > 0), so its graph can change")
    return list(outputs)


class RecordedForward:
    """A model's forward pass on one sample, written down, replayed on many samples.

    Call it with a list of samples (each a list of ``nin`` floats) to get each one's
    outputs, a list of floats per sample.  The parameters' ``.data`` is read on every
    call, so an optimizer's steps are seen.

    Args:
        model: the model, called once on Values to see its graph.
        sample: the sample to record it on.

    Raises:
        CannotRecord: see ``ForwardCode`` and ``recorded``.
    """

    def __init__(self, model: Callable[..., Any], sample: Sequence[float]) -> None:
        inputs = [Value(float(v)) for v in sample]
        code = ForwardCode(inputs, recorded(lambda: model(inputs)))
        self.leaves = code.leaves
        source = [
            "def outputs(a, X):",
            *_unpacked(code.parameters, "a", "    "),
            "    rows = []",
            "    for x in X:",
            *_unpacked(code.inputs, "x", "        "),
            *["        " + line for line in code.lines],
            f"        rows.append([{', '.join(code.outputs)}])",
            "    return rows",
        ]
        self._outputs: Callable[[list[float], Sequence[Sequence[float]]], Rows]
        self._outputs = code.function(source, "nn model forward")

    def __call__(self, X: Sequence[Sequence[float]]) -> Rows:
        """Each sample's outputs, a list of floats per sample of X."""
        return self._outputs([leaf.data for leaf in self.leaves], X)


class RecordedLoss:
    """A loss on one set's outputs and targets, written down, replayed on new outputs.

    Args:
        loss_fn: the loss, called once on Values as ``loss_on_floats`` calls it (a
            one-output model's outputs as single Values, else rows).
        rows: the set's outputs now, one row per sample.
        targets: the set's targets, kept in the recording.

    Raises:
        CannotRecord: see ``ForwardCode`` and ``recorded``.
    """

    def __init__(self, loss_fn: Callable[..., Any], rows: Rows, targets: Sequence[Any]) -> None:
        values = [[Value(v) for v in row] for row in rows]
        outputs = [row[0] if len(row) == 1 else row for row in values]
        inputs = [v for row in values for v in row]
        loss = recorded(lambda: loss_fn(outputs, targets))
        if len(loss) != 1:
            raise CannotRecord(f"the loss returned {len(loss)} Values, not one")
        code = ForwardCode(inputs, loss)
        self.leaves = code.leaves
        source = [
            "def loss(a, o):",
            *_unpacked(code.parameters, "a", "    "),
            *_unpacked(code.inputs, "o", "    "),
            *["    " + line for line in code.lines],
            f"    return {code.outputs[0]}",
        ]
        self._loss: Callable[[list[float], list[float]], float]
        self._loss = code.function(source, "nn loss")

    def __call__(self, rows: Rows) -> float:
        """The loss of these outputs (one row per sample of the recorded set)."""
        return self._loss([leaf.data for leaf in self.leaves], [v for row in rows for v in row])


def _unpacked(names: list[str], source: str, indent: str) -> list[str]:
    """The line that takes a list apart into these variables (none for no variables)."""
    return [f"{indent}{''.join(name + ', ' for name in names)}= {source}"] if names else []
