"""nn: neural networks built on autograd (neurons, layers, losses, optimizers, training).

    >>> import nn
    >>> model = nn.MLP(2, [16, 16, 1], seed=0)   # micrograd's moons classifier
    >>> model.num_parameters()
    337

Like ``autograd``, this package imports only the Python standard library.
"""

from nn.activations import ACTIVATIONS
from nn.diagram import draw_network
from nn.init import INITS
from nn.io import load, save
from nn.losses import LOSSES, binary_cross_entropy, cross_entropy, hinge, l2, mse
from nn.module import MLP, Layer, Module, Neuron
from nn.optim import SGD, Adam, Optimizer
from nn.plot import plot_activations, plot_decision_boundary, plot_fit, plot_history
from nn.schedules import Constant, Cosine, Exponential, LinearDecay, StepDecay

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "LOSSES",
    "MLP",
    "SGD",
    "Adam",
    "Constant",
    "Cosine",
    "Exponential",
    "Layer",
    "LinearDecay",
    "Module",
    "Neuron",
    "Optimizer",
    "StepDecay",
    "binary_cross_entropy",
    "cross_entropy",
    "draw_network",
    "hinge",
    "l2",
    "load",
    "mse",
    "plot_activations",
    "plot_decision_boundary",
    "plot_fit",
    "plot_history",
    "save",
]
