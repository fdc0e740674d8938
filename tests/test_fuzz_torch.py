"""Random programs against PyTorch in float64: values, gradients, Hessians and replays.

Each program is a few inputs and a list of steps, each applying one op (every op of
the table, ``sum``, ``dot`` and fused neurons) to earlier results, so nodes are reused
as in real graphs.  The steps are drawn from a seeded generator, and each is kept only
where its inputs are inside its domain (the engine runs alongside the drawing).  Then:

* pigrad's value and ``backward`` gradients must match PyTorch's (float64 autograd);
* for every third program, pigrad's ``hessian`` must match PyTorch's double backward;
* ``autograd.compile``, recorded at one point, must replay the engine's numbers at
  another.

``make test`` runs a few hundred programs; ``pytest tests/test_fuzz_torch.py
--fuzz-programs 20000`` (or ``PIGRAD_FUZZ_PROGRAMS=20000``) runs a long campaign.

Where PyTorch answers NaN for a gradient because it multiplies a zero local derivative
by an infinite one (``a * sqrt(x)`` at a = x = 0), pigrad answers the maths' 0 (see
``numbers.times``): those entries are counted, not compared.  Where the two disagree
otherwise, central differences of PyTorch's own forward (or first derivative) judge:
pigrad must agree with them; PyTorch's misses are counted.  (One found so far: the
second derivative of ``s ** x`` at x = 0 with s depending on x, where PyTorch drops
the term of ``x * s^(x-1)`` that comes from x, as it masks exponent 0 in its rule.)
"""

from __future__ import annotations

import math
import os
import random
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest

import autograd
from autograd import Value, ops

torch = pytest.importorskip("torch")

Step = tuple[str, tuple[int, ...], Any]
"""(op name, indices of earlier results it reads, a constant such as an exponent)."""

ACTIVATIONS = {
    "relu": ops.RELU,
    "tanh": ops.TANH,
    "sigmoid": ops.SIGMOID,
    "leaky": ops.leaky_relu(0.1),
    None: None,
}
UNARY = ["neg", "exp", "log", "tanh", "sigmoid", "relu", "leaky", "sin", "cos", "sqrt", "abs"]
UNARY += ["pow2", "pow3", "pow0.5", "pow-1", "pow-2", "pow1.5"]
BINARY = ["add", "sub", "mul", "div", "powv"]
MANY = ["sum", "dot"]


@dataclass
class Program:
    inputs: list[float]
    steps: list[Step]

    def __str__(self) -> str:
        lines = [f"inputs {self.inputs!r}"]
        n = len(self.inputs)
        for k, (name, args, const) in enumerate(self.steps):
            lines.append(f"  v{n + k} = {name}{args}{'' if const is None else f' {const!r}'}")
        return "\n".join(lines)


# --- the same program on pigrad and on PyTorch -------------------------------------------


def _ours(name: str, xs: list[Any], const: Any) -> Value:
    if name == "sum":
        return autograd.sum(xs)
    if name == "dot":
        has_bias, activation = const
        half = (len(xs) - has_bias) // 2
        bias = xs[-1] if has_bias else None
        return autograd.dot(xs[:half], xs[half : 2 * half], bias, ACTIVATIONS[activation])
    a = xs[0]
    if name.startswith("pow") and name != "powv":
        return a ** float(name[3:])
    return {
        "add": lambda: a + xs[1],
        "sub": lambda: a - xs[1],
        "mul": lambda: a * xs[1],
        "div": lambda: a / xs[1],
        "powv": lambda: a ** xs[1],
        "neg": lambda: -a,
        "exp": a.exp,
        "log": a.log,
        "tanh": a.tanh,
        "sigmoid": a.sigmoid,
        "relu": a.relu,
        "leaky": lambda: a.leaky_relu(0.1),
        "sin": a.sin,
        "cos": a.cos,
        "sqrt": a.sqrt,
        "abs": a.abs,
    }[name]()


