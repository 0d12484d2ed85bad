"""gunicorn's threaded worker, answering the errors gunicorn raises itself (a request line over
its limit, too many or too large headers, a malformed request) in the API's one JSON error
shape with the same security headers as the app's answers, instead of an HTML page.

gunicorn writes those answers through `gunicorn.util.write_error`, its one hook for them; this
module replaces it when gunicorn imports the worker class, in the server's own process only.
What no code can reach: a worker killed for overrunning its timeout answers nothing (the
client sees the connection close), and the listening socket's backlog is the kernel's."""

from __future__ import annotations

import json
import socket

from gunicorn import util  # type: ignore[import-untyped]
from gunicorn.workers.gthread import ThreadWorker  # type: ignore[import-untyped]

from adapters.web.errors import HTTP_CODES
from adapters.web.security import content_security_policy
from bot import messages

HEADERS = (
    ("Content-Security-Policy", content_security_policy(())),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
)


def write_error(sock: socket.socket, status: int, reason: str, mesg: str) -> None:
    """gunicorn's signature; `mesg` (which may quote the request) is not sent back."""
    code = HTTP_CODES.get(status, "bad_request" if status < 500 else "internal_error")
    message = messages.API_ERRORS.get(code, messages.INTERNAL_ERROR)
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    lines = [
        f"HTTP/1.1 {status} {reason}",
        "Connection: close",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in HEADERS),
    ]
    util.write_nonblock(sock, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


util.write_error = write_error


class PathwaysWorker(ThreadWorker):  # type: ignore[misc]
    """gthread, as configured in serve.py; only its error pages differ."""
