"""nn: neural networks built on autograd (neurons, layers, losses, optimizers, training)."""
