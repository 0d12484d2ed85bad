"""`POST /api/feedback` (validation and what it records) and `/admin` (served only with a
credential, 401 for anyone else, the report and its chart), on both databases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from curator.report import report
from curator.store import Store

FLUSH = 60.0
TOKEN = "a-long-admin-token-for-tests"


def flushed(app: Flask) -> None:
    writer = app.extensions["pathways.usage"].writer
    assert writer is not None and writer.flush(FLUSH)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"helpful": True}, "missing_topic_id"),
        ({"topic_id": "report-a-concern"}, "invalid_helpful"),
        ({"topic_id": "report-a-concern", "helpful": "yes"}, "invalid_helpful"),
        ({"topic_id": 7, "helpful": True}, "invalid_field"),
        ({"topic_id": "no-such-topic", "helpful": True}, "unknown_feedback_topic"),
        ({"topic_id": None, "helpful": False, "reason": "rude"}, "invalid_reason"),
        ({"topic_id": None, "helpful": True, "reason": "too long"}, "reason_when_helpful"),
        (
            {"topic_id": None, "helpful": False, "comment": "my name is Jade"},
            "unknown_feedback_field",
        ),
        ({"topic_id": None, "helpful": False, "council": "atlantis"}, "unknown_council"),
        (["not", "an", "object"], "invalid_feedback"),
    ],
)
def test_bad_feedback_is_a_clear_400(client: FlaskClient, body: Any, code: str) -> None:
    answer = client.post("/api/feedback", json=body)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == code
    assert answer.get_json()["error"]["message"]


def test_feedback_must_be_json(client: FlaskClient) -> None:
    answer = client.post("/api/feedback", data="helpful=1")
    assert answer.status_code == 415
    assert answer.get_json()["error"]["code"] == "unsupported_media_type"


def test_feedback_is_recorded_per_topic_without_text(
    recording_app: Callable[..., Flask], database: str
) -> None:
    app = recording_app()
    client = app.test_client()
    sent = [
        {"topic_id": "report-a-concern", "helpful": True},
        {"topic_id": "report-a-concern", "helpful": False, "reason": "Out of date"},
        {"topic_id": None, "helpful": False, "reason": "wrong topic", "council": "Stockton"},
    ]
    for body in sent:
        answer = client.post("/api/feedback", json=body)
        assert (answer.status_code, answer.get_json()) == (202, {"recorded": True})
    flushed(app)
    store = Store(database)
    figures = report(store)
    assert figures["feedback"] == {
        "report-a-concern": {"helpful": 1, "not_helpful": 1, "reasons": {"out of date": 1}},
        "fallback": {"helpful": 0, "not_helpful": 1, "reasons": {"wrong topic": 1}},
    }
    assert report(store, council="stockton")["feedback"] == {
        "fallback": {"helpful": 0, "not_helpful": 1, "reasons": {"wrong topic": 1}}
    }
    store.dispose()


def test_admin_is_not_served_without_a_credential_configured(client: FlaskClient) -> None:
    answer = client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"X-Forwarded-Email": "lead@council.gov.uk"},
    ],
)
def test_admin_refuses_without_the_token(
    recording_app: Callable[..., Flask], headers: dict[str, str]
) -> None:
    answer = recording_app(ADMIN_TOKEN=TOKEN).test_client().get("/admin", headers=headers)
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "unauthorized"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_admin_shows_the_report_and_an_inline_chart(
    recording_app: Callable[..., Flask],
) -> None:
    app = recording_app(ADMIN_TOKEN=TOKEN)
    client = app.test_client()
    for question in ("how do I report a concern", "what is cse", "zxqv blorf wibble"):
        client.post("/api/ask", json={"question": question})
    client.post("/api/feedback", json={"topic_id": "what-is-cse", "helpful": True})
    flushed(app)
    page = client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<td id="questions">3</td>' in html
    assert '<td id="fallbacks">1 (33.3%)</td>' in html
    assert "<svg" in html and "Questions and fallbacks by month" in html
    assert "<script" not in html and "style=" not in html  # the strict CSP allows it all
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    later = client.get("/admin?since=2999-01-01", headers={"Authorization": f"Bearer {TOKEN}"})
    assert '<td id="questions">0</td>' in later.get_data(as_text=True)
    bad = client.get("/admin?since=yesterday", headers={"Authorization": f"Bearer {TOKEN}"})
    assert (bad.status_code, bad.get_json()["error"]["code"]) == (400, "invalid_since")


def test_admin_trusts_the_auth_proxys_header_when_configured(
    recording_app: Callable[..., Flask],
) -> None:
    client = recording_app(ADMIN_USER_HEADER="X-Forwarded-Email").test_client()
    assert client.get("/admin").status_code == 401
    assert client.get("/admin", headers={"X-Forwarded-Email": " "}).status_code == 401
    signed_in = client.get("/admin", headers={"X-Forwarded-Email": "lead@council.gov.uk"})
    assert signed_in.status_code == 200
