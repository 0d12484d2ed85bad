"""The JSON API. Each view reads the request, makes one core call and returns its JSON.

Question text is never logged: the access log's line gets its length and the topic answered.
What the store keeps (curator.Usage) is decided in bot.usage: words only redacted, only for
gaps."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify, request

from adapters.web.errors import ApiError
from adapters.web.questions import optional_text, read_ask
from bot import Assistant, messages

log = logging.getLogger(__name__)

ANSWER_ENVIRON = "pathways.answer"  # the WSGI environ key the access log's format ends with

api = Blueprint("api", __name__, url_prefix="/api")


def assistant() -> Assistant:
    found: Assistant = current_app.extensions["pathways"]
    return found


@api.post("/ask")
def ask() -> Response:
    asked = read_ask(request)
    reply = assistant().ask(asked.question, role=asked.role, council=asked.council)
    # Logged at the end of the access log's line for this request (serve.ACCESS_LOG_FORMAT):
    # a log line of its own took 8% of a worker's time under load (py-spy).
    request.environ[ANSWER_ENVIRON] = (
        f"answered chars={len(asked.question)} topic={reply.topic_id} "
        f"urgency={reply.urgency.level} fallback={reply.fallback}"
    )
    current_app.extensions["pathways.usage"].asked(reply, asked.question, "web", asked.role)
    return Response(reply.as_json, mimetype="application/json")


@api.get("/topics")
def topics() -> Response:
    council = optional_text(request.args, "council")
    pack = assistant().pack(council)
    found = sorted(assistant().topics(council), key=lambda t: (t.category, t.title))
    return jsonify(
        council=pack.council,
        knowledge_version=assistant().version,
        topics=[
            {"id": t.id, "title": t.title, "category": t.category, "audience": list(t.audience)}
            for t in found
        ],
    )


@api.get("/topics/<topic_id>")
def topic(topic_id: str) -> Response:
    reply = assistant().topic_reply(topic_id, council=optional_text(request.args, "council"))
    if reply is None:
        raise ApiError(404, "unknown_topic")
    log.info("answered topic=%s by id", reply.topic_id)
    return jsonify(reply.to_dict())


@api.get("/welcome")
def welcome() -> Response:
    """What the widget shows on opening, kept here so the wording lives with the core's."""
    pack = assistant().pack(optional_text(request.args, "council"))
    return jsonify(
        council=pack.council,
        council_name=pack.name,
        greeting=messages.WEB_GREETING.format(council=pack.name),
        starters=list(messages.WEB_STARTERS),
        privacy=current_app.extensions["pathways.usage"].privacy_note(),
        knowledge_version=assistant().version,
    )


@api.get("/openapi.json")
def openapi() -> Response:
    return jsonify(current_app.extensions["pathways.openapi"])
