"""Module: what every model has, whatever its shape.

A model is a set of named parameters (Values).  ``Module`` gives every model the same
handling of them: listing them, zeroing their gradients, and reading or writing all
their numbers at once as a plain dict (``state_dict`` / ``load_state_dict``), which is
what saving, loading and "restore the last good weights" are built on.  The concrete
models (``Neuron``, ``Layer``, ``MLP`` in ``nn.module``) write out which parameters they
have; nothing is discovered by magic.

Every model also reads its input the same way: ``as_values`` and ``as_floats`` check one
sample and say clearly what is wrong with a bad one (``plural`` keeps those messages
grammatical: "1 input", "2 inputs").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from autograd import Value
from nn.scalars import is_real, plain

Sample = Sequence[Value | float] | Value | float
"""One input sample: a list of numbers or Values (a bare number when there is one input)."""


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


# --- reading one sample -------------------------------------------------------------------


def plural(n: int, noun: str) -> str:
    """``n`` and ``noun`` in the right number: "1 value", "0 values", "2 values"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _sample_list(x: object, nin: int, who: str) -> Sequence[object]:
    if type(x) is not list:  # (a list, the usual sample, needs neither check)
        x = plain(x)  # a numpy array becomes a list
        if nin == 1 and (isinstance(x, Value) or is_real(x)):
            return [x]  # a bare number is a one-input sample
    if isinstance(x, str | bytes) or not isinstance(x, Sequence):
        raise TypeError(
            f"{who} expects a sample as a list of {plural(nin, 'number')}, "
            f"got {type(x).__name__}: {x!r}"
        )
    if len(x) and isinstance(x[0], Sequence) and not isinstance(x[0], str | bytes):
        # The commonest slip: the whole data set X where one sample x was meant.
        raise TypeError(
            f"{who} takes one sample (a list of {plural(nin, 'number')}) at a time, got a "
            f"list of {plural(len(x), 'list')}, which looks like a whole data set: use "
            "[model(x) for x in X], or nn.predict(model, X) for plain numbers"
        )
    if len(x) != nin:
        raise ValueError(f"{who} expects {plural(nin, 'input')} per sample, got {len(x)}")
    return x


def _not_a_number(who: str, k: int, v: object) -> TypeError:
    return TypeError(f"{who} input {k} must be a number, got {type(v).__name__}: {v!r}")


def as_values(x: Sample, nin: int, who: str) -> list[Value]:
    """One sample as Values, checked for the model ``who`` with ``nin`` inputs.

    Plain numbers are wrapped ONCE here, so every neuron of the first layer reads the
    same input Values (a graph with one leaf per input, not one per neuron).

    Raises:
        TypeError: for a sample that is not a list of numbers (or a whole data set).
        ValueError: for a sample of the wrong length.
    """
    values = []
    for k, v in enumerate(_sample_list(x, nin, who)):
        if isinstance(v, Value):
            values.append(v)
        elif type(v) is float or is_real(v):  # (the first test only saves time)
            values.append(Value(float(v), f"x{k}"))
        else:
            raise _not_a_number(who, k, v)
    return values


def as_floats(x: Sample, nin: int, who: str) -> list[float]:
    """One sample as plain floats, checked like ``as_values`` (Values are refused: this
    path builds no graph)."""
    floats = []
    for k, v in enumerate(_sample_list(x, nin, who)):
        if type(v) is not float and not is_real(v):  # (the first test only saves time)
            raise _not_a_number(who, k, v)
        floats.append(float(v))
    return floats
