"""Neuron and Layer: the building blocks of a network, as lists of Values.

A neuron is ``act(w·x + b)``: a weighted sum of its inputs plus a bias, bent by an
activation.  A layer is a list of neurons that all read the same inputs (``nn.mlp``
stacks layers into a network).  Every weight and bias is a ``Value``, so
``loss.backward()`` tells each one which way to move.

Everything is written out: ``named_parameters()`` lists the parameters explicitly, in
a fixed order (neuron by neuron, weights then bias), with dotted names such as
``neurons.3.w.0`` that are also each parameter's ``label``, so graph pictures show them.

Each also runs on plain floats (``forward_floats``), building no graph at all: the fast
path for predictions and plots.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from autograd import Value, dot, fused_nodes, mark_parameters
from autograd.fused import weighted_sum
from nn.activations import FUSED, Activation, FloatFn, resolve
from nn.checks import check_size
from nn.init import initial_weights, make_rng
from nn.module import Module
from nn.samples import Sample, as_floats, as_values

__all__ = ["Layer", "Neuron"]


class Neuron(Module):
    """One neuron: ``act(w·x + b)``, computed as ONE graph node.

    The named activations (relu, tanh, sigmoid, leaky_relu) are applied inside the dot
    node itself (see ``nn.activations.FUSED``); ``linear`` is the dot node alone, and a
    custom activation function is a node of its own on top of the dot node.

    Args:
        nin: number of inputs (and of weights).
        activation: a name from ``nn.activations.ACTIVATIONS`` or a function Value -> Value.
        init: an initialization scheme from ``nn.init.INITS``.
        rng: the random generator to draw weights from (None: the default generator,
            see ``nn.manual_seed``).
        fan_out: the size of the layer the neuron belongs to (used by ``xavier``).

    Raises:
        ValueError: for a bad nin, an unknown activation or an unknown init scheme.
    """

    def __init__(
        self,
        nin: int,
        activation: Activation = "relu",
        init: str = "uniform",
        rng: random.Random | None = None,
        fan_out: int = 1,
    ) -> None:
        self.nin = check_size(nin, "Neuron nin")
        self.activation = activation
        self._resolve_activation()
        fan_out = check_size(fan_out, "Neuron fan_out")
        weights = initial_weights(init, self.nin, fan_out, make_rng(rng=rng))
        self.w = [Value(v) for v in weights]
        self.b = Value(0.0)
        self._label_parameters()
        mark_parameters(self.parameters())  # so graph pictures colour them as parameters

    def named_parameters(self) -> list[tuple[str, Value]]:
        """The weights ``w.0``, ``w.1`` ... in input order, then the bias ``b``."""
        return [(f"w.{k}", w) for k, w in enumerate(self.w)] + [("b", self.b)]

    def __getstate__(self) -> dict[str, Any]:
        # pickle and copy: keep the activation as given, not the functions and op it
        # resolves to (some are lambdas, which pickle cannot name); they are looked up
        # again on the way back.
        state = dict(self.__dict__)
        for resolved in ("activation_name", "_act", "_act_float", "_fused", "_one_node"):
            del state[resolved]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._resolve_activation()
        mark_parameters(self.parameters())  # a copy's Values are new ones

    def _resolve_activation(self) -> None:
        """Look up what the activation computes, from ``self.activation``.

        Sets its name, its functions on Values and on floats, and its op if the neuron
        applies it inside its dot node (``nn.activations.FUSED``), else None.
        """
        self.activation_name, self._act, self._act_float = resolve(self.activation)
        named = isinstance(self.activation, str)
        self._fused = FUSED.get(self.activation_name) if named else None
        # the neuron is one dot node: with its activation inside, or linear (none)
        self._one_node = self._fused is not None or (named and self.activation_name == "linear")

    def __call__(self, x: Sample) -> Value:
        """The neuron on one sample: ``act(w·x + b)`` as a Value, building its graph.

        Args:
            x: one sample, ``nin`` numbers or Values (a bare number when nin is 1).

        Returns:
            The neuron's output, one graph node (two for a custom activation).

        Raises:
            TypeError, ValueError: for a sample that is not ``nin`` numbers.
        """
        return self.forward(as_values(x, self.nin, "Neuron"))

    def forward(self, xs: Sequence[Value]) -> Value:
        """The neuron on inputs that are already Values of the right length (no checks)."""
        if self._fused is not None:  # the whole neuron in one node
            return dot(self.w, xs, self.b, self._fused)
        return self._act(dot(self.w, xs, self.b))  # linear (the dot alone), or custom

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        """The neuron on one sample of plain numbers, building no graph: ``[output]``."""
        return [self.forward_float(as_floats(x, self.nin, "Neuron"))]

    def forward_float(self, xs: Sequence[float]) -> float:
        """The neuron on plain floats (no checks): dot's own forward, so the same bits."""
        return self._act_float(weighted_sum([w.data for w in self.w], xs, self.b.data))

    def float_parts(self) -> tuple[list[float], float, FloatFn]:
        """The neuron as plain numbers: its weights, its bias and its activation on floats.

        ``weighted_sum(weights, xs, bias)`` then the activation is ``forward_float``; a
        network running many samples reads these once instead of once per sample.
        """
        return [w.data for w in self.w], self.b.data, self._act_float

    def describe(self) -> str:
        """``nin=2, activation=relu``: what the neuron is, for its repr and messages."""
        return f"nin={self.nin}, activation={_shown(self.activation)}"

    def __repr__(self) -> str:
        return f"Neuron({self.describe()})  # {self.num_parameters()} parameters"


