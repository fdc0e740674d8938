"""Grad mode: whether operations on Values record a graph.

Inside ``with no_grad():`` every operation still computes its result, but the result
remembers no parents, so nothing can be backpropagated through it and no memory is
spent on the graph.  Use it for evaluation, plotting and optimizer updates.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from types import TracebackType
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class _GradMode:
    """The one switch that Value operations read (a plain attribute: cheap to check)."""

    __slots__ = ("enabled",)

    def __init__(self) -> None:
        self.enabled = True


state = _GradMode()


def is_grad_enabled() -> bool:
    """True when operations on Values record the graph needed by ``backward``."""
    return state.enabled


class no_grad:
    """Context manager (and decorator) that turns graph recording off.

    Example:
        >>> from autograd import Value, no_grad
        >>> w = Value(2.0)
        >>> with no_grad():
        ...     y = w * 3
        >>> y.parents
        ()
    """

    def __init__(self) -> None:
        self._previous: list[bool] = []

    def __enter__(self) -> None:
        self._previous.append(state.enabled)
        state.enabled = False

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        state.enabled = self._previous.pop()

    def __call__(self, fn: Callable[P, R]) -> Callable[P, R]:
        @wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with no_grad():
                return fn(*args, **kwargs)

        return wrapper
