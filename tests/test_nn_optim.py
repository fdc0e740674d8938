"""nn.optim and nn.schedules: update rules against hand-computed steps, schedule values."""

from __future__ import annotations

import math

import pytest

import nn
from autograd import Value


def quadratic_steps(optimizer: nn.Optimizer, w: Value, steps: int) -> list[float]:
    """Minimize f(w) = w², whose gradient is 2w, and record w after each step."""
    seen = []
    for _ in range(steps):
        optimizer.zero_grad()
        (w * w).backward()
        optimizer.step()
        seen.append(w.data)
    return seen


def test_plain_sgd_is_the_articles_rule() -> None:
    w = Value(1.0)
    # w <- w - lr * 2w = 0.8 w each step.
    assert quadratic_steps(nn.SGD([w], lr=0.1), w, 3) == pytest.approx([0.8, 0.64, 0.512])


def test_sgd_momentum_two_steps_by_hand() -> None:
    w = Value(1.0)
    # step 1: g = 2, v = 2, w = 1 - 0.1 * 2 = 0.8
    # step 2: g = 1.6, v = 0.9 * 2 + 1.6 = 3.4, w = 0.8 - 0.34 = 0.46
    assert quadratic_steps(nn.SGD([w], lr=0.1, momentum=0.9), w, 2) == pytest.approx([0.8, 0.46])


def test_sgd_weight_decay_adds_decay_times_weight_to_the_gradient() -> None:
    w = Value(1.0)
    # g = 2w + 0.5w = 2.5, w = 1 - 0.1 * 2.5
    assert quadratic_steps(nn.SGD([w], lr=0.1, weight_decay=0.5), w, 1) == pytest.approx([0.75])


@pytest.mark.parametrize("start", [3.0, -0.02, 250.0])
def test_adam_first_step_is_lr_times_sign_of_the_gradient(start: float) -> None:
    w = Value(start)
    quadratic_steps(nn.Adam([w], lr=0.01), w, 1)
    g = 2 * start
    assert w.data == pytest.approx(start - 0.01 * g / (abs(g) + 1e-8), rel=1e-12)
    assert w.data == pytest.approx(start - 0.01 * math.copysign(1.0, start), rel=1e-5)


def test_adam_second_step_by_hand() -> None:
    w = Value(1.0)
    b1, b2, lr, eps = 0.9, 0.999, 0.1, 1e-8
    steps = quadratic_steps(nn.Adam([w], lr=lr, betas=(b1, b2), eps=eps), w, 2)
    g1 = 2.0
    w1 = 1.0 - lr * g1 / (abs(g1) + eps)
    g2 = 2 * w1
    m = b1 * (1 - b1) * g1 + (1 - b1) * g2
    v = b2 * (1 - b2) * g1**2 + (1 - b2) * g2**2
    w2 = w1 - lr * (m / (1 - b1**2)) / (math.sqrt(v / (1 - b2**2)) + eps)
    assert steps == pytest.approx([w1, w2], rel=1e-12)


def test_adam_with_weight_decay_and_a_module_reaches_the_penalized_minimum() -> None:
    # Weight decay wd adds wd * p to each gradient: the minimum of
    # (2w + b - 3)² + wd/2 (w² + b²).  Setting both partials to 0:
    # 4(2w + b - 3) + wd w = 0 and 2(2w + b - 3) + wd b = 0, so w = 2b and
    # b = 6 / (10 + wd).  (Without the decay any w, b with 2w + b = 3 would do.)
    model = nn.MLP(1, [1], seed=0)
    wd = 0.5
    optimizer = nn.Adam(model, lr=0.05, weight_decay=wd)
    schedule = nn.LinearDecay(0.05, 0.0, 2000)  # steps shrink to 0: Adam settles exactly
    for k in range(2000):
        optimizer.lr = schedule(k)
        out = model([2.0])
        assert isinstance(out, Value)
        loss = (out - 3.0) ** 2
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    neuron = model.layers[0].neurons[0]
    b = 6 / (10 + wd)
    assert [neuron.w[0].data, neuron.b.data] == pytest.approx([2 * b, b], rel=1e-9)


def test_adam_weight_decay_goes_into_the_gradient_not_beside_it() -> None:
    # With no loss gradient, Adam's decay gradient 0.5 * w is normalized like any other:
    # a first step of about lr.  (Decoupled AdamW would move only lr * wd * w = 0.05.)
    w = Value(1.0)
    nn.Adam([w], lr=0.1, weight_decay=0.5).step()
    assert w.data == pytest.approx(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), rel=1e-12)


