"""What nn.torch_bridge does without PyTorch: name the parameters, and say how to install it.

These run everywhere; the parity tests in ``test_torch_bridge.py`` need PyTorch itself.
"""

from __future__ import annotations

import sys

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
