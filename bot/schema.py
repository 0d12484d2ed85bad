"""The shape of every knowledge record, declared once and checked field by field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from bot.errors import Problem
from bot.yamlfile import LineDict, LineList

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CATEGORIES = (
    "referral",
    "definition",
    "personal-safety",
    "training",
    "partnership",
    "support",
    "glossary",
    "chit-chat",
    "out-of-scope",
)
STATUSES = ("draft", "approved")
NOT_VERIFIED = "not yet verified"
# Words one of which every `approved_by` holds: approval is recorded against a role, never a
# person ("Chorley Council safeguarding lead", "Head of Democratic Services").
ROLE_WORDS = (
    "lead", "officer", "manager", "head", "director", "council", "team", "board",
    "partnership", "committee", "service", "services", "chair", "panel", "group", "designated",
)  # fmt: skip
PERSON_TITLE = re.compile(r"\b(mr|mrs|ms|miss|mx|dr|cllr|councillor|sir|dame)\.?\s+[A-Z]", re.I)
MAX_ANSWER_WORDS = 120
MIN_QUESTIONS = 6

Check = Callable[[Any], str | None]  # returns an error message or None


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be non-empty text"
    return None


def _texts(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return "must be a list of non-empty text"
    return None


def _date(value: Any) -> str | None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return "must be a date written YYYY-MM-DD"
    return None


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _ident(value: Any) -> str | None:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        return "must be a lowercase-kebab id such as report-a-concern"
    return None


def _idents(value: Any) -> str | None:
    if not isinstance(value, list) or any(_ident(v) for v in value):
        return "must be a list of lowercase-kebab ids"
    return None


def _category(value: Any) -> str | None:
    if value not in CATEGORIES:
        return f"must be one of {', '.join(CATEGORIES)}"
    return None


def _audience(value: Any) -> str | None:
    from bot.messages import ROLES

    if not isinstance(value, list) or not value or any(v not in ROLES for v in value):
        return f"must be a list drawn from {', '.join(ROLES)}"
    return None


def _answer(value: Any) -> str | None:
    if (error := _text(value)) is not None:
        return error
    words = len(str(value).split())
    if words > MAX_ANSWER_WORDS:
        return f"has {words} words; keep it to {MAX_ANSWER_WORDS} (put more in `detail`)"
    return None


def _questions(value: Any) -> str | None:
    if (error := _texts(value)) is not None:
        return error
    if len(value) < MIN_QUESTIONS:
        return f"has {len(value)}; write at least {MIN_QUESTIONS} alternative questions"
    return None


def _source(value: Any) -> str | None:
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        if set(value) - {"publisher", "url", "title"}:
            return "a source mapping takes only publisher, url and title"
        if _text(value.get("publisher")) or _url(value.get("url")):
            return "a national source needs `publisher` and an https `url`"
        return None
    return "must be a seed document file name or {publisher, url}"


def _sources(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "must list at least one source"
    errors = [e for e in (_source(v) for v in value) if e]
    return errors[0] if errors else None


def _url(value: Any) -> str | None:
    if not isinstance(value, str) or not re.match(r"^https?://\S+$", value):
        return "must be an http(s) URL"
    return None


def _phone(value: Any) -> str | None:
    if not isinstance(value, str) or not re.match(r"^[0-9 ]{3,15}$", value):
        return "must be a phone number in quotes, digits and spaces only"
    return None


def _email(value: Any) -> str | None:
    if not isinstance(value, str) or not re.match(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", value):
        return "must be an email address"
    return None


def _verification(value: Any) -> str | None:
    """What was checked: the page read and the day it was read, or plainly not yet."""
    if value == NOT_VERIFIED:
        return None
    hint = f"write `verified: {{page: URL, read: YYYY-MM-DD}}` or `verified: {NOT_VERIFIED}`"
    if isinstance(value, dt.date):
        return f"a verification date needs the page that was checked: {hint}"
    if not isinstance(value, dict) or set(value) != {"page", "read"}:
        return hint
    if _url(value["page"]):
        return "`page` must be the URL of the page that was checked"
    if _date(value["read"]):
        return "`read` must be the date the page was read, written YYYY-MM-DD"
    return None


def _placeholder(value: Any) -> str | None:
    """`true`, or better the reason there is no contact and what to do meanwhile."""
    if isinstance(value, bool) or (isinstance(value, str) and value.strip()):
        return None
    return "must be true/false or the reason there is no contact yet (shown to the reader)"


def _status(value: Any) -> str | None:
    return None if value in STATUSES else f"must be one of {', '.join(STATUSES)}"


def _role(value: Any) -> str | None:
    """A role, never a person's name: approval outlives the people who give it."""
    if (error := _text(value)) is not None:
        return error
    words = set(re.findall(r"[a-z]+", str(value).lower()))
    if PERSON_TITLE.search(str(value)) or not words & set(ROLE_WORDS):
        return "must name a role (e.g. 'Chorley Council safeguarding lead'), not a person"
    return None


