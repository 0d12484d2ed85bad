"""Slack over HTTP: the web app on loopback, signed requests as Slack sends them, and the bot's
Web API calls and response_url answers received by a fake Slack on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from adapters.slack import to_blocks
from adapters.web import create_app
from bot import Assistant, messages
from tests import fake_slack
from tests.fake_slack import FakeSlack, click, event, signed, slash_command
from tests.loopback import Call, post, serve, served

URGENT = "a child is being abused right now"


@pytest.fixture()
def fake() -> Iterator[FakeSlack]:
    with served(FakeSlack()) as fake:
        yield fake


@pytest.fixture()
def app_url(fake: FakeSlack, assistant: Assistant, chat_env: pytest.MonkeyPatch) -> Iterator[str]:
    for name, value in fake.environ().items():
        chat_env.setenv(name, value)
    with serve(create_app(assistant=assistant)) as url:
        yield url


def send(app_url: str, request: tuple[str, dict[str, str]], **headers: str) -> int:
    body, content_type = request
    answer = post(
        f"{app_url}/slack/events", body.encode(), {**content_type, **signed(body), **headers}
    )
    assert answer.body == b"", answer.body  # acknowledged with nothing: the answer comes after
    return answer.status


def blocks_of(call: Call) -> list[dict[str, Any]]:
    return list(call.body["blocks"])


def mention(text: str, ts: str = "1700000000.000100", **fields: Any) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": "U0MEMBER",
        "text": f"<@{fake_slack.BOT_USER}> {text}",
        "ts": ts,
        "channel": "C0PUBLIC",
        "event_ts": ts,
        **fields,
    }


def direct(text: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "user": "U0MEMBER",
        "text": text,
        "ts": "1700000000.000300",
        "channel": "D0MEMBER",
        "event_ts": "1700000000.000300",
        **fields,
    }


def test_slash_command_answers_privately_through_response_url(
    fake: FakeSlack, app_url: str
) -> None:
    command = slash_command("how do I report a concern", f"{fake.url}{fake_slack.RESPONSE_PATH}")
    assert send(app_url, command) == 200
    [answer] = fake.recorder.wait(fake_slack.RESPONSE_PATH)
    assert answer.body["response_type"] == "ephemeral"
    blocks = blocks_of(answer)
    assert blocks[0]["block_id"] == "pathways_topic.report-a-concern"
    assert blocks[0]["text"]["text"] == "Report a concern about a child"
    assert any(
        b["type"] == "context" and "Last reviewed" in b["elements"][0]["text"] for b in blocks
    )
    assert blocks[-1]["type"] == "actions"
    assert answer.body["text"].startswith("REPORT A CONCERN ABOUT A CHILD")


def test_mention_is_answered_in_its_thread_urgent_first(fake: FakeSlack, app_url: str) -> None:
    assert send(app_url, event(mention(URGENT))) == 200
    [post_call] = fake.recorder.wait("/chat.postMessage")
    assert post_call.headers["Authorization"] == f"Bearer {fake_slack.BOT_TOKEN}"
    assert post_call.body["channel"] == "C0PUBLIC"
    assert post_call.body["thread_ts"] == "1700000000.000100"
    first = blocks_of(post_call)[0]
    assert (
        first["text"]["text"]
        == ":rotating_light: *If a child is in immediate danger, call 999 now.*"
    )


def test_mention_inside_a_thread_stays_in_that_thread(fake: FakeSlack, app_url: str) -> None:
    inner = mention(
        "what does CSE stand for", ts="1700000000.000900", thread_ts="1700000000.000500"
    )
    send(app_url, event(inner))
    [post_call] = fake.recorder.wait("/chat.postMessage")
    assert post_call.body["thread_ts"] == "1700000000.000500"
    assert blocks_of(post_call)[0]["block_id"] == "pathways_topic.what-is-cse"


def test_direct_message_fallback_offers_did_you_mean(
    fake: FakeSlack, app_url: str, unclear: str
) -> None:
    send(app_url, event(direct(unclear)))
    [post_call] = fake.recorder.wait("/chat.postMessage")
    assert post_call.body["channel"] == "D0MEMBER"
    blocks = blocks_of(post_call)
    assert blocks[0]["block_id"] == "pathways_topic.fallback"
    labels = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert f"*{messages.CHAT_DID_YOU_MEAN}*" in labels
    assert blocks[-1]["elements"][0]["action_id"].startswith("pathways_topic_")


def test_edits_and_bot_messages_in_a_dm_are_not_questions(fake: FakeSlack, app_url: str) -> None:
    send(app_url, event(direct("what is cse", bot_id="B0OTHER"), event_id="Ev1"))
    send(app_url, event(direct("what is cse", subtype="message_changed"), event_id="Ev2"))
    send(app_url, event(direct("what is cse", channel="D0SENTINEL"), event_id="Ev3"))
    fake.recorder.wait("/chat.postMessage")
    assert [c.body["channel"] for c in fake.recorder.to("/chat.postMessage")] == ["D0SENTINEL"]


def test_button_in_a_channel_answers_that_topic_in_the_thread(
    fake: FakeSlack, app_url: str
) -> None:
    container = {
        "type": "message",
        "message_ts": "1700000001.000200",
        "channel_id": "C0PUBLIC",
        "is_ephemeral": False,
    }
    message = {"type": "message", "ts": "1700000001.000200", "thread_ts": "1700000000.000100"}
    request = click("signs-of-cse", container, channel={"id": "C0PUBLIC"}, message=message)
    assert send(app_url, request) == 200
    [post_call] = fake.recorder.wait("/chat.postMessage")
    assert post_call.body["thread_ts"] == "1700000000.000100"
    assert blocks_of(post_call)[0]["block_id"] == "pathways_topic.signs-of-cse"


def test_a_click_carrying_a_long_message_back_is_accepted(
    fake: FakeSlack, app_url: str, assistant: Assistant
) -> None:
    long = replace(assistant.ask("how do I report a concern"), answer="Guidance. " * 4000)
    message = {"type": "message", "ts": "1.2", "blocks": to_blocks(long)}
    container = {"type": "message", "message_ts": "1.2", "channel_id": "C0PUBLIC"}
    request = click("signs-of-cse", container, channel={"id": "C0PUBLIC"}, message=message)
    assert len(request[0]) > 32 * 1024  # well over the JSON API's 16 KB body limit
    assert send(app_url, request) == 200
    fake.recorder.wait("/chat.postMessage")


def test_button_on_a_private_answer_answers_privately(fake: FakeSlack, app_url: str) -> None:
    container = {"type": "message", "message_ts": "1700000001.000200", "is_ephemeral": True}
    url = f"{fake.url}{fake_slack.RESPONSE_PATH}"
    send(app_url, click("signs-of-cse", container, response_url=url, channel={"id": "C0PUBLIC"}))
    [answer] = fake.recorder.wait(fake_slack.RESPONSE_PATH)
    assert answer.body["response_type"] == "ephemeral"
    assert answer.body["replace_original"] is False
    assert blocks_of(answer)[0]["block_id"] == "pathways_topic.signs-of-cse"


def test_unknown_topic_button_says_so(fake: FakeSlack, app_url: str) -> None:
    container = {"type": "message", "message_ts": "1.2", "channel_id": "C0PUBLIC"}
    send(
        app_url,
        click("no-such-topic", container, channel={"id": "C0PUBLIC"}, message={"ts": "1.2"}),
    )
    [post_call] = fake.recorder.wait("/chat.postMessage")
    assert post_call.body["text"] == messages.CHAT_UNKNOWN_TOPIC


def test_app_home_shows_starters_and_a_starter_answers_in_the_dm(
    fake: FakeSlack, app_url: str
) -> None:
    opened = {
        "type": "app_home_opened",
        "user": "U0MEMBER",
        "channel": "D0MEMBER",
        "tab": "home",
        "event_ts": "1700000000.000100",
    }
    send(app_url, event(opened))
    [publish] = fake.recorder.wait("/views.publish")
    assert publish.body["user_id"] == "U0MEMBER"
    view = (
        json.loads(publish.body["view"])
        if isinstance(publish.body["view"], str)
        else publish.body["view"]
    )
    starter = view["blocks"][-1]["elements"][0]
    assert starter["value"] == messages.WEB_STARTERS[0]
    request = click(
        starter["value"], {"type": "view", "view_id": "V1"}, action_id=starter["action_id"]
    )
    send(app_url, request)
    [post_call] = fake.recorder.wait("/chat.postMessage")
    assert post_call.body["channel"] == "U0MEMBER"
    assert blocks_of(post_call)[0]["block_id"] == "pathways_topic.report-a-concern"


def test_retried_deliveries_are_not_answered_twice(fake: FakeSlack, app_url: str) -> None:
    first = event(mention("what is cse"), event_id="Ev0RETRY")
    assert send(app_url, first) == 200
    assert (
        send(app_url, first, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
        == 200
    )
    timeout = event(mention("what is cse", channel="C0OTHER"), event_id="Ev0TIMEOUT")
    assert (
        send(app_url, timeout, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
        == 200
    )
    send(app_url, event(mention("what is cse", channel="C0SENTINEL"), event_id="Ev0LAST"))
    fake.recorder.wait("/chat.postMessage", count=2)
    channels = sorted(c.body["channel"] for c in fake.recorder.to("/chat.postMessage"))
    assert channels == ["C0PUBLIC", "C0SENTINEL"]


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: signed(body, secret="not-the-signing-secret"), id="wrong-secret"),
        pytest.param(lambda body: signed(body, age=6 * 60), id="six-minutes-old"),
        pytest.param(lambda body: {}, id="no-signature-headers"),
        pytest.param(
            lambda body: {"X-Slack-Request-Timestamp": signed(body)["X-Slack-Request-Timestamp"]},
            id="timestamp-only",
        ),
    ],
)
def test_unsigned_or_badly_signed_requests_get_401(
    fake: FakeSlack, app_url: str, headers: Any
) -> None:
    body, content_type = event(mention("what is cse"))
    answer = post(f"{app_url}/slack/events", body.encode(), {**content_type, **headers(body)})
    assert answer.status == 401
    assert fake.recorder.to("/chat.postMessage") == []
