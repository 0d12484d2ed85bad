"""The bolt app: a slash command, mentions, direct messages, the App Home tab and buttons.

Each listener acknowledges before any work (bolt acks events itself), makes one core call and
posts one message. Question text is never logged: only its length and the topic answered."""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from typing import Any

from slack_bolt import Ack, App, BoltRequest, BoltResponse, Respond, Say
from slack_sdk import WebClient

from adapters.quiet import quiet
from adapters.slack.blocks import (
    ASK_ACTION,
    FEEDBACK_ACTION,
    TOPIC_ACTION,
    fallback_text,
    home_view,
    to_blocks,
)
from adapters.slack.settings import DEFAULT_API_URL, SlackSettings
from bot import Assistant, Reply, messages
from bot.usage import FALLBACK, FEEDBACK_REASONS
from curator import Usage

log = logging.getLogger(__name__)

MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
Message = dict[str, Any]


class Deliveries:
    """Event ids already taken, so a retried delivery is not answered twice. Kept in a small
    SQLite file that every worker process of the service shares (event ids only, no message
    text), and forgotten after KEEP_SECONDS: Slack retries within minutes."""

    KEEP_SECONDS = 3600

    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Lock()
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS seen (event_id TEXT PRIMARY KEY, at REAL)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=5, isolation_level=None)

    def first(self, event_id: str) -> bool:
        now = time.time()
        with self.lock, closing(self._connect()) as db:
            db.execute("DELETE FROM seen WHERE at < ?", (now - self.KEEP_SECONDS,))
            added = db.execute(
                "INSERT OR IGNORE INTO seen (event_id, at) VALUES (?, ?)", (event_id, now)
            )
            return added.rowcount == 1


def build_app(
    assistant: Assistant,
    settings: SlackSettings,
    *,
    socket_mode: bool = False,
    usage: Usage | None = None,
) -> App:
    """HTTP mode checks every request's signature; Socket Mode's connection is authenticated by
    the app token instead. The bot token is checked with auth.test at the first request in
    HTTP mode (so the web service starts while Slack is unreachable), at start in Socket Mode."""
    api_url = settings.api_url.rstrip("/") + "/"
    auth: dict[str, Any] = {"token": settings.bot_token}
    if api_url != DEFAULT_API_URL:
        auth = {"client": WebClient(token=settings.bot_token, base_url=api_url)}
    app = App(
        signing_secret=settings.signing_secret or "",
        request_verification_enabled=not socket_mode,
        token_verification_enabled=socket_mode,
        logger=quiet(logging.getLogger("adapters.slack.bolt")),  # bolt copies its filter on
        **auth,
    )
    app.middleware(_skip_redeliveries(Deliveries(settings.deliveries_db)))
    _listen(app, assistant, usage or Usage.off())
    return app


def _skip_redeliveries(deliveries: Deliveries) -> Callable[..., BoltResponse | None]:
    """Slack retries an event it thinks was missed (X-Slack-Retry-Num, same event_id). One
    already taken here is skipped; so is any retry for a timeout, since acknowledging comes
    before work and the first delivery is then still being answered, maybe by another worker."""

    def skip_redeliveries(
        req: BoltRequest, body: dict[str, Any], next: Callable[[], None]
    ) -> BoltResponse | None:
        event_id = body.get("event_id")
        reason = (req.headers.get("x-slack-retry-reason") or [""])[0]
        if event_id and (not deliveries.first(event_id) or reason == "http_timeout"):
            log.info("slack: skipped a redelivery of %s (%s)", event_id, reason or "seen")
            return BoltResponse(status=200, body="")
        next()
        return None

    return skip_redeliveries


def _listen(app: App, assistant: Assistant, usage: Usage) -> None:
    def answer(question: str | None = None, topic_id: str | None = None) -> Message:
        try:
            reply: Reply | None
            if topic_id is not None:
                reply = assistant.topic_reply(topic_id)
            else:
                text = MENTION.sub("", question or "").strip()
                reply = assistant.ask(text)
                usage.asked(reply, text, "slack")
        except Exception:
            log.exception("slack: unexpected error answering")
            return {"text": messages.INTERNAL_ERROR}
        if reply is None:
            return {"text": messages.CHAT_UNKNOWN_TOPIC}
        log.info("slack: answered chars=%d topic=%s", len(question or ""), reply.topic_id)
        return {"blocks": to_blocks(reply), "text": fallback_text(reply)}

    @app.command(re.compile(r"^/"))
    def slash_command(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()  # private: the asker sees the question and the answer, the channel sees neither
        respond(response_type="ephemeral", **answer(command.get("text", "")))

    @app.event("app_mention")
    def mention(event: dict[str, Any], client: WebClient) -> None:
        thread = event.get("thread_ts") or event["ts"]
        client.chat_postMessage(channel=event["channel"], thread_ts=thread, **answer(event["text"]))

    @app.event("message")
    def direct_message(event: dict[str, Any], say: Say) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return  # edits, joins and other bots' messages are not questions
        say(thread_ts=event.get("thread_ts"), **answer(event.get("text", "")))

    @app.event("app_home_opened")
    def app_home(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") == "home":
            greeting = messages.WEB_GREETING.format(council=assistant.pack().name)
            view = home_view(greeting, usage.privacy_note())
            client.views_publish(user_id=event["user"], view=view)

    @app.action(re.compile(f"^{TOPIC_ACTION}_"))
    def topic_button(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        _deliver(body, answer(topic_id=action["value"]), client, respond)

    @app.action(re.compile(f"^{ASK_ACTION}_"))
    def starter_button(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        _deliver(body, answer(action["value"]), client, respond)

    @app.action(re.compile(f"^{FEEDBACK_ACTION}_"))
    def feedback(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond) -> None:
        ack()
        topic, reason = action.get("value", ""), None
        if action["action_id"].endswith("_reason"):
            topic, _, reason = (action.get("selected_option") or {}).get("value", "").partition("|")
        known = topic == FALLBACK or assistant.topic_reply(topic) is not None
        if not known or (reason is not None and reason not in FEEDBACK_REASONS):
            log.info("slack: ignored feedback on an unknown topic or reason")
            return
        helpful = action["action_id"].endswith("_up")
        usage.feedback(
            None if topic == FALLBACK else topic, helpful, "slack", assistant.version, reason
        )
        if body.get("response_url"):
            thanks = messages.FEEDBACK_THANKS
            respond(response_type="ephemeral", replace_original=False, text=thanks)


def _deliver(body: dict[str, Any], message: Message, client: WebClient, respond: Respond) -> None:
    """A click's answer goes where the click was: the thread of the clicked message, the asker
    alone for a slash command's private answer, or the direct message for the Home tab."""
    container = body.get("container") or {}
    if container.get("type") == "view":
        client.chat_postMessage(channel=body["user"]["id"], **message)
    elif container.get("is_ephemeral"):
        respond(response_type="ephemeral", replace_original=False, **message)
    else:
        clicked = body["message"]
        thread = clicked.get("thread_ts") or clicked["ts"]
        client.chat_postMessage(channel=body["channel"]["id"], thread_ts=thread, **message)