def _mapping(value: Any) -> str | None:
    return None if isinstance(value, dict) else "must be a mapping"


def _list(value: Any) -> str | None:
    return None if isinstance(value, list) else "must be a list"


TOPIC: dict[str, tuple[Check, bool]] = {
    "id": (_ident, True),
    "title": (_text, True),
    "category": (_category, True),
    "audience": (_audience, False),
    "questions": (_questions, True),
    "keywords": (_texts, False),
    "answer": (_answer, True),
    "detail": (_text, False),
    "steps": (_texts, False),
    "contacts": (_idents, False),
    "related": (_idents, False),
    "aliases": (_idents, False),
    "sources": (_sources, True),
    "owner": (_text, True),
    "reviewed": (_date, True),
    "review_by": (_date, True),
    "urgent": (_bool, False),
    "status": (_status, False),
    "approved_by": (_role, False),
    "approved": (_date, False),
}
CONTACT: dict[str, tuple[Check, bool]] = {
    "id": (_ident, True),
    "name": (_text, True),
    "phone": (_phone, False),
    "email": (_email, False),
    "url": (_url, False),
    "note": (_text, False),
    "placeholder": (_placeholder, False),
    "source": (_source, True),
    "verified": (_verification, True),
    "status": (_status, False),
    "approved_by": (_role, False),
    "approved": (_date, False),
    "review_by": (_date, False),  # default: verified + bot.review.CONTACT_REVIEW_DAYS
}
PACK: dict[str, tuple[Check, bool]] = {
    "council": (_ident, True),
    "name": (_text, True),
    "region": (_text, False),
    "safeguarding_contact": (_ident, True),
    "contacts": (_list, True),
    "routing_topics": (_idents, False),
    "not_places": (_texts, False),
    "areas": (_list, True),
    "local": (_mapping, False),
}
AREA: dict[str, tuple[Check, bool]] = {
    "name": (_text, True),
    "places": (_texts, True),
    "route": (_ident, True),
    "kind": (_text, False),
}
LOCAL: dict[str, tuple[Check, bool]] = {
    "sources": (_sources, False),
    "answer": (_text, False),
    "steps": (_texts, False),
    "contacts": (_idents, False),
}


def _checked(value: Any) -> str | None:
    if value == NOT_VERIFIED or _date(value) is None:
        return None
    return f"must be the date the page was read (YYYY-MM-DD) or `{NOT_VERIFIED}`"


LINK: dict[str, tuple[Check, bool]] = {
    "url": (_url, True),
    "checked": (_checked, True),
    "note": (_text, False),
}
DOCUMENT: dict[str, tuple[Check, bool]] = {
    "title": (_text, True),
    "publisher": (_text, True),
    "date": (_date, True),
    "url": (_url, False),
}


def check_record(
    record: Any,
    spec: Mapping[str, tuple[Check, bool]],
    file: str,
    line: int,
    what: str,
) -> list[Problem]:
    """Type, required and unknown-key checks for one mapping; [] when it is valid."""
    if not isinstance(record, LineDict):
        return [Problem(file, line, what, "must be a mapping of fields")]
    problems = []
    for key in record:
        if key not in spec:
            known = ", ".join(spec)
            problems.append(
                Problem(file, record.line_of(key), key, f"unknown field (known: {known})")
            )
    for key, (check, required) in spec.items():
        if key not in record:
            if required:
                problems.append(
                    Problem(file, record.line, key, f"missing required field in {what}")
                )
            continue
        if (message := check(record[key])) is not None:
            problems.append(Problem(file, record.line_of(key), key, message))
    return problems


def item_line(container: Any, index: int, default: int) -> int:
    """The line of a list item, when the list kept it."""
    return container.line_of(index) if isinstance(container, LineList) else default
