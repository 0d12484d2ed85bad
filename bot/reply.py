"""The Reply every adapter renders, and its JSON and plain-text forms."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

from bot import messages
from bot.crossref import CrossRef
from bot.urgency_model import Urgency


@dataclass(frozen=True)
class TopicRef:
    id: str
    title: str


@dataclass(frozen=True)
class ContactView:
    id: str
    name: str
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    note: str | None = None
    placeholder: bool = False
    source: str = ""  # the publisher
    source_url: str | None = None  # the public page the contact came from
    checked: str | None = None  # the day that page was read
    placeholder_reason: str | None = None

    @property
    def display(self) -> str:
        """One line a person can act on; placeholders say so plainly, and what to do."""
        if self.placeholder:
            return f"{self.name}: {self.placeholder_reason or messages.PLACEHOLDER_CONTACT}"
        ways = [w for w in (self.phone, self.email, self.url) if w]
        return f"{self.name}: {', '.join(ways)}"


@dataclass(frozen=True)
class SourceView:
    title: str
    publisher: str
    url: str | None = None
    document: str | None = None  # the seed document's file name, when it is one
    date: str | None = None  # when that document was written: answers say how old they are


@dataclass(frozen=True)
class Reply:
    topic_id: str | None
    title: str
    answer: str
    confidence: float
    knowledge_version: str
    council: str
    urgent: bool = False
    fallback: bool = False
    steps: tuple[str, ...] = ()
    detail: str | None = None
    suggestions: tuple[TopicRef, ...] = ()
    related: tuple[TopicRef, ...] = ()
    contacts: tuple[ContactView, ...] = ()
    sources: tuple[SourceView, ...] = ()
    reviewed: str | None = None
    review_by: str | None = None
    notes: tuple[str, ...] = ()
    urgent_rules: tuple[str, ...] = field(default=())
    scope_rules: tuple[str, ...] = field(default=())
    # the out-of-scope entry whose "where to go instead" a fallback gives (None: the general
    # "not mine"); kept apart from topic_id, which stays None on every fallback
    scope_id: str | None = None
    urgency: Urgency = field(default_factory=Urgency)
    draft: bool = False  # rests on content the council has not approved yet
    # "See **name**" in the text, resolved to a related topic (surfaces make them clickable)
    cross_references: tuple[CrossRef, ...] = ()

    @property
    def possibly_urgent(self) -> bool:
        """Not an emergency by the detector's decision, but it might be: say so in a line."""
        return self.urgency.level == "possible" and not self.urgent

    @cached_property
    def as_json(self) -> str:
        """The reply as compact JSON text, made once per reply: a remembered reply (see
        bot.reply_cache) is served again without building its dict and text again."""
        return json.dumps(self.to_dict(), separators=(",", ":"))

    def to_dict(self) -> dict[str, Any]:
        """The reply's JSON, fields in declaration order. Built field by field (dataclasses'
        asdict deep-copies every value and took 0.5 ms a reply, a third of the engine)."""
        data = _plain(self)
        data["urgency"] = self.urgency.to_dict()
        for item, contact in zip(data["contacts"], self.contacts, strict=True):
            item["display"] = contact.display
        data["source_line"] = self.source_line
        return data

    @property
    def source_line(self) -> str:
        if not self.sources:
            return ""
        names = "; ".join(
            f"{s.publisher}: {s.title}" if s.title != s.publisher else s.title for s in self.sources
        )
        return messages.SOURCE_LINE.format(sources=names, reviewed=self.reviewed or "not recorded")

    def to_text(self, numbered: bool = False) -> str:
        """Plain text for terminals and chat clients that cannot show rich cards; `numbered`
        numbers the suggestions and related topics in one sequence (for `pathways chat`)."""
        parts: list[str] = []
        if self.urgent:
            parts.append(plain(messages.URGENT_LEAD))
        elif self.possibly_urgent:
            parts.append(messages.POSSIBLE_LEAD)
        parts.extend(plain(n) for n in self.notes)
        parts.append(plain(self.title).upper())
        parts.append(plain(self.answer))
        if self.steps:
            parts.append("\n".join(f"{i}. {plain(s)}" for i, s in enumerate(self.steps, 1)))
        if self.contacts:
            parts.append("Contacts:\n" + "\n".join(f"- {c.display}" for c in self.contacts))
        refs = [*self.suggestions, *self.related]
        bullets = [f"{n}." if numbered else "-" for n in range(1, len(refs) + 1)]
        lines = [f"{b} {s.title} [{s.id}]" for b, s in zip(bullets, refs, strict=True)]
        if self.suggestions:
            label = "Did you mean" if self.fallback else "See also"
            parts.append(f"{label}:\n" + "\n".join(lines[: len(self.suggestions)]))
        if self.related:
            parts.append("Related:\n" + "\n".join(lines[len(self.suggestions) :]))
        if self.source_line:
            parts.append(self.source_line)
        if self.draft:
            parts.append(messages.DRAFT_LINE)
        return "\n\n".join(p for p in parts if p)


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?!\w)")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def plain(text: str) -> str:
    """Markdown-lite to plain text: bold and italics dropped, links as 'text (url)'."""
    text = _LINK.sub(r"\1 (\2)", text)
    text = _BOLD.sub(r"\1", text)
    return _ITALIC.sub(r"\1", text)


_FIELDS: dict[type, tuple[str, ...]] = {}  # per record type: a handful of types in all


def _plain(record: Any) -> dict[str, Any]:
    """A dataclass as a dict of plain values: tuples become lists, records dicts (all that
    a Reply holds: text, numbers, None and tuples of those or of records)."""
    kind = type(record)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in fields(record))
    out = {}
    for name in names:
        value = getattr(record, name)
        if type(value) is tuple:
            if value and hasattr(value[0], "__dataclass_fields__"):
                value = [_plain(item) for item in value]
            else:
                value = list(value)
        elif hasattr(value, "__dataclass_fields__"):
            value = _plain(value)
        out[name] = value
    return out
