"""The pattern half of redaction: things with a shape (emails, handles, phone numbers,
postcodes, vehicle registrations, dates, ages, street addresses, school names). Names of
people, which have no shape, are `bot.redact`'s word-by-word half."""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int, str]  # start, end, label

_CAP = r"[A-Z][\w'’.-]*"
STREET = (
    r"street|st|road|rd|lane|ln|avenue|ave|close|cl|drive|dr|way|crescent|cres|court|ct|"
    r"place|pl|grove|gardens|gdns|terrace|walk|row|hill|park|square|sq|parade|bank|green|"
    r"mews|view|rise|towers?|house|estate|fold|brow|croft|meadows?|wharf|yard|heights|"
    r"boulevard|lodge|mill|chase|vale|gate|buildings|flats|apartments|cottages?|farm|"
    r"precinct|arcade|passage|wynd|broadway|promenade|quay|circus|embankment|approach"
)
SCHOOL = (
    r"(?:(?:primary|infants?|junior|secondary|high|grammar|prep|community|catholic|academy|"
    r"free|studio|special|c of e|ce|rc|church of england|methodist|girls'?|boys'?)\s+)*"
    r"(?:school|academy|college|primary|high|grammar|infants|juniors|university|uni|"
    r"sixth form|pru|nursery)"
)
MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Without a house number, only these (capitalised) end a street's name: "Church Lane".
NAMED_STREET = (
    r"Street|Road|Lane|Avenue|Close|Drive|Way|Crescent|Court|Grove|Gardens|Terrace|Walk|"
    r"Parade|Mews|Rise|Towers|House|Estate|Square|Fold|Brow|Croft|St(?!\s+[A-Z])"
)
NOT_FIRST = r"(?!(?:The|My|Our|Your|His|Her|Their|A|An|This|That|At|In|To|From|Which|What)\b)"
PLATFORM = (
    r"snap(?:chat)?|insta(?:gram)?|tik ?tok|discord|twitter|facebook|fb|kik|telegram|"
    r"whatsapp|twitch|xbox|psn|fortnite|roblox|youtube|threads|bereal|wizz|yubo|"
    r"account|handle|username|user ?name|gamertag|profile|page"
)
# Words before a number that make it something other than an age.
NOT_AGE_BEFORE = re.compile(
    r"\b(?:section|year|yr|room|no|number|bus|route|level|tier|page|step|chapter|question|"
    r"part|article|schedule|item|option|flat|unit|top|platform|gate|ward|junction)\W*$"
    r"|[£$#]\s*$",
    re.IGNORECASE,
)
NOT_AGE_AFTER = re.compile(
    r"^\s*(?:%|pm\b|am\b|minutes?|mins?|hours?|hrs?|days?|"
    r"weeks?|wks?|months?|times|miles|mph|km|percent|people|men|women|girls|boys|children|"
    r"kids|pupils|members|councillors|staff|pounds|quid|calls|cases|referrals|"
    r"o'?clock|of\b)",
    re.IGNORECASE,
)

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")),
    (
        "handle",
        re.compile(
            r"(?:https?://)?(?:www\.)?(?:facebook|instagram|tiktok|snapchat|twitter|x|youtube)"
            r"\.com/\S+",
            re.IGNORECASE,
        ),
    ),
    ("handle", re.compile(r"(?<![\w@.])@[\w.#]*\w")),
    (
        "phone",
        re.compile(r"(?<![\w+])(?:\+\s?44\s?\(?0?\)?|\(?0)[\d\s()\-]{8,16}\d(?!\w)"),
    ),
    ("postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)),
    (
        "vehicle",
        re.compile(
            r"\b(?:(?i:[A-Z]{2}\d{2}\s?[A-Z]{3})|[A-Z]\d{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?\d{1,3}[A-Z])\b",
        ),
    ),
    (
        "vehicle",
        re.compile(
            r"\b(?:reg|plate|plates|registration|numberplate|number plate|vrm)\b"
            r"(?:\s*(?:no\.?|number|is|was|:|-))*\s*(?P<v>(?=[A-Z]*\d)[A-Z0-9]{2,4}\s?[A-Z0-9]{2,4})\b",
            re.IGNORECASE,
        ),
    ),
    ("dob", re.compile(r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:\d{4}|\d{2})\b")),
    ("dob", re.compile(r"\b(?:19|20)\d\d\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}\b")),
    (
        "dob",
        re.compile(
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTH})\.?,?(?:\s+\d{{4}})?\b"
            rf"|\b(?:{MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?\b",
            re.IGNORECASE,
        ),
    ),
    ("dob", re.compile(r"\bborn(?:\s+(?:in|on))?\s+(?P<v>\d{4})\b", re.IGNORECASE)),
    ("dob", re.compile(r"\bdob\W{0,3}(?P<v>\d{4})\b", re.IGNORECASE)),
    (
        "age",
        re.compile(
            r"\b\d{1,2}\s*-?\s*(?:yrs?|years?|y/?o|yo)\b(?:\s*-?\s*olds?\b)?"
            r"|\b\d{1,2}\s*-?\s*month\s*-?\s*old\b",
            re.IGNORECASE,
        ),
    ),
    (
        "address",
        re.compile(
            rf"\b(?:(?:flat|apartment|apt|unit|room|house|no\.?)\s*\d+[a-z]?,?\s+)?"
            rf"\d+[a-z]?,?\s+(?:[\w'’-]+\s+){{1,3}}?(?:{STREET})\b\.?",
            re.IGNORECASE,
        ),
    ),
    (
        "address",
        re.compile(
            rf"\b(?:flat|apartment|apt|unit)\s*\d+[a-z]?,?\s+(?-i:(?:{_CAP}\s+){{0,3}}{_CAP})",
            re.IGNORECASE,
        ),
    ),
    ("address", re.compile(rf"\b(?:{_CAP}\s+){{1,3}}(?:{NAMED_STREET})\b")),
    (
        "address",
        re.compile(rf"\b(?:at|on|near|lives at|live at)\s+(?P<v>\d{{1,4}}[a-z]?,?\s+{_CAP})"),
    ),
    ("school", re.compile(rf"\b(?:Holy|Sacred|Our Lady'?s?)\s+{_CAP}")),
    (
        "school",
        re.compile(
            rf"(?:\b(?:St\.?|Saint|Our Lady'?s?|Bishop|Cardinal|Holy|Sacred)\s+)?"
            rf"\b{NOT_FIRST}{_CAP}\s+(?:(?:{_CAP}|of|and|le|de|la)\s+){{0,4}}(?i:{SCHOOL})\b"
        ),
    ),
)


def phone_digits_fit(found: str) -> bool:
    """A UK number: 10 or 11 digits from 0, or 44 and 9 or 10 more."""
    digits = re.sub(r"\D", "", found)
    return 10 <= len(digits) <= 13  # +44 (0)7700 900 789


def spans(text: str) -> Iterator[Span]:
    for label, pattern in PATTERNS:
        for match in pattern.finditer(text):
            group = "v" if "v" in pattern.groupindex else 0
            found = match.group(group).rstrip(" -(")
            if label == "phone" and not phone_digits_fit(found):
                continue
            yield match.start(group), match.start(group) + len(found), label