class Layer(Module):
    """``nout`` neurons reading the same inputs.  Calling it ALWAYS returns a list.

    Args:
        nin: number of inputs.
        nout: number of neurons (= outputs).
        activation: for every neuron of the layer (a name or a function Value -> Value).
        init: initialization scheme.
        rng: the random generator, shared by the neurons (None: the default generator,
            see ``nn.manual_seed``).
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: Activation = "relu",
        init: str = "uniform",
        rng: random.Random | None = None,
    ) -> None:
        self.nin = check_size(nin, "Layer nin")
        self.nout = check_size(nout, "Layer nout")
        self.activation = activation
        generator = make_rng(rng=rng)
        self.neurons = [Neuron(nin, activation, init, generator, nout) for _ in range(nout)]
        self.activation_name = self.neurons[0].activation_name
        self._label_parameters()

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Each neuron's parameters in turn, named ``neurons.J.w.K`` and ``neurons.J.b``."""
        return [
            (f"neurons.{j}.{name}", p)
            for j, neuron in enumerate(self.neurons)
            for name, p in neuron.named_parameters()
        ]

    def __call__(self, x: Sample) -> list[Value]:
        """The layer on one sample: one Value per neuron, always a list (even of one).

        Args:
            x: one sample, ``nin`` numbers or Values (a bare number when nin is 1).

        Returns:
            The ``nout`` outputs, in neuron order.

        Raises:
            TypeError, ValueError: for a sample that is not ``nin`` numbers.
        """
        return self.forward(as_values(x, self.nin, "Layer"))

    def forward(self, xs: Sequence[Value]) -> list[Value]:
        """The layer on inputs that are already Values (no checks)."""
        neurons = self.neurons
        op = neurons[0]._fused
        for n in neurons:
            if not n._one_node or n._fused is not op:  # a custom activation, or mixed ones
                return [neuron.forward(xs) for neuron in neurons]
        # the nodes Neuron.forward makes, made together: xs' numbers are read once
        return fused_nodes.layer([n.w for n in neurons], [n.b for n in neurons], xs, op)

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        """The layer on one sample of plain numbers, building no graph: ``nout`` floats."""
        xs = as_floats(x, self.nin, "Layer")
        return [neuron.forward_float(xs) for neuron in self.neurons]

    def describe(self) -> str:
        """``nin=2, nout=16, activation=relu``: the layer's shape, for its repr and messages."""
        return f"nin={self.nin}, nout={self.nout}, activation={_shown(self.activation)}"

    def __repr__(self) -> str:
        return f"Layer({self.describe()})  # {self.num_parameters()} parameters"


def _shown(activation: Activation) -> str:
    """An activation as a repr shows it: its name, or ``custom:`` and a function's name."""
    if isinstance(activation, str):
        return activation
    return f"custom:{getattr(activation, '__name__', repr(activation))}"