def test_lr_is_mutable_and_checked() -> None:
    w = Value(1.0)
    optimizer = nn.SGD([w], lr=0.1)
    optimizer.lr = 0.5
    assert quadratic_steps(optimizer, w, 1) == pytest.approx([0.0])
    optimizer.lr = 0.0  # a schedule may end at 0: the step then moves nothing
    w.data = 2.0
    assert quadratic_steps(optimizer, w, 1) == [2.0]
    with pytest.raises(ValueError, match="SGD lr must be >= 0, got -1"):
        optimizer.lr = -1
    with pytest.raises(ValueError, match="Adam lr must be a finite number, got nan"):
        nn.Adam([w]).lr = math.nan


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda ps: nn.SGD(ps, lr=0), "SGD lr must be > 0, got 0"),
        (lambda ps: nn.SGD(ps, lr=-0.1), "SGD lr must be > 0, got -0.1"),  # not ">= 0"
        (lambda ps: nn.SGD(ps, lr=0.1, momentum=1.0), r"SGD momentum must be in \[0, 1\)"),
        (lambda ps: nn.SGD(ps, weight_decay=-1), "SGD weight_decay must be >= 0"),
        (lambda ps: nn.Adam(ps, betas=(0.9, 1.0)), "Adam beta2"),
        (lambda ps: nn.Adam(ps, betas=(0.9,)), "Adam betas must be a pair"),
        (lambda ps: nn.Adam(ps, eps=0.0), "Adam eps must be > 0"),
        (lambda ps: nn.Adam(ps, lr=math.inf), "Adam lr must be a finite number"),
        (lambda ps: nn.SGD([], lr=0.1), "SGD got no parameters"),
        (lambda ps: nn.SGD(ps + ps, lr=0.1), "parameter 1 .* is listed twice"),
    ],
)
def test_bad_settings_are_refused(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make([Value(1.0)])  # type: ignore[operator]


def test_non_values_are_refused() -> None:
    with pytest.raises(TypeError, match="SGD parameter 0 must be a Value, got float"):
        nn.SGD([1.0])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"SGD lr must be a number, got str: '0\.1'"):
        nn.SGD([Value(1.0)], lr="0.1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Adam beta1 must be a number, got NoneType"):
        nn.Adam([Value(1.0)], betas=(None, 0.9))  # type: ignore[arg-type]


def test_zero_grad_clears_every_gradient() -> None:
    ws = [Value(1.0), Value(2.0)]
    (ws[0] * ws[1]).backward()
    optimizer = nn.Adam(ws)
    optimizer.zero_grad()
    assert [w.grad for w in ws] == [0.0, 0.0]


# --- schedules ---------------------------------------------------------------------------


def test_linear_decay_is_micrograds() -> None:
    schedule = nn.LinearDecay(1.0, 0.1, 100)
    for k in (0, 1, 37, 99, 100):
        assert schedule(k) == pytest.approx(1.0 - 0.9 * k / 100, rel=1e-12)
    assert schedule(500) == pytest.approx(0.1)  # stays at the end value


def test_linear_decay_may_end_at_zero_like_cosine() -> None:
    # Regression: end=0 was refused ("must be > 0") though Cosine's min_lr may be 0 and
    # an optimizer takes lr 0 from a schedule.
    schedule = nn.LinearDecay(0.5, 0.0, 10)
    assert [schedule(k) for k in (0, 5, 10, 11)] == pytest.approx([0.5, 0.25, 0.0, 0.0])
    w = Value(3.0)
    optimizer = nn.SGD([w], lr=0.5)
    optimizer.lr = schedule(10)
    assert quadratic_steps(optimizer, w, 1) == [3.0]  # lr 0: the step moves nothing


def test_step_exponential_and_cosine_at_known_steps() -> None:
    step = nn.StepDecay(0.8, step_size=10, gamma=0.5)
    assert [step(k) for k in (0, 9, 10, 19, 20, 35)] == [0.8, 0.8, 0.4, 0.4, 0.2, 0.1]
    exponential = nn.Exponential(2.0, 0.5)
    assert [exponential(k) for k in (0, 1, 3)] == [2.0, 1.0, 0.25]
    cosine = nn.Cosine(1.0, steps=100, min_lr=0.2)
    assert cosine(0) == 1.0
    assert cosine(50) == pytest.approx(0.6)  # half way: the middle of the range
    assert cosine(100) == pytest.approx(0.2) and cosine(1000) == pytest.approx(0.2)
    assert nn.Cosine(1.0, 4)(1) == pytest.approx((1 + math.cos(math.pi / 4)) / 2)
    assert nn.Constant(0.3)(12345) == 0.3


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: nn.Constant(0.0), "Constant lr must be a finite number > 0"),
        (lambda: nn.LinearDecay(1.0, 0.1, 0), "LinearDecay steps must be a whole number >= 1"),
        (lambda: nn.StepDecay(0.1, 2.5), "StepDecay step_size"),
        (lambda: nn.Exponential(0.1, -0.5), "Exponential gamma"),
        (lambda: nn.Cosine(0.1, 10, min_lr=-1), "Cosine min_lr must be a finite number >= 0"),
        (lambda: nn.Constant(0.1)(-1), "step must be a whole number >= 0, got -1"),
    ],
)
def test_bad_schedules_are_refused(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]
