"""One JSON error shape, `{"error": {"code", "message"}}`, for every failure the API answers.

Expected failures (bad input, unknown council) get a status and a message a person can act
on; anything unexpected is logged with its traceback and answered with a fixed message."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from bot import UnknownCouncilError, UnknownRoleError, messages

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    429: "rate_limited",
    431: "headers_too_large",
}


class ApiError(Exception):
    """A request the API refuses, with the status and code the client gets."""

    def __init__(self, status: int, code: str, **details: object) -> None:
        self.status = status
        self.code = code
        template = messages.API_ERRORS[code]
        self.message = template.format(**details) if details else template
        super().__init__(code)


def error_response(status: int, code: str, message: str) -> Response:
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def refused(exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message)

    @app.errorhandler(UnknownCouncilError)
    def unknown_council(exc: UnknownCouncilError) -> Response:
        return error_response(400, "unknown_council", str(exc))

    @app.errorhandler(UnknownRoleError)
    def unknown_role(exc: UnknownRoleError) -> Response:
        return error_response(400, "unknown_role", str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        code = HTTP_CODES.get(status, "bad_request" if status < 500 else "internal_error")
        message = messages.API_ERRORS.get(code, messages.INTERNAL_ERROR)
        if status == 413:  # each route has its own limit (Slack's clicks carry whole messages)
            message = message.format(limit=f"{(request.max_content_length or 0) // 1024} KB")
        response = error_response(status, code, message)
        if exc.response is None:  # keep headers such as Allow on 405
            for name, value in exc.get_headers():
                if name.lower() != "content-type":
                    response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        log.exception("unexpected error answering a request")
        return error_response(500, "internal_error", messages.INTERNAL_ERROR)
