"""A per-client limit on questions, so one script cannot tie the service up for everyone.

One counter update per question (a fixed window, one round trip), kept where the setting says:
a file every worker of this machine shares (the default), Redis for several machines, or this
process's memory. The limit fails open, fast and quietly: safeguarding help is never refused
or delayed because the counters cannot be reached. Redis gets short timeouts; after a failure
the counters are left alone for RETRY_SECONDS (questions pay nothing), one warning is logged
per outage, and /healthz says `rate_limit: degraded` until they answer again."""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import Any

from flask import Flask, Response, current_app, request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

from adapters.web.config import WebConfig
from adapters.web.errors import error_response
from adapters.web.filecounter import FileCounter
from bot import messages

log = logging.getLogger(__name__)

LIMITED_ENDPOINT = "api.ask"
EXTENSION = "pathways.ratelimit"
NAMESPACE = "pathways"
# Redis answers in well under 1 ms on a local network; 50 ms is fifty times that, and keeps
# what one question can pay for an unreachable or silent Redis (one timeout, then none for
# RETRY_SECONDS) within the 100 ms the issue allows.
REDIS_TIMEOUT = 0.05  # seconds, for connecting and for each reply
# How long the counters are left alone after a failure: the limit is back within seconds of
# Redis returning, and a silent Redis costs one question in every 5 s a 50 ms wait.
RETRY_SECONDS = 5.0


class QuestionLimit:
    """`refused(client)`: None to answer, or the seconds to wait before asking again."""

    def __init__(self, limit: str, storage_uri: str) -> None:
        self.item: RateLimitItem = parse(limit)
        self.counter: Any
        if storage_uri.startswith("file://"):
            self.counter = FileCounter(storage_uri.removeprefix("file://"))
        else:
            options = {}
            if storage_uri.startswith(("redis://", "rediss://")):
                options = {
                    "socket_connect_timeout": REDIS_TIMEOUT,
                    "socket_timeout": REDIS_TIMEOUT,
                    "retry_on_timeout": False,
                }
            self.counter = FixedWindowRateLimiter(storage_from_string(storage_uri, **options))
        self.failed_at: float | None = None
        self.lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        return self.failed_at is not None

    def refused(self, client: str) -> int | None:
        if self.failed_at is not None and time.monotonic() - self.failed_at < RETRY_SECONDS:
            return None  # failing open without waiting on the storage again
        try:
            allowed = self.counter.hit(self.item, NAMESPACE, client)
            wait = None if allowed else self._wait(client)
        except Exception as exc:  # any storage failure: answer, and say so once
            self._failed(exc)
            return None
        self._answered()
        return wait

    def _wait(self, client: str) -> int:
        reset, _ = self.counter.get_window_stats(self.item, NAMESPACE, client)
        return max(1, math.ceil(reset - time.time()))

    def _failed(self, exc: Exception) -> None:
        with self.lock:
            first = self.failed_at is None
            self.failed_at = time.monotonic()
        if first:
            log.warning(
                "rate limit: counters unreachable (%s); questions are answered without a "
                "limit until they answer again",
                type(exc).__name__,
            )

    def _answered(self) -> None:
        if self.failed_at is None:
            return
        with self.lock:
            recovered, self.failed_at = self.failed_at is not None, None
        if recovered:
            log.warning("rate limit: counters reachable again; the limit applies")


def limit_questions(app: Flask, config: WebConfig) -> QuestionLimit:
    if config.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.trusted_proxies)  # type: ignore[method-assign]
    limit = QuestionLimit(config.rate_limit, config.rate_limit_storage)
    app.extensions[EXTENSION] = limit

    @app.before_request
    def check() -> Response | None:
        if request.endpoint != LIMITED_ENDPOINT or request.method != "POST":
            return None
        current: QuestionLimit = current_app.extensions[EXTENSION]  # kept across reloads
        wait = current.refused(request.remote_addr or "")
        if wait is None:
            return None
        message = messages.API_ERRORS["rate_limited_wait"].format(seconds=wait)
        response = error_response(429, "rate_limited", message)
        response.headers["Retry-After"] = str(wait)
        return response

    return limit
