"""gunicorn's threaded worker, with two changes.

Whole requests only: a connection is handed to a thread once its request has fully arrived
(headers, and a body of the announced length), read without blocking in the worker's own
poller. A slow or stalled client (half a request, a byte every few seconds) never holds a
thread, and is closed REQUEST_DEADLINE seconds after its request began. (gunicorn alone
waits 5 s for a first byte, then a thread reads the rest: 8 such clients stalled it.)

Its own errors (a request line over its limit, too many or too large headers, a malformed
request) are answered in the API's one JSON error shape with the same security headers as the
app's answers, instead of an HTML page.

gunicorn writes those answers through `gunicorn.util.write_error`, its one hook for them; this
module replaces it when gunicorn imports the worker class, in the server's own process only.
What no code can reach: a worker killed for overrunning its timeout answers nothing (the
client sees the connection close), and the listening socket's backlog is the kernel's."""

from __future__ import annotations

import errno
import json
import re
import selectors
import socket
import time
from functools import partial
from typing import Any

from gunicorn import util  # type: ignore[import-untyped]
from gunicorn.workers.gthread import TConn, ThreadWorker  # type: ignore[import-untyped]

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


REQUEST_DEADLINE = 10.0  # s from a request's first byte to its last: real clients take ms
READ_SIZE = 65536  # bytes read per readable event
HEADERS_LIMIT = 64 * 1024  # past this with no blank line, gunicorn's parser answers the error
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.I | re.M)
_THREAD_READS_BODY = re.compile(
    rb"^(transfer-encoding:.*chunked|expect:[ \t]*100-continue)", re.I | re.M
)


def complete(data: bytes) -> bool:
    """Whether `data` holds a whole request, as far as waiting for more is worth it."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return len(data) > HEADERS_LIMIT
    head = data[:end]
    if _THREAD_READS_BODY.search(head):
        return True  # chunked, or a client waiting for "100 Continue": the thread reads on
    found = _LENGTH.findall(head)
    if len(found) != 1:  # none (no body), or several (the parser refuses the request)
        return True
    return len(data) - end - 4 >= int(found[0])


class PathwaysWorker(ThreadWorker):  # type: ignore[misc]
    """gthread, as configured in serve.py, gathering each request before a thread sees it."""

    def accept(self, listener: socket.socket) -> None:
        try:
            client, address = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self._gather(TConn(self.cfg, client, address, listener.getsockname()))

    def on_client_socket_readable(self, conn: Any, client: socket.socket) -> None:
        """A kept-alive connection's next request: gathered like a new one."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._gather(conn)

    def _gather(self, conn: Any) -> None:
        conn.gathered = b""
        conn.sock.setblocking(False)
        conn.timeout = time.monotonic() + REQUEST_DEADLINE  # murder_pending closes it then
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, conn))

    def _readable(self, conn: Any, client: socket.socket) -> None:
        try:
            chunk = conn.sock.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if chunk:
            conn.gathered += chunk
            if not complete(conn.gathered):
                return  # wait in the poller for more, not in a thread
        self.poller.unregister(client)
        self.pending_conns.remove(conn)
        if not chunk:  # the client went away
            self.nr_conns -= 1
            conn.close()
            return
        conn.init()  # the parser, in this thread: no TLS or HTTP/2 preface here
        conn.parser.unreader.unread(conn.gathered)
        conn.gathered, conn.data_ready = b"", True
        self.enqueue_req(conn)
