"""Redaction: what is kept of a question's words takes out anything that could identify a
person. Names of people, phone numbers, emails, street addresses, postcodes, dates of birth,
ages, school names, vehicle registrations and social media handles become `[name]`,
`[phone]`, `[email]`, `[address]`, `[postcode]`, `[dob]`, `[age]`, `[school]`, `[vehicle]`
and `[handle]`.

It errs towards taking out: a word that is neither an English word nor a word of the knowledge
base (a place, a team, an acronym) is read as a name, capitalised or not, and so is any 1-2
digit number or number word ("fourteen") that is not plainly a count, a time or a section, and
a word once read as a name is taken out wherever it comes again. What stays are the topic
words a curator needs ("CSE", "LADO", "Chorley", "police", "taxi")."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from bot.redact_corpus import TAGGER_FILE
from bot.redact_links import put_back, set_aside
from bot.redact_names import Words, name_spans
from bot.redact_patterns import NOT_AGE_AFTER, NOT_AGE_BEFORE, Span, spans
from bot.redact_surroundings import surroundings
from bot.redact_tagger import Tagger, load_tagger, take_out

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

_ROUGHLY = r"(?:-?ish|[\s-]odd|\+)?"  # "24ish", "forty-odd", "60 odd", "15+"
_NUMBER = re.compile(
    rf"(?<![\w£$#.,:/])\d{{1,2}}{_ROUGHLY}(?![\w%:/]|[.,]\d)"
    r"|(?i:\b(?:teens|twenties|thirties|forties|fifties|sixties)\b)"
    r"|(?i:\b(?:(?:twenty|thirty|forty|fifty|sixty)(?:[\s-](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b(?:[\s-]years?[\s-]old)?)"
    rf"{_ROUGHLY}"
)
_HANDLE_LIKE = re.compile(
    r"(?<![\w@.])(?=[\w.#-]*[A-Za-z])(?:[\w-]*_[\w.#-]*|[A-Za-z][\w-]*#\d+"
    r"|[A-Za-z]+\d+[A-Za-z\d]*(?:[._][A-Za-z\d]*)*|(?=[a-z\d]{1,20}\.[a-z\d])[\w]+(?:\.[\w]+)+\.?_?)"
)
_NOT_HANDLE = re.compile(
    r"(?i)^(?:\d+(?:st|nd|rd|th|s|am|pm|yrs?|yo|k|p|mph|mins?|hrs?|g)|[a-z]\d{1,2}|"
    r"covid-?19|mp[34]|4g|5g|e\.g\.?|i\.e\.?|a\.m\.?|p\.m\.?|etc\.?|st\.|dr\.|mr\.|mrs\.|no\.|"
    r"[\w.-]+\.(?:com|uk|org|net|gov|nhs|police|io|co|ac|sch)(?:\.uk)?)$"
)
_PLATFORM_WORD = re.compile(
    r"(?i)\b(?:snap(?:chat)?|insta(?:gram)?|tik ?tok|discord|account|handle|user ?name|"
    r"gamertag|profile)\b(?:\s*(?:name|handle|id))?\s*(?:(?:is|was|called|as)\b|[:=-])\s*"
    r"\(?(?P<v>[\w.#]{3,}(?:[ \t]+(?=[A-Z\d])[\w.#]+){0,2})"  # "MrPro Gaming 1987"
)
# A postcode's first half alone: after an address or a town ("5 Brinsworth Lane, S60",
# "Leeds LS6"), or before "area" ("the PR7 area").
_OUTWARD = re.compile(
    r"(?:\[address\]|\b(?!(?:The|A|An|On|At|In|Off|Near|To|From|Via|By|Past|Junction|Take|Use)\b)"
    r"[A-Z][a-z]+),?[ \t]+(?P<v>[A-Z]{1,2}\d{1,2}[A-Z]?)\b"
    r"|\b(?P<w>[A-Z]{1,2}\d{1,2}[A-Z]?)(?=\s+area\b)"
)


# Capital letters of a registration given in part, "plate ends XFT", "a white van, LK something":
# two or three capitals, standing alone, within 40 characters after a word about a vehicle.
_LETTERS = re.compile(r"(?<![\w'’-])[A-Z]{2,3}(?![\w'’-])")
_VEHICLE_WORD = re.compile(
    r"(?i)\b(?:reg|plates?|registration|numberplate|car|van|motor|vehicle|taxi|cab|bmw|audi|"
    r"golf|corsa|fiesta|merc|mercedes|ending|letters)\b"
)


# A particle between two details is part of them: "[address] y [name]" from "Heol y Felin",
# "[name] van [name]".
_PARTICLE = re.compile(
    r"\[(\w+)\]\s+(?:y|yr|de|la|le|van|von|der|den|da|di|du|dos|del|bin|ibn|al|el|ap)\s+\[\w+\]"
)


@cache
def words() -> Words:
    return Words.load(KNOWLEDGE)


@cache
def tagger() -> Tagger | None:
    """The shipped tagger; without one (`pathways check` reports why) the rules work alone."""
    return load_tagger(KNOWLEDGE / TAGGER_FILE, TAGGER_FILE.as_posix())[0]


def redact(text: str) -> str:
    """The text with every personal detail replaced by its kind in brackets: the rules
    first, then the learned tagger's second look (`bot.redact_tagger`)."""
    out = redact_by_rules(text)
    second = tagger()
    return out if second is None else take_out(out, second.personal_words(text, words()))


