"""Socket Mode: the app opens a connection through apps.connections.open, takes a slash command
over the WebSocket from a fake Socket Mode end on loopback, acknowledges it there and answers
through the command's response_url."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from adapters import slack
from bot import Assistant
from tests import fake_slack
from tests.fake_slack import FakeSlack, slash_command
from tests.fake_socket_mode import socket_mode_end
from tests.loopback import served


def test_a_slash_command_over_socket_mode_is_acknowledged_then_answered(
    chat_env: pytest.MonkeyPatch, assistant: Assistant
) -> None:
    with served(FakeSlack()) as api, socket_mode_end() as end:
        api.socket_url = end.url
        settings = slack.SlackSettings(
            bot_token=fake_slack.BOT_TOKEN, app_token=fake_slack.APP_TOKEN, api_url=api.api_url
        )
        connection = slack.socket_mode(assistant, settings)
        connection.connect()  # type: ignore[no-untyped-call]
        try:
            form, _ = slash_command("how do I report a concern", api.url + fake_slack.RESPONSE_PATH)
            end.push(
                {
                    "envelope_id": "e-0001",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": dict(parse_qsl(form)),
                }
            )
            [ack] = end.acks.wait("/ack")
            assert ack.body["envelope_id"] == "e-0001"
            [answer] = api.recorder.wait(fake_slack.RESPONSE_PATH)
        finally:
            connection.close()  # type: ignore[no-untyped-call]
    assert answer.body["response_type"] == "ephemeral"
    assert answer.body["blocks"][0]["block_id"] == "pathways_topic.report-a-concern"
    opened = [c for c in api.recorder.calls if c.path == "/apps.connections.open"]
    assert opened[0].headers["Authorization"] == f"Bearer {fake_slack.APP_TOKEN}"
