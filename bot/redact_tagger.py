"""The learned second look at redaction: a token tagger that reads each word in its
surroundings and gives the probability that it is part of a personal detail.

The rules (`bot.redact`) catch what has a shape or a telling word beside it; what fresh
authors slipped past them was mostly ordinary words used as details: names that are words
("grace from number 14", "my brothers friend bear"), places described in words ("the flat
above the bookies"), nicknames. The tagger is a logistic regression over hashed features
of a word and its neighbours (the word, its shape, which word lists hold it, the two words
each side, the characters around it), trained by `pathways train` on the redaction corpus
(`bot.redact_train`) and stored as plain arrays. A word it judges personal at or above the
threshold chosen across authors is taken out wherever it stands in the message, after the
rules have run, as `[detail]`: the tagger knows that a word is personal, not which kind.

Asking needs numpy and the standard library only; the scores are a pure function of the text.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.errors import Problem
from bot.redact_links import LINK, LINK_PATTERN
from bot.redact_names import STOP, Words
from bot.redact_score import GENERIC

FORMAT = 1
# Hashed feature slots. The 234,060 distinct features of the 2026-12-03 corpus (2,850
# messages) fall in 154,878 of them; with 2^20 slots, 177 messages leaked across authors
# against 175 with 2^18 (before the rule for half-spoken emails), so the smaller table (a
# 0.6 MB file) stays.
DIMENSION = 2**18
TOKEN = re.compile(r"[^\W_][\w'’.@-]*[^\W_]|[^\W_]")
# A word (as TOKEN reads one) of the rules' output that is not inside a placeholder ("[name]")
# nor a web address the rules kept ("gov.uk/report-child-abuse": group `link`, left alone).
_LEFT_WORD = re.compile(rf"(?P<link>(?i:{LINK_PATTERN}))|(?<![\w\[])(?:{TOKEN.pattern})(?![\w\]])")
_DETAILS = re.compile(r"\[detail\](?:\s+\[detail\])+")
_SENTENCE_END = re.compile(r"[.!?:\n]\s*$")
_SHAPES = ((re.compile(r"\d+"), "d"), (re.compile(r"[a-z]+"), "x"), (re.compile(r"[A-Z]+"), "X"))

Token = tuple[int, int, str]


def tokens(text: str) -> list[Token]:
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]


def _base(word: str) -> str:
    low = word.lower()
    return low[:-2] if low.endswith(("'s", "’s")) and len(low) > 3 else low


def _seen(word: str) -> str:
    """A word as the tagger reads it: lower case; any web address is one "<link>" (the link
    rules judge addresses, so which site it is should teach the tagger nothing about the
    words around it)."""
    return "<link>" if LINK.fullmatch(word) else word.lower()


def _shape(word: str) -> str:
    for pattern, letter in _SHAPES:
        word = pattern.sub(letter, word)
    return word[:6]


def features(text: str, found: Sequence[Token], i: int, words: Words) -> list[str]:
    """What the tagger sees of token `i`: the same at training and asking."""
    start, end, word = found[i]
    low = _base(word)
    first = i == 0 or bool(_SENTENCE_END.search(text[found[i - 1][1] : start]))
    capital = word[0].isupper()
    lists = [
        name
        for name, held in (
            ("english", low in words.english),
            ("given", low in words.names),
            ("allowed", low in words.allowed),
            ("stop", low in STOP),
            ("digit", any(c.isdigit() for c in word)),
        )
        if held
    ] or ["unlisted"]
    out = [
        "bias",
        f"w={'<link>' if LINK.fullmatch(word) else low}",
        f"shape={_shape(word)}",
        "capital" if capital else "lower",
        "first" if first else "inside",
        f"before={text[max(0, start - 1) : start]}",
        f"after={text[end : end + 1]}",
        f"suffix={low[-3:]}",
    ]
    for name in lists:
        out += [name, f"{name}&{'capital' if capital else 'lower'}", f"{name}&{first}"]
    for k in (1, 2):
        before = _seen(found[i - k][2]) if i >= k else "<start>"
        after = _seen(found[i + k][2]) if i + k < len(found) else "<end>"
        out += [f"-{k}={before}", f"+{k}={after}"]
    before = _seen(found[i - 1][2]) if i else "<start>"
    after = _seen(found[i + 1][2]) if i + 1 < len(found) else "<end>"
    out += [f"-1w={before}|{low}", f"w+1={low}|{after}", f"-1+1={before}|{after}"]
    if i and found[i - 1][2][:1].isupper():
        out.append("-1capital")
    if i + 1 < len(found) and found[i + 1][2][:1].isupper():
        out.append("+1capital")
    return out


def hashed(names: Sequence[str]) -> list[int]:
    """Feature names to slots: CRC-32, the same on every machine and Python."""
    return [zlib.crc32(name.encode("utf-8")) % DIMENSION for name in names]


def token_slots(text: str, words: Words) -> tuple[list[Token], list[list[int]]]:
    found = tokens(text)
    return found, [hashed(features(text, found, i, words)) for i in range(len(found))]


def take_out(redacted: str, personal: set[str]) -> str:
    """The rules' output with every word judged personal (lower case) as `[detail]`."""
    if not personal:
        return redacted
    out = _LEFT_WORD.sub(
        lambda m: "[detail]" if not m["link"] and m[0].lower() in personal else m[0], redacted
    )
    return _DETAILS.sub("[detail]", out)


