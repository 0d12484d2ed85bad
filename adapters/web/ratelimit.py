"""A per-client limit on questions, so one script cannot tie the service up for everyone.

Counters live in memory (one process) or in Redis (several instances). If Redis cannot be
reached the limit is skipped and logged: safeguarding help is never refused for that."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from adapters.web.config import WebConfig

LIMITED_ENDPOINT = "api.ask"


def limit_questions(app: Flask, config: WebConfig) -> Limiter:
    if config.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.trusted_proxies)  # type: ignore[method-assign]
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
