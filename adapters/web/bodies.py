"""Reading request bodies without surprises: JSON nested deeper than Python's recursion limit
raises RecursionError, not ValueError, so Flask (and anything that catches ValueError) would
answer with a 500 and a traceback. Here every undecodable body is a ValueError, so every route
answers a JSON 4xx instead."""

from __future__ import annotations

import json
from typing import Any

from flask.json.provider import DefaultJSONProvider


def loads(text: str | bytes) -> Any:
    """json.loads, with too-deep nesting reported as the ValueError of any malformed body."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def json_object(text: str | bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is not one (malformed, too deep, a list...)."""
    try:
        found = loads(text)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None
    return found if isinstance(found, dict) else None


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, but `request.get_json()` fails like any malformed body (a 400,
    or None when silent) on deep nesting too."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
