"""nn.to_torch / nn.from_torch: the same network in PyTorch computes the same numbers.

Everything is compared in float64: each activation's outputs and derivatives and the four
losses (values and gradients) agree with PyTorch's to 1e-12; 20 steps of SGD with
momentum and of Adam leave the same parameters to 1e-10; a round trip is exact; anything
that is not part of a pigrad MLP is refused by name.

PyTorch is optional: without it this whole module skips, saying why (the dev extra
installs it on Python 3.11 only).  What works without it, the name mapping and the
install hint, is tested in ``test_torch_bridge_without_torch.py``.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

import nn
from autograd import Value
from nn.activations import ACTIVATIONS
from nn.torch_bridge import SUPPORTED, torch_name

NO_TORCH = (
    "PyTorch is not installed: the parity tests need it (pip install -e '.[torch]'; "
    "the dev extra installs it on Python 3.11 only)"
)
SAME = 1e-12  # outputs, gradients and losses, float64
SAME_AFTER_TRAINING = 1e-10  # parameters after 20 optimizer steps


torch = pytest.importorskip("torch", reason=NO_TORCH)
torch.set_num_threads(1)  # the machine is shared, and these tensors are tiny


def random_numbers(n: int, seed: int, low: float = -4.0, high: float = 4.0) -> list[float]:
    rng = random.Random(seed)
    return [rng.uniform(low, high) for _ in range(n)]


def torch_entries(module: Any, model: nn.MLP, what: str = "data") -> dict[str, float]:
    """Each pigrad parameter's number (``what="data"``) or gradient (``"grad"``) read
    from the PyTorch module, through ``torch_name``."""
    params = dict(module.named_parameters())
    entries = {}
    for name, _ in model.named_parameters():
        key, index = re.fullmatch(r"(\d+\.\w+)\[([\d, ]+)\]", torch_name(name)).groups()
        tensor = getattr(params[key], what)
        entries[name] = tensor[tuple(int(i) for i in index.split(", "))].item()
    return entries


def max_diff(a: dict[str, float], b: dict[str, float]) -> float:
    assert a.keys() == b.keys()
    return max(abs(a[k] - b[k]) for k in a)


# --- the same numbers -------------------------------------------------------------------


def torch_activation(name: str) -> Any:
    """PyTorch's module for each pigrad activation, written out independently of the bridge."""
    return {
        "relu": torch.nn.ReLU(),
        "tanh": torch.nn.Tanh(),
        "sigmoid": torch.nn.Sigmoid(),
        "leaky_relu": torch.nn.LeakyReLU(negative_slope=0.01),
        "linear": torch.nn.Identity(),
    }[name]


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_outputs_and_derivatives_match_pytorch(name: str) -> None:
    xs = [*random_numbers(200, seed=1, low=-6.0, high=6.0), 0.0]  # and the kink at 0
    on_value, on_float = ACTIVATIONS[name]
    outputs, slopes = [], []
    for x in xs:
        v = Value(x)
        out = on_value(v)
        out.backward()
        outputs.append(out.data)
        slopes.append(v.grad)
        assert on_float(x) == out.data
    t = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    t_out = torch_activation(name)(t)
    t_out.sum().backward()  # each output depends on its own input only: grad = slope
    assert max(abs(a - b) for a, b in zip(outputs, t_out.tolist())) <= SAME
    assert max(abs(a - b) for a, b in zip(slopes, t.grad.tolist())) <= SAME


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_network_outputs_and_gradients_match_pytorch(name: str) -> None:
    """Whole neurons (one fused node each in pigrad) through two hidden layers."""
    model = nn.MLP(3, [6, 5, 2], activation=name, output_activation=name, seed=2)
    module = nn.to_torch(model)
    X = [random_numbers(3, seed=10 + i) for i in range(8)]
    outputs = [model(x) for x in X]
    total = sum(o for row in outputs for o in row)  # type: ignore[union-attr]
    assert isinstance(total, Value)
    total.backward()
    t_out = module(torch.tensor(X, dtype=torch.float64))
    t_out.sum().backward()
    pigrad_out = [[o.data for o in row] for row in outputs]  # type: ignore[union-attr]
    assert max(abs(a - b) for r, s in zip(pigrad_out, t_out.tolist()) for a, b in zip(r, s)) <= SAME
    grads = {n: p.grad for n, p in model.named_parameters()}
    assert max_diff(grads, torch_entries(module, model, "grad")) <= SAME
    assert any(g != 0.0 for g in grads.values())


