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

import jwt
from flask import Blueprint, Response, jsonify, request

from adapters.teams.keys import KeySet, KeysUnavailable
from adapters.web.errors import ApiError, error_response
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


class TokenGate:
    """What is checked before the body is read: a Bot Framework JWT from the expected issuer,
    signed by a key in the (cached) key set. The SDK then checks the token in full."""

    def __init__(self, keys: KeySet, issuer: str) -> None:
        self.keys = keys
        self.issuer = issuer

    def check(self, authorization: str) -> None:
        """Raises ApiError: 401 for a missing, malformed or foreign token, 503 without keys."""
        token = authorization.removeprefix("Bearer ").strip()
        try:
            if not authorization.startswith("Bearer ") or token.count(".") != 2:
                raise jwt.InvalidTokenError("not a bearer JWT")
            claims = jwt.decode(token, options={"verify_signature": False})
            if claims.get("iss") != self.issuer:  # other issuers would make the SDK fetch keys
                raise jwt.InvalidTokenError("not a Bot Framework token")
            self.keys.get_signing_key_from_jwt(token)
        except jwt.PyJWTError:
            raise ApiError(401, "unauthorized") from None
        except KeysUnavailable:  # logged once per failed fetch, not per request
            raise ApiError(503, "teams_unavailable") from None


class FlaskAdapter:
    """Implements microsoft_teams.apps.http.HttpServerAdapter on a Flask blueprint."""

    def __init__(self, blueprint: Blueprint, loop: LoopThread) -> None:
        self.blueprint = blueprint
        self.loop = loop
        self.gate: TokenGate | None = None  # set once the SDK has built its validator

    def register_route(self, method: str, path: str, handler: Any) -> None:
        def view() -> Response:
            request.max_content_length = MAX_BODY
            if self.gate is not None:  # before the body is read: forged requests cost nothing
                self.gate.check(request.headers.get("Authorization", ""))
            activity = request.get_json(silent=True)
            if not isinstance(activity, dict):
                raise ApiError(400, "invalid_json")
            headers = dict(request.headers.items())
            try:
                result = self.loop.run(handler({"body": activity, "headers": headers}))
            except FutureTimeout:
                log.error("teams: no answer within %ss", TIMEOUT)
                raise ApiError(503, "teams_unavailable") from None
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
