"""Real HTTP on 127.0.0.1: serve a WSGI app (the app under test, or a fake of a remote service)
in a thread, record what a fake receives, and post to a server without raising on 4xx."""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.error import HTTPError

from werkzeug.serving import make_server

F = TypeVar("F")


@contextmanager
def serve(app: Callable[..., Any]) -> Iterator[str]:
    """The app's base URL while the block runs, e.g. http://127.0.0.1:53187."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def served(fake: F) -> Iterator[F]:
    """A fake remote service, served, with its base URL in `fake.url`."""
    with serve(fake) as url:  # type: ignore[arg-type]
        fake.url = url  # type: ignore[attr-defined]
        yield fake


@dataclass(frozen=True)
class Call:
    path: str
    headers: dict[str, str]
    body: Any


class Recorder:
    """What a fake service was sent, in order; waits for calls made from other threads."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.changed = threading.Condition()

    def add(self, call: Call) -> None:
        with self.changed:
            self.calls.append(call)
            self.changed.notify_all()

    def to(self, path: str) -> list[Call]:
        with self.changed:
            return [c for c in self.calls if c.path == path]

    def wait(self, path: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self.changed:
            while len(found := [c for c in self.calls if c.path == path]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.path for c in self.calls]
                    raise AssertionError(f"expected {count} call(s) to {path}; got {seen}")
                self.changed.wait(left)
            return found


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return Answer(response.status, response.read(), dict(response.headers.items()))
    except HTTPError as error:
        with error:
            return Answer(error.code, error.read(), dict(error.headers.items()))
