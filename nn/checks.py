"""Input checks for data and training, so mistakes surface before any work is done.

Training a network on a bad table of numbers fails in confusing ways: a string deep in
a sample gives a ``TypeError`` from inside the engine after minutes of work, a NaN
turns every weight into NaN, a label of 2 for a two-class loss silently trains
nonsense.  The functions here look at the whole input first and raise a ``TypeError``
or ``ValueError`` that names the argument, the bad value, where it is and what is
allowed.  ``fit``, ``predict``, ``evaluate``, ``accuracy``, the models and the data
helpers all use them, and ``plural`` keeps every count in their messages grammatical
("1 value", "2 values").  Whether the targets suit a loss is checked in ``nn.targets``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from nn.scalars import is_real, plain, whole_number

Matrix = list[list[float]]
"""A table of samples: one row per sample, one float per feature."""


def plural(n: int, noun: str) -> str:
    """``n`` and ``noun`` in the right number: "1 value", "0 values", "2 values".

    Every count in nn's error messages goes through it, so they read as sentences.
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _describe(value: object) -> str:
    return f"{type(value).__name__}: {value!r}"


def check_number(name: str, value: object) -> float:
    """Return value as a float if it is a finite int or float (or numpy scalar number).

    Args:
        name: what the value is, for the error message (``"X[3][1]"``).
        value: the candidate.

    Returns:
        ``float(value)``.

    Raises:
        TypeError: for bools, strings, None and anything else that is not a number.
        ValueError: for NaN and infinities.
    """
    if not is_real(value):
        raise TypeError(f"{name} must be a number (int or float), got {_describe(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number!r}")
    return number


def check_positive_int(name: str, value: object) -> int:
    """Return value as an int if it is a whole number >= 1.

    Args:
        name: what the value is, for the error message (``"batch_size"``).
        value: the candidate: an int or a numpy integer (bools are refused).

    Returns:
        ``int(value)``.

    Raises:
        TypeError: if value is not a whole-number type.
        ValueError: if value is below 1.
    """
    whole = whole_number(value)
    if whole is None:
        raise TypeError(f"{name} must be an int >= 1, got {_describe(value)}")
    if whole < 1:
        raise ValueError(f"{name} must be >= 1, got {whole}")
    return whole


def check_size(n: object, what: str) -> int:
    """Return n as an int if it is a whole number >= 1: a model's inputs or a layer's size.

    Args:
        n: the candidate (an int or a numpy integer; bools are refused).
        what: what the size is, for the error message (``"MLP nin"``).

    Returns:
        ``int(n)``.

    Raises:
        ValueError: for anything else, a float such as 3.0 included.
    """
    whole = whole_number(n)  # an int, or a numpy integer
    if whole is None or whole < 1:
        raise ValueError(f"{what} must be a whole number >= 1, got {n!r}")
    return whole


def check_seed(seed: object) -> int:
    """Return seed as an int if it is a whole number, what ``random.Random`` is seeded with.

    Args:
        seed: the candidate: an int or a numpy integer.

    Returns:
        ``int(seed)``.

    Raises:
        TypeError: for anything else, bools included.
    """
    whole = whole_number(seed)
    if whole is None:
        raise TypeError(f"seed must be an int, got {_describe(seed)}")
    return whole


def check_fraction(name: str, value: object) -> float:
    """Return value if it is a number strictly between 0 and 1.

    Raises:
        TypeError: if value is not a number.
        ValueError: if value is not in (0, 1).
    """
    number = check_number(name, value)
    if not 0.0 < number < 1.0:
        raise ValueError(f"{name} must be between 0 and 1 (exclusive), got {number!r}")
    return number


def check_non_negative(name: str, value: object) -> float:
    """Return value if it is a finite number >= 0.

    Raises:
        TypeError: if value is not a number.
        ValueError: if value is negative.
    """
    number = check_number(name, value)
    if number < 0.0:
        raise ValueError(f"{name} must be >= 0, got {number!r}")
    return number


