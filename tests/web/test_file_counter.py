"""The shared counter file behind the default rate limit: counts add up across processes,
a finished window's slot is used again, a full table fails open, and a file that is not a
counter table is refused with its name."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from limits import parse

from adapters.web.config import ConfigError
from adapters.web.filecounter import SIZE, SLOT, FileCounter

HITS = 200


def _hit_many(path: str, client: str) -> None:
    counter = FileCounter(path)
    item = parse("10000 per hour")
    for _ in range(HITS):
        counter.hit(item, "pathways", client)


def test_counts_from_several_processes_add_up(tmp_path: Path) -> None:
    path = str(tmp_path / "limits.counters")
    counter = FileCounter(path)
    item = parse("10000 per hour")
    counter.hit(item, "pathways", "1.2.3.4")  # this process's mapping, made before the fork
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_hit_many, args=(path, "1.2.3.4")) for _ in range(3)]
    for worker in workers:
        worker.start()
    _hit_many(path, "1.2.3.4")
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    _, left = counter.get_window_stats(item, "pathways", "1.2.3.4")
    assert left == 10000 - 1 - 4 * HITS
    assert counter.get_window_stats(item, "pathways", "5.6.7.8")[1] == 10000  # another client


def test_the_limit_refuses_past_its_amount_and_a_new_window_starts_afresh(tmp_path: Path) -> None:
    counter = FileCounter(str(tmp_path / "limits.counters"))
    item = parse("2 per second")
    while time.time() % 1 > 0.5:  # the three hits below fall in one window
        time.sleep(0.05)
    assert [counter.hit(item, "pathways", "a") for _ in range(3)] == [True, True, False]
    time.sleep(1.05)
    assert counter.hit(item, "pathways", "a")  # the finished window's slot, used again


def test_limits_of_different_lengths_keep_their_own_counts(tmp_path: Path) -> None:
    counter = FileCounter(str(tmp_path / "limits.counters"))
    minute, hour = parse("3 per minute"), parse("3 per hour")
    for _ in range(3):
        counter.hit(minute, "pathways", "a")
    assert counter.get_window_stats(minute, "pathways", "a")[1] == 0
    assert counter.get_window_stats(hour, "pathways", "a")[1] == 3


def test_a_full_table_fails_open(tmp_path: Path) -> None:
    path = tmp_path / "limits.counters"
    live = SLOT.pack(3, 2**62, 1_000_000)  # another key's counter whose window never ends
    path.write_bytes(live * (SIZE // SLOT.size))
    counter = FileCounter(str(path))
    item = parse("1 per minute")
    assert all(counter.hit(item, "pathways", "new client") for _ in range(5))


def test_a_file_that_is_not_a_counter_table_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "limits.sqlite3"
    other.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    with pytest.raises(ConfigError, match="limits.sqlite3 is not a rate-limit counter file"):
        FileCounter(str(other))
    assert other.read_bytes().startswith(b"SQLite format 3")  # left as it was
    with pytest.raises(ConfigError, match="cannot open"):
        FileCounter(str(tmp_path / "no such folder" / "limits.counters"))
