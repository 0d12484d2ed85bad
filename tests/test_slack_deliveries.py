"""A retried Slack delivery is answered once even when another worker process took the first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from adapters.slack.listeners import Deliveries


def test_an_event_taken_by_another_process_is_not_taken_again(tmp_path: Path) -> None:
    db = tmp_path / "deliveries.sqlite3"
    worker = (
        "import sys; from adapters.slack.listeners import Deliveries; "
        "sys.exit(0 if Deliveries(sys.argv[1]).first('Ev42') else 1)"
    )
    root = Path(__file__).resolve().parent.parent
    first = subprocess.run([sys.executable, "-c", worker, str(db)], cwd=root, check=False)
    assert first.returncode == 0, "the first worker takes the event"
    here = Deliveries(str(db))
    assert not here.first("Ev42"), "the retry reaches this worker: already taken"
    assert here.first("Ev43")


def test_old_entries_are_forgotten(tmp_path: Path) -> None:
    deliveries = Deliveries(str(tmp_path / "d.sqlite3"))
    assert deliveries.first("Ev1")
    deliveries.KEEP_SECONDS = -1  # everything is older than that
    assert deliveries.first("Ev1")
