"""`pathways serve` for real, as a subprocess on a free loopback port, over the small test
knowledge (so it starts in a second); its output is kept in a file the test can read. Several
instances can be started at once, as a deploy starts them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "knowledge"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def get(self, path: str) -> tuple[int, dict[str, Any]]:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=20) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.load(error)

    def ask(self, question: str, **headers: str) -> tuple[int, dict[str, Any]]:
        return self.post("/api/ask", {"question": question}, **headers)

    def post(self, path: str, body: dict[str, Any], **headers: str) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.load(error)


@contextmanager
def pathways_serve(
    log: Path, workers: int = 2, knowledge: Path = MINI, **settings: str
) -> Iterator[Served]:
    """Serve until the block ends; `settings` are PATHWAYS_* variables (without the prefix)."""
    with pathways_serve_together([log], workers, knowledge, **settings) as (served,):
        yield served


@contextmanager
def pathways_serve_together(
    logs: Sequence[Path], workers: int = 2, knowledge: Path = MINI, **settings: str
) -> Iterator[list[Served]]:
    """One instance per log, all started before any is waited for (so their start-ups, the
    store's migration among them, overlap), with the same settings; served until the block
    ends."""
    started: list[Served] = []
    try:
        for log in logs:
            started.append(_start(log, workers, knowledge, settings))
        for served in started:
            wait_healthy(served)
        yield started
    finally:
        for served in started:
            served.process.send_signal(signal.SIGTERM)
        for served in started:
            try:
                served.process.wait(30)
            except subprocess.TimeoutExpired:
                served.process.kill()
                served.process.wait(10)


def _start(log: Path, workers: int, knowledge: Path, settings: dict[str, str]) -> Served:
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PATHWAYS_", "SLACK_", "TEAMS_"))
    }
    env.update({f"PATHWAYS_{k.upper()}": v for k, v in settings.items()})
    command = [
        sys.executable, "-m", "adapters.cli", "serve", "--port", str(port),
        "--workers", str(workers), "--knowledge", str(knowledge), "--council", "testshire",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    return Served(f"http://127.0.0.1:{port}", port, process, log)


def wait_healthy(served: Served, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if served.process.poll() is not None:
            raise AssertionError(f"`pathways serve` exited:\n{served.output()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{served.url}/healthz", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
