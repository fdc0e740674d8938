"""Module, Neuron, Layer, MLP: networks as nested lists of Values.

A neuron is ``act(w·x + b)``: a weighted sum of its inputs plus a bias, bent by an
activation.  A layer is a list of neurons that all read the same inputs; an MLP
(multi-layer perceptron) feeds each layer's outputs to the next.  Every weight and bias
is a ``Value``, so ``loss.backward()`` tells each one which way to move.

Everything is written out: ``named_parameters()`` lists a model's parameters
explicitly, in a fixed order (layer by layer, neuron by neuron, weights then bias), with
dotted names such as ``layers.1.neurons.3.w.0`` that are also each parameter's
``label``, so graph pictures show them.

Each model also runs on plain floats (``forward_floats``), building no graph at all:
the fast path for predictions and plots.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd import Value, dot
from autograd.fused import weighted_sum
from nn.activations import FUSED, Activation, resolve
from nn.base import Module, Sample, as_floats, as_values
from nn.init import check_init, initial_weights, make_rng

if TYPE_CHECKING:
    import graphviz

__all__ = ["MLP", "Layer", "Module", "Neuron"]


class Neuron(Module):
    """One neuron: ``act(w·x + b)``, computed as ONE graph node.

    The named activations (relu, tanh, sigmoid, leaky_relu) are applied inside the dot
    node itself (see ``nn.activations.FUSED``); ``linear`` is the dot node alone, and a
    custom activation function is a node of its own on top of the dot node.

    Args:
        nin: number of inputs (and of weights).
        activation: a name from ``nn.activations.ACTIVATIONS`` or a function Value -> Value.
        init: an initialization scheme from ``nn.init.INITS``.
        rng: the random generator to draw weights from (None: ``random.Random(0)``).
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
        self.nin = _check_size(nin, "Neuron nin")
        self.activation = activation
        self._resolve_activation()
        fan_out = _check_size(fan_out, "Neuron fan_out")
        weights = initial_weights(init, self.nin, fan_out, make_rng(rng=rng))
        self.w = [Value(v) for v in weights]
        self.b = Value(0.0)
        self._label_parameters()

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [(f"w.{k}", w) for k, w in enumerate(self.w)] + [("b", self.b)]

    def __getstate__(self) -> dict[str, Any]:
        # pickle and copy: keep the activation as given, not the functions and op it
        # resolves to (some are lambdas, which pickle cannot name); they are looked up
        # again on the way back.
        state = dict(self.__dict__)
        for resolved in ("activation_name", "_act", "_act_float", "_fused"):
            del state[resolved]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._resolve_activation()

    def _resolve_activation(self) -> None:
        """The activation's name, its functions on Values and floats, and its op if the
        neuron applies it inside its dot node (``nn.activations.FUSED``)."""
        self.activation_name, self._act, self._act_float = resolve(self.activation)
        named = isinstance(self.activation, str)
        self._fused = FUSED.get(self.activation_name) if named else None

    def __call__(self, x: Sample) -> Value:
        return self.forward(as_values(x, self.nin, "Neuron"))

    def forward(self, xs: Sequence[Value]) -> Value:
        """The neuron on inputs that are already Values of the right length (no checks)."""
        if self._fused is not None:  # the whole neuron in one node
            return dot(self.w, xs, self.b, self._fused)
        return self._act(dot(self.w, xs, self.b))  # linear (the dot alone), or custom

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        return [self.forward_float(as_floats(x, self.nin, "Neuron"))]

    def forward_float(self, xs: Sequence[float]) -> float:
        """The neuron on plain floats (no checks): dot's own forward, so the same bits."""
        return self._act_float(weighted_sum([w.data for w in self.w], xs, self.b.data))

    def describe(self) -> str:
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
        rng: the random generator (None: ``random.Random(0)``), shared by the neurons.
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: Activation = "relu",
        init: str = "uniform",
        rng: random.Random | None = None,
    ) -> None:
        self.nin = _check_size(nin, "Layer nin")
        self.nout = _check_size(nout, "Layer nout")
        self.activation = activation
        generator = make_rng(rng=rng)
        self.neurons = [Neuron(nin, activation, init, generator, nout) for _ in range(nout)]
        self.activation_name = self.neurons[0].activation_name
        self._label_parameters()

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [
            (f"neurons.{j}.{name}", p)
            for j, neuron in enumerate(self.neurons)
            for name, p in neuron.named_parameters()
        ]

    def __call__(self, x: Sample) -> list[Value]:
        return self.forward(as_values(x, self.nin, "Layer"))

    def forward(self, xs: Sequence[Value]) -> list[Value]:
        """The layer on inputs that are already Values (no checks)."""
        return [neuron.forward(xs) for neuron in self.neurons]

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        xs = as_floats(x, self.nin, "Layer")
        return [neuron.forward_float(xs) for neuron in self.neurons]

    def describe(self) -> str:
        return f"nin={self.nin}, nout={self.nout}, activation={_shown(self.activation)}"

    def __repr__(self) -> str:
        return f"Layer({self.describe()})  # {self.num_parameters()} parameters"


