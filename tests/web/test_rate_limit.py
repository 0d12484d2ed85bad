"""The per-client limit on questions: one counter shared by every worker of an instance (a
file), by several instances (a real Redis), and failing open, fast and quietly when Redis is
down (a refused port) or silent (a socket that accepts and never answers)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from adapters.web import create_app, ratelimit
from bot import Assistant
from tests.redis_server import redis_server
from tests.serving import pathways_serve
from tests.silent import refused_port, silent

ASK = {"question": "lado meaning"}


@pytest.fixture()
def make(mini_assistant: Assistant, chat_env: pytest.MonkeyPatch) -> Iterator[object]:
    def build(**config: object) -> Flask:
        return create_app({"COUNCIL": "testshire", **config}, assistant=mini_assistant)

    yield build


def warnings_about_counters(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == ratelimit.__name__]


@pytest.mark.parametrize("redis", ["silent", "refused"])
def test_redis_down_or_silent_fails_open_with_one_warning_and_a_health_flag(
    make, caplog: pytest.LogCaptureFixture, redis: str
) -> None:
    with silent() as hung:
        port = hung.port if redis == "silent" else refused_port()
        app = make(RATE_LIMIT="1 per minute", RATE_LIMIT_STORAGE=f"redis://127.0.0.1:{port}/0")
        client = app.test_client()
        with caplog.at_level(logging.DEBUG):
            statuses = [client.post("/api/ask", json=ASK).status_code for _ in range(5)]
            health = client.get("/healthz").get_json()
        tried = hung.connections
    assert statuses == [200] * 5  # the limit (1 a minute) is off, help is not
    assert health["rate_limit"] == "degraded"
    [warning] = warnings_about_counters(caplog)
    assert "unreachable" in warning
    assert not any(r.exc_info for r in caplog.records)  # no traceback, let alone one a request
    if redis == "silent":
        assert tried == 1  # one question waited for Redis; the others did not


def test_the_limit_comes_back_with_redis(
    make, caplog: pytest.LogCaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ratelimit, "RETRY_SECONDS", 0.0)  # try Redis again at once
    port = refused_port()
    app = make(RATE_LIMIT="1 per minute", RATE_LIMIT_STORAGE=f"redis://127.0.0.1:{port}/0")
    client = app.test_client()
    assert client.post("/api/ask", json=ASK).status_code == 200
    assert client.get("/healthz").get_json()["rate_limit"] == "degraded"
    with redis_server(tmp_path, port):
        statuses = [client.post("/api/ask", json=ASK).status_code for _ in range(2)]
        assert client.get("/healthz").get_json()["rate_limit"] == "ok"
    assert statuses == [200, 429]
    assert len(warnings_about_counters(caplog)) == 2  # down once, back once


def test_two_apps_sharing_a_real_redis_share_the_limit(make, tmp_path: Path) -> None:
    with redis_server(tmp_path) as port:
        storage = f"redis://127.0.0.1:{port}/0"
        apps = [make(RATE_LIMIT="3 per minute", RATE_LIMIT_STORAGE=storage) for _ in range(2)]
        statuses = [
            apps[i % 2].test_client().post("/api/ask", json=ASK).status_code for i in range(6)
        ]
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_the_limit_holds_across_the_workers_of_one_instance(tmp_path: Path) -> None:
    """2 workers, 3 questions a minute: 3 answered whichever worker takes each connection
    (with counters in each worker's memory, up to 6 were)."""
    with pathways_serve(tmp_path / "serve.log", workers=2, RATE_LIMIT="3 per minute") as served:
        statuses = [served.ask("lado meaning")[0] for _ in range(20)]
    assert statuses.count(200) == 3 and statuses.count(429) == 17


def test_two_instances_share_a_limit_through_a_real_redis(tmp_path: Path) -> None:
    with redis_server(tmp_path) as port:
        storage = f"redis://127.0.0.1:{port}/0"
        settings = {"RATE_LIMIT": "4 per minute", "RATE_LIMIT_STORAGE": storage}
        with (
            pathways_serve(tmp_path / "a.log", workers=1, **settings) as a,
            pathways_serve(tmp_path / "b.log", workers=1, **settings) as b,
        ):
            statuses = [(a, b)[i % 2].ask("lado meaning")[0] for i in range(8)]
            healths = [served.get("/healthz")[1]["rate_limit"] for served in (a, b)]
    assert statuses == [200] * 4 + [429] * 4
    assert healths == ["ok", "ok"]


def test_a_refused_question_says_when_to_ask_again(make) -> None:
    client = make(RATE_LIMIT="1 per minute").test_client()
    assert client.post("/api/ask", json=ASK).status_code == 200
    refused = client.post("/api/ask", json=ASK)
    wait = int(refused.headers["Retry-After"])
    assert refused.status_code == 429 and 0 < wait <= 60
    assert f"try again in {wait} seconds" in refused.get_json()["error"]["message"]


def test_browsing_and_health_are_not_limited(make) -> None:
    client = make(RATE_LIMIT="1 per minute").test_client()
    assert all(client.get("/healthz").status_code == 200 for _ in range(3))
