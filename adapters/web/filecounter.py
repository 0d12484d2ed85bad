"""Rate-limit counters in one SQLite file, shared by every worker process of the service on
this machine, so `20 per minute` means 20 whatever worker answers (in-memory counters gave
each worker its own 20). Fixed windows, one upsert a question. Answers `hit` and
`get_window_stats` as `limits`' FixedWindowRateLimiter does, so either can sit behind the
limit."""

from __future__ import annotations

import atexit
import fcntl
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from limits import RateLimitItem

LOCK_WAIT = 0.1  # s: an upsert takes ~50 us, so a lock held this long means trouble: fail open
PRUNE_EVERY = 60.0  # s between deletions of finished windows, per process
POLL = 0.00005  # s between tries of the lock: about the time an upsert holds it


class FileCounter:
    def __init__(self, path: str) -> None:
        """An empty path: a new file of this service's own (made now, before workers fork)."""
        if not path:
            handle, path = tempfile.mkstemp(prefix="pathways-ratelimit-", suffix=".sqlite3")
            os.close(handle)
            atexit.register(_remove, path, os.getpid())
        self.path = path
        self.local = threading.local()
        self.in_process = threading.Lock()  # this process's threads queue here, not on the file
        self.pruned_at = 0.0
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS hits (key TEXT, slot INTEGER, count INTEGER, "
                "PRIMARY KEY (key, slot))"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=LOCK_WAIT, isolation_level=None)
        db.execute("PRAGMA synchronous=OFF")  # counters lost in a crash cost nothing
        return db

    def _db(self) -> sqlite3.Connection:
        """One connection per thread and process (a connection must not cross a fork), and
        one handle on the lock file beside it (see hit)."""
        if getattr(self.local, "pid", None) != os.getpid():
            self.local.db, self.local.pid = self._connect(), os.getpid()
            self.local.lock = os.open(self.path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        db: sqlite3.Connection = self.local.db
        return db

    def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        now = time.time()
        length = item.get_expiry()
        window = int(now // length)
        db = self._db()
        with self._turn():
            (count,) = db.execute(
                "INSERT INTO hits VALUES (?, ?, 1) ON CONFLICT (key, slot) "
                "DO UPDATE SET count = count + 1 RETURNING count",
                (item.key_for(*identifiers), window),
            ).fetchone()
            if now - self.pruned_at > PRUNE_EVERY:
                self.pruned_at = now
                db.execute("DELETE FROM hits WHERE slot < ?", (window,))
        return bool(count <= item.amount)

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """Writers take turns: a process's threads on a lock of its own, then processes on a
        lock file, polled every 50 us. Left to SQLite, a writer that finds the file busy sleeps
        a millisecond or more before it tries again: with 8 request threads on one file, 40%
        of a request's time went in the counter, most of it waiting (py-spy). Bounded by
        LOCK_WAIT in all: past it, the limit fails open."""
        deadline = time.monotonic() + LOCK_WAIT
        if not self.in_process.acquire(timeout=LOCK_WAIT):
            raise TimeoutError("rate-limit counters busy")
        try:
            while True:
                try:
                    fcntl.flock(self.local.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError("rate-limit counters busy") from None
                    time.sleep(POLL)
            try:
                yield
            finally:
                fcntl.flock(self.local.lock, fcntl.LOCK_UN)
        finally:
            self.in_process.release()

    def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> tuple[float, int]:
        """(when the window resets, as a Unix time; hits left in it)."""
        length = item.get_expiry()
        window = int(time.time() // length)
        row = (
            self._db()
            .execute(
                "SELECT count FROM hits WHERE key = ? AND slot = ?",
                (item.key_for(*identifiers), window),
            )
            .fetchone()
        )
        return (window + 1) * length, max(0, item.amount - (row[0] if row else 0))


def _remove(path: str, owner: int) -> None:
    """At exit of the process that made the file (forked workers inherit this hook)."""
    if os.getpid() != owner:
        return
    for name in (path, path + "-wal", path + "-shm", path + ".lock"):
        try:
            os.unlink(name)
        except FileNotFoundError:
            pass
