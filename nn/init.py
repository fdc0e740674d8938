"""Initialization schemes: the numbers a network starts from, before any training.

Training only nudges weights; where they start decides a lot.  All neurons starting
equal (``"zeros"``) get equal gradients, so they stay equal forever: the symmetry never
breaks and a layer of 16 neurons learns what one would.  Random starts break it; the
size of the random numbers matters too, because every layer multiplies the signal
by its weights: too big and outputs explode, too small and they fade.

* ``uniform``: each weight from U(-1, 1), bias 0 (micrograd's choice).
* ``xavier`` (Glorot uniform): U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), bias 0;
  keeps the signal's size steady through tanh / sigmoid layers.
* ``he`` (Kaiming *normal*): Normal(0, std = sqrt(2 / fan_in)), bias 0; the factor 2
  makes up for relu zeroing half of its inputs.
* ``zeros``: every weight and bias 0 (for showing why random starts are needed).

Every model draws its numbers from a ``random.Random``: a new one seeded with the
``seed=`` you pass, the ``rng=`` you pass, or, with neither, the module's own default
generator.  That generator is seeded (with 0) when ``nn`` is imported, so a script
builds the same networks every time it runs, and each model built takes the next
numbers from it, so two ``Neuron(3)`` built one after the other differ (twin neurons
would get equal gradients and stay twins).  ``nn.manual_seed(n)`` starts it again
from seed ``n``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from nn.scalars import whole_number

InitFn = Callable[[int, int, random.Random], list[float]]

DEFAULT_SEED = 0
"""The seed the default generator starts from when ``nn`` is imported."""

_default_rng = random.Random(DEFAULT_SEED)
"""Where models built without ``seed=`` or ``rng=`` draw their numbers from."""


def manual_seed(seed: int) -> None:
    """Start the default generator again from ``seed`` (as PyTorch's ``torch.manual_seed``).

    Models built afterwards without ``seed=`` or ``rng=`` draw from it, so
    ``nn.manual_seed(1); a = nn.MLP(2, [3])`` gives the same ``a`` every time.

    Raises:
        TypeError: if seed is not an int.
    """
    whole = whole_number(seed)  # an int, or a numpy integer
    if whole is None:
        raise TypeError(f"manual_seed needs an int, got {type(seed).__name__}: {seed!r}")
    _default_rng.seed(whole)


def _uniform(fan_in: int, fan_out: int, rng: random.Random) -> list[float]:
    return [rng.uniform(-1.0, 1.0) for _ in range(fan_in)]


def _xavier(fan_in: int, fan_out: int, rng: random.Random) -> list[float]:
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return [rng.uniform(-limit, limit) for _ in range(fan_in)]


def _he(fan_in: int, fan_out: int, rng: random.Random) -> list[float]:
    std = math.sqrt(2.0 / fan_in)
    return [rng.gauss(0.0, std) for _ in range(fan_in)]


def _zeros(fan_in: int, fan_out: int, rng: random.Random) -> list[float]:
    return [0.0] * fan_in


INITS: dict[str, InitFn] = {
    "uniform": _uniform,
    "xavier": _xavier,
    "he": _he,
    "zeros": _zeros,
}
"""Every scheme by name: (fan_in, fan_out, rng) -> one neuron's starting weights."""


def check_init(init: object) -> str:
    """Return ``init`` if it names a scheme, else raise a ValueError listing the names.

    Raises:
        ValueError: for an unknown scheme (or a value that is not a str).
    """
    if not isinstance(init, str) or init not in INITS:
        raise ValueError(f"unknown init scheme {init!r}; use one of {', '.join(INITS)}")
    return init


def initial_weights(init: str, fan_in: int, fan_out: int, rng: random.Random) -> list[float]:
    """One neuron's starting weights (its bias always starts at 0).

    Args:
        init: the scheme's name (see ``INITS``).
        fan_in: the neuron's number of inputs (= number of weights).
        fan_out: the number of neurons in its layer (only ``xavier`` uses it).
        rng: where the random numbers come from.

    Returns:
        ``fan_in`` floats.

    Raises:
        ValueError: for an unknown scheme.
    """
    return INITS[check_init(init)](fan_in, fan_out, rng)


def make_rng(seed: int | None = None, rng: random.Random | None = None) -> random.Random:
    """The random number generator a model draws from.

    Args:
        seed: an int for a generator of its own; ``None`` (with no ``rng``) means the
            default generator, which ``manual_seed`` resets.
        rng: an existing generator to draw from (it advances as weights are drawn).

    Returns:
        ``rng`` itself, a new ``random.Random(seed)``, or the default generator.

    Raises:
        ValueError: if both a seed and an rng are given.
        TypeError: if seed is not an int or rng is not a ``random.Random``.
    """
    if rng is not None:
        if seed is not None:
            raise ValueError("pass either seed or rng, not both")
        if not isinstance(rng, random.Random):
            raise TypeError(f"rng must be a random.Random, got {type(rng).__name__}: {rng!r}")
        return rng
    if seed is None:
        return _default_rng
    whole = whole_number(seed)  # an int, or a numpy integer
    if whole is None:
        raise TypeError(f"seed must be an int, got {type(seed).__name__}: {seed!r}")
    return random.Random(whole)
