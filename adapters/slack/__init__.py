"""Slack: `/slack/events` in the web app (HTTP mode), or a Socket Mode connection for intranets
that take no inbound HTTP (`pathways slack --socket`). Replies are Block Kit (`to_blocks`)."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, request
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_bolt.request.internals import parse_body
from slack_sdk.signature import SignatureVerifier

from adapters.slack.blocks import to_blocks
from adapters.slack.listeners import build_app
from adapters.slack.settings import SETTINGS, SlackSettings, load_settings
from adapters.web.config import ConfigError
from adapters.web.errors import ApiError
from bot import Assistant
from curator import Usage

MAX_BODY = 1024 * 1024  # a button click carries the whole clicked message back
EXTENSION = "pathways.slack"
VERIFIER = "pathways.slack.verifier"

__all__ = ["SETTINGS", "SlackSettings", "load_settings", "register", "socket_mode", "to_blocks"]

slack = Blueprint("slack", __name__)


@slack.post("/slack/events")
def events() -> Response:
    """The signature is checked before the body is parsed (so an unsigned `[]`, `null` or `{`
    is a 401, not a traceback), then the body must be what bolt can read; bolt checks again."""
    request.max_content_length = MAX_BODY
    body = request.get_data(as_text=True)  # as bolt's Flask adapter reads it
    verifier: SignatureVerifier = current_app.extensions[VERIFIER]
    if not signed(verifier, body):
        raise ApiError(401, "unauthorized_slack")
    if not _readable(body):
        raise ApiError(400, "invalid_json")
    handler: SlackRequestHandler = current_app.extensions[EXTENSION]
    return handler.handle(request)


def signed(verifier: SignatureVerifier, body: str) -> bool:
    """Slack's request signature, with a missing or non-numeric timestamp refused up front
    (slack_sdk's check would raise on it)."""
    timestamp = request.headers.get("X-Slack-Request-Timestamp", "").strip()
    signature = request.headers.get("X-Slack-Signature", "")
    if not (timestamp.isascii() and timestamp.isdigit() and signature):
        return False
    return verifier.is_valid(body, timestamp, signature)


def _readable(body: str) -> bool:
    """Whether bolt's own parser turns the body into an object (form fields or JSON)."""
    try:
        return isinstance(parse_body(body, request.mimetype), dict)
    except (ValueError, RecursionError):  # malformed, or nested deeper than Python recurses
        return False


def register(app: Flask, assistant: Assistant, settings: SlackSettings) -> bool:
    """Serve /slack/events when Slack's HTTP settings are given; False when Slack is off."""
    if not settings.serves_http():
        return False
    usage = app.extensions.get("pathways.usage")
    app.extensions[EXTENSION] = SlackRequestHandler(build_app(assistant, settings, usage=usage))
    app.extensions[VERIFIER] = SignatureVerifier(settings.signing_secret or "")
    app.register_blueprint(slack)
    return True


def socket_mode(
    assistant: Assistant, settings: SlackSettings, usage: Usage | None = None
) -> SocketModeHandler:
    """A Socket Mode connection to Slack, not yet open (`start()` opens it and answers until
    interrupted); raises ConfigError when unconfigured or when Slack refuses the bot token."""
    settings.check_socket_mode()
    try:
        bolt = build_app(assistant, settings, socket_mode=True, usage=usage)  # checks the token
    except BoltError as exc:
        raise ConfigError(f"Slack did not accept SLACK_BOT_TOKEN: {exc}") from None
    return SocketModeHandler(bolt, settings.app_token)
