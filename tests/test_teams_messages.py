"""Teams over HTTP: the web app on loopback receives Bot Framework activities with real RS256
tokens, which the Teams SDK's own validator checks against a fake Bot Framework's keys on
loopback; the bot's replies go to the fake connector service and are recorded there."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from adapters import teams
from adapters.teams import TeamsSettings
from adapters.web import create_app
from bot import Assistant, messages
from tests.fake_bot_framework import APP_ID, FakeBotFramework
from tests.loopback import Answer, Call, post, serve, served

CHANNEL = "19:ward-business@thread.tacv2;messageid=1700000000001"


@pytest.fixture()
def fake() -> Iterator[FakeBotFramework]:
    with served(FakeBotFramework()) as fake:
        yield fake


def teams_app(assistant: Assistant, fake: FakeBotFramework, **settings: Any) -> Flask:
    app = create_app(assistant=assistant)
    given = TeamsSettings(**{"app_id": APP_ID, "app_password": "unused", **settings})
    assert teams.register(app, assistant, given, **fake.sdk_options())
    return app


@pytest.fixture()
def app_url(
    fake: FakeBotFramework, assistant: Assistant, chat_env: pytest.MonkeyPatch
) -> Iterator[str]:
    with serve(teams_app(assistant, fake)) as url:
        yield url


def send(app_url: str, activity: dict[str, Any], token: str | None) -> Answer:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return post(f"{app_url}/api/messages", json.dumps(activity).encode(), headers)


def card_of(call: Call) -> dict[str, Any]:
    [attachment] = call.body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return dict(attachment["content"])


def texts(card: dict[str, Any]) -> list[str]:
    return [e["text"] for e in card["body"] if e["type"] == "TextBlock"]


def reply_to(fake: FakeBotFramework, conversation: str) -> Call:
    [call] = fake.recorder.wait(f"/connector/v3/conversations/{conversation}/activities")
    return call


def test_personal_chat_gets_a_card_with_answer_steps_contacts_source_and_buttons(
    fake: FakeBotFramework, app_url: str, assistant: Assistant
) -> None:
    answer = send(app_url, fake.activity("how do I report a concern"), fake.token())
    assert answer.status == 200
    call = reply_to(fake, "a:personal-chat")
    assert call.headers["Authorization"].startswith("Bearer ey")  # the bot's own token
    card = card_of(call)
    assert card["type"] == "AdaptiveCard"
    title = card["body"][0]
    assert (title["id"], title["text"]) == (
        "pathways_topic.report-a-concern",
        "Report a concern about a child",
    )
    body = "\n".join(texts(card))
    assert "1. Write down what you saw" in body
    assert "- Police non-emergency: 101" in body
    assert any("Last reviewed" in t for t in texts(card)[-3:])
    assert messages.DRAFT_LINE in texts(card)  # the shipped packs are drafts
    related = card["body"][-1]["actions"]
    expected = [r.id for r in assistant.ask("how do I report a concern").related]
    assert [a["data"]["pathways_topic"] for a in related] == expected
    assert {a["type"] for a in related} == {"Action.Submit"}
    assert card["fallbackText"].startswith("REPORT A CONCERN ABOUT A CHILD")


def test_urgent_reply_starts_with_the_999_container(fake: FakeBotFramework, app_url: str) -> None:
    send(app_url, fake.activity("a child is being abused right now"), fake.token())
    first = card_of(reply_to(fake, "a:personal-chat"))["body"][0]
    assert first["type"] == "Container" and first["style"] == "attention"
    assert first["items"][0]["text"] == messages.URGENT_LEAD


def test_fallback_offers_did_you_mean(fake: FakeBotFramework, app_url: str, unclear: str) -> None:
    send(app_url, fake.activity(unclear), fake.token())
    card = card_of(reply_to(fake, "a:personal-chat"))
    assert card["body"][0]["id"] == "pathways_topic.fallback"
    label = texts(card).index(messages.CHAT_DID_YOU_MEAN)
    assert label > 0
    assert card["body"][-1]["type"] == "ActionSet"


def test_button_click_answers_that_topic(fake: FakeBotFramework, app_url: str) -> None:
    clicked = fake.activity("", value={"pathways_topic": "signs-of-cse"}, replyToId="reply-1")
    assert send(app_url, clicked, fake.token()).status == 200
    assert (
        card_of(reply_to(fake, "a:personal-chat"))["body"][0]["id"] == "pathways_topic.signs-of-cse"
    )


def test_unknown_topic_click_says_so(fake: FakeBotFramework, app_url: str) -> None:
    send(app_url, fake.activity("", value={"pathways_topic": "no-such-topic"}), fake.token())
    assert reply_to(fake, "a:personal-chat").body["text"] == messages.CHAT_UNKNOWN_TOPIC


def test_channel_mention_is_answered_in_its_thread(fake: FakeBotFramework, app_url: str) -> None:
    pathways = {"id": f"28:{APP_ID}", "name": "Pathways"}
    activity = fake.activity(
        "<at>Pathways</at> what does CSE stand for",
        conversation={"id": CHANNEL, "conversationType": "channel", "isGroup": True},
        entities=[{"type": "mention", "text": "<at>Pathways</at>", "mentioned": pathways}],
        channelData={"teamsChannelId": "19:ward-business@thread.tacv2", "tenant": {"id": "t1"}},
    )
    assert send(app_url, activity, fake.token()).status == 200
    assert card_of(reply_to(fake, CHANNEL))["body"][0]["id"] == "pathways_topic.what-is-cse"


def test_group_chat_is_answered(fake: FakeBotFramework, app_url: str) -> None:
    group = {"id": "19:group-chat@thread.v2", "conversationType": "groupChat", "isGroup": True}
    send(
        app_url, fake.activity("which police team covers chorley", conversation=group), fake.token()
    )
    assert card_of(reply_to(fake, group["id"]))["body"][0]["id"] == "pathways_topic.deter-team"


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"aud": "another-bot"}, id="bad-audience"),
        pytest.param({"iss": "https://sts.example.net/"}, id="bad-issuer"),
        pytest.param({"exp": int(time.time()) - 3600}, id="expired"),
        pytest.param({"forged": True}, id="forged-signature"),
        pytest.param({"serviceurl": "https://attacker.example/"}, id="wrong-serviceurl"),
        pytest.param({"serviceurl": None}, id="no-serviceurl"),
        pytest.param(None, id="missing-header"),
        pytest.param("not-a-jwt", id="not-a-token"),
    ],
)
def test_bad_or_missing_tokens_get_401(fake: FakeBotFramework, app_url: str, claims: Any) -> None:
    if claims is None or isinstance(claims, str):
        token = claims
    else:
        token = fake.token(**claims)
    answer = send(app_url, fake.activity("what is cse"), token)
    assert answer.status == 401
    assert json.loads(answer.body)["error"]["code"] == "unauthorized"
    assert fake.recorder.calls == []


def test_dev_setting_skips_token_checks_and_says_so_loudly(
    fake: FakeBotFramework,
    assistant: Assistant,
    chat_env: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="adapters.teams"):
        app = teams_app(assistant, fake, dangerously_allow_unauthenticated=True)
    assert "WITHOUT checking their Bot Framework token" in caplog.text
    with serve(app) as url:
        assert send(url, fake.activity("what is cse"), None).status == 200
    reply_to(fake, "a:personal-chat")
