"""The playground without a browser: its training core, its API and its HTTP server."""

from __future__ import annotations

import math
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import nn
from autograd import Value

# isort: off
from playground_server import post, request, running_server  # puts the playground on sys.path

import api
import data
import session as core
from serve import MAX_BODY, MAX_CONNECTIONS, PlaygroundServer
from settings import BadInput, Settings, updated

# isort: on


@pytest.fixture(scope="module")
def server() -> Iterator[PlaygroundServer]:
    with running_server() as live:
        yield live


@pytest.fixture
def port(server: PlaygroundServer) -> int:
    return server.server_address[1]


def new(port: int, **settings: Any) -> dict[str, Any]:
    status, answer = post(port, "session", {"settings": settings})
    assert status == 200, answer
    return answer  # type: ignore[no-any-return]


# --- every bad input gets a 4xx naming the field and what is allowed ----------------------

BAD_SETTINGS = [
    ("learning_rate", 0, "a number in (0, 10]"),
    ("learning_rate", 10.5, "a number in (0, 10]"),
    ("learning_rate", "fast", "a number in (0, 10]"),
    ("learning_rate", True, "a number in (0, 10]"),
    ("regularization_rate", -0.1, "a number in [0, 10]"),
    ("points", 2001, "a whole number from 10 to 2000"),
    ("points", 10**12, "a whole number from 10 to 2000"),
    ("points", 200.5, "a whole number from 10 to 2000"),
    ("batch_size", 0, "a whole number from 1 to 100"),
    ("batch_size", 101, "a whole number from 1 to 100"),
    ("noise", 51, "a whole number from 0 to 50"),
    ("train_percent", 95, "a whole number from 10 to 90"),
    ("seed", -1, "a whole number from 0 to 2147483647"),
    ("hidden", [4, 4, 4, 4, 4, 4, 4], "a list of 0 to 6 layer sizes"),
    ("hidden", [9], "a list of 0 to 6 layer sizes"),
    ("hidden", [0], "a list of 0 to 6 layer sizes"),
    ("hidden", "4,2", "a list of 0 to 6 layer sizes"),
    ("features", [], "a list of 1 to 9 different names"),
    ("features", ["x3"], "a list of 1 to 9 different names"),
    ("features", ["x1", "x1"], "a list of 1 to 9 different names"),
    ("dataset", "mnist", "one of xor, circles"),
    ("activation", "softmax", "one of relu, tanh, sigmoid, linear, leaky_relu"),
    ("regularization", "l3", "one of none, l1, l2"),
]


@pytest.mark.parametrize(("field", "value", "allowed"), BAD_SETTINGS)
def test_bad_settings_are_refused_naming_the_field(field: str, value: object, allowed: str) -> None:
    with pytest.raises(BadInput, match=f"^{field} must be ") as error:
        updated(Settings(), {field: value})
    assert error.value.field == field and allowed in error.value.allowed


def test_bad_settings_over_http_get_400_json(port: int) -> None:
    for field, value, allowed in BAD_SETTINGS[:6]:
        status, answer = post(port, "session", {"settings": {field: value}})
        assert status == 400 and answer["field"] == field and allowed in answer["allowed"]
    status, answer = post(port, "session", {"settings": {"learning_rat": 0.1}})
    assert status == 400 and "learning_rate" in answer["error"]


def test_nan_and_infinity_in_json_are_refused(port: int) -> None:
    key = new(port)["session"]
    for raw in (b'{"learning_rate": NaN}', b'{"learning_rate": Infinity}'):
        body = b'{"session": "%s", "settings": %s}' % (key.encode(), raw)
        status, answer = request(port, "POST", "/api/settings", raw=body)
        assert status == 400 and answer["field"] == "learning_rate"


