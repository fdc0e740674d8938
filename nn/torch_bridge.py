"""The road out: a pigrad MLP as a PyTorch network, and a PyTorch network back as an MLP.

``to_torch(model)`` builds a ``torch.nn.Sequential`` that computes what the MLP computes,
in float64, with the same weights; ``from_torch(module)`` builds the MLP from such a
Sequential (float32 weights too: every float32 is exactly a float64).  So a model
trained here can keep training in PyTorch (on a GPU, on many machines), and a PyTorch
network can come back to be drawn and explained with pigrad's pictures.

How the parameters are named on each side::

    pigrad (model.state_dict())       PyTorch (module.state_dict())
    layers.i.neurons.j.w.k        ->  "{2i}.weight"[j, k]
    layers.i.neurons.j.b          ->  "{2i}.bias"[j]

    e.g. layers.1.neurons.3.w.0   ->  "2.weight"[3, 0]

Layer i of the MLP is module 2i of the Sequential, a ``Linear``, and module 2i + 1 is
its activation (an ``Identity`` for a linear hidden layer, so the rule holds for every
layer; a linear last layer, the usual raw scores, has nothing after it).  A neuron is a
ROW of the weight matrix: PyTorch stores ``weight`` as (outputs, inputs) and computes
``x @ weight.T + bias``, which is every neuron's ``w·x + b`` at once.
``torch_name(name)`` makes the translation.

PyTorch is optional (``pip install 'pigrad[torch]'``): it is imported inside these
functions, never when ``nn`` is imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from nn.activations import ACTIVATIONS, LEAKY_SLOPE
from nn.mlp import MLP

if TYPE_CHECKING:
    import torch

__all__ = ["SUPPORTED", "from_torch", "to_torch", "torch_name"]

SUPPORTED = "Linear, ReLU, Tanh, Sigmoid, LeakyReLU(negative_slope=0.01), Identity"
"""The PyTorch modules a pigrad MLP is made of (what ``from_torch`` accepts)."""

_NAME = re.compile(r"layers\.(\d+)\.neurons\.(\d+)\.(?:w\.(\d+)|b)")


def torch_name(name: str) -> str:
    """The PyTorch ``state_dict`` entry of a pigrad parameter name.

    >>> torch_name("layers.1.neurons.3.w.0")
    '2.weight[3, 0]'
    >>> torch_name("layers.0.neurons.2.b")
    '0.bias[2]'

    Raises:
        ValueError: if ``name`` is not an MLP parameter name.
    """
    match = _NAME.fullmatch(name)
    if match is None:
        raise ValueError(
            f"{name!r} is not an MLP parameter name; those look like layers.1.neurons.3.w.0 "
            "(a weight) or layers.1.neurons.3.b (a bias)"
        )
    layer, neuron, weight = match.groups()
    index = 2 * int(layer)
    if weight is None:
        return f"{index}.bias[{neuron}]"
    return f"{index}.weight[{neuron}, {weight}]"


def _import_torch(who: str) -> Any:
    """The ``torch`` module, or an ImportError that says how to install it."""
    try:
        import torch
    except ImportError as error:
        raise ImportError(
            f"{who} needs PyTorch, which is not installed here: pip install 'pigrad[torch]' "
            "(or pip install torch; https://pytorch.org lists CPU-only and GPU builds)"
        ) from error
    return torch


def _activation_modules(torch: Any) -> dict[str, Callable[[], Any]]:
    """Each named activation as a function making its PyTorch module."""
    nn = torch.nn
    return {
        "relu": nn.ReLU,
        "tanh": nn.Tanh,
        "sigmoid": nn.Sigmoid,
        "leaky_relu": lambda: nn.LeakyReLU(negative_slope=LEAKY_SLOPE),
        "linear": nn.Identity,
    }


def _activation_of(torch: Any, module: Any) -> str | None:
    """pigrad's name for a PyTorch activation module, or None if pigrad has no such one.

    Exact classes only: a subclass may compute something else in its ``forward``.
    """
    nn = torch.nn
    kind = type(module)
    if kind is nn.LeakyReLU:
        return "leaky_relu" if module.negative_slope == LEAKY_SLOPE else None
    names = {nn.ReLU: "relu", nn.Tanh: "tanh", nn.Sigmoid: "sigmoid", nn.Identity: "linear"}
    return names.get(kind)


def to_torch(model: MLP) -> torch.nn.Sequential:
    """The same network as a ``torch.nn.Sequential`` in float64, with the same weights.

    Args:
        model: an ``nn.MLP`` whose layers use named activations (relu, tanh, sigmoid,
            leaky_relu, linear).

    Returns:
        ``Sequential(Linear, activation, Linear, activation, ..., Linear[, activation])``
        (see the module docstring for how the names match).  Its outputs are the MLP's
        outputs; ``.float()`` makes a float32 copy if you want one.

    Raises:
        TypeError: if model is not an MLP.
        ValueError: if a layer uses a custom activation function.
        ImportError: if PyTorch is not installed.
    """
    if not isinstance(model, MLP):
        raise TypeError(
            f"to_torch needs an nn.MLP, got {type(model).__name__}; wrap a layer in an MLP "
            "(nn.MLP(nin, [nout], ...)) to hand it over"
        )
    for i, name in enumerate(model.activations):
        if name not in ACTIVATIONS:
            raise ValueError(
                f"to_torch cannot hand over layer {i} (layers.{i}): its activation is a "
                f"custom function, {model.layers[i].activation!r}; PyTorch gets the named "
                f"activations only: {', '.join(ACTIVATIONS)}"
            )
    torch = _import_torch("to_torch")
    make_activation = _activation_modules(torch)
    modules = []
    last = len(model.layers) - 1
    for i, layer in enumerate(model.layers):
        # skip_init: no random initial weights (and no draw from torch's random
        # generator): every number is overwritten just below.
        linear = torch.nn.utils.skip_init(
            torch.nn.Linear, layer.nin, layer.nout, dtype=torch.float64
        )
        weight = [[w.data for w in neuron.w] for neuron in layer.neurons]
        bias = [neuron.b.data for neuron in layer.neurons]
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(weight, dtype=torch.float64))
            linear.bias.copy_(torch.tensor(bias, dtype=torch.float64))
        modules.append(linear)
        if i < last or layer.activation_name != "linear":
            modules.append(make_activation[layer.activation_name]())
    return torch.nn.Sequential(*modules)


def from_torch(module: torch.nn.Sequential) -> MLP:
    """The pigrad MLP of a ``torch.nn.Sequential`` of Linear layers and activations.

    Each ``Linear`` becomes a layer; the activation module after it (if any) becomes
    that layer's activation, none meaning linear.  Weights are converted exactly
    (float32 and float64 alike), biases of a ``Linear(bias=False)`` start at 0.

    Args:
        module: a Sequential made of Linear, ReLU, Tanh, Sigmoid,
            LeakyReLU(negative_slope=0.01) and Identity modules, on any device.

    Returns:
        An ``nn.MLP`` that computes what the Sequential computes (to float64 rounding).

    Raises:
        TypeError: if module is not a ``torch.nn.Sequential``.
        ValueError: naming the module, for anything else in it (Dropout, BatchNorm, a
            custom activation, a LeakyReLU of another slope, two activations in a row,
            an activation before the first Linear, sizes that do not chain, weights that
            are not real floating-point numbers).
        ImportError: if PyTorch is not installed.
    """
    torch = _import_torch("from_torch")
    if not isinstance(module, torch.nn.Sequential):
        raise TypeError(
            "from_torch needs a torch.nn.Sequential of Linear layers and activations "
            f"({SUPPORTED}), got {type(module).__name__}"
        )
    linears: list[Any] = []
    activations: list[str] = []
    after_linear = False  # an activation may come only right after a Linear
    for index, child in module.named_children():
        where = f"module {index} of the Sequential, {child!r},"
        if type(child) is torch.nn.Linear:
            _check_linear(child, where, linears)
            linears.append(child)
            activations.append("linear")
            after_linear = True
            continue
        activation = _activation_of(torch, child)
        if activation is None:
            hint = ""
            if type(child) is torch.nn.LeakyReLU:
                hint = f" (pigrad's leaky_relu has slope {LEAKY_SLOPE})"
            raise ValueError(
                f"{where} is not part of a pigrad MLP{hint}; from_torch understands {SUPPORTED}"
            )
        if not linears:
            raise ValueError(
                f"{where} comes before any Linear layer; a pigrad MLP applies each "
                "activation to a layer's weighted sums"
            )
        if not after_linear:
            raise ValueError(
                f"{where} follows another activation; a pigrad neuron has one activation"
            )
        activations[-1] = activation
        after_linear = False
    if not linears:
        raise ValueError(
            f"from_torch found no Linear layer in the Sequential; it understands {SUPPORTED}"
        )
    model = MLP(
        linears[0].in_features,
        [linear.out_features for linear in linears],
        activation=activations[:-1],
        output_activation=activations[-1],
        init="zeros",  # no random draws: every weight is set just below
    )
    state: dict[str, float] = {}
    for i, linear in enumerate(linears):
        weight = linear.weight.detach().to(device="cpu", dtype=torch.float64).tolist()
        if linear.bias is None:
            bias = [0.0] * linear.out_features
        else:
            bias = linear.bias.detach().to(device="cpu", dtype=torch.float64).tolist()
        for j, row in enumerate(weight):
            for k, w in enumerate(row):
                state[f"layers.{i}.neurons.{j}.w.{k}"] = w
            state[f"layers.{i}.neurons.{j}.b"] = bias[j]
    model.load_state_dict(state)
    return model


def _check_linear(linear: Any, where: str, before: list[Any]) -> None:
    """A Linear that fits after the ones ``before`` it, with real floating-point weights."""
    if before and linear.in_features != before[-1].out_features:
        raise ValueError(
            f"{where} takes {linear.in_features} inputs, but the Linear before it gives "
            f"{before[-1].out_features} outputs"
        )
    dtype = linear.weight.dtype
    if not dtype.is_floating_point:
        raise ValueError(
            f"{where} has {dtype} weights; from_torch converts real floating-point weights "
            "(float32, float64, ...)"
        )
