"""The knowledge model: typed, immutable records the loader builds and the engine reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.normalise import Lexicon
from bot.scope import ScopeRules
from bot.topic_model import TopicModel
from bot.urgency import UrgencyRules
from bot.urgency_model import UrgencyModel

CORE = "core"
LOCAL_STEP = "{local}"  # a core step that each council pack replaces with its own steps


@dataclass(frozen=True)
class Source:
    """A seed document (by file name) or a national publisher with a URL."""

    seed: str | None = None
    publisher: str | None = None
    url: str | None = None
    title: str | None = None

    @classmethod
    def parse(cls, raw: Any) -> Source:
        if isinstance(raw, str):
            return cls(seed=raw)
        return cls(publisher=raw.get("publisher"), url=raw.get("url"), title=raw.get("title"))


@dataclass(frozen=True)
class Approval:
    """Who approved an entry for use (a role) and when; shipped packs are drafts."""

    status: str = "draft"
    by: str | None = None
    on: dt.date | None = None

    @property
    def draft(self) -> bool:
        return self.status != "approved"

    @classmethod
    def parse(cls, raw: Any) -> Approval:
        return cls(raw.get("status", "draft"), raw.get("approved_by"), raw.get("approved"))


@dataclass(frozen=True)
class Verification:
    """The public page a contact was checked against and the day it was read."""

    page: str
    read: dt.date

    @classmethod
    def parse(cls, raw: Any) -> Verification | None:
        return cls(raw["page"], raw["read"]) if isinstance(raw, dict) else None


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    category: str
    questions: tuple[str, ...]
    answer: str
    sources: tuple[Source, ...]
    owner: str
    reviewed: dt.date
    review_by: dt.date
    pack: str = CORE
    audience: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    detail: str | None = None
    steps: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # old ids merged into this topic: links and labels still resolve
    urgent: bool = False
    approval: Approval = field(default_factory=Approval)
    file: str = ""
    line: int = 0
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    question_lines: tuple[int, ...] = ()

    @property
    def out_of_scope(self) -> bool:
        return self.category == "out-of-scope"

    @property
    def has_local_step(self) -> bool:
        return any(step.strip() == LOCAL_STEP for step in self.steps)


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    source: Source
    verified: Verification | None  # None: not yet verified
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    note: str | None = None
    placeholder: bool = False
    placeholder_reason: str | None = None  # why there is no contact, and what to do meanwhile
    approval: Approval = field(default_factory=Approval)
    file: str = ""
    line: int = 0
    review_by: dt.date | None = None  # None: `verified` + bot.review.CONTACT_REVIEW_DAYS


@dataclass(frozen=True)
class Area:
    name: str
    places: tuple[str, ...]
    route: str
    council: str
    line: int = 0


@dataclass(frozen=True)
class LocalPart:
    """What a pack adds to a core topic: a local paragraph, the local steps, contacts."""

    answer: str | None = None
    steps: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    line: int = 0


@dataclass
class Pack:
    council: str
    name: str
    safeguarding_contact: str
    file: str
    path: str = ""
    region: str | None = None
    contacts: dict[str, Contact] = field(default_factory=dict)
    routing_topics: tuple[str, ...] = ()
    not_places: tuple[str, ...] = ()
    areas: list[Area] = field(default_factory=list)
    local: dict[str, LocalPart] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Knowledge:
    root: Path
    documents: dict[str, dict[str, Any]]
    contacts: dict[str, Contact]
    topics: dict[str, Topic]  # core topics
    packs: dict[str, Pack]
    lexicon: Lexicon
    urgency: UrgencyRules
    urgency_model: UrgencyModel | None
    topic_model: TopicModel | None
    scope: ScopeRules
    contract: list[dict[str, Any]]
    version: str
    uk_areas: list[Any] = field(default_factory=list)  # bot.elsewhere.UkArea
    # every web address in the knowledge -> the day its page was read (None: not yet), when
    # the knowledge keeps a links.yaml (None: no link register, nothing to check)
    links: dict[str, tuple[dt.date | None, int]] | None = None  # url -> (read on, its line)

    def canonical(self, topic_id: str) -> str:
        """The topic an id names: itself, or the topic it was merged into (an alias)."""
        for topic in self.all_topics():
            if topic_id in topic.aliases:
                return topic.id
        return topic_id

    def all_topics(self) -> list[Topic]:
        return list(self.topics.values()) + [
            t for p in self.packs.values() for t in p.topics.values()
        ]
