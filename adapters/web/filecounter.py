"""Rate-limit counters in one file, shared by every worker process of the service on this
machine, so `20 per minute` means 20 whatever worker answers (in-memory counters gave each
worker its own 20). Fixed windows, one counter update a question. Answers `hit` and
`get_window_stats` as `limits`' FixedWindowRateLimiter does, so either can sit behind the
limit.

The file is a fixed table of SLOTS counters, mapped into each process's memory: a client's
counter is found by a hash of its key, a slot whose window has ended is used again, so the
file never grows. (Counters in SQLite, one upsert a question, took 14% of a worker's time
under load, most of it in SQLite's own locking: py-spy, 2026-12-03.)"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import mmap
import os
import struct
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from limits import RateLimitItem

from adapters.web.config import ConfigError

LOCK_WAIT = 0.1  # s: an update takes microseconds; a lock held this long is trouble: fail open
POLL = 0.00005  # s between tries of the lock: well above the time an update holds it
# Distinct clients counted at once, per limit window: a council's intranet has hundreds of
# users, a busy one a few thousand; past this many the table fills and the limit fails open
# for the newcomers (never refuses them). 1.5 MB of file.
SLOTS = 65_536
PROBES = 32  # slots looked at for one key: a full table is found out in bounded time
SLOT = struct.Struct("<QqQ")  # key hash (0: never used), when its window ends (s), count
SIZE = SLOTS * SLOT.size


class CounterFileError(ConfigError):
    """The named file cannot be a counter table: another file, or one that cannot be made."""


class FileCounter:
    def __init__(self, path: str) -> None:
        """An empty path: a new file of this service's own (made now, before workers fork)."""
        if not path:
            handle, path = tempfile.mkstemp(prefix="pathways-ratelimit-", suffix=".counters")
            os.close(handle)
            atexit.register(_remove, path, os.getpid())
        self.path = path
        self.local = threading.local()
        self.in_process = threading.Lock()  # this process's threads queue here, not on the file
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise CounterFileError(
                f"PATHWAYS_RATE_LIMIT_STORAGE: cannot open {path}: {exc.strerror}"
            ) from None
        try:
            size = os.fstat(fd).st_size
            if size == 0:
                os.ftruncate(fd, SIZE)
            elif size != SIZE:
                raise CounterFileError(
                    f"PATHWAYS_RATE_LIMIT_STORAGE: {path} is not a rate-limit counter file "
                    f"({size} bytes, expected {SIZE}); name a new file"
                )
        finally:
            os.close(fd)

    def _table(self) -> mmap.mmap:
        """This process's mapping of the file and its handle for the lock (a handle must not
        cross a fork: flock locks belong to the open file, which a forked child shares)."""
        if getattr(self.local, "pid", None) != os.getpid():
            fd = os.open(self.path, os.O_RDWR)
            self.local.table = mmap.mmap(fd, SIZE, mmap.MAP_SHARED)
            self.local.lock, self.local.pid = fd, os.getpid()
        table: mmap.mmap = self.local.table
        return table

    def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        now = time.time()
        key, ends = _key_and_window(item, identifiers, now)
        table = self._table()
        with self._turn():
            count = _add(table, key, ends, int(now))
        return count is None or count <= item.amount  # None: the table is full, fail open

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """Writers take turns: a process's threads on a lock of its own, then processes on a
        lock of the file, polled every 50 us. Bounded by LOCK_WAIT in all: past it, the limit
        fails open."""
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
        now = time.time()
        key, ends = _key_and_window(item, identifiers, now)
        table = self._table()
        with self._turn():
            found, _ = _find(table, key, ends, int(now))
            count = 0 if found is None else SLOT.unpack_from(table, found)[2]
        return ends, max(0, item.amount - count)


def _key_and_window(
    item: RateLimitItem, identifiers: tuple[str, ...], now: float
) -> tuple[int, int]:
    """(the counter's key hash, when its current window ends, in whole seconds)."""
    length = item.get_expiry()
    return _hash(item.key_for(*identifiers)), (int(now // length) + 1) * length


def _hash(key: str) -> int:
    """64 bits of the key, never 0 (an unused slot)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little") | 1


def _slots(key: int) -> Iterator[int]:
    start = key % SLOTS
    for step in range(PROBES):
        yield ((start + step) % SLOTS) * SLOT.size


def _find(table: mmap.mmap, key: int, ends: int, now: int) -> tuple[int | None, int | None]:
    """(the offset of the key's counter for the window ending at `ends`, or None; the first
    slot the key may take instead: never used, or its window over by `now`)."""
    free = None
    for offset in _slots(key):
        used, window_ends, _ = SLOT.unpack_from(table, offset)
        if used == key and window_ends == ends:
            return offset, free
        if free is None and window_ends <= now:
            free = offset
        if used == 0:
            break  # slots are used in order and never emptied: the key is not further on
    return None, free


def _add(table: mmap.mmap, key: int, ends: int, now: int) -> int | None:
    """One more hit on the key's counter for the window ending at `ends`: its new count, or
    None when every slot the key may use holds a live counter of other keys."""
    found, free = _find(table, key, ends, now)
    if found is not None:
        count = int(SLOT.unpack_from(table, found)[2]) + 1
        SLOT.pack_into(table, found, key, ends, count)
        return count
    if free is None:
        return None
    SLOT.pack_into(table, free, key, ends, 1)
    return 1


def _remove(path: str, owner: int) -> None:
    """At exit of the process that made the file (forked workers inherit this hook)."""
    if os.getpid() != owner:
        return
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
