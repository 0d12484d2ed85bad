"""Reload without downtime: `pathways reload` (SIGHUP to the master) swaps in edited knowledge
while questions keep being answered; an invalid edit is refused, its problems logged, and the
last good knowledge goes on serving."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from adapters.cli import main
from tests.conftest import edit
from tests.serving import Served, pathways_serve

OLD = "LADO means Local Authority Designated Officer."
NEW = "LADO stands for Local Authority Designated Officer."


def version(served: Served) -> str:
    return str(served.get("/healthz")[1]["knowledge_version"])


def wait_until(check, what: str, seconds: float = 60) -> None:
    """Poll until `check()`; a bound against hanging, not a speed check."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.2)


def reload(served: Served, knowledge: Path) -> tuple[int, str]:
    args = ["reload", "--port", str(served.port), "--knowledge", str(knowledge)]
    result = CliRunner().invoke(main, [*args, "--council", "testshire"])
    return result.exit_code, result.output


def test_edited_knowledge_is_served_after_a_reload_with_no_failed_request(
    mini: Path, tmp_path: Path
) -> None:
    unlimited = {"RATE_LIMIT": "100000 per minute"}
    with pathways_serve(tmp_path / "serve.log", knowledge=mini, **unlimited) as served:
        before = version(served)
        assert served.ask("lado meaning")[1]["answer"] == OLD
        statuses: list[int] = []
        stop = threading.Event()

        def keep_asking() -> None:
            while not stop.is_set():
                statuses.append(served.ask("lado meaning")[0])

        asker = threading.Thread(target=keep_asking)
        asker.start()
        try:
            edit(mini / "core" / "topics.yaml", OLD, NEW)
            code, output = reload(served, mini)
            assert code == 0, output
            wait_until(lambda: version(served) != before, "the new knowledge served")
            wait_until(lambda: len(statuses) > 20, "questions asked across the reload")
        finally:
            stop.set()
            asker.join(30)
        assert served.ask("lado meaning")[1]["answer"] == NEW
    assert statuses and set(statuses) == {200}  # not one question failed during the swap
    assert "reloaded: knowledge" in served.output()


def test_an_invalid_edit_is_refused_and_the_last_good_knowledge_kept(
    mini: Path, tmp_path: Path
) -> None:
    with pathways_serve(tmp_path / "serve.log", knowledge=mini) as served:
        before = version(served)
        edit(mini / "core" / "topics.yaml", "  title: What LADO means\n", "  title: [broken\n")
        code, output = reload(served, mini)
        assert code == 1 and "invalid YAML" in output  # checked before the service is asked
        os.kill(served.process.pid, signal.SIGHUP)  # and if it is asked anyway:
        wait_until(lambda: "reload refused" in served.output(), "the refusal logged")
        assert version(served) == before
        assert served.ask("lado meaning")[1]["answer"] == OLD
    assert "invalid YAML" in served.output()
