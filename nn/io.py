"""Saving and loading models as JSON: architecture plus weights, never code.

A saved model is a small, readable JSON document::

    {"format": "pigrad-mlp", "version": 1,
     "architecture": {"nin": 2, "nouts": [16, 16, 1],
                      "activations": ["relu", "relu", "linear"], "init": "uniform"},
     "weights": {"layers.0.neurons.0.w.0": 0.23, ...}}

Loading parses JSON and rebuilds the model from names, so it runs no code (unlike
``pickle``, which can run anything a file tells it to).  That is also why a model with a
custom activation function cannot be saved: a function is code.

Saving is atomic: the JSON goes to a temporary file in the same folder, is flushed to
the disk, given the old file's permissions, and only then renamed over the old file
(``os.replace``, a single step), so a crash in the middle of a save leaves the previous
file as it was.
"""

from __future__ import annotations

import json
import math
import os
from itertools import pairwise
from pathlib import Path
from typing import Any

from autograd.files import write_atomically
from nn.activations import ACTIVATIONS
from nn.init import INITS
from nn.mlp import MLP

FORMAT = "pigrad-mlp"
FORMAT_VERSION = 1
"""The version this code writes and reads; bumped when the layout changes."""

MAX_PARAMETERS = 10_000_000
"""The most parameters a file may describe.  A pure-Python network that size would take
minutes per training step; a file claiming more is corrupt or hostile, and building it
would exhaust the memory before its weights could be checked."""

MISSING_NAMED = 100
"""A file whose architecture needs more weights than it holds is refused before the model
is built, unless only this many or fewer are missing: then the model is built (its size
is bounded by the file's) so the error can name the missing weights."""

PathLike = str | os.PathLike[str]


