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
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd import Value, dot, fused, mark_parameters
from autograd.fused import weighted_sum
from nn.activations import FUSED, Activation, display_name, resolve
from nn.base import Module, Sample, as_floats, as_values
from nn.init import check_init, initial_weights, make_rng
from nn.scalars import plain, whole_number

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
        self.nin = _check_size(nin, "Neuron nin")
        self.activation = activation
        self._resolve_activation()
        fan_out = _check_size(fan_out, "Neuron fan_out")
        weights = initial_weights(init, self.nin, fan_out, make_rng(rng=rng))
        self.w = [Value(v) for v in weights]
        self.b = Value(0.0)
        self._label_parameters()
        mark_parameters(self.parameters())  # so graph pictures colour them as parameters

    def named_parameters(self) -> list[tuple[str, Value]]:
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
        """The activation's name, its functions on Values and floats, and its op if the
        neuron applies it inside its dot node (``nn.activations.FUSED``)."""
        self.activation_name, self._act, self._act_float = resolve(self.activation)
        named = isinstance(self.activation, str)
        self._fused = FUSED.get(self.activation_name) if named else None
        # the neuron is one dot node: with its activation inside, or linear (none)
        self._one_node = self._fused is not None or (named and self.activation_name == "linear")

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
        neurons = self.neurons
        op = neurons[0]._fused
        for n in neurons:
            if not n._one_node or n._fused is not op:  # a custom activation, or mixed ones
                return [neuron.forward(xs) for neuron in neurons]
        # the nodes Neuron.forward makes, made together: xs' numbers are read once
        return fused.layer([n.w for n in neurons], [n.b for n in neurons], xs, op)

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
        activation: for the hidden layers (None: ``"relu"``): a name, a function
            Value -> Value, or a list with one of those per hidden layer.  A model
            without hidden layers (``MLP(2, [1])``) has none to apply it to: use
            ``output_activation`` for its one layer.
        output_activation: for the last layer (None: ``"linear"``, raw scores).
        init: ``"uniform"``, ``"xavier"``, ``"he"`` or ``"zeros"`` (see ``nn.init``).
        seed: seeds the weights (None and no rng: drawn from the default generator,
            seeded at import and by ``nn.manual_seed``, so a script repeats exactly).
        rng: a ``random.Random`` to draw the weights from instead of a seed.

    Raises:
        TypeError: if nouts is not a list (``MLP(2, 3)``; write ``MLP(2, [3])``).
        ValueError: for bad sizes, unknown activations or init schemes, or seed with rng.

    Warns:
        UserWarning: for an ``activation`` given to a model without hidden layers (and
            no ``output_activation``): it would apply to nothing.
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: Activation | Sequence[Activation] | None = None,
        output_activation: Activation | None = None,
        init: str = "uniform",
        seed: int | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.nin = _check_size(nin, "MLP nin")
        given = plain(nouts)  # a numpy array of sizes becomes a list
        if isinstance(given, str) or not isinstance(given, Sequence):
            single = whole_number(given) is not None
            hint = f": MLP({nin}, [{given}]) for a single layer" if single else ""
            raise TypeError(
                "MLP nouts must be a list of layer sizes, the last being the number of "
                f"outputs, e.g. [16, 16, 1]; got {type(given).__name__} {given!r}{hint}"
            )
        if not given:
            raise ValueError("MLP nouts must list at least one layer size, e.g. [16, 16, 1]")
        self.nouts = [_check_size(n, "MLP layer size") for n in given]
        self.init = check_init(init)
        hidden = _per_hidden_layer(activation, len(self.nouts) - 1, output_activation)
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

    def graph(self, x: Sample, *, backward: bool = False, **options: Any) -> graphviz.Digraph:
        """The computation graph of ONE sample through the network: ``draw_graph(self(x))``.

        Every weight and bias is a yellow box, the sample's numbers blue, each neuron
        an operation; ``expand_neurons=True`` shows each neuron's two steps, the
        weighted sum and then the activation.  A network too big to draw whole is
        summarized (the Values nearest the output, see ``autograd.draw_graph``).

        Args:
            x: one sample (a list of ``nin`` numbers).
            backward: call ``backward()`` on the output first, so the picture shows
                every grad (it ADDS to the parameters' ``.grad``, as training does:
                ``model.zero_grad()`` afterwards if you go on training).  Needs one output.
            options: passed to ``autograd.draw_graph`` (``expand_neurons``,
                ``max_nodes``, ``summarize``, ``rankdir``, ``digits`` ...).

        Raises:
            TypeError, ValueError: for a bad sample or option; ValueError for
                ``backward=True`` on a model with several outputs.
        """
        from autograd import draw_graph

        out = self(x)
        if backward:
            if not isinstance(out, Value):
                raise ValueError(
                    f"backward=True needs one output, and this MLP has {len(out)}: call "
                    "backward() on the number you want the grads of, e.g. a loss, then "
                    "autograd.draw_graph(loss, params=model)"
                )
            out.backward()
        options.setdefault("summarize", True)
        return draw_graph(out, params=self, **options)

    def diagram(self, **kw: Any) -> graphviz.Digraph:
        """A picture of the network's neurons and connections (see ``nn.diagram``)."""
        from nn.diagram import draw_network

        return draw_network(self, **kw)


# --- checks shared by the models ---------------------------------------------------------


def _check_size(n: object, what: str) -> int:
    whole = whole_number(n)  # an int, or a numpy integer
    if whole is None or whole < 1:
        raise ValueError(f"{what} must be a whole number >= 1, got {n!r}")
    return whole


def _per_hidden_layer(
    activation: Activation | Sequence[Activation] | None,
    hidden: int,
    output_activation: Activation | None,
) -> list[Activation]:
    if activation is None:
        return ["relu"] * hidden
    if (
        hidden == 0
        and output_activation is None
        and (isinstance(activation, str) or callable(activation))
    ):
        # MLP(2, [1], activation="tanh") reads like a tanh neuron, but builds a linear one.
        shown = repr(activation) if isinstance(activation, str) else display_name(activation)
        warnings.warn(
            f"MLP: activation={shown} applies to the hidden layers, and this MLP has none "
            "(its one layer is the output layer, linear unless output_activation says "
            f"otherwise): for a {shown} output write output_activation={shown}",
            UserWarning,
            stacklevel=3,
        )
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
