"""MLP: a multi-layer perceptron, layers of neurons each feeding the next.

``MLP(2, [16, 16, 1])`` is micrograd's moons classifier: 2 inputs, two hidden layers of
16 relu neurons, one linear output.  Its layers are ``nn.layer.Layer``s; what every
model has (parameters, ``state_dict``) comes from ``nn.module.Module``.  Beyond running
a sample, an MLP saves and loads itself (``nn.io``) and draws its computation graph
(``graph``) and its network (``diagram``).
"""

from __future__ import annotations

import os
import random
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd import Value
from autograd.fused import weighted_sum
from nn.activations import Activation, display_name
from nn.checks import check_size
from nn.init import check_init, make_rng
from nn.layer import Layer
from nn.module import Module
from nn.samples import Sample, as_floats, as_values
from nn.scalars import plain, whole_number

if TYPE_CHECKING:
    import graphviz

__all__ = ["MLP"]


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
        self.nin = check_size(nin, "MLP nin")
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
        self.nouts = [check_size(n, "MLP layer size") for n in given]
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
        """Layer by layer, neuron by neuron, weights then bias: ``layers.1.neurons.3.w.0``."""
        return [
            (f"layers.{i}.{name}", p)
            for i, layer in enumerate(self.layers)
            for name, p in layer.named_parameters()
        ]

    def __call__(self, x: Sample) -> Value | list[Value]:
        """The network on one sample: a Value if there is one output, else a list.

        Args:
            x: one sample, ``nin`` numbers or Values (a bare number when nin is 1).

        Returns:
            The output Value, or a list of them for a model with several outputs; the
            graph behind them reaches every weight, so ``backward()`` fills their grads.

        Raises:
            TypeError, ValueError: for a sample that is not ``nin`` numbers (a whole
                data set included: ``[model(x) for x in X]`` runs one).
        """
        values: list[Value] = as_values(x, self.nin, "MLP")
        for layer in self.layers:
            values = layer.forward(values)
        return values[0] if len(values) == 1 else values

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        """The network on one sample of plain numbers, building no graph: a list of outputs.

        The same numbers as ``self(x)`` gives as Values, bit for bit, at a fraction of
        the cost: what ``predict``, ``evaluate`` and the plots use.
        """
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
        layers = [[n.float_parts() for n in layer.neurons] for layer in self.layers]
        rows = []
        for x in X:
            values = x
            for neurons in layers:
                values = [act(weighted_sum(ws, values, b)) for ws, b, act in neurons]
            rows.append(list(values))
        return rows

    def describe(self) -> str:
        """The layer sizes with arrows, ``2 -> 16 -> 16 -> 1``, for messages."""
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


def _per_hidden_layer(
    activation: Activation | Sequence[Activation] | None,
    hidden: int,
    output_activation: Activation | None,
) -> list[Activation]:
    """The activation of each of the ``hidden`` hidden layers, from MLP's ``activation``.

    Raises:
        ValueError: for a list whose length is not the number of hidden layers.
    """
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
