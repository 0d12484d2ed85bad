"""Microsoft Teams: `/api/messages` in the web app, through the Teams SDK (microsoft-teams-apps).

Personal chats, group chats and channel @mentions are answered with an Adaptive Card
(`to_card`); its buttons answer their topic when clicked. The SDK itself checks every request's
Bot Framework token (issuer, audience, expiry, signing key and `serviceurl`): a missing or bad
one gets 401. The SDK is imported only when Teams is configured (it is slow to import)."""

from __future__ import annotations

import asyncio
import logging
import warnings
from typing import Any

from flask import Blueprint, Flask

from adapters.quiet import quiet_all
from adapters.teams.card import CARD_TYPE, FEEDBACK_KEY, REASON_KEY, TOPIC_KEY, to_card
from adapters.teams.keys import KeySet
from adapters.teams.server import FlaskAdapter, LoopThread, TokenGate
from adapters.teams.settings import SETTINGS, TeamsSettings, load_settings
from bot import Assistant, Reply, messages
from bot.usage import FALLBACK, FEEDBACK_REASONS
from curator import Usage

log = logging.getLogger(__name__)

ENDPOINT = "/api/messages"

__all__ = ["SETTINGS", "TeamsSettings", "load_settings", "register", "to_card"]


def register(app: Flask, assistant: Assistant, settings: TeamsSettings, **sdk_options: Any) -> bool:
    """Serve /api/messages when Teams is configured; False when it is off. `sdk_options` go to
    the SDK's App as they are (a sovereign `cloud`, a `token` provider, ...)."""
    if not settings.enabled():
        return False
    from microsoft_teams.api.auth.cloud_environment import from_name
    from microsoft_teams.common.experimental import ExperimentalWarning

    with warnings.catch_warnings():  # the SDK flags one of its own preview classes at import
        warnings.simplefilter("ignore", ExperimentalWarning)
        from microsoft_teams.apps import App

    if settings.dangerously_allow_unauthenticated:
        log.warning(
            "TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED is set: %s accepts requests WITHOUT "
            "checking their Bot Framework token. For local development only.",
            ENDPOINT,
        )
    blueprint = Blueprint("teams", __name__)
    adapter = FlaskAdapter(blueprint, LoopThread())
    options: dict[str, Any] = {
        "client_id": settings.app_id,
        "client_secret": settings.app_password,
        "tenant_id": settings.tenant_id,
        "cloud": from_name(settings.cloud),
        "dangerously_allow_unauthenticated_requests": settings.dangerously_allow_unauthenticated,
        "http_server_adapter": adapter,
        "messaging_endpoint": ENDPOINT,
    }
    teams = App(**{**options, **sdk_options})
    quiet_all("microsoft_teams")  # it logs every activity, text included, at DEBUG
    _listen(teams, assistant, app.extensions.get("pathways.usage") or Usage.off())
    asyncio.run(teams.initialize())  # registers the messaging route on the blueprint
    _share_keys(teams, adapter)
    app.register_blueprint(blueprint)
    return True


def _share_keys(teams: Any, adapter: FlaskAdapter) -> None:
    """One cached key set with a short timeout, used both by the check made before the body is
    read and by the SDK's own validator (in place of its PyJWKClient, whose 30 s timeout ran on
    the shared event loop). No validator: tokens are waived for development."""
    validator = teams.server._token_validator  # the SDK's InboundActivityTokenValidator
    if validator is None:
        return
    service = validator._service_validator
    keys = KeySet(service.options.jwks_uri)
    service._jwks_client = keys
    adapter.gate = TokenGate(keys, service.options.valid_issuers[0])


def _listen(teams: Any, assistant: Assistant, usage: Usage) -> None:
    from microsoft_teams.api.activities.message import MessageActivityInput
    from microsoft_teams.api.models.attachment.attachment import Attachment

    async def answer(ctx: Any) -> None:
        activity = ctx.activity
        clicked = activity.value if isinstance(activity.value, dict) else {}
        question = ""
        if FEEDBACK_KEY in clicked:
            await ctx.send(feedback(clicked))
            return
        try:
            reply: Reply | None
            if TOPIC_KEY in clicked:
                reply = assistant.topic_reply(str(clicked[TOPIC_KEY]))
            else:
                question = activity.strip_mentions_text().text or ""
                reply = assistant.ask(question.strip())
                usage.asked(reply, question.strip(), "teams")
        except Exception:
            log.exception("teams: unexpected error answering")
            await ctx.send(messages.INTERNAL_ERROR)
            return
        if reply is None:
            await ctx.send(messages.CHAT_UNKNOWN_TOPIC)
            return
        log.info("teams: answered chars=%d topic=%s", len(question), reply.topic_id)
        card = Attachment(content_type=CARD_TYPE, content=to_card(reply))
        await ctx.send(MessageActivityInput().add_attachments(card))

    def feedback(clicked: dict[str, Any]) -> str:
        """Record a card's thumbs up or down; what comes back is never trusted as it is."""
        topic, helpful = str(clicked[FEEDBACK_KEY]), clicked.get("helpful")
        reason = clicked.get(REASON_KEY) or None
        known = topic == FALLBACK or assistant.topic_reply(topic) is not None
        if not known or not isinstance(helpful, bool) or reason not in (None, *FEEDBACK_REASONS):
            log.info("teams: ignored feedback on an unknown topic or reason")
            return messages.CHAT_UNKNOWN_TOPIC
        topic_id = None if topic == FALLBACK else topic
        usage.feedback(topic_id, helpful and not reason, "teams", assistant.version, reason)
        return messages.FEEDBACK_THANKS

    teams.on_message(answer)
