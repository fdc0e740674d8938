"""Optimizers: how each parameter moves once backpropagation has filled in its gradient.

The article's rule is plain gradient descent: move every parameter a small step
against its partial derivative, ``w -= lr * dL/dw``, where the learning rate ``lr`` sets
the step size.  The optimizers here refine that rule:

* ``SGD`` adds *momentum*: the step keeps a running sum of past gradients, so it
  speeds up along directions that stay the same and damps zig-zags.
* ``Adam`` scales each parameter's step by a running estimate of its gradient's size,
  so every parameter moves at a similar pace whatever the scale of its gradient.

Both optionally add *weight decay* ``weight_decay * w`` to each gradient (the
derivative of ``weight_decay / 2 * w²``), pulling weights towards 0.  Updates change
``.data`` directly, with plain floats: no graph is recorded.

``check_optimizer`` is what ``nn.fit`` trains with: the optimizer you made, checked to
move this model's parameters, or an ``SGD`` of its own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd import Value
from nn.module import Module
from nn.scalars import is_real

DEFAULT_LR = 0.05
"""The learning rate of ``SGD`` when none is given, and of the SGD ``nn.fit`` makes."""


def _check_float(
    value: object, what: str, low: float, high: float = math.inf, *, low_allowed: bool = True
) -> float:
    """Return value as a float if it is finite, from low (or just above it) up to high.

    ``what`` names it in the errors (``"SGD momentum"``); ``low_allowed=False`` leaves
    low itself out; high is always left out.

    Raises:
        TypeError: if value is not a number.
        ValueError: if it is not finite, or out of range.
    """
    if not is_real(value):
        raise TypeError(f"{what} must be a number, got {type(value).__name__}: {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    above_low = low <= value if low_allowed else low < value
    if not (above_low and value < high):
        if high == math.inf:
            allowed = f"{'>=' if low_allowed else '>'} {low:g}"
        else:
            allowed = f"in {'[' if low_allowed else '('}{low:g}, {high:g})"
        raise ValueError(f"{what} must be {allowed}, got {value!r}")
    return float(value)


class Optimizer:
    """What every optimizer has: the parameters, a learning rate, ``step`` and ``zero_grad``.

    Args:
        params: the Values to train (``model.parameters()``), or a Module.
        lr: the learning rate, > 0; ``.lr`` may be changed between steps (schedules), to
            any finite number >= 0.

    Raises:
        TypeError: if a parameter or lr is not a number.
        ValueError: for no parameters, a parameter listed twice, or an lr that is not
            a finite number > 0.
    """

    def __init__(self, params: Iterable[Value] | Module, lr: float) -> None:
        listed = params.parameters() if isinstance(params, Module) else list(params)
        if not listed:
            raise ValueError(f"{type(self).__name__} got no parameters to train")
        seen: set[Value] = set()
        for i, p in enumerate(listed):
            if not isinstance(p, Value):
                raise TypeError(
                    f"{type(self).__name__} parameter {i} must be a Value, "
                    f"got {type(p).__name__}: {p!r}"
                )
            if p in seen:
                raise ValueError(
                    f"{type(self).__name__}: parameter {i} ({p.label or repr(p)}) is listed twice; "
                    "it would be updated twice per step"
                )
            seen.add(p)
        self.params: list[Value] = listed
        # > 0 to start with (an optimizer that cannot move is a mistake); a schedule may
        # later bring it down to 0, which the setter allows.
        self.lr = _check_float(lr, f"{type(self).__name__} lr", 0.0, low_allowed=False)

    @property
    def lr(self) -> float:
        """The learning rate: > 0 at the start; a schedule may later set it to 0 (no move)."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = _check_float(value, f"{type(self).__name__} lr", 0.0)

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (call before each backward)."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Move every parameter once, using its current ``.grad``.

        Raises:
            TypeError: if a parameter's ``.grad`` is not a number (None, say); then no
                parameter moves.
        """
        raise NotImplementedError

    def _check_grads(self) -> None:
        """Refuse a step when a ``.grad`` is not a number, before anything moves.

        ``p.grad = None`` (PyTorch's way to clear a gradient) would otherwise stop the
        step half way, with a bare "unsupported operand" error and some parameters
        already moved.
        """
        for i, p in enumerate(self.params):
            grad = p.grad
            if type(grad) is not float and not is_real(grad):
                raise TypeError(
                    f"{type(self).__name__}.step(): parameter {i} ({p.label or repr(p)}) has "
                    f".grad = {grad!r:.40}, not a number; nothing was moved. Clear "
                    "gradients with optimizer.zero_grad() (it sets 0.0), then call "
                    "backward() before step()"
                )

    def reset(self) -> None:
        """Forget what past steps left behind (momentum, running averages), as if new.

        The parameters and the learning rate are kept.  ``fit`` calls this when training
        diverges: the memory of steps that blew up would otherwise push the restored
        weights the same way on the next step, whatever the new learning rate.
        """


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum and weight decay.

    Each step, with g = p.grad + weight_decay * p and v starting at 0::

        v = momentum * v + g
        p = p - lr * v

    (momentum 0 is the article's plain rule p -= lr * g.)

    Args:
        params: the Values to train, or a Module.
        lr: learning rate, > 0.
        momentum: in [0, 1): how much of the previous step carries over.
        weight_decay: >= 0.

    Raises:
        ValueError: for a value out of range (see ``Optimizer`` for params).
    """

    def __init__(
        self,
        params: Iterable[Value] | Module,
        lr: float = DEFAULT_LR,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.momentum = _check_float(momentum, "SGD momentum", 0.0, 1.0)
        self.weight_decay = _check_float(weight_decay, "SGD weight_decay", 0.0)
        self.reset()

    def reset(self) -> None:
        """Set every parameter's velocity back to 0 (see ``Optimizer.reset``)."""
        self.velocity = [0.0] * len(self.params)

    def step(self) -> None:
        """Move every parameter by ``-lr * v`` (see the class docstring for v)."""
        self._check_grads()
        lr, momentum, decay = self.lr, self.momentum, self.weight_decay
        velocity = self.velocity
        for i, p in enumerate(self.params):
            g = p.grad + decay * p.data
            if momentum:
                g = velocity[i] = momentum * velocity[i] + g
            p.data -= lr * g

    def __repr__(self) -> str:
        return (
            f"SGD(lr={self.lr:g}, momentum={self.momentum:g}, "
            f"weight_decay={self.weight_decay:g})  # {len(self.params)} parameters"
        )


class Adam(Optimizer):
    """Adam: momentum on the gradient, divided by a running size of the gradient.

    Each step t = 1, 2, ..., with g = p.grad + weight_decay * p (L2 added to the gradient,
    as in PyTorch's Adam, not the decoupled AdamW) and m, v starting at 0::

        m = beta1 * m + (1 - beta1) * g          running mean of g
        v = beta2 * v + (1 - beta2) * g²         running mean of g²
        m_hat = m / (1 - beta1^t)                undo the pull towards the 0 start
        v_hat = v / (1 - beta2^t)
        p = p - lr * m_hat / (sqrt(v_hat) + eps)

    So the first step is lr * g / (|g| + eps): about lr in the direction of -sign(g).

    Args:
        params: the Values to train, or a Module.
        lr: learning rate, > 0.
        betas: (beta1, beta2), each in [0, 1).
        eps: > 0, keeps the division safe when v_hat is 0.
        weight_decay: >= 0.

    Raises:
        ValueError: for a value out of range.
    """

    def __init__(
        self,
        params: Iterable[Value] | Module,
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, tuple | list) or len(betas) != 2:
            raise ValueError(f"Adam betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (
            _check_float(betas[0], "Adam beta1", 0.0, 1.0),
            _check_float(betas[1], "Adam beta2", 0.0, 1.0),
        )
        self.eps = _check_float(eps, "Adam eps", 0.0, low_allowed=False)
        self.weight_decay = _check_float(weight_decay, "Adam weight_decay", 0.0)
        self.reset()

    def reset(self) -> None:
        """Start the step count t and the running means m, v from 0 (``Optimizer.reset``)."""
        self.t = 0
        self.m = [0.0] * len(self.params)
        self.v = [0.0] * len(self.params)

    def step(self) -> None:
        """Step t: update m and v, then move every parameter (the class docstring's rule)."""
        self._check_grads()
        self.t += 1
        beta1, beta2 = self.betas
        correct1 = 1.0 - beta1**self.t
        correct2 = 1.0 - beta2**self.t
        lr, eps, decay = self.lr, self.eps, self.weight_decay
        m, v = self.m, self.v
        for i, p in enumerate(self.params):
            g = p.grad + decay * p.data
            m[i] = beta1 * m[i] + (1.0 - beta1) * g
            v[i] = beta2 * v[i] + (1.0 - beta2) * g * g
            p.data -= lr * (m[i] / correct1) / (math.sqrt(v[i] / correct2) + eps)

    def __repr__(self) -> str:
        return (
            f"Adam(lr={self.lr:g}, betas={self.betas}, eps={self.eps:g}, "
            f"weight_decay={self.weight_decay:g})  # {len(self.params)} parameters"
        )


def check_optimizer(optimizer: object, params: list[Value], default_lr: float) -> Optimizer:
    """The optimizer to train ``params`` with: the one given, checked, or a new SGD.

    Args:
        optimizer: an nn optimizer made for (some of) params, or None.
        params: the model's parameters.
        default_lr: the learning rate of the SGD made when optimizer is None.

    Raises:
        ValueError: if the model has no parameters, or the optimizer moves Values
            that are not the model's.
        TypeError: if optimizer is not an nn optimizer.
    """
    if not params:
        raise ValueError("the model has no parameters to train")
    if optimizer is None:
        return SGD(params, lr=default_lr)
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an nn optimizer (SGD, Adam), got {optimizer!r:.80}")
    known = {id(p) for p in params}
    foreign = [p for p in optimizer.params if id(p) not in known]
    if foreign:
        raise ValueError(
            f"the optimizer was made for other parameters: {len(foreign)} of its "
            f"{len(optimizer.params)} are not this model's (the first is labelled "
            f"{foreign[0].label!r}, from another model or made by hand); make it with "
            "this model's parameters: SGD(model.parameters(), ...)"
        )
    return optimizer