def check_matrix(
    name: str, rows: object, width: int | None = None, expected_by: str = "the model"
) -> Matrix:
    """Check a table of samples and return it as a list of lists of floats.

    Args:
        name: the argument's name (``"X"``).
        rows: a non-empty sequence of samples, each a non-empty sequence of numbers, all
            of the same length (a numpy array is read through its ``.tolist()``).
        width: the length every sample must have (the model's number of inputs), or
            None to only require that all samples agree.
        expected_by: who needs that width, for the error message.

    Returns:
        A fresh ``list[list[float]]`` (the caller's data is never modified).

    Raises:
        TypeError: if rows or a sample is not a sequence, or a value is not a number.
        ValueError: if there are no samples, samples differ in length, a sample has
            the wrong length, or a value is NaN or infinite.
    """
    rows = plain(rows)
    if isinstance(rows, str | bytes) or not isinstance(rows, Sequence):
        raise TypeError(
            f"{name} must be a list of samples (lists of numbers), got {_describe(rows)}"
        )
    if len(rows) == 0:
        raise ValueError(f"{name} is empty: it needs at least one sample")
    table: Matrix = []
    for i, row in enumerate(rows):
        row = plain(row)
        if isinstance(row, str | bytes) or not isinstance(row, Sequence):
            hint = ""
            if is_real(row):
                hint = f"; a sample of one number is still a list: {name} = [[v] for v in values]"
            raise TypeError(
                f"{name}[{i}] must be a sample (a list of numbers), got {_describe(row)}{hint}"
            )
        expected = width if width is not None else len(table[0]) if table else None
        if expected is not None and len(row) != expected:
            why = f"{expected_by} expects" if width is not None else f"{name}[0] has"
            raise ValueError(
                f"{name}[{i}] has {plural(len(row), 'value')} but {why} {expected}: "
                f"every sample needs {plural(expected, 'feature')}"
            )
        if len(row) == 0:
            raise ValueError(f"{name}[{i}] is an empty sample: it needs at least one feature")
        table.append([check_number(f"{name}[{i}][{j}]", v) for j, v in enumerate(row)])
    return table


def check_vector(name: str, values: object) -> list[float]:
    """Check a non-empty sequence of plain numbers (targets or labels).

    Raises:
        TypeError: if values is not a sequence or holds a non-number.
        ValueError: if it is empty or holds NaN or an infinity.
    """
    values = plain(values)
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a list of numbers, got {_describe(values)}")
    if len(values) == 0:
        raise ValueError(f"{name} is empty: it needs at least one value")
    return [check_number(f"{name}[{i}]", v) for i, v in enumerate(values)]


def check_model(model: object, who: str) -> None:
    """Raise TypeError unless model is something ``who`` can run: an nn model.

    Raises:
        TypeError: naming what was given (``fit(None, X, y)`` is the usual slip).
    """
    if not callable(getattr(model, "forward_floats", None)):
        raise TypeError(
            f"{who} needs a model to run (an nn.MLP, nn.Layer or nn.Neuron), got "
            f"{_describe(model):.80}"
        )


def check_same_length(x_name: str, xs: Sequence[object], y_name: str, ys: Sequence[object]) -> None:
    """Check that there is one target per sample.

    Args:
        x_name: the samples' argument name (``"X"``).
        xs: the samples, already checked to be a list.
        y_name: the targets' argument name (``"y"``).
        ys: the targets.

    Raises:
        TypeError: if ys is not a list at all.
        ValueError: if xs and ys differ in length.
    """
    if isinstance(ys, str | bytes) or not hasattr(ys, "__len__"):
        raise TypeError(
            f"{y_name} must be a list of targets, one per sample of {x_name}, got "
            f"{_describe(ys):.80}"
        )
    if len(xs) != len(ys):
        raise ValueError(
            f"{x_name} and {y_name} must have the same length (one target per sample), "
            f"got {plural(len(xs), 'sample')} and {plural(len(ys), 'target')}"
        )
