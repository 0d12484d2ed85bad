"""Thumbs up and down on Slack and Teams, through the real service: signed Slack block
actions and Bot Framework activities with real tokens (fakes only for Slack's and
Microsoft's own services, on loopback), recorded in the store on both databases."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from adapters import teams
from adapters.slack.blocks import FEEDBACK_ACTION
from adapters.teams import TeamsSettings
from adapters.teams.card import FEEDBACK_KEY
from bot import messages
from curator.report import report
from curator.store import Store
from tests import fake_slack
from tests.fake_bot_framework import APP_ID, FakeBotFramework
from tests.fake_slack import FakeSlack, event, signed
from tests.loopback import post, serve, served

FLUSH = 60.0


def flushed(app: Flask) -> None:
    writer = app.extensions["pathways.usage"].writer
    assert writer is not None and writer.flush(FLUSH)


def figures(database: str) -> dict[str, Any]:
    store = Store(database)
    try:
        return report(store)
    finally:
        store.dispose()


@pytest.fixture()
def slack(
    recording_app: Callable[..., Flask], chat_env: pytest.MonkeyPatch
) -> Iterator[tuple[FakeSlack, Flask, str]]:
    with served(FakeSlack()) as fake:
        for name, value in fake.environ().items():
            chat_env.setenv(name, value)
        app = recording_app()
        with serve(app) as url:
            yield fake, app, url


def block_action(action: dict[str, Any], response_url: str) -> tuple[str, dict[str, str]]:
    """A click on an answer posted in the public channel (see fake_slack.block_actions)."""
    return fake_slack.block_actions(
        action,
        {"type": "message", "message_ts": "1.2", "channel_id": "C0PUBLIC"},
        channel={"id": "C0PUBLIC"},
        message={"type": "message", "ts": "1.2"},
        response_url=response_url,
    )


def send(url: str, request: tuple[str, dict[str, str]]) -> int:
    body, content_type = request
    return post(f"{url}/slack/events", body.encode(), {**content_type, **signed(body)}).status


def test_slack_answers_carry_feedback_and_clicks_are_recorded(
    slack: tuple[FakeSlack, Flask, str], database: str
) -> None:
    fake, app, url = slack
    mention = {
        "type": "app_mention",
        "user": "U0MEMBER",
        "ts": "1700000000.000100",
        "text": f"<@{fake_slack.BOT_USER}> how do I report a concern",
        "channel": "C0PUBLIC",
        "event_ts": "1700000000.000100",
    }
    assert send(url, event(mention)) == 200
    [answer] = fake.recorder.wait("/chat.postMessage")
    blocks = answer.body["blocks"]
    [feedback] = [b for b in blocks if b.get("block_id", "").startswith(FEEDBACK_ACTION)]
    up, down, why = feedback["elements"]
    respond_to = f"{fake.url}{fake_slack.RESPONSE_PATH}"
    clicked = {"type": "button", "action_id": up["action_id"], "value": up["value"]}
    assert send(url, block_action(clicked, respond_to)) == 200
    reason = why["options"][3]  # "missing a contact"
    chosen = {"type": "static_select", "action_id": why["action_id"], "selected_option": reason}
    assert send(url, block_action(chosen, respond_to)) == 200
    forged = {"type": "button", "action_id": down["action_id"], "value": "no-such-topic"}
    assert send(url, block_action(forged, respond_to)) == 200
    thanks = fake.recorder.wait(fake_slack.RESPONSE_PATH, count=2)
    assert {c.body["text"] for c in thanks} == {messages.FEEDBACK_THANKS}
    flushed(app)
    found = figures(database)
    assert found["by_surface"] == {"slack": 1}
    assert found["feedback"] == {
        "report-a-concern": {"helpful": 1, "not_helpful": 1, "reasons": {"missing a contact": 1}}
    }


@pytest.fixture()
def teams_app(
    recording_app: Callable[..., Flask],
) -> Iterator[tuple[FakeBotFramework, Flask, str]]:
    with served(FakeBotFramework()) as fake:
        app = recording_app()
        settings = TeamsSettings(app_id=APP_ID, app_password="unused")
        assert teams.register(app, app.extensions["pathways"], settings, **fake.sdk_options())
        with serve(app) as url:
            yield fake, app, url


def test_teams_cards_carry_feedback_and_submits_are_recorded(
    teams_app: tuple[FakeBotFramework, Flask, str], database: str
) -> None:
    fake, app, url = teams_app
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {fake.token()}"}

    def send_activity(activity: dict[str, Any]) -> int:
        return post(f"{url}/api/messages", json.dumps(activity).encode(), headers).status

    assert send_activity(fake.activity("what does CSE stand for")) == 200
    path = "/connector/v3/conversations/a:personal-chat/activities"
    [answer] = fake.recorder.wait(path)
    card = answer.body["attachments"][0]["content"]
    [actions] = [
        e for e in card["body"] if e["type"] == "ActionSet" and FEEDBACK_KEY in json.dumps(e)
    ]
    helpful, unhelpful, why = actions["actions"]
    assert send_activity(fake.activity("", value=helpful["data"])) == 200
    reason = why["card"]["body"][0]["choices"][0]["value"]  # "wrong topic"
    submitted = {**why["card"]["actions"][0]["data"], "reason": reason}
    assert send_activity(fake.activity("", value=submitted)) == 200
    assert send_activity(fake.activity("", value={FEEDBACK_KEY: "x", "helpful": "yes"})) == 200
    replies = fake.recorder.wait(path, count=4)
    assert [r.body.get("text") for r in replies[1:]] == [
        messages.FEEDBACK_THANKS,
        messages.FEEDBACK_THANKS,
        messages.CHAT_UNKNOWN_TOPIC,
    ]
    flushed(app)
    found = figures(database)
    topic = card["body"][0]["id"].split(".", 1)[1] if card["body"][0].get("id") else None
    assert found["by_surface"] == {"teams": 1}
    assert found["feedback"] == {
        topic: {"helpful": 1, "not_helpful": 1, "reasons": {"wrong topic": 1}}
    }


def test_the_slack_app_home_says_what_is_kept(slack: tuple[FakeSlack, Flask, str]) -> None:
    fake, _app, url = slack
    opened = {
        "type": "app_home_opened",
        "user": "U0MEMBER",
        "channel": "D0MEMBER",
        "tab": "home",
        "event_ts": "1700000000.000100",
    }
    assert send(url, event(opened)) == 200
    [publish] = fake.recorder.wait("/views.publish")
    view = publish.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    said = json.dumps(view)
    assert "never who asked" in said and "deleted after 90 days" in said
