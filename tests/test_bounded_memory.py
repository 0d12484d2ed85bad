"""Every cache the engine fills at ask time is bounded: a stream of unique words (typos, junk,
an attacker's dictionary) cannot grow a worker's memory for ever. The soak benchmark
(benchmarks/soak.py, `make bench`) shows the flat memory this gives over 100,000 questions."""

from __future__ import annotations

import itertools
import string
from pathlib import Path

from bot import Assistant
from bot.index import CORRECTIONS_KEPT
from bot.normalise import LONGEST_CACHED, STEMS_KEPT, _stem, stem


def unique_words(count: int) -> list[str]:
    """Distinct made-up words of 6 letters, none of them English."""
    letters = itertools.product("qxzjvk", repeat=6)
    return ["".join(w) for w in itertools.islice(letters, count)]


def test_typo_corrections_are_kept_for_at_most_the_documented_number_of_words(mini: Path) -> None:
    assistant = Assistant.load(mini, council="testshire")
    words = unique_words(CORRECTIONS_KEPT + 500)
    for start in range(0, len(words), 200):
        assistant.index.correct(words[start : start + 200])
    kept = assistant.index._closest.cache_info()
    assert kept.currsize == CORRECTIONS_KEPT == kept.maxsize


def test_stems_of_long_junk_are_not_kept() -> None:
    before = _stem.cache_info().currsize
    junk = [c * (LONGEST_CACHED + 1) + "ing" for c in string.ascii_lowercase]
    assert all(stem(j) for j in junk)
    assert _stem.cache_info().currsize == before
    assert _stem.cache_info().maxsize == STEMS_KEPT
