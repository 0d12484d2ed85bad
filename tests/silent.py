"""Broken remote services on loopback: a port that accepts connections but never answers (a hung
Redis or key endpoint), and a port that refuses them (one that is down)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Silent:
    """Accepts every connection, reads nothing, answers nothing; counts the connections."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port: int = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.held.append(connection)

    @property
    def connections(self) -> int:
        return len(self.held)


@contextmanager
def silent() -> Iterator[Silent]:
    server = Silent()
    server.thread.start()
    try:
        yield server
    finally:
        server.stopped.set()
        server.thread.join(5)
        for connection in server.held:
            connection.close()
        server.listener.close()


def refused_port() -> int:
    """A loopback port nothing listens on (bound then released, so nobody else has it now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
