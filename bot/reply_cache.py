"""A bounded memory of recent replies, so a question asked again is not worked out again.

Councillors ask the same few things ("how do I report a concern?") far more often than
anything else, and a reply is a pure function of the question, the role, the council and the
loaded knowledge. The key is a SHA-256 digest of the first three, so the cache holds no
question text; each loaded Assistant has its own, so new knowledge never serves old replies.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Generic, TypeVar

Value = TypeVar("Value")

# Replies kept per process. Measured with the shipped knowledge (tracemalloc over 300
# replies): a reply holds about 3 KB, so 2,048 cost about 6 MB a worker, room for every
# written question of all four packs (1,411) and as many rewordings again.
DEFAULT_SIZE = 2048


def digest(*parts: str) -> bytes:
    """A SHA-256 digest standing for the texts: equal inputs, equal keys; no text kept."""
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).digest()


def reply_key(question: str, role: str | None, council: str) -> bytes:
    return digest(council, role or "", question)


class ReplyCache(Generic[Value]):
    """Least recently used first out; safe to share between a worker's threads."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 0:
            raise ValueError("a cache size is a whole number of at least 0")
        self.size = size
        self._items: OrderedDict[bytes, Value] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: bytes) -> Value | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: bytes, value: Value) -> None:
        if self.size == 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
