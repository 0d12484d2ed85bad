"""A real Redis (Debian's redis-server, installed by `make test`) on a free loopback port,
with nothing saved to disk, for the tests of limits shared across instances."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.silent import refused_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server(folder: Path, port: int | None = None) -> Iterator[int]:
    """Its port while the block runs."""
    if not Path(REDIS_SERVER).exists():
        pytest.fail("redis-server is not installed: `make test` installs it (apt-get)")
    port = port or refused_port()
    command = [
        REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--dir", str(folder), "--protected-mode", "yes",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not ping(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("redis-server did not start")
            time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(10)