def loss_cases() -> dict[str, tuple[Any, Any, Any, Any]]:
    """name -> (pigrad scores, targets, PyTorch scores tensor, PyTorch loss function)."""
    F = torch.nn.functional
    rng = random.Random(3)
    n = 12
    rows2 = [random_numbers(2, seed=20 + i) for i in range(n)]
    rows3 = [random_numbers(3, seed=40 + i) for i in range(n)]
    scores = random_numbers(n, seed=5, low=-3.0, high=3.0)
    wide = [*random_numbers(n - 2, seed=6, low=-8.0, high=8.0), 40.0, -40.0]  # far tails too
    numbers = [random_numbers(2, seed=60 + i) for i in range(n)]
    pm1 = [rng.choice([-1, 1]) for _ in range(n)]
    bits = [rng.choice([0, 1]) for _ in range(n)]
    classes = [rng.randrange(3) for _ in range(n)]

    def tensor(data: Any) -> Any:
        return torch.tensor(data, dtype=torch.float64)

    return {
        "mse": (rows2, numbers, rows2, lambda s: F.mse_loss(s, tensor(numbers))),
        # PyTorch has no two-class hinge loss; this is max(0, 1 - y·s), averaged.
        "hinge": (scores, pm1, scores, lambda s: torch.relu(1 - tensor(pm1) * s).mean()),
        "binary_cross_entropy": (
            wide,
            bits,
            wide,
            lambda s: F.binary_cross_entropy_with_logits(s, tensor(bits)),
        ),
        "cross_entropy": (
            rows3,
            classes,
            rows3,
            lambda s: F.cross_entropy(s, torch.tensor(classes)),
        ),
    }


@pytest.mark.parametrize("loss", sorted(nn.LOSSES))
def test_losses_and_their_gradients_match_pytorch(loss: str) -> None:
    scores, targets, t_data, t_loss = loss_cases()[loss]
    values: Any = (
        [[Value(s) for s in row] for row in scores]
        if isinstance(scores[0], list)
        else [Value(s) for s in scores]
    )
    result = nn.LOSSES[loss](values, targets)
    result.backward()
    t_scores = torch.tensor(t_data, dtype=torch.float64, requires_grad=True)
    t_result = t_loss(t_scores)
    t_result.backward()
    assert abs(result.data - t_result.item()) <= SAME
    flat_values = [v for row in values for v in row] if isinstance(scores[0], list) else values
    grads = [v.grad for v in flat_values]
    assert max(abs(a - b) for a, b in zip(grads, t_scores.grad.flatten().tolist())) <= SAME
    assert result.data > 0.0


OPTIMIZERS = {
    "SGD momentum": (
        lambda params: nn.SGD(params, lr=0.1, momentum=0.9),
        lambda torch, params: torch.optim.SGD(params, lr=0.1, momentum=0.9),
    ),
    "SGD momentum, weight decay": (
        lambda params: nn.SGD(params, lr=0.1, momentum=0.9, weight_decay=0.01),
        lambda torch, params: torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=0.01),
    ),
    "Adam": (
        lambda params: nn.Adam(params, lr=0.02),
        lambda torch, params: torch.optim.Adam(params, lr=0.02),
    ),
    "Adam, weight decay": (
        lambda params: nn.Adam(params, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01),
        lambda torch, params: torch.optim.Adam(
            params, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01
        ),
    ),
}


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_twenty_optimizer_steps_match_pytorch(optimizer: str) -> None:
    make_pigrad, make_torch = OPTIMIZERS[optimizer]
    X, labels = nn.data.moons(n=40, noise=0.1, seed=4)
    model = nn.MLP(2, [8, 8, 1], activation="tanh", seed=5)
    module = nn.to_torch(model)
    start = model.state_dict()
    pigrad_opt, torch_opt = make_pigrad(model.parameters()), make_torch(torch, module.parameters())
    t_X = torch.tensor(X, dtype=torch.float64)
    t_y = torch.tensor(labels, dtype=torch.float64)
    for _ in range(20):
        loss = nn.binary_cross_entropy([model(x) for x in X], labels)
        model.zero_grad()
        loss.backward()
        pigrad_opt.step()
        torch_opt.zero_grad()
        t_loss = torch.nn.functional.binary_cross_entropy_with_logits(module(t_X)[:, 0], t_y)
        t_loss.backward()
        torch_opt.step()
    assert max_diff(model.state_dict(), torch_entries(module, model)) <= SAME_AFTER_TRAINING
    assert max_diff(model.state_dict(), start) > 0.05  # they did move


