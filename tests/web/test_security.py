"""Security headers, CORS and frame-ancestors from PATHWAYS_ALLOWED_ORIGINS, and the
per-client rate limit on /api/ask (429 JSON with Retry-After; Redis down fails open)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from tests.web.conftest import free_port

INTRANET = "https://intranet.example.gov.uk"
ASK = {"question": "how do I report a concern"}


@pytest.mark.parametrize("path", ["/", "/api/welcome", "/healthz", "/widget.js", "/api/nope"])
def test_every_response_has_the_security_headers(make_app: Callable[..., Flask], path: str) -> None:
    response = make_app().test_client().get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp  # no inline code, no other origin
    assert "frame-ancestors 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    response.close()


def test_allowed_origins_drive_frame_ancestors(make_app: Callable[..., Flask]) -> None:
    response = make_app(ALLOWED_ORIGINS=INTRANET).test_client().get("/")
    assert f"frame-ancestors 'self' {INTRANET}" in response.headers["Content-Security-Policy"]


def test_cors_granted_to_an_allowed_origin_only(make_app: Callable[..., Flask]) -> None:
    client = make_app(ALLOWED_ORIGINS=INTRANET).test_client()
    allowed = client.post("/api/ask", json=ASK, headers={"Origin": INTRANET})
    other = client.post("/api/ask", json=ASK, headers={"Origin": "https://evil.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == INTRANET
    assert "Access-Control-Allow-Origin" not in other.headers
    assert "Origin" in allowed.headers["Vary"]


def test_cors_preflight_for_an_allowed_origin(make_app: Callable[..., Flask]) -> None:
    client = make_app(ALLOWED_ORIGINS=INTRANET).test_client()
    headers = {
        "Origin": INTRANET,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    response = client.options("/api/ask", headers=headers)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == INTRANET
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]


def test_api_answers_are_not_cached(make_app: Callable[..., Flask]) -> None:
    response = make_app().test_client().post("/api/ask", json=ASK)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Retry-After" not in response.headers


def test_rate_limit_is_429_json_with_retry_after(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATE_LIMIT="2 per minute").test_client()
    assert [client.post("/api/ask", json=ASK).status_code for _ in range(2)] == [200, 200]
    response = client.post("/api/ask", json=ASK)
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    wait = int(response.headers["Retry-After"])
    assert wait > 0
    assert f"try again in {wait} seconds" in response.get_json()["error"]["message"]


def test_rate_limit_is_per_client(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATE_LIMIT="1 per minute").test_client()
    first = client.post("/api/ask", json=ASK, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    second = client.post("/api/ask", json=ASK, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert (first.status_code, second.status_code) == (200, 200)


def test_trusted_proxy_header_identifies_the_client(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATE_LIMIT="1 per minute", TRUSTED_PROXIES=1).test_client()
    for address in ("192.0.2.1", "192.0.2.2"):
        response = client.post("/api/ask", json=ASK, headers={"X-Forwarded-For": address})
        assert response.status_code == 200


def test_rate_limit_leaves_browsing_alone(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATE_LIMIT="1 per minute").test_client()
    assert all(client.get("/api/topics").status_code == 200 for _ in range(3))


def test_unreachable_redis_fails_open(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    """With several instances sharing Redis, a Redis outage must not refuse safeguarding help."""
    app = make_app(RATE_LIMIT_STORAGE=f"redis://127.0.0.1:{free_port()}/0")
    response = app.test_client().post("/api/ask", json=ASK)
    assert response.status_code == 200
    assert response.get_json()["topic_id"] == "report-a-concern"
