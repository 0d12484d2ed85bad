"""The web service: a Flask app factory serving the JSON API, the chat page and the widget.

`create_app` reads and validates every setting and loads the knowledge once, so a bad
configuration or knowledge base stops start-up with a clear message, not a failed request."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from flask import Flask

from adapters.web.admin import register_admin
from adapters.web.api import api
from adapters.web.bodies import SafeJSONProvider
from adapters.web.config import ConfigError, load_config
from adapters.web.errors import register_error_handlers
from adapters.web.feedback import feedback
from adapters.web.health import health
from adapters.web.pages import pages
from adapters.web.ratelimit import limit_questions
from adapters.web.security import register_security_headers
from bot import Assistant
from curator import open_usage

MAX_BODY = 64 * 1024  # bytes; a question is at most 4,000 characters of up to 4 bytes each
OPENAPI = Path(__file__).resolve().parent / "openapi.yaml"

__all__ = ["ConfigError", "create_app"]


def create_app(
    config: Mapping[str, Any] | None = None, assistant: Assistant | None = None
) -> Flask:
    """Build the app. `config` overrides settings by name (see config.SETTINGS);
    `assistant` reuses an already-loaded one (tests share one) instead of loading knowledge."""
    settings = load_config(config)
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.json = SafeJSONProvider(app)  # deep nesting is a 400 like any malformed body
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["pathways.config"] = settings
    app.extensions["pathways"] = assistant or Assistant.load(
        settings.knowledge, council=settings.council, reply_cache=settings.reply_cache
    )
    app.extensions["pathways.openapi"] = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    app.extensions["pathways.usage"] = open_usage(settings.store_settings())  # issue 12
    for blueprint in (api, feedback, pages, health):
        app.register_blueprint(blueprint)
    register_admin(app, settings)  # /admin only when an admin credential is configured
    register_error_handlers(app)
    register_security_headers(app, settings.allowed_origins)
    limit_questions(app, settings)
    from adapters import slack, teams  # here, not at the top: they import adapters.web.config

    slack.register(app, app.extensions["pathways"], slack.load_settings())  # when configured
    teams.register(app, app.extensions["pathways"], teams.load_settings())
    return app