def chosen_words(
    words: Sequence[str], scores: np.ndarray, threshold: float, kept: frozenset[str]
) -> set[str]:
    """The words scoring at or above `threshold`, lower-cased, with and without a
    possessive ("Grace's" takes "grace" too); never the joining words of a detail ("the",
    "flat", "on": they identify nobody) nor the knowledge's own names in `kept` (places,
    teams, acronyms: "Leyland", "LADO"; `Words.own_names`), which a curator needs, nor a
    word with a digit."""
    out: set[str] = set()
    for word, score in zip(words, scores, strict=True):
        if score >= threshold and takeable(word, kept):
            out |= {word.lower(), _base(word)}
    return out - GENERIC


def takeable(word: str, kept: frozenset[str]) -> bool:
    """Whether the tagger may take `word` out. Numbers, in digits or words, are left to the
    rules (their age rules and last sweep know "999", "9pm", "Y9", "two of them"), and so
    are the joining words, the knowledge's names, days and months (a date of birth is the
    rules' too), the function words ("Will the police...", "May I"), contractions
    ("We've": the tagger read them as unknown capitals) and web addresses (the rules for
    links judged those: `bot.redact_links`)."""
    low = word.lower()
    return not (
        any(c.isdigit() for c in word)
        or low in GENERIC
        or low in kept
        or _base(word) in kept
        or low in NOT_TAKEN
        or low in STOP
        or _CONTRACTION.search(low) is not None
        or LINK.fullmatch(word) is not None
    )


NOT_TAKEN = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred monday tuesday wednesday thursday friday saturday sunday "
    "january february march april june july august september october november december "
    "christmas easter".split()
)
_CONTRACTION = re.compile(r"(?:['’](?:ve|d|ll|re|m)|n['’]t)$")


def probabilities(
    weights: np.ndarray, intercept: float, slots: Sequence[Sequence[int]]
) -> np.ndarray:
    z = np.array([weights[list(s)].sum() for s in slots], dtype=np.float64) + intercept
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


@dataclass(frozen=True)
class Tagger:
    weights: np.ndarray  # one per hashed slot
    intercept: float
    threshold: float  # chosen across authors by `bot.redact_train`
    corpus_hash: str
    path: str

    def probabilities(self, slots: Sequence[Sequence[int]]) -> np.ndarray:
        return probabilities(self.weights, self.intercept, slots)

    def personal_words(self, text: str, words: Words) -> set[str]:
        """The words of `text` judged personal, lower-cased."""
        found, slots = token_slots(text, words)
        if not found:
            return set()
        scores = self.probabilities(slots)
        return chosen_words([w for _, _, w in found], scores, self.threshold, words.own_names)

    def save(self, path: Path, meta: dict[str, object]) -> None:
        info = {
            "format": FORMAT,
            "dimension": DIMENSION,
            "corpus_hash": self.corpus_hash,
            "intercept": self.intercept,
            "threshold": self.threshold,
            **meta,
        }
        with path.open("wb") as f:
            np.savez_compressed(
                f,
                weights=self.weights.astype(np.float32),
                meta=np.array(json.dumps(info, sort_keys=True)),
            )


def load_tagger(path: Path, shown: str) -> tuple[Tagger | None, list[Problem]]:
    """Read a tagger file; a missing or malformed one is a Problem, never an exception."""
    if not path.is_file():
        return None, [
            Problem(shown, 1, "model", "no trained redaction tagger: run `pathways train`")
        ]
    try:
        with np.load(path, allow_pickle=False) as data:
            info = json.loads(str(data["meta"]))
            if info.get("format") != FORMAT or info.get("dimension") != DIMENSION:
                raise ValueError(f"format {info.get('format')!r}, expected {FORMAT}")
            weights = np.asarray(data["weights"], dtype=np.float32)
        if weights.shape != (DIMENSION,):
            raise ValueError("weights do not match the feature slots")
        tagger = Tagger(
            weights=weights,
            intercept=float(info["intercept"]),
            threshold=float(info["threshold"]),
            corpus_hash=str(info["corpus_hash"]),
            path=shown,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return None, [
            Problem(shown, 1, "model", f"unreadable tagger ({exc}): run `pathways train`")
        ]
    return tagger, []