@pytest.mark.parametrize(
    ("route", "fields", "field", "allowed"),
    [
        ("weight", {"layer": 7, "neuron": 0, "input": 0, "value": 1}, "layer", "0 to 2"),
        ("weight", {"layer": 0, "neuron": 4, "input": 0, "value": 1}, "neuron", "0 to 3"),
        ("weight", {"layer": 0, "neuron": 0, "input": 2, "value": 1}, "input", '0 to 1, or "bias"'),
        ("weight", {"layer": 0, "neuron": 0, "input": 0, "value": 1e9}, "value", "[-100, 100]"),
        ("weight", {"layer": 0, "neuron": 0, "input": 0, "value": "1"}, "value", "[-100, 100]"),
        ("derivative", {"layer": 0, "neuron": 0, "input": 0, "eps": 0}, "eps", "|eps| <= 1"),
        ("derivative", {"layer": 0, "neuron": 0, "input": 0, "eps": 5}, "eps", "|eps| <= 1"),
        ("backprop", {"sample": 100}, "sample", "0 to 99"),
        ("backprop", {"sample": -1}, "sample", "0 to 99"),
    ],
)
def test_bad_indices_and_values_are_refused(
    port: int, route: str, fields: dict[str, Any], field: str, allowed: str
) -> None:
    key = new(port)["session"]  # 200 points, half for training; 2 -> 4 -> 2 -> 1
    status, answer = post(port, route, {"session": key, **fields})
    assert status == 400 and answer["field"] == field and allowed in answer["allowed"]


def test_malformed_requests(port: int) -> None:
    assert request(port, "POST", "/api/session", raw=b"{not json")[0] == 400
    assert request(port, "POST", "/api/session", raw=b"\xff\xfe")[0] == 400
    assert request(port, "POST", "/api/session", raw=b"[" * 8000 + b"]" * 8000)[0] == 400
    many_fields = "&".join(f"f{k}=1" for k in range(9))
    assert request(port, "GET", f"/api/state?{many_fields}")[0] == 400
    assert request(port, "POST", "/api/session", body=[1, 2])[0] == 400
    assert request(port, "POST", "/api/play", body={"session": "nope"})[0] == 404
    assert request(port, "POST", "/api/launch", body={})[0] == 404
    assert request(port, "GET", "/api/play")[0] == 405
    assert request(port, "POST", "/index.html", body={})[0] == 405
    too_big = b"{" + b" " * (MAX_BODY + 1) + b"}"
    assert request(port, "POST", "/api/session", raw=too_big)[0] == 413
    assert request(port, "POST", "/api/session", headers={"Content-Length": "x"})[0] == 411


def test_only_localhost_hosts_are_answered(port: int) -> None:
    for host in ("evil.example", f"evil.example:{port}", "localhost", f"127.0.0.1:{port + 1}"):
        status, answer = request(port, "GET", "/", headers={"Host": host})
        assert status == 403 and "Host must be" in answer["error"]
    assert request(port, "GET", "/", headers={"Host": f"localhost:{port}"})[0] == 200


def test_static_files_come_from_the_folder_only(port: int) -> None:
    status, page = request(port, "GET", "/")
    assert status == 200 and b'id="backprop-step"' in page
    assert request(port, "GET", "/favicon.svg")[0] == 200
    assert request(port, "GET", "/app.js")[0] == 200
    for path in (
        "/../serve.py",
        "/%2e%2e/serve.py",
        "/%2E%2E%2Fserve.py",
        "/..%2f..%2fREADME.md",
        "/static/app.js",
        "/serve.py",
        "//etc/passwd",
        "/app.js%00.html",
    ):
        assert request(port, "GET", path)[0] == 404, path


# --- every control does what it says -------------------------------------------------------


def test_play_pause_step_reset_regenerate(port: int) -> None:
    first = new(port, dataset="xor", hidden=[4], learning_rate=0.1)
    key = first["session"]
    assert first["epoch"] == 0 and len(first["points"]["train"]) == 100
    assert post(port, "step", {"session": key})[1]["epoch"] == 1
    post(port, "play", {"session": key})
    deadline = time.monotonic() + 30
    while request(port, "GET", f"/api/state?session={key}")[1]["epoch"] < 5:
        assert time.monotonic() < deadline, "training did not get to 5 epochs in 30 s"
        time.sleep(0.05)
    paused = post(port, "pause", {"session": key})[1]
    assert not paused["playing"] and paused["train_loss"] < first["train_loss"]
    time.sleep(0.2)
    assert request(port, "GET", f"/api/state?session={key}")[1]["epoch"] == paused["epoch"]
    reset = post(port, "reset", {"session": key})[1]
    assert reset["epoch"] == 0 and reset["network"] == first["network"]
    again = post(port, "regenerate", {"session": key})[1]
    assert again["settings"]["seed"] == 1 and again["points"] != first["points"]


