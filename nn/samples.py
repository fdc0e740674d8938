"""Reading one sample: what every model does with its input before any arithmetic.

A model takes ONE sample at a time, a list of ``nin`` numbers (a bare number when
``nin`` is 1, a numpy array too).  ``as_values`` and ``as_floats`` check that sample
and say clearly what is wrong with a bad one, naming the model: a whole data set
where one sample was meant, the wrong number of inputs, a string among the numbers.
``as_values`` gives the Values a graph is built from; ``as_floats`` gives plain floats
for the fast path that builds no graph.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Value
from nn.checks import plural
from nn.scalars import is_real, plain

Sample = Sequence[Value | float] | Value | float
"""One input sample: a list of numbers or Values (a bare number when there is one input)."""


def _sample_list(x: object, nin: int, who: str) -> Sequence[object]:
    """The sample as a sequence of ``nin`` items, not yet checked to be numbers.

    Raises:
        TypeError: for something that is not a list, or a list of lists (a data set).
        ValueError: for a list of the wrong length.
    """
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

    Args:
        x: the sample: a list of numbers or Values (a bare number for one input).
        nin: how many inputs the model takes.
        who: the model's name for error messages (``"MLP"``).

    Returns:
        One Value per input: the Values given, and a new leaf ``x0``, ``x1`` ... for
        each plain number.

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
    """One sample as plain floats, checked like ``as_values``.

    Values are refused: this is the path that builds no graph.

    Args:
        x: the sample: a list of numbers (a bare number for one input).
        nin: how many inputs the model takes.
        who: the model's name for error messages.

    Returns:
        The sample's numbers as floats.

    Raises:
        TypeError: for a sample that is not a list of plain numbers.
        ValueError: for a sample of the wrong length.
    """
    floats = []
    for k, v in enumerate(_sample_list(x, nin, who)):
        if type(v) is not float and not is_real(v):  # (the first test only saves time)
            raise _not_a_number(who, k, v)
        floats.append(float(v))
    return floats
