"""A fake Slack on loopback: the Web API the bot calls (auth.test, chat.postMessage,
views.publish) and the response_url a slash command answers to; it records every call.
Plus Slack's side of a request to the app: realistic payloads, signed with the real
SignatureVerifier."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier
from werkzeug.wrappers import Request, Response

from tests.loopback import Call, Recorder

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
APP_TOKEN = "xapp-1-A0001-1234-abcdef"
BOT_USER = "U0PATHWAYS"
RESPONSE_PATH = "/commands/T0001/1234/abcd"
TOKENS = (BOT_TOKEN, APP_TOKEN)


class FakeSlack:
    def __init__(self) -> None:
        self.recorder = Recorder()
        self.url = ""  # set once served
        self.socket_url = ""  # where apps.connections.open sends a Socket Mode app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        body = request.get_json(silent=True) if request.is_json else request.form.to_dict()
        path = request.path.removeprefix("/api")
        self.recorder.add(Call(path, dict(request.headers.items()), body))
        if request.headers.get("Authorization", "") not in ("", *(f"Bearer {t}" for t in TOKENS)):
            answer: Any = {"ok": False, "error": "invalid_auth"}
        elif path == "/auth.test":
            answer = {
                "ok": True,
                "user_id": BOT_USER,
                "bot_id": "B0PATHWAYS",
                "team_id": "T0001",
                "team": "Test council",
                "user": "pathways",
                "url": "https://test-council.slack.com/",
            }
        elif path == "/apps.connections.open":
            answer = {"ok": True, "url": self.socket_url}
        elif path.startswith("/commands/"):
            return Response("ok")(environ, start_response)
        else:
            answer = {"ok": True, "channel": (body or {}).get("channel"), "ts": "1700000001.000200"}
        return Response(json.dumps(answer), content_type="application/json")(
            environ, start_response
        )

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def environ(self) -> dict[str, str]:
        """The settings that point the app's Slack at this fake."""
        return {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": self.api_url,
        }


def signed(body: str, secret: str = SECRET, age: float = 0, **headers: str) -> dict[str, str]:
    """The headers Slack sends with `body`: timestamp and v0 signature (`age` seconds old)."""
    timestamp = str(int(time.time() - age))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature or "", **headers}


def event(inner: dict[str, Any], event_id: str = "Ev0001") -> tuple[str, dict[str, str]]:
    """An Events API callback, as JSON with its content type."""
    body = {
        "token": "legacy",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "type": "event_callback",
        "event": inner,
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0001", "user_id": BOT_USER, "is_bot": True}],
    }
    return json.dumps(body), {"Content-Type": "application/json"}


def slash_command(text: str, response_url: str) -> tuple[str, dict[str, str]]:
    form = {
        "token": "legacy",
        "team_id": "T0001",
        "team_domain": "test-council",
        "channel_id": "C0PUBLIC",
        "channel_name": "ward-business",
        "user_id": "U0MEMBER",
        "user_name": "cllr.smith",
        "command": "/safeguarding",
        "text": text,
        "api_app_id": "A0001",
        "response_url": response_url,
        "trigger_id": "13345224609.1",
    }
    return urlencode(form), {"Content-Type": "application/x-www-form-urlencoded"}


def click(
    value: str, container: dict[str, Any], action_id: str = "pathways_topic_0", **where: Any
) -> tuple[str, dict[str, str]]:
    """A block_actions payload for a click on the button `action_id` whose value is `value`."""
    button = {"type": "button", "action_id": action_id, "value": value}
    return block_actions(button, container, **where)


def block_actions(
    action: dict[str, Any], container: dict[str, Any], **where: Any
) -> tuple[str, dict[str, str]]:
    """A block_actions payload for one action (a button, a menu choice) in `container`."""
    payload = {
        "type": "block_actions",
        "team": {"id": "T0001", "domain": "test-council"},
        "user": {"id": "U0MEMBER", "team_id": "T0001"},
        "api_app_id": "A0001",
        "token": "legacy",
        "container": container,
        "trigger_id": "13345224609.2",
        "actions": [{**action, "block_id": "b1", "action_ts": str(time.time())}],
        **where,
    }
    return urlencode({"payload": json.dumps(payload)}), {
        "Content-Type": "application/x-www-form-urlencoded"
    }