def test_live_settings_keep_training_others_start_over(port: int) -> None:
    key = new(port)["session"]
    post(port, "step", {"session": key})
    live = {"learning_rate": 0.3, "batch_size": 5, "regularization": "l1"}
    kept = post(port, "settings", {"session": key, "settings": live})[1]
    assert kept["epoch"] == 1 and kept["settings"]["learning_rate"] == 0.3
    changed = post(port, "settings", {"session": key, "settings": {"hidden": [3, 3, 3]}})[1]
    assert changed["epoch"] == 0 and [len(layer) for layer in changed["network"]] == [3, 3, 3, 1]
    features = ["x1", "x1^2", "sin(x2)"]
    wider = post(port, "settings", {"session": key, "settings": {"features": features}})[1]
    assert len(wider["network"][0][0]["weights"]) == 3 and len(wider["maps"]["features"]) == 3
    for dataset in ("xor", "moons", "spirals", "gaussian", "pig_sales", "plane", "circles"):
        answer = post(port, "settings", {"session": key, "settings": {"dataset": dataset}})[1]
        assert answer["regression"] == (dataset in ("pig_sales", "plane"))
        xs = [abs(v) for p in answer["points"]["train"] for v in p[:2]]
        assert max(xs) <= 6.0


def test_a_weight_edit_changes_the_weight_and_the_losses(port: int) -> None:
    before = new(port)
    key = before["session"]
    fields = {"layer": 1, "neuron": 0, "input": "bias", "value": 3.5}
    after = post(port, "weight", {"session": key, **fields})[1]
    assert after["network"][1][0]["bias"] == 3.5 and after["train_loss"] != before["train_loss"]


def test_the_derivative_view_passes_the_articles_test(port: int) -> None:
    key = new(port, regularization="l2", regularization_rate=0.01)["session"]
    where = {"layer": 0, "neuron": 2, "input": 1}
    small = post(port, "derivative", {"session": key, **where, "eps": 1e-6})[1]
    assert math.isclose(small["measured"], small["predicted"], rel_tol=1e-3)
    up = post(port, "derivative", {"session": key, **where, "eps": 1e-3})[1]
    down = post(port, "derivative", {"session": key, **where, "eps": -1e-3})[1]
    central = (up["nudged_loss"] - down["nudged_loss"]) / 2e-3
    assert math.isclose(central, small["grad"], rel_tol=1e-5)


def test_the_stepper_adds_up_to_backwards_gradients(server: PlaygroundServer, port: int) -> None:
    key = new(port, hidden=[3], activation="relu", features=["x1", "x2", "x1*x2"])["session"]
    answer = post(port, "backprop", {"session": key, "sample": 7})[1]
    # the model itself (fused neurons and all) on the same sample, through backward
    live = server.api.sessions.get(key)
    x, y = live.X_train[7], live.y_train[7]
    live.model.zero_grad()
    loss = nn.binary_cross_entropy([live.model(x)], [y])
    loss.backward()
    assert math.isclose(answer["loss"], loss.data, rel_tol=1e-12)
    totals: dict[tuple[int, int, object], float] = {}
    for step in answer["steps"]:
        if step["param"] is not None:
            p = step["param"]
            totals[(p["layer"], p["neuron"], p["input"])] = step["total"]
    for i, layer in enumerate(live.model.layers):
        for j, neuron in enumerate(layer.neurons):
            expected = [*neuron.w, neuron.b]
            for k, w in zip([*range(neuron.nin), "bias"], expected):
                assert math.isclose(totals.get((i, j, k), 0.0), w.grad, abs_tol=1e-12)
    kinds = {node["kind"] for node in answer["nodes"]}
    assert {"input", "sum", "act"} <= kinds


def test_sessions_are_capped_oldest_dropped(port: int) -> None:
    keys = [new(port)["session"] for _ in range(api.MAX_SESSIONS + 1)]
    assert request(port, "GET", f"/api/state?session={keys[0]}")[0] == 404
    assert request(port, "GET", f"/api/state?session={keys[-1]}")[0] == 200


def test_concurrent_requests_are_all_answered(port: int) -> None:
    key = new(port)["session"]
    post(port, "play", {"session": key})

    def poke(k: int) -> int:
        if k % 3 == 0:
            return post(port, "step", {"session": key})[0]
        if k % 3 == 1:
            return request(port, "GET", f"/api/state?session={key}")[0]
        return post(port, "backprop", {"session": key, "sample": k})[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(poke, range(24))) == {200}
    post(port, "pause", {"session": key})


