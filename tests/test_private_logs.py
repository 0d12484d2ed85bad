"""No question text in any log: a marker word goes through the web API, Slack (signed, badly
signed, signed with a skewed clock) and Teams (good and forged tokens), with every logger of
every library at DEBUG, and no record of any logger at any level may contain it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from adapters import teams
from adapters.teams import TeamsSettings
from adapters.web import create_app
from bot import Assistant
from tests import fake_slack
from tests.fake_bot_framework import APP_ID, FakeBotFramework
from tests.fake_slack import FakeSlack, event, signed
from tests.loopback import post, serve, served

MARKER = "Quxbarrowfield"  # a word no knowledge file, library or log line contains


class Everything(logging.Handler):
    """Keeps every record, formatted with its traceback, from whichever logger."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture()
def every_log() -> Iterator[Everything]:
    """Every logger (the libraries' too) at DEBUG, each record kept; levels restored after."""
    handler = Everything()
    loggers = [logging.root] + [
        found
        for found in logging.root.manager.loggerDict.values()
        if isinstance(found, logging.Logger)
    ]
    levels = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        if logger is logging.root or not logger.propagate:
            logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger, level in levels:
            logger.setLevel(level)
            logger.removeHandler(handler)


def assert_never_logged(log: Everything) -> None:
    assert log.lines, "nothing was logged at all: the capture is broken"
    leaked = [line for line in log.lines if MARKER.lower() in line.lower()]
    assert leaked == [], "\n".join(line[:300] for line in leaked)


def test_web_questions_are_never_logged(
    mini_assistant: Assistant, chat_env: pytest.MonkeyPatch, every_log: Everything
) -> None:
    body = json.dumps({"question": f"my neighbour {MARKER} worries me"}).encode()
    with serve(create_app(assistant=mini_assistant)) as url:
        answer = post(f"{url}/api/ask", body, {"Content-Type": "application/json"})
    assert answer.status == 200
    assert_never_logged(every_log)


def test_slack_questions_are_never_logged_signed_or_not(
    mini_assistant: Assistant, chat_env: pytest.MonkeyPatch, every_log: Everything
) -> None:
    with served(FakeSlack()) as fake:
        for name, value in fake.environ().items():
            chat_env.setenv(name, value)
        inner = {
            "type": "app_mention",
            "user": "U0MEMBER",
            "text": f"<@{fake_slack.BOT_USER}> my neighbour {MARKER} worries me",
            "ts": "1700000000.000100",
            "channel": "C0PUBLIC",
        }
        with serve(create_app(assistant=mini_assistant)) as url:
            statuses = []
            for event_id, headers in (
                ("Ev1", signed),
                ("Ev2", lambda body: signed(body, secret="not-the-secret")),
                ("Ev3", lambda body: signed(body, age=600)),  # a real question, a skewed clock
                ("Ev4", lambda body: {}),
            ):
                body, content_type = event(inner, event_id=event_id)
                sent = post(f"{url}/slack/events", body.encode(), {**content_type, **headers(body)})
                statuses.append(sent.status)
            fake.recorder.wait("/chat.postMessage")
    assert statuses == [200, 401, 401, 401]
    assert_never_logged(every_log)


def test_teams_questions_are_never_logged(
    mini_assistant: Assistant, chat_env: pytest.MonkeyPatch, every_log: Everything
) -> None:
    with served(FakeBotFramework()) as fake:
        app = create_app(assistant=mini_assistant)
        settings = TeamsSettings(app_id=APP_ID, app_password="unused")
        assert teams.register(app, mini_assistant, settings, **fake.sdk_options())
        body = json.dumps(fake.activity(f"my neighbour {MARKER} worries me")).encode()
        statuses = []
        with serve(app) as url:
            for token in (fake.token(), fake.token(forged=True), "x.y.z"):
                headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
                statuses.append(post(f"{url}/api/messages", body, headers).status)
            fake.recorder.wait("/connector/v3/conversations/a:personal-chat/activities")
    assert statuses == [200, 401, 401]
    assert_never_logged(every_log)
