"""How well redaction did on a labelled message: which of its personal tokens survive, and how
much of the rest a curator can still read. One scorer for the tests, the blind sets and the
tagger's training (`bot.redact_train`), so all three count a leak the same way.

A personal token "survives" when the redacted text holds it more often than the message does
outside its personal substrings: "Lee" may stay in "the Lee family" only if that was not the
personal part. Tokens that identify nobody on their own (titles such as "Mr", "about" in
"about 13") are not counted."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

TOKEN = re.compile(r"\w+")
PLACEHOLDER = re.compile(
    r"\[(?:name|phone|email|address|postcode|dob|age|school|vehicle|handle|number|detail|link)\]"
)
# Words inside a personal detail that say what kind of thing it is, or join its parts, and
# identify nobody on their own: "flat" in "flat 9", "high" in "Parkside High", "on" in "the
# end house on Mill Lane", "uncle" in "uncle Fez". Everything else in a detail counts.
GENERIC = frozenset(
    "about and the of a an aged age year years yr yrs month months old yo mr mrs ms miss mx "
    "dr cllr councillor fr dob born "
    # joining words (and, from 2026-12-03, the function words of a described place: "with",
    # "one" and "that" in "that house, the one with the blue bins" name nobody)
    "on at in to off next by near above behind opposite over or s "
    "with one that this these those his its all up top end "
    # kinds: of address, school, phone, age, relation
    "number no flat flats floor house home street st road rd lane school academy high primary "
    "juniors infants college ext extension nearly almost mid early late uncle auntie aunty "
    "big lil little "
    "daddy "
    # hedges around an age, from 2026-12-03 (session 9): "maybe" in "maybe 14", "not" and
    # "yet" in "not sixteen yet", "going" in "twelve going on thirteen", "very most" in
    # "sixteen at the very most" name nobody once the numbers are gone
    "maybe approximately approx around roughly probably possibly like ish not yet just "
    "under least max so than going half very most older younger more less can t be".split()
)

Redactor = Callable[[str], str]
Message = Mapping[str, Any]  # {"text": str, "personal": [str, ...], ...}


def outside_words(message: Message) -> Counter[str]:
    """The message's words outside its personal substrings, lower-cased."""
    rest = message["text"]
    for personal in sorted(message["personal"], key=len, reverse=True):
        # whole tokens only: an age "15" is not taken out of a time "22:15"
        rest = re.sub(rf"(?<![\w:]){re.escape(personal)}(?![\w:])", " ", rest)
    return Counter(t.lower() for t in TOKEN.findall(rest))


def survivors(message: Message, redacted: str) -> tuple[list[str], Counter[str], Counter[str]]:
    """(personal tokens that survive in `redacted`, non-personal words, the words kept)."""
    outside = outside_words(message)
    kept = Counter(t.lower() for t in TOKEN.findall(PLACEHOLDER.sub(" ", redacted)))
    missed = [
        token
        for personal in message["personal"]
        for token in TOKEN.findall(personal)
        if token.lower() not in GENERIC and kept[token.lower()] > outside[token.lower()]
    ]
    words = Counter({w: n for w, n in outside.items() if not w.isdigit()})
    return missed, words, kept


def score(messages: Iterable[Message], redact: Redactor) -> tuple[list[str], float]:
    """(a line per message a personal token survives in, the share of other words kept)."""
    failures, words, kept = [], 0, 0
    for message in messages:
        redacted = redact(message["text"])
        missed, outside, got = survivors(message, redacted)
        if missed:
            failures.append(f"{missed} in {message['text']!r} -> {redacted!r}")
        words += sum(outside.values())
        kept += sum((outside & got).values())
    return failures, kept / words if words else 1.0