def redact_by_rules(text: str) -> str:
    """What the rules alone take out (the tagger learns, and is judged, beside them)."""
    vocabulary = words()
    text, sites = set_aside(text, vocabulary.sites)  # web addresses first: bot.redact_links
    found = list(spans(text))
    found += [
        (m.start(), m.end(), "handle")
        for m in _HANDLE_LIKE.finditer(text)
        if not _NOT_HANDLE.match(m.group(0))
    ]
    found += [
        (m.start("v"), m.end("v"), "handle")
        for m in _PLATFORM_WORD.finditer(text)
        if m.group("v").lower() not in vocabulary.stop
    ]
    found += [
        (m.start(), m.end(), "vehicle")
        for m in _LETTERS.finditer(text)
        if m.group(0).lower() not in vocabulary.keep | vocabulary.allowed
        and _VEHICLE_WORD.search(text[max(0, m.start() - 40) : m.start()])
    ]
    text = _replace(text, _resolve(found))
    outward = [
        (m.start(g), m.end(g), "postcode")
        for m in _OUTWARD.finditer(text)
        for g in "vw"
        if m.group(g)
    ]
    text = _replace(text, _resolve(outward))
    text = _replace(text, _resolve(list(_ages(text))))
    text = _replace(text, _resolve(list(name_spans(text, vocabulary))))
    return put_back(_sweep(surroundings(_PARTICLE.sub(r"[\1]", text))), sites)


# The last sweep, for what the rules above let through. Any token still holding a digit is
# taken out unless it is a small number the age rules chose to keep ("3 girls", "section
# 47"), a time, a percentage, a school year ("Y9") or a number of the field (999, 101, 116
# 000, 0800 1111, 24/7): what survived blind sets in digits was a flat ("3F2"), part of a plate
# or a postcode ("S60"), a scanned date ("O7/2O11"), a case reference. So is a letter standing
# alone, other than "a", "I", "u" and "x" (text speak and kisses): "Z for zulu", "lil t".
_DIGITS_LEFT = re.compile(r"(?<![\w\[£$])(?=[\w/.:+-]*\d)\w[\w/.:+-]*(?<![.:/-])")
_FIELD_NUMBER = re.compile(
    r"(?i)^(?:\d{1,2}|999|101|111|112|116|000|123|0800|1111|24/7|\d{1,2}(?::\d\d)?(?:am|pm)|"
    r"y(?:r|ear)?\d{1,2}|"
    r"\d{1,2}:\d\d|[a-z]?\d?g|mp[34]|covid-?19)$"
)
_LETTER_LEFT = re.compile(r"(?<![\w'’\[.&/-])[B-HJ-Zb-hj-tvwyz](?![\w'’\].&/-])")


def _sweep(text: str) -> str:
    found = [
        (m.start(), m.end(), "number")
        for m in _DIGITS_LEFT.finditer(text)
        if not _FIELD_NUMBER.match(m.group(0)) and text[m.end() : m.end() + 1] != "%"
    ]
    found += [(m.start(), m.end(), "name") for m in _LETTER_LEFT.finditer(text)]
    return _replace(text, _resolve(found))


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
