"""Where a model's starting weights come from: seed=, rng=, or the default generator that
nn.manual_seed restarts (seeded at import, so a script repeats exactly)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import nn

ROOT = Path(__file__).resolve().parent.parent


def weights(module: nn.Module) -> list[float]:
    return [p.data for p in module.parameters()]


def test_neurons_and_layers_built_one_after_the_other_differ() -> None:
    # Twin neurons get equal gradients and stay twins: hand-built layers must not get them.
    a, b = nn.Neuron(3), nn.Neuron(3)
    assert weights(a) != weights(b)
    assert weights(nn.Layer(3, 2)) != weights(nn.Layer(3, 2))
    layer = nn.Layer(3, 4)
    assert len({tuple(weights(n)) for n in layer.neurons}) == 4


def test_manual_seed_restarts_the_default_generator() -> None:
    nn.manual_seed(7)
    first = [weights(nn.Neuron(3)), nn.MLP(2, [4, 1]).state_dict()]
    nn.manual_seed(7)
    again = [weights(nn.Neuron(3)), nn.MLP(2, [4, 1]).state_dict()]
    assert first == again
    nn.manual_seed(7)  # the default generator draws what random.Random(7) draws
    assert nn.MLP(2, [4, 1]).state_dict() == nn.MLP(2, [4, 1], seed=7).state_dict()
    with pytest.raises(TypeError, match="manual_seed needs an int, got str"):
        nn.manual_seed("7")  # type: ignore[arg-type]


def test_seed_and_rng_ignore_the_default_generator() -> None:
    nn.manual_seed(1)
    nn.Neuron(5)  # moves the default generator on
    assert nn.MLP(2, [3, 1], seed=4).state_dict() == nn.MLP(2, [3, 1], seed=4).state_dict()
    rng_a, rng_b = random.Random(9), random.Random(9)
    assert weights(nn.Neuron(3, rng=rng_a)) == weights(nn.Neuron(3, rng=rng_b))
    assert weights(nn.Neuron(3, rng=rng_a)) != weights(nn.Neuron(3, rng=random.Random(9)))


def test_a_script_builds_the_same_unseeded_model_every_run() -> None:
    script = "import nn; print(nn.MLP(2, [3, 1]).state_dict(), nn.Neuron(2).w[0].data)"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    # at import the default generator starts from seed 0
    assert runs[0].stdout.startswith(str(nn.MLP(2, [3, 1], seed=0).state_dict()))