def _activate(z: Any, activation: str | None) -> Any:
    functional = torch.nn.functional
    return {
        "relu": torch.relu,
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "leaky": lambda t: functional.leaky_relu(t, 0.1),
        None: lambda t: t,
    }[activation](z)


def _torch(name: str, xs: list[Any], const: Any) -> Any:
    if name == "sum":
        return torch.stack(xs).sum()
    if name == "dot":
        has_bias, activation = const
        half = (len(xs) - has_bias) // 2
        z = (torch.stack(xs[:half]) * torch.stack(xs[half : 2 * half])).sum()
        if has_bias:
            z = z + xs[-1]
        return _activate(z, activation)
    a = xs[0]
    if name.startswith("pow") and name != "powv":
        return a ** float(name[3:])
    if name in ("relu", "tanh", "sigmoid", "leaky"):
        return _activate(a, name)
    return {
        "add": lambda: a + xs[1],
        "sub": lambda: a - xs[1],
        "mul": lambda: a * xs[1],
        "div": lambda: a / xs[1],
        "powv": lambda: a ** xs[1],
        "neg": lambda: -a,
        "exp": lambda: torch.exp(a),
        "log": lambda: torch.log(a),
        "sin": lambda: torch.sin(a),
        "cos": lambda: torch.cos(a),
        "sqrt": lambda: torch.sqrt(a),
        "abs": lambda: torch.abs(a),
    }[name]()


def run(program: Program, xs: list[Any], apply: Callable[[str, list[Any], Any], Any]) -> Any:
    """The program's last result, computed from xs with apply (pigrad's or PyTorch's)."""
    results = list(xs)
    for name, args, const in program.steps:
        results.append(apply(name, [results[i] for i in args], const))
    return results[-1]


# --- drawing programs --------------------------------------------------------------------


def _fits(name: str, data: list[float]) -> bool:
    """Whether an op may run on these numbers: inside its domain, away from huge ones."""
    if any(not math.isfinite(d) or abs(d) > 1e6 for d in data):
        return False
    a = data[0]
    if name in ("log", "powv"):
        return a > 1e-3 and (name == "log" or abs(data[1]) < 4)
    if name in ("sqrt", "pow0.5", "pow1.5"):
        return a >= 0.0
    if name in ("pow-1", "pow-2"):
        return abs(a) > 1e-2
    if name == "div":
        return abs(data[1]) > 1e-2
    if name == "exp":
        return a < 30.0
    if name in ("relu", "leaky", "abs"):  # off the kink, where central differences
        return a != 0.0  # cannot judge (tests/test_numerics.py holds the kinks)
    return True


def draw_program(rng: random.Random) -> Program:
    """A random program of 1-4 inputs and 2-12 steps, each inside its op's domain."""
    inputs = [rng.choice([rng.uniform(-3, 3), rng.uniform(-3, 3), 0.0, 1.0, -1.0])]
    inputs += [rng.uniform(-3, 3) for _ in range(rng.randint(0, 3))]
    program = Program(inputs, [])
    data = list(inputs)
    for _ in range(rng.randint(2, 12)):
        for _attempt in range(20):
            kind = rng.random()
            const: Any = None
            if kind < 0.55:
                name = rng.choice(UNARY)
                args: tuple[int, ...] = (rng.randrange(len(data)),)
            elif kind < 0.85:
                name = rng.choice(BINARY)
                args = (rng.randrange(len(data)), rng.randrange(len(data)))
            else:
                name = rng.choice(MANY)
                if name == "sum":
                    args = tuple(rng.randrange(len(data)) for _ in range(rng.randint(1, 4)))
                else:
                    n, has_bias = rng.randint(1, 3), rng.random() < 0.6
                    args = tuple(rng.randrange(len(data)) for _ in range(2 * n + has_bias))
                    const = (has_bias, rng.choice(list(ACTIVATIONS)))
            if not _fits(name, [data[i] for i in args]):
                continue
            if name == "dot" and const[1] in ("relu", "leaky"):  # the kink at w·x + b = 0
                with autograd.no_grad():
                    z = _ours(name, [Value(data[i]) for i in args], (const[0], None)).data
                if z == 0.0:
                    continue
            with autograd.no_grad():
                out = _ours(name, [Value(data[i]) for i in args], const).data
            if not math.isfinite(out) or abs(out) > 1e6:
                continue
            program.steps.append((name, args, const))
            data.append(out)
            break
    if not program.steps:  # nothing fitted: at least one step
        program.steps.append(("add", (0, 0), None))
    # the result must depend on an input: end with a sum of the last result and input 0
    program.steps.append(("sum", (len(data) - 1, 0), None))
    return program


