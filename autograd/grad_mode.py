"""Grad mode: whether operations on Values record a graph, in this thread.

Inside ``with no_grad():`` every operation still computes its result, but the result
remembers no parents, so nothing can be backpropagated through it and no memory is
spent on the graph.  Use it for evaluation, plotting and optimizer updates.

The mistake to avoid: computing a loss inside ``no_grad()`` and calling
``loss.backward()`` afterwards.  The loss has no graph back to the weights, so their
``.grad`` stays 0.0 and training does nothing.  Compute what you differentiate with
grad mode on (the default).

Grad mode belongs to the thread (as in PyTorch): a thread that enters ``no_grad()``
changes nothing for the others, and every new thread starts with grad mode on.  It is
kept in a ``contextvars.ContextVar``, which Python keeps per thread (and per asyncio
task), and which is cheaper to read than a ``threading.local`` attribute: the engine
reads it for every node it makes.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Generator
from contextvars import ContextVar
from functools import wraps
from types import TracebackType
from typing import Any, ParamSpec, TypeVar, cast

P = ParamSpec("P")
R = TypeVar("R")

_GRAD_MODE: ContextVar[bool] = ContextVar("grad_mode", default=True)

read_grad_mode = _GRAD_MODE.get
"""This thread's grad mode, for the engine's hot path: the same answer as
``is_grad_enabled()`` without a Python function call around it."""


def is_grad_enabled() -> bool:
    """True when operations on Values, in this thread, record the graph ``backward`` needs."""
    return _GRAD_MODE.get()


class _Recording:
    """A context manager (and decorator) that sets grad mode for a block, then restores it."""

    __slots__ = ("_saved",)
    enabled = True

    def __init__(self, *misuse: object) -> None:
        if misuse:  # @no_grad without parentheses passes the function in here
            name = type(self).__name__
            raise TypeError(
                f"{name}() takes no arguments, got {misuse[0]!r}: write @{name}() with "
                f"parentheses above a function, or use it as `with {name}():`"
            )
        # (thread, mode to restore) for each block entered and not yet left: the same
        # object may be nested, and entered by several threads at once.
        self._saved: list[tuple[int, bool]] = []

    def __enter__(self) -> None:
        self._saved.append((threading.get_ident(), _GRAD_MODE.get()))
        _GRAD_MODE.set(self.enabled)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        saved, thread = self._saved, threading.get_ident()
        i = len(saved) - 1
        while saved[i][0] != thread:  # the top is another thread's: this thread's is lower
            i -= 1
        _GRAD_MODE.set(saved.pop(i)[1])

    def __call__(self, fn: Callable[P, R]) -> Callable[P, R]:
        """Decorate fn: its body runs in this grad mode, each time it is called.

        The body of a generator function runs a piece at a time, between ``next()``
        calls, so the mode is set for each piece and put back at each ``yield`` (the
        caller's own code between items keeps its mode).  A coroutine function's body
        runs inside its own asyncio task context, so the block covers it whole.

        Raises:
            TypeError: for an async generator function, whose pieces this cannot wrap.
        """
        switch = type(self)
        name = switch.__name__
        if inspect.isasyncgenfunction(fn):
            raise TypeError(
                f"@{name}() cannot decorate the async generator {fn.__name__!r}: write "
                f"`with {name}():` around the lines inside it that compute Values"
            )
        if inspect.isgeneratorfunction(fn):

            @wraps(fn)
            def generator(*args: P.args, **kwargs: P.kwargs) -> Generator[Any, Any, Any]:
                return (yield from _each_step_in(switch, fn(*args, **kwargs)))

            return cast(Callable[P, R], generator)
        if inspect.iscoroutinefunction(fn):

            @wraps(fn)
            async def coroutine(*args: P.args, **kwargs: P.kwargs) -> Any:
                with switch():
                    return await fn(*args, **kwargs)

            return cast(Callable[P, R], coroutine)

        @wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with switch():
                return fn(*args, **kwargs)

        return wrapper


def _each_step_in(
    switch: type[_Recording], steps: Generator[Any, Any, R]
) -> Generator[Any, Any, R]:
    """Run a generator one step at a time, each step inside ``switch()``.

    What the caller sends or throws in is passed on, and the generator's return value
    comes out as this one's.  (``yield from steps`` would run every step in the
    caller's mode instead.)
    """
    to_send: Any = None
    to_throw: BaseException | None = None
    while True:
        try:
            with switch():
                item = steps.send(to_send) if to_throw is None else steps.throw(to_throw)
        except StopIteration as finished:
            return cast(R, finished.value)
        to_send, to_throw = None, None
        try:
            to_send = yield item
        except GeneratorExit:  # close(): let the generator run its finally blocks
            with switch():
                steps.close()
            raise
        except BaseException as error:  # throw(): raised inside the generator instead
            to_throw = error


class no_grad(_Recording):
    """Context manager (and decorator) that turns graph recording off in this thread.

    Example:
        >>> from autograd import Value, no_grad
        >>> w = Value(2.0)
        >>> with no_grad():
        ...     y = w * 3
        >>> y.parents  # y forgot that it came from w, so backward() cannot reach w
        ()

    Calling ``y.backward()`` on such a result raises a RuntimeError that says so.
    As a decorator, ``@no_grad()`` (with the parentheses) turns recording off for each
    call of the function (for each step of a generator function).
    """

    __slots__ = ()
    enabled = False


class enable_grad(_Recording):
    """Context manager (and decorator) that turns graph recording back on.

    Even inside ``no_grad()``: for code whose whole point is a derivative
    (``gradcheck``, ``compile``, ``grad(..., create_graph=True)``).
    """

    __slots__ = ()
    enabled = True
