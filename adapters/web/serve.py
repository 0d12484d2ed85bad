"""`pathways serve`: the app under gunicorn, a production WSGI server with several workers.

The app is built once in the master before workers start (preload), so a bad setting or
knowledge base stops the command with one clear message instead of a crash loop."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

from adapters.web import create_app
from adapters.web.config import WebConfig

# Like gunicorn's own lines, so the service's log reads as one. Questions are never logged.
LOG_FORMAT = "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s"


class PathwaysServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Flask, options: Mapping[str, Any]) -> None:
        self.app = app
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.app


def build(overrides: Mapping[str, Any] | None = None) -> tuple[PathwaysServer, WebConfig]:
    """Validate settings and load knowledge now; raises ConfigError or BotError."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, datefmt="%Y-%m-%d %H:%M:%S %z")
    app = create_app(overrides)
    config: WebConfig = app.extensions["pathways.config"]
    options = {
        "bind": f"{config.host}:{config.port}",
        "workers": config.workers,
        "preload_app": True,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "pathways",
        "control_socket_disable": True,  # unused, and one fixed path would clash between instances
    }
    return PathwaysServer(app, options), config


def url(config: WebConfig) -> str:
    host = f"[{config.host}]" if ":" in config.host else config.host
    return f"http://{host}:{config.port}/"
