"""Writes off the request path: a bounded queue and one background thread per process.

Asking never waits for the database. While the database is down, records wait in memory and
are retried with a growing pause; the outage is logged once, and its end once. Only when the
queue is full (CAPACITY records unwritten) are new records dropped, counted in that log."""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from curator.store import Record, Store

log = logging.getLogger(__name__)

CAPACITY = 10_000  # records: about a week of a large council's questions
BATCH = 200
INTERVAL = 0.25  # seconds between writes: records wait at most this long, in one transaction
Make = Callable[[], Record]  # a record is built on the writer's thread (redaction takes time)


class Writer:
    def __init__(
        self, store: Store, capacity: int = CAPACITY, first_pause: float = 0.5, most: float = 30.0
    ) -> None:
        self.store = store
        self.capacity = capacity
        self.first_pause = first_pause
        self.most = most
        self.down = False
        self.dropped = 0
        self._pid = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._queue: queue.Queue[Make] = queue.Queue(capacity)

    def submit(self, make: Make) -> bool:
        """Queue a record without waiting; False if it had to be dropped."""
        self._running()
        try:
            self._queue.put_nowait(make)
            return True
        except queue.Full:
            self.dropped += 1
            if self.dropped == 1:
                log.error("store: %d records unwritten; dropping new ones", self.capacity)
            return False

    def try_ready(self) -> bool:
        """Migrate now (at start-up, before workers fork); a failure is the outage's one log."""
        try:
            self.store.migrate()
        except Exception as exc:  # any database failure: the service runs on without it
            self._failed(exc)
            return False
        return True

    def flush(self, timeout: float) -> bool:
        """Wait until every queued record is written; False if `timeout` seconds pass first."""
        done = self._queue.all_tasks_done
        with done:
            return done.wait_for(lambda: self._queue.unfinished_tasks == 0, timeout)

    def close(self, timeout: float = 5.0) -> bool:
        """Write what is queued (for up to `timeout` seconds), stop, close the connections."""
        written = self.flush(timeout)
        self._stop.set()
        self.store.dispose()
        return written

    def _running(self) -> None:
        """Start the thread in this process (a gunicorn worker forks after the app is built,
        and threads do not survive a fork)."""
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid != os.getpid():
                if self._pid:  # forked: the parent's queue and its locks are not ours
                    self._queue = queue.Queue(self.capacity)
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="pathways-store", daemon=True).start()

    def _run(self) -> None:
        """Wake every INTERVAL and write what has queued. Not woken by each record: a thread
        woken mid-request would make that request wait for Python's lock (the GIL)."""
        while not self._stop.wait(INTERVAL):
            while batch := self._take():
                self._write(batch)
                for _ in batch:
                    self._queue.task_done()

    def _take(self) -> list[Make]:
        batch: list[Make] = []
        while len(batch) < BATCH:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _write(self, batch: list[Make]) -> None:
        records = []
        for make in batch:
            try:
                records.append(make())
            except Exception:  # a bug in building one record must not lose the others
                log.exception("store: could not build a record")
            time.sleep(0)  # let a request thread run between records
        pause = self.first_pause
        while not self._stop.is_set():
            try:
                self.store.write(records)
            except Exception as exc:
                self._failed(exc)
                self._stop.wait(pause)
                pause = min(pause * 2, self.most)
                continue
            if self.down:
                self.down = False
                log.warning("store: the database is reachable again; records written")
            return

    def _failed(self, exc: Any) -> None:
        if not self.down:
            self.down = True
            log.error(
                "store: cannot write to the database (%s); answers go on, records wait in "
                "memory and are retried",
                type(exc).__name__,
            )
