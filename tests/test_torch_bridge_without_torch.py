"""What nn.torch_bridge does without PyTorch: name the parameters, and say how to install it.

These run everywhere; the parity tests in ``test_torch_bridge.py`` need PyTorch itself.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import nn
from nn.torch_bridge import torch_name


def test_torch_name_maps_pigrad_names_to_state_dict_entries() -> None:
    assert torch_name("layers.1.neurons.3.w.0") == "2.weight[3, 0]"
    assert torch_name("layers.0.neurons.2.b") == "0.bias[2]"
    assert torch_name("layers.12.neurons.10.w.7") == "24.weight[10, 7]"
    for bad in ["layers.1.neurons.3", "2.weight", "layers.1.neurons.3.w.x", ""]:
        with pytest.raises(ValueError, match="not an MLP parameter name"):
            torch_name(bad)


def test_without_torch_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import torch` raise ImportError, as if it were absent.
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ImportError, match=r"to_torch needs PyTorch.*pip install 'pigrad\[torch\]'"):
        nn.to_torch(nn.MLP(2, [3, 1]))
    with pytest.raises(ImportError, match=r"from_torch needs PyTorch.*pigrad\[torch\]"):
        nn.from_torch(object())  # type: ignore[arg-type]


def test_make_demo_skips_outgrow_without_torch_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    demos = Path(__file__).resolve().parent.parent / "demos"
    monkeypatch.syspath_prepend(str(demos))  # run_all imports its neighbour common.py
    spec = importlib.util.spec_from_file_location("test_run_all_no_torch", demos / "run_all.py")
    assert spec is not None and spec.loader is not None
    run_all = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_all)
    monkeypatch.setitem(sys.modules, "torch", None)  # find_spec then finds no torch
    seconds = run_all.main(["outgrow", "--out", str(tmp_path)])
    assert seconds == {}
    assert "(skipped: it needs torch; pip install 'pigrad[torch]')" in capsys.readouterr().out
