"""The JSON API through Flask's test client: every route, and every kind of bad input gets a
4xx with the one error shape and a message a person understands, never a traceback."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flask import Flask, request, request_finished
from flask.testing import FlaskClient

from adapters.web.api import ANSWER_ENVIRON
from bot import messages


def error_of(response: Any) -> dict[str, str]:
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert "Traceback" not in body["error"]["message"]
    return dict(body["error"])


def test_ask_answers_with_the_reply_json(client: FlaskClient) -> None:
    response = client.post("/api/ask", json={"question": "how do I report a concern"})
    assert response.status_code == 200
    reply = response.get_json()
    assert reply["topic_id"] == "report-a-concern"
    assert reply["sources"] and reply["reviewed"]
    assert reply["council"] == "chorley"


def test_ask_passes_role_and_council(client: FlaskClient) -> None:
    response = client.post(
        "/api/ask", json={"question": "what training do I need", "role": "member", "council": None}
    )
    assert response.status_code == 200
    assert response.get_json()["topic_id"] == "training-members"


def test_urgent_question_is_flagged(client: FlaskClient) -> None:
    reply = client.post("/api/ask", json={"question": "a child is being attacked right now"})
    assert reply.get_json()["urgent"] is True


def test_unmatched_question_is_an_honest_fallback(client: FlaskClient) -> None:
    reply = client.post("/api/ask", json={"question": "zxqv blorf wibble"}).get_json()
    assert reply["fallback"] is True and reply["topic_id"] is None


def sent(body: object) -> dict[str, Any]:
    return {"json": body}


def raw(data: str, content_type: str = "application/json") -> dict[str, Any]:
    return {"data": data, "content_type": content_type}


FORM = "application/x-www-form-urlencoded"
BAD_ASKS = [
    ("wrong-content-type", raw("question=hi", "text/plain"), 415, "unsupported_media_type"),
    ("form-encoded", raw("question=hi", FORM), 415, "unsupported_media_type"),
    ("non-json", raw("{not json"), 400, "invalid_json"),
    ("json-not-object", sent(["how do I report a concern"]), 400, "invalid_json"),
    ("missing-question", sent({}), 400, "missing_question"),
    ("null-question", sent({"question": None}), 400, "missing_question"),
    ("number-question", sent({"question": 42}), 400, "invalid_question"),
    ("list-question", sent({"question": ["report"]}), 400, "invalid_question"),
    ("empty-question", sent({"question": ""}), 400, "empty_question"),
    ("whitespace-question", sent({"question": " \n\t "}), 400, "empty_question"),
    ("over-4000-characters", sent({"question": "a" * 4001}), 400, "question_too_long"),
    ("nul-character", sent({"question": "report\x00 a concern"}), 400, "invalid_characters"),
    ("escape-sequence", sent({"question": "report \x1b[31m"}), 400, "invalid_characters"),
    ("delete-character", sent({"question": "report\x7f"}), 400, "invalid_characters"),
    ("unknown-council", sent({"question": "hi", "council": "atlantis"}), 400, "unknown_council"),
    ("unknown-role", sent({"question": "hi", "role": "wizard"}), 400, "unknown_role"),
    ("non-string-role", sent({"question": "hi", "role": 3}), 400, "invalid_field"),
    ("non-string-council", sent({"question": "hi", "council": ["x"]}), 400, "invalid_field"),
    ("body-over-64kb", raw("x" * (65 * 1024)), 413, "payload_too_large"),
]


@pytest.mark.parametrize(
    ("request_args", "status", "code"), [pytest.param(*case[1:], id=case[0]) for case in BAD_ASKS]
)
def test_bad_input_is_a_json_4xx(
    client: FlaskClient, request_args: dict[str, Any], status: int, code: str
) -> None:
    response = client.post("/api/ask", **request_args)
    assert response.status_code == status
    assert response.is_json
    assert error_of(response)["code"] == code


def test_exactly_4000_characters_is_allowed(client: FlaskClient) -> None:
    question = ("how do I report a concern " * 160)[:4000]
    assert client.post("/api/ask", json={"question": question}).status_code == 200


def test_a_long_story_with_the_emergency_in_its_last_line_leads_with_999(
    client: FlaskClient,
) -> None:
    """The whole message is read: nothing past 1,000 characters is cut before the check."""
    story = "I am a licensing officer doing routine visits to premises in the town centre. " * 30
    story += "Right now a man is dragging a girl of about 12 into a van outside the shop."
    assert 2400 < len(story) <= 4000
    reply = client.post("/api/ask", json={"question": story}).get_json()
    assert reply["urgent"] and reply["urgency"]["level"] == "urgent"


def test_a_multi_line_question_is_allowed(client: FlaskClient) -> None:
    response = client.post("/api/ask", json={"question": "How do I\nreport a concern?"})
    assert response.status_code == 200


def test_unknown_names_are_listed_in_the_message(client: FlaskClient) -> None:
    council = error_of(client.post("/api/ask", json={"question": "hi", "council": "atlantis"}))
    role = error_of(client.post("/api/ask", json={"question": "hi", "role": "wizard"}))
    assert "chorley" in council["message"]
    assert all(r in role["message"] for r in messages.ROLES)


def test_error_messages_come_from_the_messages_module(client: FlaskClient) -> None:
    error = error_of(client.post("/api/ask", json={"question": "  "}))
    assert error["message"] == messages.API_ERRORS["empty_question"]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/nope", 404, "not_found"),
        ("/api/ask/extra", 404, "not_found"),
        ("/api/topics/a/b", 404, "not_found"),
        ("/api/topics/no-such-topic", 404, "unknown_topic"),
        ("/api/topics?council=atlantis", 400, "unknown_council"),
        ("/api/topics/report-a-concern?council=atlantis", 400, "unknown_council"),
        ("/api/welcome?council=atlantis", 400, "unknown_council"),
    ],
)
def test_bad_get_is_a_json_error(client: FlaskClient, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert error_of(response)["code"] == code


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/ask"), ("put", "/api/ask"), ("post", "/api/topics"), ("delete", "/healthz")],
)
def test_wrong_method_is_json_405(client: FlaskClient, method: str, path: str) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert "Allow" in response.headers


def test_unexpected_exception_is_logged_and_answered_politely(
    app: Flask, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.extensions["pathways"], "ask", broken)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().post("/api/ask", json={"question": "hello"})
    assert response.status_code == 500
    error = error_of(response)
    assert error == {"code": "internal_error", "message": messages.INTERNAL_ERROR}
    assert "secret internals" not in response.get_data(as_text=True)
    assert "secret internals" in caplog.text  # the bug is logged for the maintainers


def test_question_text_is_never_logged(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    question = "my neighbour Zebedee Quartermaine worries me"
    seen: list[str] = []

    def answered(sender: Flask, **extra: object) -> None:
        seen.append(request.environ[ANSWER_ENVIRON])

    with caplog.at_level(logging.DEBUG), request_finished.connected_to(answered, app):
        app.test_client().post("/api/ask", json={"question": question})
    assert "Zebedee" not in caplog.text
    # what the access log's line ends with (tests/web/test_serve.py reads the real line)
    [logged] = seen
    assert logged.startswith(f"answered chars={len(question)} topic=")
    assert "Zebedee" not in logged


def test_topics_lists_what_can_be_answered(client: FlaskClient) -> None:
    body = client.get("/api/topics").get_json()
    ids = {t["id"] for t in body["topics"]}
    assert "report-a-concern" in ids and body["council"] == "chorley"


def test_topic_by_id_answers_like_a_clicked_suggestion(client: FlaskClient) -> None:
    reply = client.get("/api/topics/report-a-concern?council=chorley").get_json()
    assert reply["topic_id"] == "report-a-concern" and reply["steps"]


def test_welcome_has_greeting_and_starters(client: FlaskClient) -> None:
    body = client.get("/api/welcome").get_json()
    assert "Chorley" in body["greeting"]
    assert body["starters"] == list(messages.WEB_STARTERS)
    assert 3 <= len(body["starters"]) <= 4


def test_healthz_reports_version_and_topic_count(client: FlaskClient) -> None:
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["knowledge_version"] and body["topics"] > 10


def test_chat_page_embeds_the_widget_without_inline_code(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<script src="/widget.js"' in html and 'data-mode="inline"' in html
    assert "<script>" not in html and "<style" not in html and " style=" not in html


@pytest.mark.parametrize(
    ("path", "mimetype"), [("/widget.js", "text/javascript"), ("/widget.css", "text/css")]
)
def test_widget_files_are_served(client: FlaskClient, path: str, mimetype: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == mimetype
    assert "max-age" in response.headers["Cache-Control"]
    response.close()


def test_favicon_is_served_not_a_404(client: FlaskClient) -> None:
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data
