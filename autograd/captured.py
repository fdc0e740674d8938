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
(an ``nn`` model's layers, neurons and weights) and other functions of the same
module.  ``changed()`` looks again: one identity check per Value found, at C speed.
"""

from __future__ import annotations

import threading
import types
from collections.abc import Callable, Iterator
from functools import partial
from operator import itemgetter
from typing import Any

from autograd import nodes
from autograd.value import Value


class NodesMade:
    """``with NodesMade() as made:`` lists in ``made.nodes`` each node this thread makes.

    Every node of the engine is allocated by one function, ``nodes.allocate``; while
    any recording runs it is swapped for one that also writes the node down, in the
    list of its own thread's innermost recording, so the engine's hot path pays nothing
    outside a recording, and two threads recording at once keep apart.
    """

    def __init__(self) -> None:
        self.nodes: list[Value] = []

    def __enter__(self) -> NodesMade:
        global _recordings
        with _lock:
            if _recordings == 0:
                nodes.allocate = _new_value_written_down  # type: ignore[assignment]
            _recordings += 1
        _lists().append(self.nodes)
        return self

    def __exit__(self, *exc: object) -> None:
        global _recordings
        _lists().pop()
        with _lock:
            _recordings -= 1
            if _recordings == 0:
                nodes.allocate = _allocate


_allocate = nodes.allocate
"""The engine's own allocation (``object.__new__``), put back when no recording runs."""
_lock = threading.Lock()
_recordings = 0  # recordings running, in all threads
_threads = threading.local()


def _lists() -> list[list[Value]]:
    """This thread's recordings' node lists, innermost last."""
    lists: list[list[Value]] | None = getattr(_threads, "lists", None)
    if lists is None:
        lists = _threads.lists = []
    return lists


def _new_value_written_down(cls: type[Value]) -> Value:
    node = _allocate(cls)
    lists = _lists()
    if lists:
        lists[-1].append(node)
    return node


MAX_DEPTH = 8
"""How many containers or objects deep the search goes from fn's names (a model's
weights sit at about 6: model, layers, a layer, neurons, a neuron, w)."""

_PLAIN = {float, int, str, bool, bytes, type(None)}
"""Types that hold no Value: data lists of them are not searched, and an attribute that
holds one (a learning rate, a count) may change freely."""

Look = Callable[[], Any]
"""Gives a container again (a list, a dict of attributes) or, for a name, its object."""


class Captured:
    """Where fn finds Values without receiving them, and what it found there.

    ``names``: how to look a name up again, and the identity of what it held.
    ``places``: a list, dict or object's attributes (a dict), which items to compare
    (positions or keys, picked at C speed), and their length and identities then.
    Only Values and the containers and objects that lead to them are compared, never
    plain numbers, so an attribute holding a float (a step count) may change freely.
    """

    def __init__(self, fn: Callable[..., Any]) -> None:
        self._module = getattr(fn, "__module__", None)
        self._seen: set[int] = set()
        self.names: list[tuple[Look, int]] = []
        self.places: list[tuple[Any, Callable[[Any], tuple[Any, ...]], tuple[int, ...]]] = []
        self._follow(fn, 0)

    def changed(self) -> str:
        """What changed since recording ("" if fn would find the same Values in the same places)."""
        try:
            same = all(id(look()) == then for look, then in self.names) and all(
                (len(place), *map(id, pick(place))) == then for place, pick, then in self.places
            )
        except Exception:  # a name deleted, a list that got shorter: not the same
            same = False
        if same:
            return ""
        return "a Value that fn reads without receiving it was replaced, or a list of them changed"

    # --- the search, once, at recording time -------------------------------------------

    def _follow(self, obj: Any, depth: int) -> None:
        if depth > MAX_DEPTH or id(obj) in self._seen or type(obj) in _PLAIN:
            return
        if isinstance(obj, Value | type | types.ModuleType | types.BuiltinFunctionType):
            return
        self._seen.add(id(obj))
        if isinstance(obj, types.FunctionType):
            self._function(obj, depth)
        elif isinstance(obj, types.MethodType):
            self._follow(obj.__func__, depth)
            self._follow(obj.__self__, depth)
        elif isinstance(obj, list | tuple):
            self._container(obj, list(enumerate(obj)), depth)
        elif isinstance(obj, dict):
            self._container(obj, list(obj.items()), depth)
        elif isinstance(getattr(obj, "__dict__", None), dict):  # an object: its attributes
            self._container(vars(obj), list(vars(obj).items()), depth)

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

    def _name(self, look: Look, depth: int) -> None:
        # A name fn reads: watched for rebinding when it holds a Value or what may lead
        # to Values (not a module, a class or a plain number); followed inside.
        obj = look()
        if type(obj) in _PLAIN or isinstance(
            obj, type | types.ModuleType | types.BuiltinFunctionType
        ):
            return
        self.names.append((look, id(obj)))
        self._follow(obj, depth + 1)

    def _container(self, place: Any, items: list[tuple[Any, Any]], depth: int) -> None:
        # Watch the items (positions, keys) that hold a Value or lead further; a list of
        # plain numbers (data) has none and costs nothing.
        keys = [key for key, x in items if type(x) not in _PLAIN]
        if not keys:
            return
        pick = _picker(keys)
        self.places.append((place, pick, (len(place), *map(id, pick(place)))))
        for _key, x in items:
            if type(x) not in _PLAIN:
                self._follow(x, depth + 1)


# What the watch looks at again on each call (module-level functions, so no closures).


def _contents_of(cell: types.CellType) -> Any:
    return cell.cell_contents


def _global(names: dict[str, Any], name: str) -> Any:
    return names[name]


def _picker(keys: list[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """The items at keys, as a tuple, at C speed (itemgetter of one key gives no tuple)."""
    return itemgetter(*keys) if len(keys) > 1 else itemgetter(keys[0], keys[0])


def _global_names(code: types.CodeType) -> Iterator[str]:
    """The names a function's code (and the code of functions inside it) may read."""
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _global_names(const)
