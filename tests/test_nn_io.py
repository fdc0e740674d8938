"""nn.io: JSON save/load round trips, atomic writes, and a clear error for every bad file."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

import pytest

import autograd.files
import nn
import nn.io
from autograd import Value

SAMPLES = [[0.0, 0.0], [1.5, -2.0], [-0.3, 0.7], [10.0, 3.0]]


def saved(tmp_path: Path) -> tuple[nn.MLP, Path]:
    model = nn.MLP(2, [5, 4, 3], activation=["tanh", "leaky_relu"], output_activation="sigmoid")
    path = tmp_path / "model.json"
    model.save(path)
    return model, path


def test_round_trip_gives_identical_predictions(tmp_path: Path) -> None:
    model, path = saved(tmp_path)
    for loaded in (nn.load(path), nn.MLP.load(str(path))):
        assert loaded.nin == 2 and loaded.nouts == [5, 4, 3]
        assert loaded.activations == ["tanh", "leaky_relu", "sigmoid"]
        assert loaded.init == "uniform"
        assert loaded.state_dict() == model.state_dict()
        for x in SAMPLES:
            assert loaded.forward_floats(x) == model.forward_floats(x)
            a, b = loaded(x), model(x)
            assert isinstance(a, list) and isinstance(b, list)
            assert [v.data for v in a] == [v.data for v in b]


@pytest.mark.parametrize("activation", sorted(nn.ACTIVATIONS))
@pytest.mark.parametrize("nouts", [[1], [3, 1], [3, 2]], ids=["no-hidden", "one-out", "two-out"])
def test_every_activation_and_shape_loads_as_saved(
    tmp_path: Path, activation: str, nouts: list[int]
) -> None:
    model = nn.MLP(2, nouts, activation=activation, output_activation=activation, init="he")
    model.save(tmp_path / "m.json")
    loaded = nn.load(tmp_path / "m.json")
    assert loaded.activations == model.activations == [activation] * len(nouts)
    assert loaded.init == "he" and loaded.state_dict() == model.state_dict()
    for x in SAMPLES:
        assert loaded.forward_floats(x) == model.forward_floats(x)


def test_the_file_is_readable_json_with_a_format_version(tmp_path: Path) -> None:
    model, path = saved(tmp_path)
    document = json.loads(path.read_text())
    assert document["format"] == "pigrad-mlp" and document["version"] == nn.io.FORMAT_VERSION
    assert document["architecture"]["nouts"] == [5, 4, 3]
    assert document["weights"]["layers.2.neurons.1.b"] == 0.0
    assert len(document["weights"]) == model.num_parameters()


def test_a_crash_mid_save_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, path = saved(tmp_path)
    before = path.read_bytes()

    def fail(fd: int) -> None:  # the new bytes are in the temporary file, not yet swapped in
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(autograd.files.os, "fsync", fail)
    with pytest.raises(OSError, match="simulated"):
        nn.MLP(2, [5, 4, 3], seed=99).save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]


def test_a_custom_activation_cannot_be_saved(tmp_path: Path) -> None:
    model = nn.MLP(2, [3, 1], activation=lambda v: v * v)
    with pytest.raises(ValueError, match=r"layer 0 uses a custom activation.*must never run code"):
        model.save(tmp_path / "m.json")
    assert list(tmp_path.iterdir()) == []


def test_a_model_with_nan_weights_is_not_saved(tmp_path: Path) -> None:
    model = nn.MLP(2, [1])
    model.layers[0].neurons[0].b.data = float("nan")
    with pytest.raises(ValueError, match=r"weight 'layers\.0\.neurons\.0\.b' is nan"):
        model.save(tmp_path / "m.json")


def rewrite(path: Path, change: Any) -> None:
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


BAD_FILES = [
    ("truncated", None, "not valid JSON .* corrupt or was cut short"),
    ("empty", None, "the file is empty"),
    ("garbage", None, "not valid JSON"),
    ("list", None, "expected a JSON object, got list"),
    ("format", lambda d: d.update(format="keras"), "format is 'keras', not 'pigrad-mlp'"),
    ("version", lambda d: d.update(version=2), "format version 2 is not supported"),
    ("version-str", lambda d: d.update(version="1"), "format version '1' is not supported"),
    ("no-weights", lambda d: d.pop("weights"), "the document has no 'weights'"),
    ("no-nin", lambda d: d["architecture"].pop("nin"), "architecture has no 'nin'"),
    (
        "nin-str",
        lambda d: d["architecture"].update(nin="2"),
        "'nin' must be a whole number, got str",  # it said "must be a int"
    ),
    (
        "weights-list",
        lambda d: d.update(weights=[1.0]),
        "'weights' must be a JSON object, got list",
    ),
    (
        "missing-weight",
        lambda d: d["weights"].pop("layers.1.neurons.3.w.2"),
        r"expected 54 named weights, got 53; missing 1 \('layers.1.neurons.3.w.2'\)",
    ),
    (
        "extra-weight",
        lambda d: d["weights"].update({"layers.3.neurons.0.b": 1.0}),
        "unexpected 1",
    ),
    (
        "wrong-shape",
        lambda d: d["architecture"].update(nouts=[5, 5, 3]),
        "do not fit MLP 2 -> 5 -> 5 -> 3: expected 63 named weights, got 54; missing 9",
    ),
    (
        "activations",
        lambda d: d["architecture"].update(activations=["relu"]),
        "3 layers but 1 activations",
    ),
    (
        "activation-name",
        lambda d: d["architecture"]["activations"].__setitem__(0, "swish"),
        "unknown activation 'swish'",
    ),
    ("init", lambda d: d["architecture"].update(init="magic"), "unknown init 'magic'"),
    (
        "weight-str",
        lambda d: d["weights"].update({"layers.0.neurons.0.b": "0"}),
        "'layers.0.neurons.0.b' must be a number, got str",
    ),
    (
        "weight-bool",
        lambda d: d["weights"].update({"layers.0.neurons.0.b": True}),
        "must be a number, got bool",
    ),
    ("binary", None, "not a text file .byte 0 is not UTF-8.; the file is corrupt"),
    ("nan", None, "contains NaN, which is not a number a weight can have"),
    (
        "weight-huge-int",  # was a raw OverflowError: int too large to convert to float
        lambda d: d["weights"].update({"layers.0.neurons.0.b": 10**400}),
        "'layers.0.neurons.0.b' must be a finite number, got 1000",
    ),
    ("1e999", None, "'layers.0.neurons.0.w.0' must be a finite number, got inf"),
]


@pytest.mark.parametrize(("case", "change", "message"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_each_bad_file_gets_a_clear_error_naming_the_path(
    tmp_path: Path, case: str, change: Any, message: str
) -> None:
    _, path = saved(tmp_path)
    text = path.read_text()
    if case == "truncated":
        path.write_text(text[: len(text) // 2])
    elif case == "empty":
        path.write_text("")
    elif case == "garbage":
        path.write_bytes(b"\x00\x01PK not json")
    elif case == "binary":
        path.write_bytes(b"\xff\xfe\x00garbage")
    elif case == "list":
        path.write_text("[1, 2]")
    elif case in ("nan", "1e999"):  # JSON reads 1e999 as inf
        weight = "NaN" if case == "nan" else "1e999"
        path.write_text(re.sub(r'("layers.0.neurons.0.w.0": )[^,]+', rf"\g<1>{weight}", text))
    else:
        rewrite(path, change)
    with pytest.raises(ValueError, match=re.escape(f"cannot load model from {str(path)!r}: ")):
        nn.load(path)
    with pytest.raises(ValueError, match=message):
        nn.load(path)


def test_a_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "nope.json")


def test_saving_over_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    # Regression: the replacing file was created with the default permissions, so a
    # model kept private (rw for its owner only) became readable by others on re-save.
    path = tmp_path / "m.json"
    nn.MLP(1, [1], seed=1).save(path)
    path.chmod(0o640)  # not what any usual umask gives a new file (644, 664, 600)
    before = stat.S_IMODE(path.stat().st_mode)
    nn.MLP(1, [1], seed=2).save(path)
    assert stat.S_IMODE(path.stat().st_mode) == before
    assert nn.load(path).state_dict() == nn.MLP(1, [1], seed=2).state_dict()


def test_saving_into_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    # Regression: the error quoted the hidden temporary file's name instead.
    missing = tmp_path / "no such folder"
    with pytest.raises(FileNotFoundError, match=r"the folder '.*no such folder' does not exist"):
        nn.MLP(1, [1]).save(missing / "m.json")
    assert list(tmp_path.iterdir()) == []


def test_only_mlps_can_be_saved(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"only an nn\.MLP can be saved, got Layer"):
        nn.save(nn.Layer(2, 2), tmp_path / "m.json")  # type: ignore[arg-type]


def test_saving_twice_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    nn.MLP(1, [1], seed=1).save(path)
    second = nn.MLP(1, [1], seed=2)
    second.save(path)
    assert nn.load(path).state_dict() == second.state_dict()
    out = nn.load(path)(0.5)
    assert isinstance(out, Value)
