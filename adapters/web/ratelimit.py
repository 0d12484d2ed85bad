"""A per-client limit on questions, so one script cannot tie the service up for everyone.

Counters live in memory (one process) or in Redis (several instances). If Redis cannot be
reached the limit is skipped and logged: safeguarding help is never refused for that."""

from __future__ import annotations

from flask import Flask, Response
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from adapters.web.config import WebConfig
from adapters.web.errors import error_response
from bot import messages

LIMITED_ENDPOINT = "api.ask"


def limit_questions(app: Flask, config: WebConfig) -> Limiter:
    if config.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.trusted_proxies)  # type: ignore[method-assign]

    @app.after_request
    def say_when(response: Response) -> Response:
        """A refused question says how long to wait (the limiter's Retry-After, in words).
        Registered before the limiter, so it runs after the limiter has set that header."""
        wait = response.headers.get("Retry-After", "")
        if response.status_code == 429 and wait.isdigit() and response.is_json:
            message = messages.API_ERRORS["rate_limited_wait"].format(seconds=wait)
            response.set_data(error_response(429, "rate_limited", message).get_data())
        return response

    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=config.rate_limit_storage,
        headers_enabled=True,
        swallow_errors=True,
        key_prefix="pathways",
    )

    view = app.view_functions[LIMITED_ENDPOINT]
    limited = limiter.limit(config.rate_limit, methods=["POST"])(view)
    app.view_functions[LIMITED_ENDPOINT] = limited  # type: ignore[assignment]
    return limiter
