"""The playground's JSON API: the sessions, and one function per ``/api/`` route.

Every route takes the request's JSON object and returns a JSON object; bad input raises
``BadInput`` (400, naming the field and what is allowed) or ``ApiError``.  The server
(``serve.py``) owns HTTP; this file knows nothing of it, so tests can call it directly.

Routes (POST with a JSON body, except ``state``, a GET with ``?session=ID&points=1``):

    session      {"settings": {...}}        -> a new session's state (settings optional)
    state        {"session", "points"?}     -> epoch, losses, curves, weights, heatmaps
    settings     {"session", "settings"}    -> state (changing data or network starts over)
    play, pause, step, reset, regenerate   {"session"} -> state
    weight       {"session", "layer", "neuron", "input", "value"} -> state
    derivative   {"session", "layer", "neuron", "input", "eps"?}  -> grad and nudge test
    backprop     {"session", "sample"}      -> the stepper's graph and chain-rule steps
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import backprop
import heatmaps
from session import Session
from settings import BadInput, Settings, updated

MAX_SESSIONS = 8
"""Sessions kept at once; making one more drops (and stops) the oldest."""


class ApiError(Exception):
    """An answer other than 200, with the HTTP status to send."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Sessions:
    """The live sessions by id, at most MAX_SESSIONS (oldest dropped first)."""

    def __init__(self, limit: int = MAX_SESSIONS) -> None:
        self._by_id: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()
        self.limit = limit

    def create(self, settings: Settings) -> tuple[str, Session]:
        session, key = Session(settings), secrets.token_hex(8)
        with self._lock:
            self._by_id[key] = session
            dropped = []
            while len(self._by_id) > self.limit:
                dropped.append(self._by_id.popitem(last=False)[1])
        for old in dropped:
            old.close()
        return key, session

    def get(self, key: object) -> Session:
        with self._lock:
            session = self._by_id.get(key) if isinstance(key, str) else None
        if session is None:
            raise ApiError(404, f"no session {key!r}: it ended or was dropped; make a new one")
        return session

    def __len__(self) -> int:
        return len(self._by_id)

    def close(self) -> None:
        with self._lock:
            sessions = list(self._by_id.values())
            self._by_id.clear()
        for session in sessions:
            session.close()


def state(key: str, session: Session, points: bool = False) -> dict[str, Any]:
    """What the page draws: the numbers, the weights and every heatmap (of a snapshot)."""
    twin = session.snapshot()
    s = twin.settings
    answer: dict[str, Any] = {
        "session": key,
        "settings": s.as_json(),
        "regression": s.regression,
        "epoch": twin.epoch,
        "train_loss": twin.train_loss,
        "test_loss": twin.test_loss,
        "history": twin.history,
        "playing": session.playing,
        "message": twin.message,
        "data_version": twin.data_version,
        "network": [
            [{"weights": [w.data for w in n.w], "bias": n.b.data} for n in layer.neurons]
            for layer in twin.model.layers
        ],
        "maps": session.cached(
            "maps",
            twin.version,
            lambda: {
                **heatmaps.network_maps(twin.model, s.features, s.regression),
                "features": heatmaps.feature_maps(tuple(s.features)),
            },
        ),
    }
    if points:
        answer["points"] = {
            "train": [[*p, y] for p, y in zip(twin.points_train, twin.y_train)],
            "test": [[*p, y] for p, y in zip(twin.points_test, twin.y_test)],
        }
    return answer


class Api:
    """The routes, over one set of sessions."""

    def __init__(self, sessions: Sessions | None = None) -> None:
        self.sessions = sessions or Sessions()
        self.routes: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "session": self.new_session,
            "state": self.state,
            "settings": self.settings,
            "play": self.action(Session.play),
            "pause": self.action(Session.pause),
            "step": self.action(Session.step),
            "reset": self.action(Session.reset),
            "regenerate": self.action(Session.regenerate),
            "weight": self.weight,
            "derivative": self.derivative,
            "backprop": self.backprop,
        }

    def handle(self, route: str, request: object) -> dict[str, Any]:
        """Answer ``/api/<route>``.  Raises ApiError or BadInput for a bad request."""
        if route not in self.routes:
            raise ApiError(404, f"no API route {route!r}; the routes are {', '.join(self.routes)}")
        if not isinstance(request, dict):
            raise BadInput("body", "a JSON object", request)
        return self.routes[route](request)

    def _session(self, request: dict[str, Any]) -> tuple[str, Session]:
        key = request.get("session")
        return key, self.sessions.get(key)  # type: ignore[return-value]

    def new_session(self, request: dict[str, Any]) -> dict[str, Any]:
        settings = updated(Settings(), request.get("settings", {}))
        key, session = self.sessions.create(settings)
        return state(key, session, points=True)

    def state(self, request: dict[str, Any]) -> dict[str, Any]:
        key, session = self._session(request)
        return state(key, session, points=request.get("points") in (True, "1", 1))

    def settings(self, request: dict[str, Any]) -> dict[str, Any]:
        key, session = self._session(request)
        version = session.data_version
        session.change(request.get("settings"))
        return state(key, session, points=session.data_version != version)

    def action(self, method: Callable[[Session], None]) -> Callable[[dict[str, Any]], Any]:
        def run(request: dict[str, Any]) -> dict[str, Any]:
            key, session = self._session(request)
            version = session.data_version
            method(session)
            return state(key, session, points=session.data_version != version)

        return run

    def weight(self, request: dict[str, Any]) -> dict[str, Any]:
        key, session = self._session(request)
        session.set_weight(request)
        return state(key, session)

    def derivative(self, request: dict[str, Any]) -> dict[str, Any]:
        return backprop.derivative(self._session(request)[1].snapshot(), request)

    def backprop(self, request: dict[str, Any]) -> dict[str, Any]:
        return backprop.stepper(self._session(request)[1].snapshot(), request.get("sample", 0))