# --- the round trip -----------------------------------------------------------------------


MODELS = {
    "relu, linear output": lambda: nn.MLP(2, [16, 16, 1], seed=0),
    "every activation": lambda: nn.MLP(
        3,
        [4, 5, 6, 7, 2],
        activation=["relu", "tanh", "leaky_relu", "linear"],
        output_activation="sigmoid",
        seed=1,
    ),
    "one layer": lambda: nn.MLP(4, [3], output_activation="tanh", seed=2),
}


@pytest.mark.parametrize("which", list(MODELS))
def test_to_torch_then_from_torch_is_exact(which: str) -> None:
    model = MODELS[which]()
    module = nn.to_torch(model)
    assert all(p.dtype == torch.float64 for p in module.parameters())
    assert torch_entries(module, model) == model.state_dict()
    back = nn.from_torch(module)
    assert back.state_dict() == model.state_dict()
    assert back.activations == model.activations
    x = random_numbers(model.nin, seed=7)
    t_out = module(torch.tensor([x], dtype=torch.float64))[0].tolist()
    assert back.forward_floats(x) == model.forward_floats(x)
    assert max(abs(a - b) for a, b in zip(model.forward_floats(x), t_out)) <= SAME


def test_module_layout_follows_the_documented_rule() -> None:
    model = MODELS["every activation"]()
    module = nn.to_torch(model)
    kinds = [type(m).__name__ for m in module]
    assert kinds == [
        *["Linear", "ReLU", "Linear", "Tanh", "Linear", "LeakyReLU", "Linear", "Identity"],
        *["Linear", "Sigmoid"],
    ]
    assert module[5].negative_slope == 0.01
    assert [type(m).__name__ for m in nn.to_torch(MODELS["relu, linear output"]())] == [
        *["Linear", "ReLU", "Linear", "ReLU", "Linear"]  # raw scores: nothing after the last
    ]


def test_to_torch_leaves_torchs_random_generator_alone() -> None:
    state = torch.random.get_rng_state()
    nn.to_torch(nn.MLP(2, [16, 16, 1]))
    assert torch.equal(torch.random.get_rng_state(), state)


def test_from_torch_converts_float32_exactly() -> None:
    torch.manual_seed(0)
    module = torch.nn.Sequential(
        torch.nn.Linear(3, 5),
        torch.nn.Tanh(),
        torch.nn.Linear(5, 2, bias=False),
        torch.nn.Sigmoid(),
    )
    assert module[0].weight.dtype == torch.float32
    model = nn.from_torch(module)
    assert model.activations == ["tanh", "sigmoid"]
    expected = {}
    for i, linear in enumerate((module[0], module[2])):
        for j, row in enumerate(linear.weight.double().tolist()):
            for k, w in enumerate(row):
                expected[f"layers.{i}.neurons.{j}.w.{k}"] = w
            bias = 0.0 if linear.bias is None else linear.bias.double()[j].item()
            expected[f"layers.{i}.neurons.{j}.b"] = bias
    assert model.state_dict() == expected
    as_float64 = module.double()
    x = random_numbers(3, seed=8)
    t_out = as_float64(torch.tensor([x], dtype=torch.float64))[0].tolist()
    assert max(abs(a - b) for a, b in zip(model.forward_floats(x), t_out)) <= SAME


def test_a_bias_free_linear_comes_back_with_zero_biases() -> None:
    module = torch.nn.Sequential(torch.nn.Linear(2, 3, bias=False, dtype=torch.float64))
    model = nn.from_torch(module)
    assert [n.b.data for n in model.layers[0].neurons] == [0.0, 0.0, 0.0]
    assert [[w.data for w in n.w] for n in model.layers[0].neurons] == module[0].weight.tolist()