# --- the training core -------------------------------------------------------------------


def test_training_learns_xor_and_a_plane() -> None:
    for dataset in ("xor", "plane"):
        changes = {"dataset": dataset, "hidden": [4], "features": ["x1", "x2", "x1*x2"]}
        settings = updated(Settings(), {**changes, "learning_rate": 0.1})
        s = core.Session(settings)
        first = s.train_loss
        s.run_epochs(30)
        assert s.epoch == 30 and s.train_loss < 0.5 * first, dataset


def test_the_losses_shown_are_the_trained_loss_of_the_model() -> None:
    # The page's loss numbers are nn's own loss on the model's outputs (they were a
    # copy of its formulas on floats): the same numbers as the loss the steps train.
    X, labels = [[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]], [1.0, 0.0, 1.0]
    model = nn.MLP(2, [4, 1], seed=0)
    for name, fn in (("xor", nn.binary_cross_entropy), ("plane", nn.mse)):
        settings = updated(Settings(), {"dataset": name})
        trained = fn([model(x) for x in X], labels).data
        assert core.data_loss(settings, model, X, labels) == trained


def test_regularization_adds_l1_or_l2_times_the_rate() -> None:
    params = [Value(2.0), Value(-3.0)]
    for kind, expected in (("none", 0.0), ("l1", 0.5 * 5.0), ("l2", 0.5 * 13.0)):
        settings = updated(Settings(), {"regularization": kind, "regularization_rate": 0.5})
        term = core.penalty(settings, params)
        assert (term.data if isinstance(term, Value) else term) == expected


def test_the_server_serves_then_stops_cleanly_on_ctrl_c() -> None:
    serve_py = Path(__file__).resolve().parent.parent / "demos" / "playground" / "serve.py"
    process = subprocess.Popen(
        [sys.executable, str(serve_py), "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("pigrad playground: http://127.0.0.1:"), line
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        assert request(port, "GET", "/")[0] == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        assert "stopped" in process.stdout.read()
    finally:
        process.kill()
        process.wait(timeout=5)


def test_noise_ratio_activation_and_regularization_each_change_something() -> None:
    def session(**changes: Any) -> core.Session:
        return core.Session(updated(Settings(), {"dataset": "moons", **changes}))

    plain = session()
    assert session(noise=30).points_train != plain.points_train
    assert len(session(train_percent=30).points_train) == 60 and len(plain.points_train) == 100
    relu = session(activation="relu")
    assert relu.model.activations[0] == "relu" and plain.model.activations[0] == "tanh"
    sizes = {}
    for kind in ("none", "l1", "l2"):
        trained = session(regularization=kind, regularization_rate=0.3, learning_rate=0.1)
        trained.run_epochs(5)
        sizes[kind] = sum(abs(p.data) for p in trained.params)
    assert sizes["l1"] < sizes["none"] and sizes["l2"] < sizes["none"]
    fewer = session(batch_size=100)  # 100 training points: one step per epoch
    fewer.run_epochs(1)
    assert fewer.version == 1 + 1  # built once, then one optimizer step


def test_pig_sales_x2_is_unrelated_to_the_year() -> None:
    X, _ = data.points(updated(Settings(), {"dataset": "pig_sales", "points": 500}))
    a, b = [row[0] for row in X], [row[1] for row in X]
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    cov = sum((u - mean_a) * (v - mean_b) for u, v in zip(a, b))
    spread = math.sqrt(sum((u - mean_a) ** 2 for u in a) * sum((v - mean_b) ** 2 for v in b))
    assert abs(cov / spread) < 0.2


def test_connections_beyond_the_cap_get_503_and_the_server_recovers(port: int) -> None:
    idle = [
        socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(MAX_CONNECTIONS)
    ]
    try:
        time.sleep(0.3)  # let the server take them all
        extra = socket.create_connection(("127.0.0.1", port), timeout=10)
        with extra:
            assert extra.recv(100).startswith(b"HTTP/1.1 503")
    finally:
        for connection in idle:
            connection.close()
    deadline = time.monotonic() + 10
    while request(port, "GET", "/")[0] != 200:  # slots come back as the idle ones close
        assert time.monotonic() < deadline
        time.sleep(0.05)
