"""`pathways serve`: the real command under gunicorn on loopback, and its start-up errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from adapters.cli import main
from tests.web.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_for(url: str, seconds: float = 30) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bytes(response.read())
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_runs_under_gunicorn() -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PATHWAYS_")}
    command = [sys.executable, "-m", "adapters.cli", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        health = json.loads(wait_for(f"{base}/healthz"))
        assert health["status"] == "ok" and health["topics"] > 10
        assert b"Safeguarding help" in wait_for(f"{base}/widget.js")
        ask = urllib.request.Request(
            f"{base}/api/ask",
            data=json.dumps({"question": "how do I report a concern"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(ask, timeout=5) as response:
            assert json.loads(response.read())["topic_id"] == "report-a-concern"
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert f"Pathways is serving {base}/" in output
    assert "gunicorn" in output and "Booting worker" in output
    # the end of the question's access line: one line a question, never its text
    answered = [line for line in output.splitlines() if "POST /api/ask" in line]
    assert len(answered) == 1
    assert answered[0].endswith(
        "answered chars=25 topic=report-a-concern urgency=none fallback=False"
    )
    assert "how do I report a concern" not in output  # but never the question's text


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--council", "atlantis"], {}, "Unknown council 'atlantis'. Known councils: chorley"),
        ([], {"PATHWAYS_WORKERS": "none"}, "PATHWAYS_WORKERS: expected a whole number"),
        ([], {"PATHWAYS_ALLOWED_ORIGINS": "*"}, "PATHWAYS_ALLOWED_ORIGINS: '*' is not an origin"),
        (["--port", "0"], {}, "port in the configuration given"),
    ],
)
def test_serve_refuses_a_bad_configuration_clearly(
    args: list[str], env: dict[str, str], message: str
) -> None:
    result = CliRunner().invoke(main, ["serve", *args], env=env)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
