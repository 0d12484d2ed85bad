"""`POST /api/feedback`: a thumbs up or down on an answer, with an optional reason from a
fixed list. No free text is accepted, so feedback can carry nothing personal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Request, Response, current_app, jsonify, request

from adapters.web.api import assistant
from adapters.web.errors import ApiError
from adapters.web.questions import json_object, optional_text
from bot.usage import FEEDBACK_REASONS
from curator import Usage

FIELDS = ("topic_id", "helpful", "reason", "council")

feedback = Blueprint("feedback", __name__, url_prefix="/api")


@dataclass(frozen=True)
class Feedback:
    topic_id: str | None  # None: feedback on a fallback reply
    helpful: bool
    reason: str | None
    council: str | None


def usage() -> Usage:
    found: Usage = current_app.extensions["pathways.usage"]
    return found


def read_feedback(request: Request) -> Feedback:
    body = json_object(request, "invalid_feedback")
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise ApiError(400, "unknown_feedback_field", field=unknown[0])
    if "topic_id" not in body:
        raise ApiError(400, "missing_topic_id")
    council = optional_text(body, "council")
    pack = assistant().pack(council)  # an unknown council is a 400 naming the known ones
    return Feedback(
        topic_id=_topic(body["topic_id"], pack.council),
        helpful=_helpful(body.get("helpful")),
        reason=_reason(body.get("reason"), body.get("helpful")),
        council=council and pack.council,
    )


def _topic(value: Any, council: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(400, "invalid_field", field="topic_id")
    if assistant().topic_reply(value.strip(), council=council) is None:
        raise ApiError(400, "unknown_feedback_topic")
    return value.strip()


def _helpful(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ApiError(400, "invalid_helpful")
    return value


def _reason(value: Any, helpful: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().lower() not in FEEDBACK_REASONS:
        raise ApiError(400, "invalid_reason", reasons=", ".join(f"'{r}'" for r in FEEDBACK_REASONS))
    if helpful is True:
        raise ApiError(400, "reason_when_helpful")
    return value.strip().lower()


@feedback.post("/feedback")
def give_feedback() -> tuple[Response, int]:
    given = read_feedback(request)
    usage().feedback(
        given.topic_id,
        given.helpful,
        "web",
        assistant().version,
        reason=given.reason,
        council=given.council,
    )
    return jsonify(recorded=usage().recording), 202
