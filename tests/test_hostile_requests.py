"""Hostile and broken requests on every route, through the real app on loopback: each is a JSON
4xx (or a JSON 503 when a remote service is down), never a 500, and never a traceback in the
log. Slack and Teams check the signature or token before they read the body."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides

from adapters import teams
from adapters.teams import TeamsSettings
from adapters.web import create_app
from bot import Assistant, messages
from tests.fake_bot_framework import APP_ID, FakeBotFramework
from tests.fake_slack import FakeSlack, event, signed
from tests.loopback import Answer, post, serve, served
from tests.silent import refused_port, silent

NESTED = "[" * 1000 + "]" * 1000  # under every size limit, deeper than Python recurses
NESTED_OBJECT = '{"a":' * 1000 + "1" + "}" * 1000
BAD_BODIES = {
    "list": "[]",
    "null": "null",
    "truncated": "{",
    "nested-list": NESTED,
    "nested-object": NESTED_OBJECT,
    "not-utf8": "\udcff",
}
JSON = {"Content-Type": "application/json"}


def encoded(body: str) -> bytes:
    return body.encode("utf-8", "surrogateescape")


def error_of(answer: Answer) -> dict[str, Any]:
    assert answer.headers["Content-Type"] == "application/json", answer.body[:200]
    found: dict[str, Any] = json.loads(answer.body)["error"]
    return found


def no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []


@pytest.fixture()
def slack_url(mini_assistant: Assistant, chat_env: pytest.MonkeyPatch) -> Iterator[str]:
    with served(FakeSlack()) as fake:
        for name, value in fake.environ().items():
            chat_env.setenv(name, value)
        with serve(create_app(assistant=mini_assistant)) as url:
            yield url


@pytest.fixture()
def fake() -> Iterator[FakeBotFramework]:
    with served(FakeBotFramework()) as fake:
        yield fake


def teams_url(mini_assistant: Assistant, **sdk_options: Any) -> Any:
    app = create_app(assistant=mini_assistant)
    settings = TeamsSettings(app_id=APP_ID, app_password="unused")
    assert teams.register(app, mini_assistant, settings, **sdk_options)
    return serve(app)


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_ask_answers_any_bad_body_with_a_json_400(
    mini_assistant: Assistant,
    chat_env: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    body: str,
) -> None:
    with serve(create_app(assistant=mini_assistant)) as url:
        answer = post(f"{url}/api/ask", encoded(body), JSON)
    assert (answer.status, error_of(answer)["code"]) == (400, "invalid_json")
    no_traceback(caplog)


@pytest.mark.parametrize(("path", "limit"), [("/api/ask", "64 KB"), ("/slack/events", "1024 KB")])
def test_an_oversized_body_is_a_json_413_naming_the_real_limit(
    slack_url: str, path: str, limit: str
) -> None:
    answer = post(f"{slack_url}{path}", b"[" * (1025 * 1024), JSON)
    error = error_of(answer)
    assert (answer.status, error["code"]) == (413, "payload_too_large")
    assert error["message"] == messages.API_ERRORS["payload_too_large"].format(limit=limit)


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_slack_refuses_an_unsigned_bad_body_before_reading_it(
    slack_url: str, caplog: pytest.LogCaptureFixture, body: str
) -> None:
    answer = post(f"{slack_url}/slack/events", encoded(body), JSON)
    assert (answer.status, error_of(answer)["code"]) == (401, "unauthorized_slack")
    no_traceback(caplog)


@pytest.mark.parametrize("timestamp", ["soon", "", "1e9", "0x65f0", "-5"])
def test_slack_refuses_a_timestamp_that_is_not_a_number(
    slack_url: str, caplog: pytest.LogCaptureFixture, timestamp: str
) -> None:
    body, content_type = event({"type": "app_mention", "text": "hi"})
    headers = {**content_type, **signed(body), "X-Slack-Request-Timestamp": timestamp}
    answer = post(f"{slack_url}/slack/events", body.encode(), headers)
    assert (answer.status, error_of(answer)["code"]) == (401, "unauthorized_slack")
    no_traceback(caplog)


@pytest.mark.parametrize("body", [b for k, b in BAD_BODIES.items() if k != "not-utf8"])
def test_slack_answers_a_signed_bad_body_with_a_json_400(
    slack_url: str, caplog: pytest.LogCaptureFixture, body: str
) -> None:
    answer = post(f"{slack_url}/slack/events", body.encode(), {**JSON, **signed(body)})
    assert (answer.status, error_of(answer)["code"]) == (400, "invalid_json")
    no_traceback(caplog)


def test_slack_refuses_a_signed_form_whose_payload_is_nested_too_deep(slack_url: str) -> None:
    body = "payload=" + NESTED_OBJECT
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = post(f"{slack_url}/slack/events", body.encode(), {**form, **signed(body)})
    assert (answer.status, error_of(answer)["code"]) == (400, "invalid_json")


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer not.a.jwt", "Basic eA=="])
def test_teams_refuses_a_request_without_a_token_before_reading_it(
    fake: FakeBotFramework,
    mini_assistant: Assistant,
    chat_env: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    body: str,
    authorization: str | None,
) -> None:
    headers = JSON if authorization is None else {**JSON, "Authorization": authorization}
    with teams_url(mini_assistant, **fake.sdk_options()) as url:
        answer = post(f"{url}/api/messages", encoded(body), headers)
    assert (answer.status, error_of(answer)["code"]) == (401, "unauthorized")
    no_traceback(caplog)


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_teams_answers_a_well_authorised_bad_body_with_a_json_400(
    fake: FakeBotFramework,
    mini_assistant: Assistant,
    chat_env: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    body: str,
) -> None:
    headers = {**JSON, "Authorization": f"Bearer {fake.token()}"}
    with teams_url(mini_assistant, **fake.sdk_options()) as url:
        answer = post(f"{url}/api/messages", encoded(body), headers)
    assert (answer.status, error_of(answer)["code"]) == (400, "invalid_json")
    no_traceback(caplog)


def test_teams_refuses_a_token_from_another_issuer_without_fetching_its_keys(
    fake: FakeBotFramework, mini_assistant: Assistant, chat_env: pytest.MonkeyPatch
) -> None:
    token = fake.token(iss="https://login.microsoftonline.com/t1/v2.0", tid="t1")
    headers = {**JSON, "Authorization": f"Bearer {token}"}
    with teams_url(mini_assistant, **fake.sdk_options()) as url:
        answer = post(f"{url}/api/messages", json.dumps(fake.activity("hi")).encode(), headers)
    assert (answer.status, error_of(answer)["code"]) == (401, "unauthorized")


@pytest.mark.parametrize("endpoint", ["silent", "refused"])
def test_teams_answers_a_json_503_when_the_key_endpoint_is_down_and_asks_it_once(
    fake: FakeBotFramework,
    mini_assistant: Assistant,
    chat_env: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    endpoint: str,
) -> None:
    with silent() as hung:
        port = hung.port if endpoint == "silent" else refused_port()
        metadata = f"http://127.0.0.1:{port}/v1/.well-known/openidconfiguration"
        options = {
            **fake.sdk_options(),
            "cloud": with_overrides(PUBLIC, openid_metadata_url=metadata),
        }
        headers = {**JSON, "Authorization": f"Bearer {fake.token()}"}
        body = json.dumps(fake.activity("how do I report a concern")).encode()
        with teams_url(mini_assistant, **options) as url:
            answers = [post(f"{url}/api/messages", body, headers) for _ in range(3)]
        asked = hung.connections
    for answer in answers:
        assert (answer.status, error_of(answer)["code"]) == (503, "teams_unavailable")
    if endpoint == "silent":
        assert asked == 1  # the failure is remembered: one slow try per outage
    warnings = [r for r in caplog.records if "signing keys unavailable" in r.getMessage()]
    assert len(warnings) == 1 and not any(r.exc_info for r in caplog.records)
    assert fake.recorder.calls == []