# --- comparing ---------------------------------------------------------------------------

RTOL, ATOL = 1e-7, 1e-9


def close(ours: float, theirs: float, scale: float) -> bool:
    """Equal to float64 rounding: infinities and NaN alike, finite numbers to RTOL."""
    if math.isnan(ours) or math.isnan(theirs):
        return math.isnan(ours) and math.isnan(theirs)
    if math.isinf(ours) or math.isinf(theirs):
        return ours == theirs
    return abs(ours - theirs) <= ATOL * max(1.0, scale) + RTOL * abs(theirs)


@dataclass
class Tally:
    programs: int = 0
    compared: int = 0
    torch_nan_we_answer: int = 0
    hessians: int = 0
    replays: int = 0
    torch_missed: int = 0  # disagreements that the central differences settle for pigrad
    unsettled: int = 0  # both infinite at a domain edge, with different signs


def central(f: Callable[[list[float]], float], xs: list[float], j: int) -> float:
    """d f / d xs[j] by the five-point central difference (error of order h^4)."""
    h = 1e-4 * max(1.0, abs(xs[j]))

    def at(k: int) -> float:
        moved = list(xs)
        moved[j] += k * h
        return f(moved)

    return (at(-2) - 8 * at(-1) + 8 * at(1) - at(2)) / (12 * h)


def settle(ours: float, theirs: float, judge: Callable[[], float], what: str, tally: Tally) -> None:
    """ours and theirs disagree: central differences decide, and ours must be right."""
    try:
        truth = judge()
    except (RuntimeError, ValueError, ZeroDivisionError):
        truth = math.nan  # the nudge left a domain: no verdict
    if math.isnan(truth) and not math.isfinite(ours) and not math.isfinite(theirs):
        # an infinite slope at the edge of a domain, such as sqrt(-x) at x = 0, where
        # PyTorch's sign comes from sqrt(-0.0) = -0.0: counted, not settled
        tally.unsettled += 1
        return
    loose = 1e-5 * max(1.0, abs(truth))
    assert abs(ours - truth) <= loose, (
        f"{what}: ours {ours}, torch {theirs}, central differences {truth}"
    )
    if abs(theirs - truth) > loose:
        tally.torch_missed += 1


def torch_value(program: Program) -> Callable[[list[float]], float]:
    def f(xs: list[float]) -> float:
        with torch.no_grad():
            ts = [torch.tensor(x, dtype=torch.float64) for x in xs]
            return float(run(program, ts, _torch))

    return f


def torch_gradient(program: Program, i: int) -> Callable[[list[float]], float]:
    def f(xs: list[float]) -> float:
        ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
        g = torch.autograd.grad(run(program, ts, _torch), ts[i], allow_unused=True)[0]
        return 0.0 if g is None else float(g.detach())

    return f


