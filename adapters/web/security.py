"""Response headers that keep the pages and the widget safe to embed on an intranet.

The chat page runs only our own script and stylesheet (no inline code, no other origin),
and only the configured intranet origins may call the API from a browser or frame the page."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, Response, request

API_PREFIX = "/api/"
STATIC_MAX_AGE = 300  # seconds: a widget fix reaches intranet pages within minutes


def content_security_policy(allowed_origins: Sequence[str]) -> str:
    ancestors = " ".join(("'self'", *allowed_origins))
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "img-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        )
    )


def register_security_headers(app: Flask, allowed_origins: Sequence[str]) -> None:
    policy = content_security_policy(allowed_origins)
    allowed = frozenset(allowed_origins)

    @app.after_request
    def secure(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if response.status_code < 300:  # the limiter adds it to every answer; only 429 needs it
            response.headers.pop("Retry-After", None)
        if request.path.startswith(API_PREFIX):
            response.headers["Cache-Control"] = "no-store"
            _allow_cross_origin(response, allowed)
        return response


def _allow_cross_origin(response: Response, allowed: frozenset[str]) -> None:
    """CORS for the configured origins only; others get no grant and the browser blocks them."""
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    if origin not in allowed:
        return
    response.headers["Access-Control-Allow-Origin"] = origin
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
