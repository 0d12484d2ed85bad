"""Errors that gunicorn answers itself, before the app sees the request: JSON in the API's one
shape, with the security headers, through the real `pathways serve` on loopback. Also the
worker settings that keep memory bounded (recycling with jitter)."""

from __future__ import annotations

import gc
import json
import os
import socket
from collections.abc import Iterator

import pytest

from adapters.web.serve import MAX_REQUESTS, MAX_REQUESTS_JITTER, build, prepare_worker
from bot import Assistant
from bot.sentence_vectors import shared_encoder
from tests.serving import MINI, Served, pathways_serve


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with pathways_serve(tmp_path_factory.mktemp("serve") / "serve.log") as served:
        yield served


def raw(served: Served, request: bytes) -> tuple[str, dict[str, str], bytes]:
    """Send bytes as they are (urllib would refuse these requests); status line, headers, body."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=20) as conn:
        conn.sendall(request)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    return status, headers, body


@pytest.mark.parametrize(
    ("request_bytes", "status", "code"),
    [
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", "414", "uri_too_long"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", "4", None),
        (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: a\r\n" * 150 + b"\r\n", "4", None),
        (b"NOT A REQUEST\r\n\r\n", "400", "bad_request"),
        (
            b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
            "400",
            "bad_request",
        ),
    ],
    ids=["long-url", "huge-header", "many-headers", "garbage", "duplicate-content-length"],
)
def test_server_level_errors_are_json_with_the_security_headers(
    served: Served, request_bytes: bytes, status: str, code: str | None
) -> None:
    status_line, headers, body = raw(served, request_bytes)
    assert status_line.split(" ")[1].startswith(status), status_line
    assert headers["Content-Type"] == "application/json"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    error = json.loads(body)["error"]
    assert set(error) == {"code", "message"}
    if code:
        assert error["code"] == code
    assert b"aaaa" not in body  # the request is never echoed back


def test_workers_are_recycled_with_jitter() -> None:
    server, _ = build({"KNOWLEDGE": MINI, "COUNCIL": "testshire"})
    assert server.options["max_requests"] == MAX_REQUESTS > 0
    assert 0 < server.options["max_requests_jitter"] == MAX_REQUESTS_JITTER < MAX_REQUESTS
    assert server.options["worker_class"].endswith("PathwaysWorker")
    assert server.options["threads"] > 1 and server.options["timeout"] > 0


def test_the_loaded_app_is_hidden_from_the_garbage_collector_before_workers_fork() -> None:
    gc.unfreeze()
    server, _ = build({"KNOWLEDGE": MINI, "COUNCIL": "testshire"})
    assert gc.get_freeze_count() > 1000  # the knowledge's objects, out of every collection
    server.reload()
    after_one = gc.get_freeze_count()
    server.reload()
    # what a reload replaced is not kept frozen: the frozen set does not grow with reloads
    assert gc.get_freeze_count() == after_one
    gc.unfreeze()


class Worker:
    """What gunicorn hands its post_worker_init hook: the worker, holding the loaded app."""

    def __init__(self, wsgi: object) -> None:
        self.wsgi = wsgi


def test_a_new_worker_makes_its_encoder_session_before_its_first_question(
    assistant: Assistant,
) -> None:
    from flask import Flask

    app = Flask(__name__)
    app.extensions["pathways"] = assistant
    assert assistant.topic_model.wants_vectors
    shared_encoder().sessions.pop(os.getpid(), None)
    prepare_worker(Worker(app))
    assert os.getpid() in shared_encoder().sessions
    prepare_worker(Worker(Flask(__name__)))  # the benchmark's bare route: nothing to prepare


def test_questions_are_answered_by_the_threaded_workers(served: Served) -> None:
    status, reply = served.ask("lado meaning")
    assert (status, reply["topic_id"]) == (200, "term-lado")


HALF = (
    b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n"
)


def test_fifty_slow_clients_do_not_stall_the_service(served: Served) -> None:
    """Half-sent requests wait in the workers' pollers, not in their threads."""
    slow = [socket.create_connection(("127.0.0.1", served.port), timeout=60) for _ in range(50)]
    try:
        for conn in slow:
            conn.sendall(HALF)
        answers = [served.get("/healthz")[0] for _ in range(5)]
        status, reply = served.ask("lado meaning")
        assert answers == [200] * 5 and (status, reply["topic_id"]) == (200, "term-lado")
        assert slow[0].recv(1) == b""  # and a request never finished is closed in the end
    finally:
        for conn in slow:
            conn.close()
