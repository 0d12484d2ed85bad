"""Check an /api/ask body before the core sees it, so bad input is a 4xx and never a traceback."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Request

from adapters.web.errors import ApiError
from bot.messages import MAX_QUESTION

# Unicode's control characters (category Cc: U+0000-U+001F, U+007F-U+009F) but the three a
# pasted question may contain (line breaks, tab); one regex search instead of a call per letter.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class AskRequest:
    question: str
    role: str | None
    council: str | None


def json_object(request: Request, invalid: str) -> dict[str, Any]:
    """The request's JSON object, or the API's error: 415 when it is not JSON, 400 with the
    code `invalid` when it is not one object."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, invalid)
    return body


def read_ask(request: Request) -> AskRequest:
    body = json_object(request, "invalid_json")
    return AskRequest(
        question=_question(body.get("question")),
        role=optional_text(body, "role"),
        council=optional_text(body, "council"),
    )


def _question(value: Any) -> str:
    if value is None:
        raise ApiError(400, "missing_question")
    if not isinstance(value, str):
        raise ApiError(400, "invalid_question")
    if not value.strip():
        raise ApiError(400, "empty_question")
    if len(value) > MAX_QUESTION:
        raise ApiError(400, "question_too_long", limit=f"{MAX_QUESTION:,}")
    if _CONTROLS.search(value):
        raise ApiError(400, "invalid_characters")
    return value.strip()


def optional_text(body: Mapping[str, Any], field: str) -> str | None:
    """A role or council: absent, null or blank means "use the default"."""
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(400, "invalid_field", field=field)
    return value.strip() or None
