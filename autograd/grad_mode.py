"""Grad mode: whether operations on Values record a graph.

Inside ``with no_grad():`` every operation still computes its result, but the result
remembers no parents, so nothing can be backpropagated through it and no memory is
spent on the graph.  Use it for evaluation, plotting and optimizer updates.

The mistake to avoid: computing a loss inside ``no_grad()`` and calling
``loss.backward()`` afterwards.  The loss has no graph back to the weights, so their
``.grad`` stays 0.0 and training does nothing.  Compute what you differentiate with
grad mode on (the default).
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


class _Recording:
    """A context manager (and decorator) that sets grad mode for a block, then restores it."""

    enabled = True

    def __init__(self, *misuse: object) -> None:
        if misuse:  # @no_grad without parentheses passes the function in here
            name = type(self).__name__
            raise TypeError(
                f"{name}() takes no arguments, got {misuse[0]!r}: write @{name}() with "
                f"parentheses above a function, or use it as `with {name}():`"
            )
        self._previous: list[bool] = []

    def __enter__(self) -> None:
        self._previous.append(state.enabled)
        state.enabled = self.enabled

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
            with type(self)():
                return fn(*args, **kwargs)

        return wrapper


class no_grad(_Recording):
    """Context manager (and decorator) that turns graph recording off.

    Example:
        >>> from autograd import Value, no_grad
        >>> w = Value(2.0)
        >>> with no_grad():
        ...     y = w * 3
        >>> y.parents  # y forgot that it came from w, so backward() cannot reach w
        ()

    Calling ``y.backward()`` on such a result raises a RuntimeError that says so.
    As a decorator, ``@no_grad()`` (with the parentheses) turns recording off for each
    call of the function.
    """

    enabled = False


class enable_grad(_Recording):
    """Context manager (and decorator) that turns graph recording back on, even inside
    ``no_grad()``: for code whose whole point is a derivative (``gradcheck``, ``compile``,
    ``grad(..., create_graph=True)``).
    """

    enabled = True
