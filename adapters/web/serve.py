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

# Threaded workers: a slow or half-open connection waits in the worker's poller, not in a
# thread, and a thread waiting for the rest of a request gives up after gunicorn's 5 s and
# hands the connection back (sync workers were stalled by 4 slow clients; see
# docs/benchmarks.md for the 50-slow-client figures).
WORKER_CLASS = "adapters.web.worker.PathwaysWorker"
THREADS = 4  # per worker: answering is CPU-bound (GIL), so more threads only queue
TIMEOUT = 30  # s a worker may go silent before the master restarts it (answers take ms)
KEEPALIVE = 5  # s an idle kept-alive connection stays open (a widget asks every few s at most)
# Workers are replaced after about this many requests (memory cannot creep for ever); the
# jitter staggers the replacements so two workers never restart at once.
MAX_REQUESTS = 20_000
MAX_REQUESTS_JITTER = 2_000


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
    return PathwaysServer(app, server_options(config.host, config.port, config.workers)), config


def server_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """gunicorn's settings for the service (and for the bare route it is benchmarked against)."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "preload_app": True,
        "worker_class": WORKER_CLASS,
        "threads": THREADS,
        "timeout": TIMEOUT,
        "keepalive": KEEPALIVE,
        "max_requests": MAX_REQUESTS,
        "max_requests_jitter": MAX_REQUESTS_JITTER,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "pathways",
        "control_socket_disable": True,  # unused, and one fixed path would clash between instances
    }


def url(config: WebConfig) -> str:
    host = f"[{config.host}]" if ":" in config.host else config.host
    return f"http://{host}:{config.port}/"
