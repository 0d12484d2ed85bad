"""Slack's Socket Mode end on loopback: a minimal WebSocket server (RFC 6455 handshake and
frames) that says hello, pushes envelopes as Slack does, answers pings and records the
acknowledgements the app sends back."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.loopback import Call, Recorder

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


def frame(opcode: int, payload: bytes) -> bytes:
    """A server frame: final, unmasked."""
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, size)
    elif size < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 127, size)
    return head + payload


def read_frame(conn: socket.socket) -> tuple[int, bytes]:
    """A client frame (masked, as clients must send them)."""
    first, second = _exactly(conn, 2)
    size = second & 0x7F
    if size == 126:
        (size,) = struct.unpack("!H", _exactly(conn, 2))
    elif size == 127:
        (size,) = struct.unpack("!Q", _exactly(conn, 8))
    mask = _exactly(conn, 4) if second & 0x80 else b"\0\0\0\0"
    data = _exactly(conn, size)
    return first & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(data))


def _exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks = Recorder()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"ws://127.0.0.1:{self.listener.getsockname()[1]}/link"
        self.connections: list[socket.socket] = []
        self.ready = threading.Event()
        self.lock = threading.Lock()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                request += conn.recv(4096)
            key = next(
                line.split(b":", 1)[1].strip().decode()
                for line in request.split(b"\r\n")
                if line.lower().startswith(b"sec-websocket-key:")
            )
            accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
            conn.sendall(
                b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept.encode() + b"\r\n\r\n"
            )
            with self.lock:
                self.connections.append(conn)
            self._send(
                conn,
                {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"}},
            )
            self.ready.set()
            self._listen(conn)

    def _listen(self, conn: socket.socket) -> None:
        while True:
            try:
                opcode, data = read_frame(conn)
            except (ConnectionError, OSError):
                return
            if opcode == PING:
                with self.lock:
                    conn.sendall(frame(PONG, data))
            elif opcode == CLOSE:
                return
            elif opcode == TEXT:
                self.acks.add(Call("/ack", {}, json.loads(data)))

    def _send(self, conn: socket.socket, message: dict[str, Any]) -> None:
        with self.lock:
            conn.sendall(frame(TEXT, json.dumps(message).encode()))

    def push(self, envelope: dict[str, Any]) -> None:
        """Send an envelope (a slash command, an event, an interaction) to the connected app."""
        assert self.ready.wait(10), "the app never connected"
        self._send(self.connections[-1], envelope)

    def close(self) -> None:
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread waiting in accept()
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            for conn in self.connections:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@contextmanager
def socket_mode_end() -> Iterator[FakeSocketMode]:
    fake = FakeSocketMode()
    thread = threading.Thread(target=fake.serve, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.close()
        thread.join(5)
