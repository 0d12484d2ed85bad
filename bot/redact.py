"""Redaction: what is kept of a question's words takes out anything that could identify a
person. Names of people, phone numbers, emails, street addresses, postcodes, dates of birth,
ages, school names, vehicle registrations and social media handles become `[name]`,
`[phone]`, `[email]`, `[address]`, `[postcode]`, `[dob]`, `[age]`, `[school]`, `[vehicle]`
and `[handle]`.

It errs towards taking out: a capitalised word that is neither an English word nor a word of
the knowledge base (a place, a team, an acronym) is read as a name, and so is any 1-2 digit
number that is not plainly a count, a time or a section. What stays are the topic words a
curator needs ("CSE", "LADO", "Chorley", "police", "taxi")."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from bot.redact_names import Words, name_spans
from bot.redact_patterns import NOT_AGE_AFTER, NOT_AGE_BEFORE, Span, spans

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

_NUMBER = re.compile(r"(?<![\w£$#.,:/])\d{1,2}(?![\w%:/]|[.,]\d)")
_HANDLE_LIKE = re.compile(
    r"(?<![\w@.])(?=[\w.#-]*[A-Za-z])(?:[\w-]*_[\w.#-]*|[A-Za-z][\w-]*#\d+"
    r"|[A-Za-z]+\d+[A-Za-z\d]*|(?=[a-z\d]{1,20}\.[a-z\d])[\w]+(?:\.[\w]+)+\.?_?)"
)
_NOT_HANDLE = re.compile(
    r"(?i)^(?:\d+(?:st|nd|rd|th|s|am|pm|yrs?|yo|k|p|mph|mins?|hrs?|g)|[a-z]\d{1,2}|"
    r"covid-?19|mp[34]|4g|5g|e\.g\.?|i\.e\.?|a\.m\.?|p\.m\.?|etc\.?|st\.|dr\.|mr\.|mrs\.|no\.|"
    r"[\w.-]+\.(?:com|uk|org|net|gov|nhs|police|io|co|ac|sch)(?:\.uk)?)$"
)
_PLATFORM_WORD = re.compile(
    r"(?i)\b(?:snap(?:chat)?|insta(?:gram)?|tik ?tok|discord|account|handle|user ?name|"
    r"gamertag|profile)\b(?:\s*(?:name|handle|id))?\s*(?:(?:is|was|called|as)\b|[:=-])\s*"
    r"\(?(?P<v>[\w.#]{3,})"
)


@cache
def words() -> Words:
    return Words.load(KNOWLEDGE)


def redact(text: str) -> str:
    """The text with every personal detail replaced by its kind in brackets."""
    found = list(spans(text))
    found += [
        (m.start(), m.end(), "handle")
        for m in _HANDLE_LIKE.finditer(text)
        if not _NOT_HANDLE.match(m.group(0))
    ]
    vocabulary = words()
    found += [
        (m.start("v"), m.end("v"), "handle")
        for m in _PLATFORM_WORD.finditer(text)
        if m.group("v").lower() not in vocabulary.stop
    ]
    text = _replace(text, _resolve(found))
    text = _replace(text, _resolve(list(_ages(text))))
    return _replace(text, _resolve(list(name_spans(text, vocabulary))))


def _ages(text: str) -> list[Span]:
    """Any 1-2 digit number left, unless what surrounds it says it is a count, a time or a
    section number: the ages in "Lexi is defo under 15" and "a man about 40"."""
    out = []
    for match in _NUMBER.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        if NOT_AGE_BEFORE.search(before[-12:]) or NOT_AGE_AFTER.match(after):
            continue
        out.append((match.start(), match.end(), "age"))
    return out


def _resolve(found: list[Span]) -> list[Span]:
    """Overlapping finds: the one starting first wins, the longer when they start together."""
    chosen: list[Span] = []
    for start, end, label in sorted(found, key=lambda s: (s[0], -(s[1] - s[0]))):
        if chosen and start < chosen[-1][1]:
            if end > chosen[-1][1]:  # extend over what the later find also covers
                chosen[-1] = (chosen[-1][0], end, chosen[-1][2])
            continue
        chosen.append((start, end, label))
    return chosen


def _replace(text: str, chosen: list[Span]) -> str:
    """Each span becomes its placeholder; two of a kind with only spaces between become one
    ("[name] [name]" is one person's first and last name)."""
    out: list[str] = []
    last, previous = 0, ""
    for start, end, label in chosen:
        gap = text[last:start]
        if not (label == previous and gap.strip() == "" and out):
            out += [gap, f"[{label}]"]
        last, previous = end, label
    out.append(text[last:])
    return "".join(out)
