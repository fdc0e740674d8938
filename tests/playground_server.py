"""Shared by the playground's tests: its modules on sys.path, a live server, a tiny client."""

from __future__ import annotations

import http.client
import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PLAYGROUND = Path(__file__).resolve().parent.parent / "demos" / "playground"
if str(PLAYGROUND) not in sys.path:
    sys.path.insert(0, str(PLAYGROUND))

import serve  # noqa: E402


@contextmanager
def running_server() -> Iterator[serve.PlaygroundServer]:
    """A playground server on 127.0.0.1 and a free port, stopped (and its sessions too)
    when the block ends."""
    server = serve.PlaygroundServer(0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def request(
    port: int,
    method: str,
    path: str,
    body: object = None,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """Send one request; returns (status, JSON answer or the raw bytes if not JSON)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        sent = {"Host": f"127.0.0.1:{port}", **(headers or {})}
        connection.request(method, path, body=data, headers=sent)
        answer = connection.getresponse()
        content = answer.read()
        if answer.getheader("Content-Type", "").startswith("application/json"):
            return answer.status, json.loads(content)
        return answer.status, content
    finally:
        connection.close()


def post(port: int, route: str, body: object) -> tuple[int, Any]:
    return request(port, "POST", f"/api/{route}", body)
