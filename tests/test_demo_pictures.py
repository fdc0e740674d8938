"""The demos' pictures draw what was measured and say what the printed text says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

DEMOS_DIR = Path(__file__).resolve().parent.parent / "demos"


def load(name: str) -> ModuleType:
    if str(DEMOS_DIR) not in sys.path:
        sys.path.insert(0, str(DEMOS_DIR))
    spec = importlib.util.spec_from_file_location(f"pictures_{name}", DEMOS_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_learning_rate_picture_draws_only_measured_losses_and_agrees_with_the_text(
    tmp_path: Path,
) -> None:
    module = load("learning_rate")
    result = module.main(["--out", str(tmp_path), "--quick"])
    histories = result["histories"]
    fig = module.plot(histories, tmp_path / "again.png")
    ax = fig.axes[0]
    measured = {loss for h in histories.values() for loss in h.train_loss}
    lines = ax.get_lines()
    assert lines
    for line in lines:  # no made-up point (such as a cross at 1e6 for "then inf")
        assert len(line.get_ydata()) >= 1
        assert set(map(float, line.get_ydata())) <= measured, line.get_label()
    # every legend entry is a curve with points on the plot, one per run
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [line.get_label() for line in lines] and len(legend) == len(histories)
    # the diverged run's note is its printed message's own first sentence
    (diverged,) = [h for h in histories.values() if h.diverged]
    notes = [" ".join(text.get_text().split()) for text in ax.texts]
    first_sentence = diverged.message.split(". ")[0]
    assert any(note.startswith(first_sentence) for note in notes), notes
    assert not any("inf" in note.split() for note in notes)
