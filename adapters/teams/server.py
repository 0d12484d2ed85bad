"""The Teams SDK's HttpServerAdapter for Flask: the SDK registers its messaging route here and
each request runs the SDK's own handler (token validation included) on one event loop."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Coroutine
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from flask import Blueprint, Response, jsonify, request

from adapters.web.errors import error_response
from bot import messages

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024
TIMEOUT = 15.0  # seconds: Teams gives up waiting for a bot's answer after about this long

T = TypeVar("T")


class LoopThread:
    """One asyncio loop on a daemon thread per process, started by the first request (gunicorn
    builds the app before forking its workers, and threads do not survive a fork)."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = TIMEOUT) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._running()).result(timeout)

    def _running(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                self._loop, self._pid = asyncio.new_event_loop(), os.getpid()
                threading.Thread(target=self._loop.run_forever, name="teams", daemon=True).start()
            return self._loop


class FlaskAdapter:
    """Implements microsoft_teams.apps.http.HttpServerAdapter on a Flask blueprint."""

    def __init__(self, blueprint: Blueprint, loop: LoopThread) -> None:
        self.blueprint = blueprint
        self.loop = loop

    def register_route(self, method: str, path: str, handler: Any) -> None:
        def view() -> Response:
            request.max_content_length = MAX_BODY
            body = request.get_json(silent=True)
            activity = body if isinstance(body, dict) else {}
            headers = dict(request.headers.items())
            try:
                result = self.loop.run(handler({"body": activity, "headers": headers}))
            except FutureTimeout:
                log.error("teams: no answer within %ss", TIMEOUT)
                return Response(status=503)
            if result["status"] == 401:  # the SDK's own refusal, in the API's one error shape
                return error_response(401, "unauthorized", messages.API_ERRORS["unauthorized"])
            if result.get("body") is None:
                return Response(status=result["status"])
            response = jsonify(result["body"])
            response.status_code = result["status"]
            return response

        self.blueprint.add_url_rule(path, endpoint="messages", view_func=view, methods=[method])

    def serve_static(self, path: str, directory: str) -> None:
        """Nothing but the messaging endpoint is served from the SDK."""

    async def start(self, port: int) -> None:
        raise NotImplementedError("Teams is served by the Pathways web service (make run)")

    async def stop(self) -> None:
        """The web service owns the server's lifetime."""
