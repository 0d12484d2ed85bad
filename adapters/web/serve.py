"""`pathways serve`: the app under gunicorn, a production WSGI server with several workers.

The app is built once in the master before workers start (preload), so a bad setting or
knowledge base stops the command with one clear message instead of a crash loop.

Reload without downtime: SIGHUP to the master (or `pathways reload`) builds the app again from
the settings and the knowledge on disk; if that is valid, gunicorn starts new workers from it
and retires the old ones gracefully (each finishes its requests). If not, the problems are
logged and the last good app goes on serving."""

from __future__ import annotations

import gc
import logging
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]
from threadpoolctl import threadpool_limits

from adapters.web import create_app
from adapters.web.api import ANSWER_ENVIRON
from adapters.web.config import ConfigError, WebConfig
from adapters.web.ratelimit import EXTENSION as LIMIT
from bot import BotError

log = logging.getLogger(__name__)

# Like gunicorn's own lines, so the service's log reads as one. Questions are never logged.
LOG_FORMAT = "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s"
# gunicorn's default access line, then what /api/ask answered (set in the request's environ by
# adapters.web.api; "-" for any other request): one line a question, not two.
ACCESS_LOG_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({' + ANSWER_ENVIRON + "}e)s"
)

# Threaded workers that hand a request to a thread only once it has fully arrived
# (adapters/web/worker.py): 50 slow or half-open connections cannot stall the service, where
# gunicorn's sync workers were stalled by 4 (see docs/benchmarks.md for the figures).
WORKER_CLASS = "adapters.web.worker.PathwaysWorker"
THREADS = 4  # per worker: answering is CPU-bound (GIL), so more threads only queue
TIMEOUT = 30  # s a worker may go silent before the master restarts it (answers take ms)
KEEPALIVE = 5  # s an idle kept-alive connection stays open (a widget asks every few s at most)
# Workers are replaced after about this many requests, a backstop: the soak benchmark (one
# process, no replacement) shows memory flat from 50,000 questions on. A replacement costs a
# little: the new worker's reply cache starts empty, and in the benchmark's mix every question
# was worked out again at once (p99 at 8 connections rose from ~15-20 ms to 50-65 ms in the
# 10 s around it, measured here). At 100,000 that is every few minutes at this machine's full
# load and months at a council's real load (a few questions an hour). The jitter (10%)
# staggers replacements so two workers rarely restart together.
MAX_REQUESTS = 100_000
MAX_REQUESTS_JITTER = 10_000
# numpy's BLAS (the sentence vectors' matrix products) in one thread per process: the workers'
# threads already share the cores, and BLAS's own threads on top of them thrash. Measured on
# this 2-core machine: 115 ms a question with BLAS's 2 threads, 26 ms with 1.
BLAS_THREADS = 1


class PathwaysServer(BaseApplication):  # type: ignore[misc]
    def __init__(
        self, app: Flask, options: Mapping[str, Any], rebuild: Callable[[], Flask] | None = None
    ) -> None:
        self.app = app
        self.options = dict(options)
        self.rebuild = rebuild
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.app

    def reload(self) -> None:
        """gunicorn calls this in the master on SIGHUP, before it forks the new workers."""
        super().reload()
        if self.rebuild is None:
            return
        version = self.app.extensions["pathways"].version
        try:
            fresh = self.rebuild()
        except (ConfigError, BotError) as exc:
            log.error("reload refused; still serving knowledge %s. %s", version, exc)
            return
        fresh.extensions[LIMIT] = self.app.extensions[LIMIT]  # counts survive a reload
        self.app = self.callable = fresh
        freeze_loaded()  # now the replaced app is unreachable and can be collected
        log.info("reloaded: knowledge %s (was %s)", fresh.extensions["pathways"].version, version)


def build(overrides: Mapping[str, Any] | None = None) -> tuple[PathwaysServer, WebConfig]:
    """Validate settings and load knowledge now; raises ConfigError or BotError."""
    threadpool_limits(BLAS_THREADS)  # in the master: the workers forked from it inherit it
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, datefmt="%Y-%m-%d %H:%M:%S %z")
    app = create_app(overrides)
    freeze_loaded()
    config: WebConfig = app.extensions["pathways.config"]
    options = server_options(config.host, config.port, config.workers)
    options["pidfile"] = str(pidfile(config.port))  # where `pathways reload` finds the master
    return PathwaysServer(app, options, lambda: create_app(overrides)), config


def freeze_loaded() -> None:
    """Move everything loaded so far out of the garbage collector's sight before the workers
    fork: the knowledge, index and models are ~120,000 objects that live as long as the
    process, and a full collection walked them all (65-80 ms with every thread of the worker
    held, measured here). The forked workers also keep those pages shared. Unfrozen and
    collected first, so that what a reload replaced is not kept frozen for ever."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def pidfile(port: int) -> Path:
    """The master's process id, one file per port (several instances on one machine)."""
    return Path(tempfile.gettempdir()) / f"pathways-{port}.pid"


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
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "proc_name": "pathways",
        "control_socket_disable": True,  # unused, and one fixed path would clash between instances
        "post_worker_init": prepare_worker,
    }


def prepare_worker(worker: Any) -> None:
    """gunicorn's hook in a new worker, before it takes requests: a worker replaced after
    MAX_REQUESTS made its sentence encoder's session on its first question, which held that
    worker's waiting questions ~120 ms (the benchmark's slowest replies, at each replacement)."""
    assistant = worker.wsgi.extensions.get("pathways")
    if assistant is not None:  # the benchmark's bare route has none
        assistant.prepare_process()


def url(config: WebConfig) -> str:
    host = f"[{config.host}]" if ":" in config.host else config.host
    return f"http://{host}:{config.port}/"
