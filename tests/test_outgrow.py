"""demos/outgrow.py: the hand-over to PyTorch, 100x the data, N processes with DDP, and back.

Its ``main(argv)`` returns the numbers it printed; here it runs with ``--quick --workers 2``
(two local gloo processes), so ``make test`` runs PyTorch's distributed engine for real.
Without PyTorch the test skips, saying so.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

DEMOS_DIR = Path(__file__).resolve().parent.parent / "demos"

torch = pytest.importorskip(
    "torch",
    reason="PyTorch is not installed: demos/outgrow.py needs it (pip install -e '.[torch]')",
)


def load_demo() -> ModuleType:
    """Import demos/outgrow.py (demos is a folder of scripts, not a package)."""
    if str(DEMOS_DIR) not in sys.path:
        sys.path.insert(0, str(DEMOS_DIR))  # the demo imports its neighbour common.py
    spec = importlib.util.spec_from_file_location("test_demo_outgrow", DEMOS_DIR / "outgrow.py")
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    return demo


def test_outgrow_quick_with_two_workers(tmp_path: Path) -> None:
    threads = torch.get_num_threads()
    demo = load_demo()
    try:
        r: dict[str, Any] = demo.main(["--quick", "--workers", "2", "--out", str(tmp_path)])
    finally:
        torch.set_num_threads(threads)

    # Averaging two workers' gradients of equal shares IS the whole mini-batch's gradient.
    assert r["workers"] == 2 and r["batch"] == 2 * demo.PER_WORKER_BATCH
    assert r["ddp_max_param_diff"] <= 1e-10
    assert r["ddp_param_change"] > 0.01  # the parameters did move
    # The same numbers on both sides of the hand-over, both ways (scores of size ~10).
    assert r["handover_max_diff"] <= 1e-12
    assert r["return_max_diff"] <= 1e-12
    assert r["pigrad_accuracy"] >= 0.9
    assert r["torch_accuracy_after"] >= 0.9
    assert r["pigrad_samples_per_second"] > 0 and r["torch_samples_per_second"] > 0
    (picture,) = r["pictures"]
    assert Path(picture).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert (tmp_path / "outgrow_model.json").is_file()  # what torchrun's workers would load


def test_a_failing_worker_is_reported_with_its_output(tmp_path: Path) -> None:
    demo = load_demo()
    with pytest.raises(RuntimeError, match=r"(?s)worker 0 failed \(exit code 1\).*no-such-model"):
        demo.run_workers(1, tmp_path / "no-such-model.json", quick=True)