# --- refusals -----------------------------------------------------------------------------


def refused_sequentials() -> dict[str, tuple[Any, str]]:
    """name -> (a Sequential from_torch must refuse, what its message must say)."""
    L, S = torch.nn.Linear, torch.nn.Sequential

    class Swish(torch.nn.Module):  # type: ignore[misc]
        def forward(self, x: Any) -> Any:
            return x * torch.sigmoid(x)

    class MyReLU(torch.nn.ReLU):  # type: ignore[misc]
        pass

    return {
        "Dropout": (S(L(2, 3), torch.nn.Dropout(0.5), L(3, 1)), r"module 1 .*Dropout"),
        "BatchNorm": (S(L(2, 3), torch.nn.BatchNorm1d(3)), r"module 1 .*BatchNorm1d"),
        "custom activation": (S(L(2, 3), Swish(), L(3, 1)), r"module 1 .*Swish"),
        "ReLU subclass": (S(L(2, 3), MyReLU()), r"module 1 .*MyReLU"),
        "GELU": (S(L(2, 3), torch.nn.GELU()), r"module 1 .*GELU"),
        "other leaky slope": (S(L(2, 3), torch.nn.LeakyReLU(0.2)), r"slope 0\.01"),
        "nested": (S(S(L(2, 3))), r"module 0 .*Sequential"),
        "activation first": (S(torch.nn.ReLU(), L(2, 3)), r"module 0 .*before any Linear"),
        "two activations": (S(L(2, 3), torch.nn.ReLU(), torch.nn.Tanh()), r"module 2 .*follows"),
        "sizes do not chain": (S(L(2, 3), L(4, 1)), r"module 1 .*takes 4 inputs.*gives 3"),
        "empty": (S(), r"no Linear layer"),
        "complex weights": (S(L(2, 3, dtype=torch.complex128)), r"module 0 .*complex128"),
    }


REFUSED = [
    "Dropout",
    "BatchNorm",
    "custom activation",
    "ReLU subclass",
    "GELU",
    "other leaky slope",
    "nested",
    "activation first",
    "two activations",
    "sizes do not chain",
    "empty",
    "complex weights",
]


@pytest.mark.parametrize("case", REFUSED)
def test_from_torch_refuses_what_an_mlp_is_not_naming_it(case: str) -> None:
    module, says = refused_sequentials()[case]
    with pytest.raises(ValueError, match=says) as raised:
        nn.from_torch(module)
    message = str(raised.value)
    unsupported = case in {"Dropout", "BatchNorm", "custom activation", "GELU", "nested"}
    if unsupported or case in {"ReLU subclass", "other leaky slope", "empty"}:
        assert SUPPORTED in message  # says what is supported


def test_refusals_list_covers_every_case() -> None:
    assert set(refused_sequentials()) == set(REFUSED)


def test_from_torch_needs_a_sequential() -> None:
    with pytest.raises(TypeError, match=r"torch\.nn\.Sequential.*got Linear"):
        nn.from_torch(torch.nn.Linear(2, 1))


def test_to_torch_refuses_custom_activations_and_other_models() -> None:
    def cube(v: Value) -> Value:
        return v**3

    model = nn.MLP(2, [3, 3, 1], activation=["tanh", cube], seed=0)
    with pytest.raises(ValueError, match=r"layer 1 \(layers\.1\).*custom.*cube.*relu, tanh"):
        nn.to_torch(model)
    with pytest.raises(TypeError, match=r"needs an nn\.MLP, got Layer"):
        nn.to_torch(nn.Layer(2, 3))  # type: ignore[arg-type]


# --- the README -------------------------------------------------------------------------


def test_readme_section_code_runs() -> None:
    """The code of "When you outgrow pigrad" (fenced as ``py``, so the README test that
    runs without PyTorch leaves it to this one) runs and shows what it says."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## When you outgrow pigrad", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```py\n(.*?)```", section, flags=re.DOTALL)
    assert blocks
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["back"].state_dict() == namespace["model"].state_dict()
    scores = namespace["net"](torch.tensor([namespace["x"]], dtype=torch.float64)).item()
    assert abs(scores - namespace["model"](namespace["x"]).data) <= SAME
