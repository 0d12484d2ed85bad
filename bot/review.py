"""Which topics and contacts fall due for review: a topic by its `review_by`, a contact by its
optional `review_by` or, without one, a year after it was last `verified` (a contact never
verified is due now)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.model import Contact, Knowledge

# A phone number or team changes more often than guidance: a contact not given its own
# `review_by` is due a year after a person last checked it (the councils' annual cycle).
CONTACT_REVIEW_DAYS = 365


@dataclass(frozen=True)
class Due:
    kind: str  # "topic" | "contact"
    id: str
    name: str
    due: dt.date
    where: str  # "core" or the council pack
    file: str
    line: int

    def overdue(self, today: dt.date) -> bool:
        return self.due < today

    def to_dict(self, today: dt.date) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "due": self.due.isoformat(),
            "overdue": self.overdue(today),
            "where": self.where,
            "file": self.file,
            "line": self.line,
        }


def contact_due(contact: Contact, today: dt.date) -> dt.date:
    if contact.review_by is not None:
        return contact.review_by
    if contact.verified is None:
        return today
    return contact.verified.read + dt.timedelta(days=CONTACT_REVIEW_DAYS)


def due_for_review(knowledge: Knowledge, today: dt.date, within_days: int) -> list[Due]:
    """Everything whose review date is on or before `today + within_days`, soonest first."""
    horizon = today + dt.timedelta(days=within_days)
    found = [
        Due("topic", t.id, t.title, t.review_by, t.pack, t.file, t.line)
        for t in knowledge.all_topics()
    ]
    contacts = {(c.file, c.line): ("core", c) for c in knowledge.contacts.values()}
    for pack in knowledge.packs.values():  # a pack may list a national contact again
        contacts.update({(c.file, c.line): (pack.council, c) for c in pack.contacts.values()})
    found += [
        Due("contact", c.id, c.name, contact_due(c, today), where, c.file, c.line)
        for where, c in contacts.values()
    ]
    return sorted((d for d in found if d.due <= horizon), key=lambda d: (d.due, d.kind, d.id))