class MLP(Module):
    """A multi-layer perceptron: layers of neurons, each feeding the next.

    ``MLP(2, [16, 16, 1])`` is micrograd's moons classifier: 2 inputs, two hidden relu
    layers of 16, one linear output, weights from U(-1, 1), biases 0: 337 parameters.

    Args:
        nin: number of inputs per sample.
        nouts: the size of each layer, the last being the number of outputs.
        activation: for the hidden layers: a name, a function Value -> Value, or a list
            with one of those per hidden layer.
        output_activation: for the last layer (None: ``"linear"``, raw scores).
        init: ``"uniform"``, ``"xavier"``, ``"he"`` or ``"zeros"`` (see ``nn.init``).
        seed: seeds the weights (None and no rng: seed 0, so runs are reproducible).
        rng: a ``random.Random`` to draw the weights from instead of a seed.

    Raises:
        TypeError: if nouts is not a list (``MLP(2, 3)``; write ``MLP(2, [3])``).
        ValueError: for bad sizes, unknown activations or init schemes, or seed with rng.
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: Activation | Sequence[Activation] = "relu",
        output_activation: Activation | None = None,
        init: str = "uniform",
        seed: int | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.nin = _check_size(nin, "MLP nin")
        if isinstance(nouts, str) or not isinstance(nouts, Sequence):
            hint = f": MLP({nin}, [{nouts}]) for a single layer" if isinstance(nouts, int) else ""
            raise TypeError(
                "MLP nouts must be a list of layer sizes, the last being the number of "
                f"outputs, e.g. [16, 16, 1]; got {type(nouts).__name__} {nouts!r}{hint}"
            )
        if not nouts:
            raise ValueError("MLP nouts must list at least one layer size, e.g. [16, 16, 1]")
        self.nouts = [_check_size(n, "MLP layer size") for n in nouts]
        self.init = check_init(init)
        hidden = _per_hidden_layer(activation, len(self.nouts) - 1)
        per_layer = [*hidden, "linear" if output_activation is None else output_activation]
        generator = make_rng(seed, rng)
        sizes = [self.nin, *self.nouts]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], per_layer[i], init, generator)
            for i in range(len(self.nouts))
        ]
        self.activations = [layer.activation_name for layer in self.layers]
        self._label_parameters()

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [
            (f"layers.{i}.{name}", p)
            for i, layer in enumerate(self.layers)
            for name, p in layer.named_parameters()
        ]

    def __call__(self, x: Sample) -> Value | list[Value]:
        """The network on one sample: a Value if there is one output, else a list."""
        values: list[Value] = as_values(x, self.nin, "MLP")
        for layer in self.layers:
            values = layer.forward(values)
        return values[0] if len(values) == 1 else values

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        values: list[float] = as_floats(x, self.nin, "MLP")
        for layer in self.layers:
            values = [neuron.forward_float(values) for neuron in layer.neurons]
        return values

    def forward_floats_batch(self, X: Sequence[Sequence[float]]) -> list[list[float]]:
        """``forward_floats`` on many samples already checked, reading each weight once.

        The same numbers as ``forward_floats`` sample by sample: ``fit`` scores the
        whole training set after every epoch, and reading 337 weights again for each
        sample would cost about as much as the sums themselves.
        """
        layers = [
            [([w.data for w in n.w], n.b.data, n._act_float) for n in layer.neurons]
            for layer in self.layers
        ]
        rows = []
        for x in X:
            values = x
            for neurons in layers:
                values = [act(weighted_sum(ws, values, b)) for ws, b, act in neurons]
            rows.append(list(values))
        return rows

    def describe(self) -> str:
        return " -> ".join(str(n) for n in [self.nin, *self.nouts])

    def __repr__(self) -> str:
        lines = [f"  (layers.{i}): {layer!r}" for i, layer in enumerate(self.layers)]
        body = "\n".join(lines)
        return f"MLP(\n{body}\n)  # {self.num_parameters()} parameters, init={self.init!r}"

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save the architecture and weights as JSON (see ``nn.io.save``)."""
        from nn.io import save

        save(self, path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> MLP:
        """Load a model saved by ``save`` (see ``nn.io.load``)."""
        from nn.io import load

        return load(path)

    def diagram(self, **kw: Any) -> graphviz.Digraph:
        """A picture of the network's neurons and connections (see ``nn.diagram``)."""
        from nn.diagram import draw_network

        return draw_network(self, **kw)


# --- checks shared by the models ---------------------------------------------------------


def _check_size(n: object, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{what} must be a whole number >= 1, got {n!r}")
    return n


def _per_hidden_layer(
    activation: Activation | Sequence[Activation], hidden: int
) -> list[Activation]:
    if isinstance(activation, str) or callable(activation):
        return [activation] * hidden
    if isinstance(activation, Sequence) and len(activation) == hidden:
        return list(activation)
    raise ValueError(
        f"MLP activation must be one activation for all {hidden} hidden layers or a list "
        f"of {hidden} (one per hidden layer), got {activation!r}"
    )


def _shown(activation: Activation) -> str:
    if isinstance(activation, str):
        return activation
    return f"custom:{getattr(activation, '__name__', repr(activation))}"
