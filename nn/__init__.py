"""nn: neural networks built on autograd (neurons, layers, losses, optimizers, training).

    >>> import nn
    >>> model = nn.MLP(2, [16, 16, 1], seed=0)   # micrograd's moons classifier
    >>> model.num_parameters()
    337

Where to find what (every name below is also here, as ``nn.NAME``):

* ``nn.mlp``: ``MLP``; ``nn.layer``: ``Layer``, ``Neuron``; ``nn.module``: ``Module``,
  what every model has.  A model takes ONE sample, a list of numbers:
  ``model([x1, x2])``; ``[model(x) for x in X]`` runs a data set.
* ``nn.losses``: ``mse`` (numbers), ``hinge`` (labels -1/+1), ``binary_cross_entropy``
  (labels 0/1, raw scores), ``cross_entropy`` (class numbers); ``nn.targets``: what
  each allows; ``nn.penalties``: ``l1``, ``l2``.
* ``nn.optim``: ``SGD``, ``Adam``; ``nn.schedules``: learning rates that change.
* ``nn.train``: ``fit`` (the whole training loop), ``predict``, ``evaluate``,
  ``accuracy``; ``nn.probability``: ``softmax``, ``predict_proba``, ``predict_classes``.
* ``nn.manual_seed(n)``: restart the generator that models built without ``seed=``
  draw their weights from (seeded at import, so a script repeats exactly).
* ``nn.data``: the article's ``pig_sales``, ``xor``, ``moons`` and friends, ``to_pm1``,
  ``train_test_split``, ``Standardizer``.
* ``nn.io``: ``model.save(path)``, ``nn.load(path)``.
* Pictures: ``model.diagram()`` (the network), ``model.graph(x)`` (one sample's
  computation graph; ``expand_neurons=True`` shows each neuron's two steps),
  ``nn.plot`` (needs matplotlib).
* ``nn.torch_bridge``: ``to_torch(model)``, ``from_torch(module)``: the same network in
  PyTorch and back (needs PyTorch: ``pip install 'pigrad[torch]'``).

Like ``autograd``, this package imports only the Python standard library.
"""

from nn.activations import ACTIVATIONS
from nn.data import (
    Standardizer,
    batches,
    blobs,
    circles,
    moons,
    pig_sales,
    spirals,
    to_pm1,
    train_test_split,
    xor,
)
from nn.diagram import draw_network
from nn.init import INITS, manual_seed
from nn.io import load, save
from nn.layer import Layer, Neuron
from nn.losses import LOSSES, binary_cross_entropy, cross_entropy, hinge, mse
from nn.mlp import MLP
from nn.module import Module
from nn.optim import SGD, Adam, Optimizer
from nn.penalties import l1, l2
from nn.plot import plot_activations, plot_decision_boundary, plot_fit, plot_history
from nn.probability import predict_classes, predict_proba, softmax
from nn.schedules import Constant, Cosine, Exponential, LinearDecay, StepDecay
from nn.torch_bridge import from_torch, to_torch
from nn.train import History, accuracy, evaluate, fit, predict

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
    "History",
    "Layer",
    "LinearDecay",
    "Module",
    "Neuron",
    "Optimizer",
    "Standardizer",
    "StepDecay",
    "accuracy",
    "batches",
    "binary_cross_entropy",
    "blobs",
    "circles",
    "cross_entropy",
    "draw_network",
    "evaluate",
    "fit",
    "from_torch",
    "hinge",
    "l1",
    "l2",
    "load",
    "manual_seed",
    "moons",
    "mse",
    "pig_sales",
    "plot_activations",
    "plot_decision_boundary",
    "plot_fit",
    "plot_history",
    "predict",
    "predict_classes",
    "predict_proba",
    "save",
    "softmax",
    "spirals",
    "to_pm1",
    "to_torch",
    "train_test_split",
    "xor",
]
