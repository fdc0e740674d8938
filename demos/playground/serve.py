"""Serve the playground: ``python demos/playground/serve.py [--port 8765]``, then open the URL.

A standard-library HTTP server on 127.0.0.1 only.  It serves the files of ``static/``
(nothing else: a request names a file of that folder or gets 404, so no ``..``, plain
or encoded, can reach past it) and the JSON API of ``api.py`` under ``/api/``.  It
answers only requests whose ``Host`` is ``localhost:PORT`` or ``127.0.0.1:PORT``, so a
web page elsewhere cannot reach it through DNS rebinding.  Bodies are capped, slow
clients time out and connections are counted, so no client can make it allocate
without bound or stop serving.  Ctrl-C stops it.

``--bench`` instead prints how many epochs a second a 2-8-8-1 network trains on 200
points (the median of several runs), and exits.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import mimetypes
import statistics
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the playground's modules sit beside this file
sys.path.insert(1, str(HERE.parent.parent))  # and pigrad, when run from a checkout

from api import Api, ApiError  # noqa: E402
from settings import BadInput, Settings  # noqa: E402

STATIC = HERE / "static"
MAX_BODY = 16_384
"""The largest request body accepted, in bytes (the biggest real one is ~1 KB)."""
MAX_CONNECTIONS = 32
"""Connections served at once; more are answered 503 straight away."""
TIMEOUT = 10.0
"""Seconds a client may take to send its request."""


def static_files() -> dict[str, tuple[bytes, str]]:
    """Every file of static/, read once: URL path -> (content, content type)."""
    files = {}
    for path in sorted(STATIC.iterdir()):
        if path.is_file():
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith(("javascript", "json", "svg+xml")):
                kind += "; charset=utf-8"
            files["/" + path.name] = (path.read_bytes(), kind)
    files["/"] = files["/index.html"]
    return files


class Handler(BaseHTTPRequestHandler):
    """One request: the Host check, then a static file or an API route."""

    server: PlaygroundServer
    timeout = TIMEOUT
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(
        self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, answer: dict[str, Any]) -> None:
        body = json.dumps(answer, allow_nan=False, separators=(",", ":")).encode()
        self._send(status, body, "application/json")

    def _error(self, status: int, message: str, **details: str) -> None:
        self._json(status, {"error": message, **details})

    def _host_ok(self) -> bool:
        port = self.server.server_address[1]
        if self.headers.get("Host") in (f"localhost:{port}", f"127.0.0.1:{port}"):
            return True
        self._error(
            HTTPStatus.FORBIDDEN,
            f"Host must be localhost:{port} or 127.0.0.1:{port}, got "
            f"{(self.headers.get('Host') or '')[:60]!r}",
        )
        return False

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        url = urlsplit(self.path)
        if url.path == "/api/state":
            try:
                query = {k: v[-1] for k, v in parse_qs(url.query, max_num_fields=8).items()}
            except ValueError:  # more than 8 fields
                self._error(HTTPStatus.BAD_REQUEST, "the query has too many fields")
                return
            self._answer("state", query)
            return
        if url.path.startswith("/api/"):
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, f"{url.path} takes POST with a JSON body")
            return
        found = self.server.files.get(unquote(url.path))
        if found is None:
            self._error(HTTPStatus.NOT_FOUND, f"no file {url.path[:80]!r} here")
            return
        policy = "default-src 'self'; img-src 'self' data:; object-src 'none'"
        self._send(HTTPStatus.OK, *found, {"Content-Security-Policy": policy})

    do_HEAD = do_GET

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        path = urlsplit(self.path).path
        if not path.startswith("/api/") or path == "/api/state":
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, f"POST {path[:80]!r}: only /api/ routes")
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            self._error(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length with the JSON body")
            return
        if int(length) > MAX_BODY:
            self.close_connection = True  # the body is not read: do not reuse the connection
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"bodies are at most {MAX_BODY} bytes")
            return
        try:
            request = json.loads(self.rfile.read(int(length)) or b"{}")
        except (ValueError, RecursionError):  # bad JSON, bad UTF-8, nesting too deep
            self._error(HTTPStatus.BAD_REQUEST, "the body is not valid JSON")
            return
        self._answer(path.removeprefix("/api/"), request)

    def _answer(self, route: str, request: object) -> None:
        try:
            self._json(HTTPStatus.OK, self.server.api.handle(route, request))
        except BadInput as bad:
            self._error(HTTPStatus.BAD_REQUEST, str(bad), field=bad.field, allowed=bad.allowed)
        except ApiError as error:
            self._error(error.status, str(error))


class PlaygroundServer(ThreadingHTTPServer):
    """A threading HTTP server with a cap on connections, bound to 127.0.0.1."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, port: int, api: Api | None = None, verbose: bool = False) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.api = api or Api()
        self.files = static_files()
        self.verbose = verbose
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):  # too many at once: say so and hang up
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def server_close(self) -> None:
        super().server_close()
        self.api.sessions.close()


def bench(runs: int = 5, epochs: int = 20) -> dict[str, list[float]]:
    """Epochs per second of a 2-8-8-1 tanh network on 200 training points (one figure per
    run), and, while it trains in its thread, the seconds a state request (heatmaps and
    all) and a pause take."""
    from api import Sessions, state

    figures: dict[str, list[float]] = {"epochs per second": [], "state": [], "pause": []}
    sessions = Sessions()
    for run in range(runs):
        settings = Settings(dataset="circles", points=400, hidden=[8, 8], seed=run)
        key, session = sessions.create(settings)
        figures["epochs per second"].append(epochs / session.run_epochs(epochs))
        session.play()
        time.sleep(0.3)
        start = time.perf_counter()
        state(key, session)
        figures["state"].append(time.perf_counter() - start)
        start = time.perf_counter()
        session.pause()
        figures["pause"].append(time.perf_counter() - start)
    sessions.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.add_argument("--bench", action="store_true", help="print epochs per second and exit")
    args = parser.parse_args(argv)
    if args.bench:
        figures = bench()
        rates = figures["epochs per second"]
        print(
            "2-8-8-1 tanh network, 200 training points (+200 test), batch size 10: "
            f"median {statistics.median(rates):.1f} epochs/s over {len(rates)} runs "
            f"({', '.join(f'{r:.1f}' for r in rates)})"
        )
        for what in ("state", "pause"):
            ms = [1000 * t for t in figures[what]]
            print(
                f"while it trains, a {what} request takes: median {statistics.median(ms):.0f} "
                f"ms ({', '.join(f'{t:.0f}' for t in ms)})"
            )
        return 0
    if not 0 <= args.port < 65536:
        parser.error(f"--port must be from 1 to 65535 (0: any free port), got {args.port}")
    try:
        server = PlaygroundServer(args.port, verbose=args.verbose)
    except OSError as error:
        print(f"cannot serve on 127.0.0.1:{args.port}: {error} (try --port N)", file=sys.stderr)
        return 1
    print(f"pigrad playground: http://127.0.0.1:{server.server_address[1]}/  (Ctrl-C stops it)")
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("\nstopped")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