def check(program: Program, seed: int, tally: Tally, rng: random.Random) -> None:
    where = f"program (seed {seed}):\n{program}"
    xs = [Value(x) for x in program.inputs]
    out = run(program, xs, _ours)
    out.backward()
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in program.inputs]
    t_out = run(program, ts, _torch)
    t_grads = torch.autograd.grad(t_out, ts, allow_unused=True, create_graph=True)
    theirs = [0.0 if g is None else float(g.detach()) for g in t_grads]
    scale = max([1.0, abs(out.data), *(abs(g) for g in theirs if math.isfinite(g))])
    value = float(t_out.detach())
    assert close(out.data, value, scale), f"value {out.data} vs {value}\n{where}"
    for i, (x, g) in enumerate(zip(xs, theirs)):
        if math.isnan(g) and not math.isnan(x.grad):
            tally.torch_nan_we_answer += 1  # 0 * inf: PyTorch's NaN, the maths' number
            continue
        tally.compared += 1
        if not close(x.grad, g, scale):
            judge = partial(central, torch_value(program), program.inputs, i)
            settle(x.grad, g, judge, f"d/dx{i}\n{where}", tally)
    tally.programs += 1
    if seed % 3 == 0 and all(math.isfinite(g) for g in theirs):
        _check_hessian(program, ts, t_grads, where, tally)
    _check_replay(program, rng, where, tally)


def _check_hessian(program: Program, ts: list[Any], t_grads: Any, where: str, tally: Tally) -> None:
    n = len(ts)
    theirs = [[0.0] * n for _ in range(n)]
    for i, g in enumerate(t_grads):
        if g is None or not g.requires_grad:
            continue
        row = torch.autograd.grad(g, ts, allow_unused=True, retain_graph=True)
        theirs[i] = [0.0 if h is None else float(h) for h in row]
    if not all(math.isfinite(h) for row in theirs for h in row):
        return
    xs = [Value(x) for x in program.inputs]
    ours = autograd.hessian(run(program, xs, _ours), xs)
    scale = max([1.0, *(abs(h) for row in theirs for h in row)])
    for i in range(n):
        for j in range(n):
            if not close(ours[i][j], theirs[i][j], scale):
                judge = partial(central, torch_gradient(program, i), program.inputs, j)
                settle(ours[i][j], theirs[i][j], judge, f"d2/dx{i}dx{j}\n{where}", tally)
    tally.hessians += 1


def _check_replay(program: Program, rng: random.Random, where: str, tally: Tally) -> None:
    f = autograd.compile(lambda *xs: run(program, list(xs), _ours))
    f(*program.inputs)
    moved = [x + rng.choice([0.0, 1e-3, -0.5, 0.25]) for x in program.inputs]
    try:
        xs = [Value(x) for x in moved]
        out = run(program, xs, _ours)
        out.backward()
    except (ValueError, ZeroDivisionError):
        return  # the moved point left a domain: nothing to replay
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a fallback to the engine is allowed here
        value, grads = f(*moved)
    same = value == out.data or (value != value and out.data != out.data)
    assert same, f"replay {value} vs engine {out.data} at {moved}\n{where}"
    for g, x in zip(grads, xs):
        assert g == x.grad or (g != g and x.grad != x.grad), (
            f"replay gradient {g} vs engine {x.grad} at {moved}\n{where}"
        )
    tally.replays += 1


def programs_to_run(config: pytest.Config) -> int:
    option = config.getoption("--fuzz-programs", default=None)
    return int(option or os.environ.get("PIGRAD_FUZZ_PROGRAMS", "500"))


def test_random_programs_match_pytorch_float64(
    pytestconfig: pytest.Config, capsys: pytest.CaptureFixture[str]
) -> None:
    count = programs_to_run(pytestconfig)
    tally = Tally()
    for seed in range(count):
        rng = random.Random(seed)
        check(draw_program(rng), seed, tally, rng)
    if count >= 982:  # the program where PyTorch's Hessian misses a term (see above)
        assert tally.torch_missed >= 1
    assert tally.programs == count
    assert tally.compared > count  # the gradients were compared, not skipped
    assert tally.hessians > count // 6 and tally.replays > count // 2
    with capsys.disabled():
        print(
            f"\nfuzz vs torch: {tally.programs} programs, {tally.compared} gradients "
            f"compared, {tally.hessians} Hessians, {tally.replays} compiled replays, "
            f"{tally.torch_nan_we_answer} where PyTorch gave NaN (0 * inf) and pigrad 0, "
            f"{tally.torch_missed} where central differences found PyTorch wrong, "
            f"{tally.unsettled} infinite slopes at a domain edge left unsettled"
        )
