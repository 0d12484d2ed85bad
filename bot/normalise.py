"""Turn what people type into comparable tokens: case, punctuation, apostrophes,
British/US spelling, common misspellings, synonyms and acronyms, light stemming.

The same pipeline runs over the knowledge (at load) and over each question, so both
sides always meet in the same vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import snowballstemmer

V = TypeVar("V")
_STEMMER = snowballstemmer.stemmer("english")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_NUMBER_THEN_WORD = re.compile(r"\b(\d+)([a-z]+)\b")


def clean(text: str) -> str:
    """Lower-case, fold accents, drop apostrophes ("don't" -> "dont"), punctuation -> space,
    split a number from the word after it ("14yo" -> "14 yo")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _APOSTROPHES.sub("", text)
    text = _NON_WORD.sub(" ", text).strip()
    return _NUMBER_THEN_WORD.sub(r"\1 \2", text)


STEMS_KEPT = 65536  # ~100 bytes each: at most ~7 MB with the length bound below
LONGEST_CACHED = 40  # letters: longer "words" (pasted junk, up to 4,000) are stemmed uncached


def stem(token: str) -> str:
    """Snowball (Porter 2) stem: tackle/tackling, exploit/exploitation/exploiters meet."""
    return _stem(token) if len(token) <= LONGEST_CACHED else str(_STEMMER.stemWord(token))


@lru_cache(maxsize=STEMS_KEPT)
def _stem(token: str) -> str:
    return str(_STEMMER.stemWord(token))


@dataclass
class Lexicon:
    """Word and phrase rewrites from `synonyms.yaml`, applied longest phrase first."""

    spelling: Mapping[str, str] = field(default_factory=dict)
    phrases: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    longest: int = 1

    @classmethod
    def build(
        cls,
        spelling: Mapping[str, str],
        synonyms: Mapping[str, Iterable[str]],
        stopwords: Iterable[str],
    ) -> Lexicon:
        """`synonyms` maps a canonical phrase to the variants people type for it."""
        spell = {clean(k): clean(v) for k, v in spelling.items()}
        phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for canonical, variants in synonyms.items():
            target = tuple(clean(canonical).split())
            for variant in variants:
                key = tuple(_spell(clean(variant).split(), spell))
                if key and key != target:
                    phrases[key] = target
        longest = max((len(k) for k in phrases), default=1)
        return cls(spell, phrases, frozenset(clean(w) for w in stopwords), longest)

    def with_phrases(
        self, extra: Mapping[tuple[str, ...], tuple[str, ...]], stopwords: Iterable[str] = ()
    ) -> Lexicon:
        """A copy that also rewrites `extra` phrases (the lexicon's own win on a clash)."""
        phrases = {**extra, **self.phrases}
        longest = max((len(k) for k in phrases), default=1)
        return Lexicon(self.spelling, phrases, self.stopwords | set(stopwords), longest)

    def tokens(self, text: str) -> list[str]:
        """Clean, correct spelling and rewrite synonym phrases to their canonical form."""
        words = _spell(clean(text).split(), self.spelling)
        out: list[str] = []
        for chunk, target in scan_phrases(words, self.phrases, self.longest):
            out.extend(chunk if target is None else target)
        return out

    def content(self, tokens: Iterable[str]) -> list[str]:
        """Stemmed tokens without stop words: what the lexical signal counts."""
        return [stem(t) for t in tokens if t not in self.stopwords]


def scan_phrases(
    words: list[str], phrases: Mapping[tuple[str, ...], V], longest: int
) -> Iterator[tuple[list[str], V | None]]:
    """Left to right, the longest known phrase at each point: (its words, its value), or
    (one word, None) where no phrase starts."""
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            value = phrases.get(tuple(words[i : i + size]))
            if value is not None:
                yield words[i : i + size], value
                i += size
                break
        else:
            yield words[i : i + 1], None
            i += 1


def _spell(words: list[str], spelling: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for w in words:
        out.extend(spelling.get(w, w).split())
    return out
