"""Record once, replay fast: ``autograd.compile``.

A training step builds the same graph again and again: only the numbers change.
``compile(fn)`` runs ``fn`` once with the normal engine, writes the graph it built down
as straight-line Python (``autograd/codegen.py``: one line per node for the forward pass,
one per edge for the backward pass) and from then on replays that code on the new
numbers, making no Value objects at all.  What a replay reads each time: the float
arguments, and the ``.data`` of every Value ``fn`` used without receiving it (a
model's parameters, so an optimizer's updates are seen).  What it keeps from the
recording: the plain numbers inside ``fn`` (the 2 in ``x * 2``, a label).  A replay
does not run ``fn``, so what ``fn`` does besides computing Values (printing, appending
to a list) happens on the engine's calls only; but it computes every Value ``fn``
computed, also those that do not feed the result, so it raises where ``fn`` raises (a
``log`` of a negative number: the call then runs on the engine, which raises it).

A replay would keep numbers that ``fn`` now gets elsewhere, so three things are
noticed.  A function that calls another compiled function while it is recorded (whose
answers are plain floats) is not recorded at all.  What ``fn`` reads without receiving
it (its closure, the globals it names, and inside them lists, dicts, objects' attributes
and models' ``parameters()``) is looked at again on every call: when a Value there was
replaced by another, or a list of Values changed, ``fn`` is recorded again on that
call, with a ``RuntimeWarning``.  An optimizer's updates of ``.data`` are not changes.

What counts as "the same graph": the same ops on the same nodes.  A relu switching
side does not change it (the replay computes ``0 if x <= 0 else x`` like the engine),
but a Python ``if`` on a Value does: ``if x > 0: y = a * b else: y = a + b`` builds a
different graph when x changes sign.  So every comparison of Values made while
recording (``<``, ``<=``, ``>``, ``>=``) is written down too, checked on each replay,
and when one comes out differently the call runs on the normal engine instead, with a
``RuntimeWarning`` that says which comparison changed.  What passes through a plain
float cannot be seen: a branch on ``x.data``, or a new leaf made from an argument
inside ``fn`` (``x.detach()``, ``Value(x.data)``), which a replay treats like a
parameter and keeps reading at the recording call's number.  Compare Values, keep
numbers inside the graph, or pass ``verify=True`` while developing.  The other way
round, a Value computed before the call (``reg = w * w`` outside ``fn``, used inside)
is part of the recorded graph, so a replay computes it again from ``w``'s new number,
where the engine would reuse its old one: compute inside ``fn`` what depends on
parameters.
Graphs over ``codegen.MAX_NODES`` nodes, and functions that compute Values under
``no_grad()``, are not recorded at all (one warning; every call runs the engine).

Replays give exactly the engine's numbers: the same float operations in the same
order (the tests check losses and gradients to 1e-12, and the inlined ops bit for bit).
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from typing import Any

from autograd.arguments import as_values, flatten, int_hint, same_fixed, unflatten
from autograd.captured import Captured, NodesMade
from autograd.codegen import Comparison, Tape, Uncompilable
from autograd.comparisons import listening
from autograd.grad_mode import enable_grad
from autograd.value import Value


class CompiledFunction:
    """``fn`` recorded on its first call and replayed on the following ones.

    Calling it with the arguments of ``fn`` returns ``(value, grads)``: the result as a
    float and, for each argument, d(result)/d(argument) in the same shape (a float for
    a float, a list for a list, None for anything that is not a float; None for every
    argument with ``arg_grads=False``).  Values that ``fn`` uses without receiving them
    as arguments (a model's parameters) get their ``.grad`` accumulated, exactly as
    ``fn(...).backward()`` would.

    Attributes:
        replays: calls answered by the replay.
        fallbacks: later calls that ran on the normal engine because the recording did
            not fit them (each also gives a RuntimeWarning saying why).
    """

    def __init__(
        self, fn: Callable[..., Value], verify: bool = False, arg_grads: bool = True
    ) -> None:
        self.fn = fn
        self.verify = verify
        self.arg_grads = arg_grads
        self.replays = 0
        self.fallbacks = 0
        self._tape: Tape | None = None
        self._captured: Captured | None = None  # where fn found its Values when recorded
        self._refused = ""  # why fn cannot be compiled at all, once we know
        self._calls_compiled = ""  # a compiled function fn called while being recorded
        self._name = getattr(fn, "__name__", repr(fn))

    def __call__(self, *args: Any, **keywords: Any) -> tuple[float, tuple[Any, ...]]:
        """fn's value and its gradients for these arguments: replayed, or from the engine.

        Args:
            args: fn's arguments, by position: numbers and lists of numbers.
            keywords: refused (the gradients come back by position).

        Returns:
            (value, gradients): one gradient per argument, shaped like it.

        Raises:
            TypeError: for keyword arguments, or arguments fn could not be given.
        """
        if keywords:  # the gradients come back by position, so the arguments go in so
            raise TypeError(
                f"compile: pass the arguments of {self._name} by position, got "
                f"{', '.join(f'{k}=' for k in keywords)} by keyword: the gradients come "
                "back as a tuple in the order of the arguments"
            )
        for outer in _recording_now():  # called inside a function being recorded
            if outer is not self:
                outer._calls_compiled = self._name
        if self._refused:
            self.fallbacks += 1
            return self._answer(args, *self._run(args)[:2])
        flat, fixed = flatten(args)
        tape = self._tape
        if tape is None:
            return self._record(args)
        if not same_fixed(fixed, tape.fixed):
            return self._fall_back(args, "an argument that is not a float changed (or a shape)")
        moved = self._captured.changed() if self._captured is not None else ""
        if moved:  # fn would now read other Values: record it again, on this call
            self._warn(f"the recorded graph is out of date ({moved}); recording it again")
            self.fallbacks += 1
            return self._record(args)
        try:
            outcome = tape.replay(flat)
        except Exception as error:  # the engine will raise it again if it is real
            return self._fall_back(args, f"the replay raised {error!r}")
        if isinstance(outcome, str):
            return self._fall_back(args, outcome)
        self.replays += 1
        value, arg_grads = outcome
        if self.verify:
            self._check_against_engine(args, value)
        return self._answer(args, value, unflatten(args, arg_grads))

    def _answer(
        self, args: tuple[Any, ...], value: float, grads: tuple[Any, ...]
    ) -> tuple[float, tuple[Any, ...]]:
        """(value, grads), or (value, a None per argument) when arg_grads is off."""
        return (value, grads) if self.arg_grads else (value, (None,) * len(args))

    def _record(self, args: tuple[Any, ...]) -> tuple[float, tuple[Any, ...]]:
        log: list[Comparison] = []
        recording = _recording_now()
        recording.append(self)
        try:
            with NodesMade() as made:
                value, grads, out, arg_values = self._run(args, log)
        finally:
            recording.pop()
        # what fn computed without using it, to replay too (so a replay raises where fn
        # raises); but not what it made under no_grad(), which no replay could recompute
        dropped = [node for node in made.nodes if node.parents]
        try:
            if self._calls_compiled:
                raise Uncompilable(
                    f"it calls the compiled function {self._calls_compiled}, whose answers "
                    "are plain floats: a replay would keep this call's numbers"
                )
            self._tape = Tape(
                out, arg_values, log, flatten(args)[1], dropped, arg_grads=self.arg_grads
            )
            self._captured = _captured(self.fn)
        except Uncompilable as why:
            self._refused = str(why)
            warnings.warn(
                f"autograd.compile({self._name}) cannot record this function: {why}; "
                "every call runs on the normal engine",
                RuntimeWarning,
                stacklevel=3,
            )
        return self._answer(args, value, grads)

    def _run(
        self, args: tuple[Any, ...], log: list[Comparison] | None = None
    ) -> tuple[float, tuple[Any, ...], Value, list[Value]]:
        """fn on the normal engine, writing its comparisons to log (None: nowhere).

        The log is swapped in for this run only: when this function is called while
        another compiled function records, its comparisons are not the other's.
        """
        value_args, arg_values = as_values(args)
        # a compiled function is for its gradients, even in no_grad()
        with listening(log), enable_grad():
            out = self.fn(*value_args)
            if not isinstance(out, Value):
                raise TypeError(
                    f"compile: {self._name} must return a Value, got "
                    f"{type(out).__name__}: {out!r}{int_hint(args)}"
                )
            out.backward()
        return out.data, unflatten(args, [v.grad for v in arg_values]), out, arg_values

    def _fall_back(self, args: tuple[Any, ...], why: str) -> tuple[float, tuple[Any, ...]]:
        self._warn(
            f"the recorded graph does not fit this call ({why}); running it on the normal "
            "engine instead"
        )
        self.fallbacks += 1
        value, grads, _, _ = self._run(args)
        return self._answer(args, value, grads)

    def _warn(self, message: str) -> None:
        warnings.warn(f"autograd.compile({self._name}): {message}", RuntimeWarning, stacklevel=4)

    def _check_against_engine(self, args: tuple[Any, ...], value: float) -> None:
        # The engine's forward pass on the same arguments (no backward: parameters' .grad
        # stays the replay's); it costs a whole interpreted forward pass per call.
        engine = self._forward_only(args)
        if engine != engine and value != value:
            return  # NaN on both paths: the same answer
        if not (engine == value or abs(engine - value) <= 1e-12 * max(1.0, abs(engine))):
            raise RuntimeError(
                f"autograd.compile({self._name}): replay gave {value!r}, the engine "
                f"{engine!r}: the function uses a number compile cannot see (a branch on "
                "x.data, or x.detach()); compare Values instead, or do not compile it"
            )

    def _forward_only(self, args: tuple[Any, ...]) -> float:
        value_args, _ = as_values(args)
        with listening(None):  # as in _run
            return self.fn(*value_args).data


def _captured(fn: Callable[..., Value]) -> Captured | None:
    """Where fn finds its Values, or None when an object on the way cannot be searched."""
    try:
        return Captured(fn)
    except Exception:  # an object whose attributes raise when read: nothing to watch
        return None


_threads = threading.local()


def _recording_now() -> list[CompiledFunction]:
    """The compiled functions being recorded in this thread, outermost first."""
    stack: list[CompiledFunction] | None = getattr(_threads, "recording", None)
    if stack is None:
        stack = _threads.recording = []
    return stack


def compile(
    fn: Callable[..., Value], verify: bool = False, arg_grads: bool = True
) -> CompiledFunction:
    """Record ``fn`` once, then replay its forward and backward passes on new numbers.

    Args:
        fn: a function of floats (or nested lists/tuples of floats; other arguments,
            such as integer labels, are passed through unchanged and must stay the
            same) returning one Value.  Inside, the floats arrive as Values.  A Value
            passed as an argument is treated like a parameter: its ``.data`` is read
            on every call and its ``.grad`` accumulates (pass the same object).
        verify: also run the normal engine on every call and raise RuntimeError if the
            values differ (slow: a check while developing).
        arg_grads: False when only the ``.grad`` of the Values ``fn`` reads without
            receiving them is wanted (a model's parameters, in a training step): the
            replay then computes no gradient for the arguments (the samples), and
            returns None for each.

    Returns:
        A callable returning ``(value, grads)``; see :class:`CompiledFunction`.

    Raises:
        (when the returned callable is called)
        TypeError: arguments passed by keyword, or ``fn`` returning something that is
            not a Value.
        RuntimeError: with ``verify=True``, a replay that disagrees with the engine.
        Anything ``fn`` raises, from the normal engine (a replay that fails falls back
        to it, so the error is the engine's own).

    Example:
        >>> from autograd import compile
        >>> f = compile(lambda x, y: x * y + x.relu())
        >>> f(3.0, 4.0)
        (15.0, (5.0, 3.0))
        >>> f(-2.0, 4.0)
        (-8.0, (4.0, -2.0))
    """
    return CompiledFunction(fn, verify, arg_grads)
