"""The same question gets the same topic on every surface: the CLI, the web API, Slack (a slash
command) and Teams (a personal chat), the last three through one web app on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from adapters import slack, teams
from adapters.cli import main
from adapters.web import create_app
from bot import Assistant
from tests import fake_slack
from tests.fake_bot_framework import APP_ID, FakeBotFramework
from tests.fake_slack import FakeSlack, signed, slash_command
from tests.loopback import post, serve, served

QUESTIONS = [
    ("how do I report a concern", "report-a-concern"),
    ("which police team covers chorley", "deter-team"),
    ("what does CSE stand for", "what-is-cse"),
    ("a child is being abused right now", "emergency-999"),
    ("licensing taxi stuff", None),
]


@dataclass(frozen=True)
class Surfaces:
    url: str
    slack: FakeSlack
    bot_framework: FakeBotFramework


@pytest.fixture(scope="module")
def surfaces(assistant: Assistant) -> Iterator[Surfaces]:
    with (
        served(FakeSlack()) as slack_api,
        served(FakeBotFramework()) as bot_framework,
        pytest.MonkeyPatch.context() as env,
    ):
        for setting in (*slack.SETTINGS, *teams.SETTINGS):
            env.delenv(setting.name, raising=False)
        for name, value in slack_api.environ().items():
            env.setenv(name, value)
        app = create_app({"RATE_LIMIT": "1000 per minute"}, assistant=assistant)
        given = teams.TeamsSettings(app_id=APP_ID, app_password="unused")
        teams.register(app, assistant, given, **bot_framework.sdk_options())
        with serve(app) as url:
            yield Surfaces(url, slack_api, bot_framework)


def on_cli(question: str) -> str | None:
    result = CliRunner().invoke(main, ["ask", question, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["topic_id"]  # type: ignore[no-any-return]


def on_web(s: Surfaces, question: str) -> str | None:
    body = json.dumps({"question": question}).encode()
    answer = post(f"{s.url}/api/ask", body, {"Content-Type": "application/json"})
    assert answer.status == 200, answer.body
    return json.loads(answer.body)["topic_id"]  # type: ignore[no-any-return]


def topic_of(element_id: str) -> str | None:
    topic = element_id.removeprefix("pathways_topic.")
    return None if topic == "fallback" else topic


def on_slack(s: Surfaces, question: str, n: int) -> str | None:
    path = f"{fake_slack.RESPONSE_PATH}/{n}"
    body, content_type = slash_command(question, f"{s.slack.url}{path}")
    post(f"{s.url}/slack/events", body.encode(), {**content_type, **signed(body)})
    [answer] = s.slack.recorder.wait(path)
    header = next(b for b in answer.body["blocks"] if b["type"] == "header")
    return topic_of(header["block_id"])


def on_teams(s: Surfaces, question: str, n: int) -> str | None:
    chat = {"id": f"a:chat-{n}", "conversationType": "personal"}
    body = json.dumps(s.bot_framework.activity(question, conversation=chat)).encode()
    headers = {"Content-Type": "application/json"}
    post(
        f"{s.url}/api/messages",
        body,
        {**headers, "Authorization": f"Bearer {s.bot_framework.token()}"},
    )
    [reply] = s.bot_framework.recorder.wait(f"/connector/v3/conversations/a:chat-{n}/activities")
    title = next(e for e in reply.body["attachments"][0]["content"]["body"] if "id" in e)
    return topic_of(title["id"])


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_same_question_same_topic_everywhere(
    surfaces: Surfaces, question: str, expected: str | None
) -> None:
    n = QUESTIONS.index((question, expected))
    found = {
        "cli": on_cli(question),
        "web": on_web(surfaces, question),
        "slack": on_slack(surfaces, question, n),
        "teams": on_teams(surfaces, question, n),
    }
    assert found == dict.fromkeys(found, expected)
