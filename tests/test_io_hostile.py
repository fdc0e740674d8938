"""nn.load against crafted files, and nn.save through symbolic links.

The rules guarded: a model file gets the documented ``ValueError`` for any bad content
(never IndexError, RecursionError, OverflowError), its sizes are checked against the
weights it holds before anything is allocated, and saving through a link replaces the
file the link points to.
"""

from __future__ import annotations

import json
import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import nn
from nn import io

Document = dict[str, Any]


def good_document() -> Document:
    return io.to_document(nn.MLP(2, [3, 1], seed=1))


def write(tmp_path: Path, content: Document | str) -> Path:
    path = tmp_path / "model.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def changed(change: Callable[[Document], object]) -> Document:
    document = good_document()
    change(document)
    return document


HOSTILE: list[tuple[str, Document | str, str]] = [
    (
        "empty-nouts",  # was IndexError
        changed(lambda d: d["architecture"].update(nouts=[], activations=[])),
        "'nouts' is empty",
    ),
    ("version-true", changed(lambda d: d.update(version=True)), "version True is not supported"),
    ("version-float", changed(lambda d: d.update(version=1.0)), "version 1.0 is not supported"),
    (
        "nin-huge",  # was OverflowError
        changed(lambda d: d["architecture"].update(nin=10**400)),
        r"~10\^400 parameters, over the 10,000,000",
    ),
    (
        "nin-billion",  # was killed for memory
        changed(lambda d: d["architecture"].update(nin=10**9)),
        "over the 10,000,000 a model file may describe",
    ),
    (
        "nouts-million",  # took a minute and 2 GB
        changed(lambda d: d["architecture"].update(nouts=[1_000_000, 1])),
        r"expected 4000001 named weights, got 13; missing 3999988",
    ),
    (
        "nouts-bool",
        changed(lambda d: d["architecture"].update(nouts=[True, 1])),
        r"nouts\[0\] must be a whole number >= 1, got True",
    ),
    (
        "nouts-float",
        changed(lambda d: d["architecture"].update(nouts=[3.0, 1])),
        r"nouts\[0\] must be a whole number >= 1, got 3.0",
    ),
    ("nin-zero", changed(lambda d: d["architecture"].update(nin=0)), "'nin' must be >= 1"),
    (
        "activation-list",  # an unhashable name
        changed(lambda d: d["architecture"].update(activations=[["relu"], "linear"])),
        r"unknown activation \['relu'\]",
    ),
    ("deep-lists", "[" * 100_000 + "]" * 100_000, "nested too deeply"),  # was RecursionError
    ("deep-objects", '{"a":' * 100_000 + "1" + "}" * 100_000, "nested too deeply"),
]


@pytest.mark.parametrize(("case", "content", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_gets_the_documented_value_error(
    tmp_path: Path, case: str, content: Document | str, message: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ValueError, match=message) as error:
        nn.load(path)
    assert str(error.value).startswith(f"cannot load model from {str(path)!r}: ")


def test_sizes_are_refused_before_anything_is_allocated(tmp_path: Path) -> None:
    path = write(tmp_path, changed(lambda d: d["architecture"].update(nouts=[200_000, 1])))
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="do not fit"):
            nn.load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # bytes: a model of 800,001 Values would take over 100 MB


def test_a_file_missing_a_few_weights_still_names_them(tmp_path: Path) -> None:
    path = write(tmp_path, changed(lambda d: d["weights"].pop("layers.1.neurons.0.w.2")))
    with pytest.raises(ValueError, match=r"missing 1 \('layers.1.neurons.0.w.2'\)"):
        nn.load(path)


# --- saving through symbolic links ------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_saving_through_a_link_writes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "models" / "real.json"
    real.parent.mkdir()
    nn.MLP(2, [3, 1], seed=1).save(real)
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    newer = nn.MLP(2, [3, 1], seed=2)
    newer.save(link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert nn.load(real).state_dict() == newer.state_dict()
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.json"]  # no temp left


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_saving_through_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "latest.json"
    link.symlink_to(tmp_path / "new.json")
    model = nn.MLP(2, [1], seed=3)
    model.save(link)
    assert link.is_symlink()
    assert nn.load(tmp_path / "new.json").state_dict() == model.state_dict()