def to_document(model: MLP) -> dict[str, Any]:
    """The JSON-ready description of a model (what ``save`` writes).

    Raises:
        TypeError: if model is not an MLP.
        ValueError: if a layer has a custom activation or a weight is not finite.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"only an nn.MLP can be saved, got {type(model).__name__}")
    for i, name in enumerate(model.activations):
        if name not in ACTIVATIONS:
            raise ValueError(
                f"cannot save this model: layer {i} uses a custom activation function "
                f"({model.layers[i].activation!r}); only named activations "
                f"({', '.join(sorted(ACTIVATIONS))}) can be saved, because loading a file "
                "must never run code"
            )
    weights = model.state_dict()
    for name, value in weights.items():
        if not math.isfinite(value):
            raise ValueError(f"cannot save this model: weight {name!r} is {value!r}")
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "architecture": {
            "nin": model.nin,
            "nouts": list(model.nouts),
            "activations": list(model.activations),
            "init": model.init,
        },
        "weights": weights,
    }


def save(model: MLP, path: PathLike) -> None:
    """Write ``model`` to ``path`` as JSON, atomically.

    Args:
        model: the MLP to save (named activations only).
        path: the file to write; its folder must exist.  A symbolic link is followed:
            the file it points to is replaced, and the link stays.

    Raises:
        TypeError, ValueError: see ``to_document``.
        FileNotFoundError: if the folder does not exist.
        OSError: if the file cannot be written (the old file, if any, is left intact).
    """
    document = to_document(model)
    # Saving through a symbolic link replaces the file it points to and keeps the link,
    # as open(path, "w") would: replacing the link itself would leave the old weights in
    # the file that everything else still reads.
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise FileNotFoundError(
            f"cannot save the model to {os.fspath(path)!r}: the folder "
            f"{os.fspath(target.parent)!r} does not exist (make it first, e.g. "
            "Path(folder).mkdir(parents=True))"
        )
    text = json.dumps(document, indent=1, allow_nan=False) + "\n"
    write_atomically(target, text.encode("utf-8"))


def load(path: PathLike) -> MLP:
    """Read a model written by ``save``.

    Args:
        path: the JSON file.

    Returns:
        The MLP, with the saved architecture and weights.

    Raises:
        FileNotFoundError: if there is no such file.
        ValueError: naming the path and the problem, for a file that is empty, not JSON
            (corrupt or truncated), of another format or version, or whose architecture
            or weights are missing, mistyped or do not fit together.
    """
    raw = Path(path).read_bytes()
    try:
        return from_document(_parse(_decode(raw)))
    except (ValueError, TypeError) as error:
        raise ValueError(f"cannot load model from {os.fspath(path)!r}: {error}") from error


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"not a text file (byte {error.start} is not UTF-8); the file is corrupt"
        ) from None


def _reject_constant(name: str) -> float:
    raise ValueError(f"the file contains {name}, which is not a number a weight can have")


def _parse(text: str) -> dict[str, Any]:
    if not text.strip():
        raise ValueError("the file is empty")
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            "the file is corrupt or was cut short"
        ) from None
    except RecursionError:  # the parser recurses once per [ or {
        raise ValueError(
            "lists or objects are nested too deeply to be a model file; the file is corrupt"
        ) from None
    if not isinstance(document, dict):
        raise ValueError(f"expected a JSON object, got {type(document).__name__}")
    return document


def from_document(document: dict[str, Any]) -> MLP:
    """Rebuild a model from its description (the inverse of ``to_document``).

    Raises:
        ValueError: if the description is not a pigrad model this version understands.
    """
    if document.get("format") != FORMAT:
        raise ValueError(
            f"not a pigrad model: format is {document.get('format')!r}, not {FORMAT!r}"
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != FORMAT_VERSION:
        raise ValueError(
            f"format version {version!r} is not supported; this pigrad reads version "
            f"{FORMAT_VERSION}"
        )
    arch = _field(document, "architecture", dict, "the document")
    nin = _field(arch, "nin", int, "architecture")
    nouts = _field(arch, "nouts", list, "architecture")
    activations = _field(arch, "activations", list, "architecture")
    init = _field(arch, "init", str, "architecture")
    weights = _field(document, "weights", dict, "the document")
    if not nouts:
        raise ValueError("architecture: 'nouts' is empty; a model has at least one layer")
    if len(activations) != len(nouts):
        raise ValueError(f"architecture has {len(nouts)} layers but {len(activations)} activations")
    _check_sizes(nin, nouts, len(weights))
    for name in activations:
        if not isinstance(name, str) or name not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {name!r} in architecture; "
                f"allowed: {', '.join(sorted(ACTIVATIONS))}"
            )
    if init not in INITS:
        raise ValueError(f"unknown init {init!r} in architecture; allowed: {', '.join(INITS)}")
    model = MLP(
        nin,
        nouts,
        activation=activations[:-1],
        output_activation=activations[-1],
        init="zeros",  # no random draws: every weight is overwritten just below
    )
    model.init = init
    model.load_state_dict(weights)
    return model


def _check_sizes(nin: int, nouts: list[Any], n_weights: int) -> None:
    """Check the layer sizes against each other, the cap and the weights the file holds.

    All before anything is allocated: a 158-byte file may claim a billion inputs.
    """
    for i, n in enumerate(nouts):
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"architecture: nouts[{i}] must be a whole number >= 1, got {n!r:.40}")
    if nin < 1:
        raise ValueError(f"architecture: 'nin' must be >= 1, got {nin!r:.40}")
    sizes = [nin, *nouts]
    needed = sum((fan_in + 1) * width for fan_in, width in pairwise(sizes))
    shape = " -> ".join(_count(n) for n in sizes)
    if needed > MAX_PARAMETERS:
        raise ValueError(
            f"the architecture {shape} has {_count(needed)} parameters, over the "
            f"{MAX_PARAMETERS:,} a model file may describe"
        )
    if needed > n_weights + MISSING_NAMED:
        raise ValueError(
            f"the weights do not fit MLP {shape}: expected {needed} named weights, got "
            f"{n_weights}; missing {needed - n_weights}"
        )


def _count(n: int) -> str:
    """A whole number for a message: its digits, or its size for a huge one.

    An int of thousands of digits cannot even be printed, let alone turned into a float.
    """
    return str(n) if n < 10**12 else f"~10^{int(n.bit_length() * math.log10(2))}"


_KIND_NAMES = {int: "a whole number", str: "a string", list: "a list", dict: "a JSON object"}
"""How each JSON field type is named in error messages."""


def _field(mapping: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in mapping:
        raise ValueError(f"{where} has no {key!r}")
    value = mapping[key]
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ValueError(
            f"{where}: {key!r} must be {_KIND_NAMES[kind]}, "
            f"got {type(value).__name__}: {value!r:.60}"
        )
    return value
