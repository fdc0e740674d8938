"""What compile sees of fn besides its result: the Values it reads, the nodes it makes.

``NodesMade`` collects every node fn makes while it is recorded, also those that do
not feed its result (``(x - 1).log()`` computed and dropped): a replay computes them
too, so that it raises where fn raises.

``Captured`` watches what fn reads without receiving it.

A replay reads the ``.data`` of the Values that ``fn`` used while it was recorded (a
model's parameters), as they were found then.  If the program rebinds a name to a new
Value (``w = Value(0.5)`` at module level, ``layer.w = ...``) or a captured list of
Values grows, ``fn`` itself would now read other Values, and the replay would quietly
keep the old ones.  ``Captured(fn)`` writes down, at recording time, where ``fn`` finds
its Values: the contents of its closure, the globals its code names, its defaults and,
for a method, its object, followed through lists, tuples, dicts, objects' attributes
and other functions of the same module, and for an object with a ``parameters()``
method (an ``nn`` model), the list it returns.  ``changed()`` looks again, at the cost
of one identity check per Value found.
"""

from __future__ import annotations

import threading
import types
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from autograd import value as _value
from autograd.value import Value


class NodesMade:
    """``with NodesMade() as made:`` lists in ``made.nodes`` each node made in the block.

    Every node of the engine is allocated by one function, ``value._new_value``; for the
    block it is swapped for one that also writes the node down (in this thread only),
    so the engine's hot path pays nothing outside a recording.
    """

    def __init__(self) -> None:
        self.nodes: list[Value] = []
        self._thread = threading.get_ident()
        self._previous: Callable[[type[Value]], Value] = _value._new_value

    def _new_value(self, cls: type[Value]) -> Value:
        node = self._previous(cls)
        if threading.get_ident() == self._thread:
            self.nodes.append(node)
        return node

    def __enter__(self) -> NodesMade:
        self._previous = _value._new_value
        _value._new_value = self._new_value  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        _value._new_value = self._previous  # type: ignore[assignment]


MAX_DEPTH = 4
"""How many containers or objects deep the search goes from fn's names."""

_PLAIN = {float, int, str, bool, bytes, type(None)}
"""Element types of a container that can hold no Value (data lists: not searched)."""


class Captured:
    """Where fn finds Values without receiving them, and what it found there."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self._module = getattr(fn, "__module__", None)
        self._seen: set[int] = set()
        self.watch: list[tuple[Callable[[], Any], Any]] = []
        """(look again, what it gave): a name's object (compared by identity), or a
        container's items as a list (the same Values, in the same places)."""
        self._follow(fn, 0)

    def changed(self) -> str:
        """ "" if fn would find the same Values, else what is different."""
        for look, then in self.watch:
            try:
                now = look()
            except Exception:  # a name deleted, a parameters() that fails: not the same
                return "something fn reads is gone"
            if not _same(now, then):
                return (
                    "a Value that fn reads without receiving it was replaced, or a list "
                    "of them changed"
                )
        return ""

    # --- the search, once, at recording time -------------------------------------------

    def _follow(self, obj: Any, depth: int) -> None:
        if depth > MAX_DEPTH or id(obj) in self._seen or isinstance(obj, type | types.ModuleType):
            return
        self._seen.add(id(obj))
        if isinstance(obj, types.FunctionType):
            self._function(obj, depth)
        elif isinstance(obj, types.MethodType):
            self._follow(obj.__func__, depth)
            self._follow(obj.__self__, depth)
        elif isinstance(obj, list | tuple):
            self._container(obj, depth, partial(list, obj))
        elif isinstance(obj, dict):
            self._container(obj, depth, partial(_values_of, obj))
        elif callable(getattr(obj, "parameters", None)) and not isinstance(obj, Value):
            self.watch.append((partial(_parameters_of, obj), _parameters_of(obj)))
        elif hasattr(obj, "__dict__") and not callable(obj):
            self._container(vars(obj), depth, partial(_attributes_of, obj))

    def _function(self, fn: types.FunctionType, depth: int) -> None:
        if getattr(fn, "__module__", None) != self._module:
            return  # a library's function (nn's losses, math): not the user's state
        for cell in fn.__closure__ or ():
            try:
                self._name(partial(_contents_of, cell), depth)
            except ValueError:  # an empty cell (a name assigned later)
                continue
        for name in _global_names(fn.__code__):
            if name in fn.__globals__:
                self._name(partial(_global, fn.__globals__, name), depth)
        for default in fn.__defaults__ or ():
            self._follow(default, depth + 1)

    def _name(self, look: Callable[[], Any], depth: int) -> None:
        # A name fn reads: watched for rebinding when it holds a Value or something that
        # may hold Values; followed inside.
        obj = look()
        if isinstance(obj, type | types.ModuleType | types.BuiltinFunctionType):
            return
        if type(obj) in _PLAIN:
            return
        self.watch.append((partial(_identity_of, look), _Identity(obj)))
        self._follow(obj, depth + 1)

    def _container(self, obj: Any, depth: int, items: Callable[[], list[Any]]) -> None:
        found = items()
        kinds = set(map(type, found))
        if kinds <= _PLAIN:
            return  # numbers and strings only: data, not Values
        if any(isinstance(x, Value) for x in found):
            self.watch.append((items, found))
        for x in found:
            if not isinstance(x, Value) and type(x) not in _PLAIN:
                self._follow(x, depth + 1)


# What the watch looks at again on each call (module-level functions, so no closures).


def _values_of(d: dict[Any, Any]) -> list[Any]:
    return list(d.values())


def _attributes_of(obj: Any) -> list[Any]:
    return list(vars(obj).values())


def _parameters_of(obj: Any) -> list[Any]:
    return list(obj.parameters())


def _contents_of(cell: types.CellType) -> Any:
    return cell.cell_contents


def _global(names: dict[str, Any], name: str) -> Any:
    return names[name]


def _identity_of(look: Callable[[], Any]) -> _Identity:
    return _Identity(look())


def _global_names(code: types.CodeType) -> Iterator[str]:
    """The names a function's code (and the code of functions inside it) may read."""
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _global_names(const)


class _Identity:
    """What a name holds, compared as the same object (not by ==)."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any) -> None:
        self.obj = obj


def _same(now: Any, then: Any) -> bool:
    if isinstance(then, _Identity):
        return isinstance(now, _Identity) and now.obj is then.obj
    # a container's items: as many, and the same Values in the same places
    return len(now) == len(then) and all(a is b for a, b in zip(now, then) if isinstance(b, Value))
