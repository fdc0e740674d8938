"""Module: what every model has, whatever its shape.

A model is a set of named parameters (Values).  ``Module`` gives every model the same
handling of them: listing them, zeroing their gradients, and reading or writing all
their numbers at once as a plain dict (``state_dict`` / ``load_state_dict``), which is
what saving, loading and "restore the last good weights" are built on.  The concrete
models (``Neuron`` and ``Layer`` in ``nn.layer``, ``MLP`` in ``nn.mlp``) write out which
parameters they have; nothing is discovered by magic.  How a model reads one sample is
in ``nn.samples``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from autograd import Value


class Module:
    """What every model has: named parameters, their gradients, and a saved state.

    Subclasses write out ``named_parameters`` and ``forward_floats``.
    """

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter with its dotted name, in a fixed order."""
        raise NotImplementedError

    def forward_floats(self, x: Sequence[float]) -> list[float]:
        """The forward pass on plain floats, building no graph; a list of outputs."""
        raise NotImplementedError

    def parameters(self) -> list[Value]:
        """Every parameter (weights and biases), in the order of ``named_parameters``."""
        return [p for _, p in self.named_parameters()]

    def num_parameters(self) -> int:
        """How many numbers training adjusts."""
        return len(self.named_parameters())

    def zero_grad(self) -> None:
        """Set every parameter's gradient back to 0 (gradients add up across backward calls)."""
        for p in self.parameters():
            p.grad = 0.0

    def state_dict(self) -> dict[str, float]:
        """Every parameter's current number, by name (a plain dict, easy to save)."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, float]) -> None:
        """Set every parameter from ``state`` (as made by ``state_dict``).

        Nothing is changed unless the whole state fits.

        Args:
            state: one finite number per parameter name, no more and no fewer.

        Raises:
            ValueError: if names are missing or unexpected, or a number is not finite.
            TypeError: if state is not a mapping or a value is not a number.
        """
        if not isinstance(state, Mapping):
            raise TypeError(f"state must be a dict of name -> number, got {type(state).__name__}")
        named = self.named_parameters()
        names = [name for name, _ in named]
        missing = [name for name in names if name not in state]
        known = set(names)
        extra = [str(key) for key in state if key not in known]
        if missing or extra:
            problems = []
            if missing:
                problems.append(f"missing {len(missing)} ({_first(missing)})")
            if extra:
                problems.append(f"unexpected {len(extra)} ({_first(extra)})")
            raise ValueError(
                f"the weights do not fit {type(self).__name__} {self.describe()}: expected "
                f"{len(names)} named weights, got {len(state)}; " + "; ".join(problems)
            )
        for name in names:
            value = state[name]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(
                    f"weight {name!r} must be a number, got {type(value).__name__}: {value!r}"
                )
            if not _is_finite(value):
                raise ValueError(f"weight {name!r} must be a finite number, got {value!r:.40}")
        for name, p in named:
            p.data = float(state[name])

    def describe(self) -> str:
        """A one-line summary of the architecture, used in reprs and error messages."""
        return ""

    def _label_parameters(self) -> None:
        # Each parameter's label is its full dotted name (a parent module relabels its
        # children's parameters with its own prefix when it is built).
        for name, p in self.named_parameters():
            p.label = name


def _is_finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large to be a float (a corrupt file can hold one)
        return False


def _first(names: list[str], count: int = 3) -> str:
    shown = ", ".join(repr(n) for n in names[:count])
    return shown + (", ..." if len(names) > count else "")
