"""`pathways serve` for real, as a subprocess on a free loopback port, over the small test
knowledge (so it starts in a second); its output is kept in a file the test can read."""

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
from collections.abc import Iterator
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
        request = urllib.request.Request(
            f"{self.url}/api/ask",
            data=json.dumps({"question": question}).encode(),
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
    served = Served(f"http://127.0.0.1:{port}", port, process, log)
    try:
        wait_healthy(served)
        yield served
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


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
