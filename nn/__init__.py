"""nn: neural networks built on autograd (neurons, layers, losses, optimizers, training).

    >>> import nn
    >>> model = nn.MLP(2, [16, 16, 1], seed=0)   # micrograd's moons classifier
    >>> model.num_parameters()
    337

Like ``autograd``, this package imports only the Python standard library.
"""

from nn.activations import ACTIVATIONS
from nn.init import INITS
from nn.io import load, save
from nn.module import MLP, Layer, Module, Neuron

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "MLP",
    "Layer",
    "Module",
    "Neuron",
    "load",
    "save",
]
