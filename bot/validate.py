"""Cross-record checks that need the whole knowledge base: references, duplicates,
dates, the contract, local parts of core topics, and phone numbers in the text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from bot.errors import Problem
from bot.model import CORE, Knowledge, Pack, Topic
from bot.normalise import clean

_PHONE = re.compile(r"(?<![\d£.,])0\d{2,4}(?: ?\d){6,8}(?![\d,])")


def validate(
    knowledge: Knowledge, earlier: list[Problem] | None = None, today: dt.date | None = None
) -> list[Problem]:
    """Problems beyond the per-file schema checks already in `earlier`."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    problems += _urgent_topic(knowledge)
    problems += _scope_topic(knowledge)
    for pack_name, topics in _views(knowledge):
        pack = knowledge.packs.get(pack_name)
        for topic in topics:
            problems += _topic_refs(topic, knowledge, pack)
            problems += _dates(topic, today)
            problems += _phones(topic, knowledge, pack)
    problems += _duplicate_questions(knowledge)
    for pack in knowledge.packs.values():
        problems += _pack(pack, knowledge)
        problems += _unfilled(pack)
    problems += _contract(knowledge)
    problems += _placeholders(knowledge)
    problems += _contact_reviews(knowledge)
    return _unique(problems, earlier or [])


def _contact_reviews(knowledge: Knowledge) -> list[Problem]:
    """A contact's optional `review_by` must come after the date it was verified."""
    contacts = [*knowledge.contacts.values()]
    contacts += [c for pack in knowledge.packs.values() for c in pack.contacts.values()]
    return [
        Problem(c.file, c.line, "review_by", f"'{c.id}' must be after `verified`")
        for c in contacts
        if c.review_by is not None and c.review_by <= c.verified
    ]


def _views(knowledge: Knowledge) -> Iterator[tuple[str, list[Topic]]]:
    yield CORE, list(knowledge.topics.values())
    for name, pack in knowledge.packs.items():
        yield name, list(pack.topics.values())


def _urgent_topic(knowledge: Knowledge) -> list[Problem]:
    urgent = [t for t in knowledge.topics.values() if t.urgent]
    if len(urgent) == 1:
        return []
    where = urgent[1] if len(urgent) > 1 else None
    return [
        Problem(
            where.file if where else "knowledge/core",
            where.line if where else 1,
            "urgent",
            "exactly one core topic must be marked `urgent: true` (the 999 answer)",
        )
    ]


def _scope_topic(knowledge: Knowledge) -> list[Problem]:
    topic_id = knowledge.scope.answer_topic
    topic = knowledge.topics.get(topic_id or "")
    if topic_id is None or (topic is not None and topic.out_of_scope):
        return []
    return [
        Problem(
            "knowledge/scope.yaml",
            knowledge.scope.line,
            "answer_topic",
            f"'{topic_id}' must be a core topic with category out-of-scope",
        )
    ]


def _topic_refs(topic: Topic, knowledge: Knowledge, pack: Pack | None) -> list[Problem]:
    packs = [pack] if pack else list(knowledge.packs.values())

    def problem(field_name: str, message: str) -> Problem:
        return Problem(topic.file, topic.lines.get(field_name, topic.line), field_name, message)

    out = [
        problem("related", f"'{topic.id}' refers to unknown topic '{rel}'")
        for rel in topic.related
        if rel not in knowledge.topics and any(rel not in p.topics for p in packs)
    ]
    out += [
        problem("contacts", f"'{topic.id}' refers to unknown contact '{contact}'")
        for contact in topic.contacts
        if contact not in knowledge.contacts and any(contact not in p.contacts for p in packs)
    ]
    out += [
        problem("sources", f"unknown document '{source.seed}' (list it in sources.yaml)")
        for source in topic.sources
        if source.seed and source.seed not in knowledge.documents
    ]
    if pack is not None and topic.id in knowledge.topics:
        out.append(
            problem(
                "id", f"'{topic.id}' is a core topic: give local parts under `local` in pack.yaml"
            )
        )
    return out


def _dates(topic: Topic, today: dt.date) -> list[Problem]:
    out = []
    if topic.reviewed > today:
        out.append(
            Problem(
                topic.file,
                topic.lines.get("reviewed", topic.line),
                "reviewed",
                f"'{topic.id}' is dated in the future ({topic.reviewed})",
            )
        )
    if topic.review_by <= topic.reviewed:
        out.append(
            Problem(
                topic.file,
                topic.lines.get("review_by", topic.line),
                "review_by",
                f"'{topic.id}' must be after `reviewed`",
            )
        )
    elif topic.review_by < today:
        out.append(
            Problem(
                topic.file,
                topic.lines.get("review_by", topic.line),
                "review_by",
                f"'{topic.id}' was due for review on {topic.review_by}",
                "warning",
            )
        )
    return out


def _phones(topic: Topic, knowledge: Knowledge, pack: Pack | None) -> list[Problem]:
    """Every phone number in the text must be a registered contact's: none invented."""
    known = {c.phone.replace(" ", "") for c in knowledge.contacts.values() if c.phone}
    for p in [pack] if pack else knowledge.packs.values():
        known |= {c.phone.replace(" ", "") for c in p.contacts.values() if c.phone}
    out = []
    for field_name, text in (
        ("answer", topic.answer),
        ("detail", topic.detail or ""),
        ("steps", " ".join(topic.steps)),
    ):
        for number in _PHONE.findall(text):
            if number.replace(" ", "") not in known:
                out.append(
                    Problem(
                        topic.file,
                        topic.lines.get(field_name, topic.line),
                        field_name,
                        f"phone number {number} is not in any contacts registry",
                    )
                )
    return out


def _duplicate_questions(knowledge: Knowledge) -> list[Problem]:
    out = []
    for _, topics in _views(knowledge):
        pool = list(knowledge.topics.values()) + [t for t in topics if t.pack != CORE]
        seen: dict[str, tuple[Topic, int]] = {}
        for topic in pool:
            for question, line in zip(topic.questions, topic.question_lines, strict=True):
                key = clean(question)
                if key in seen and seen[key][0].id != topic.id:
                    first, first_line = seen[key]
                    out.append(
                        Problem(
                            topic.file,
                            line,
                            "questions",
                            f"'{question}' also appears in '{first.id}' "
                            f"({first.file}:{first_line})",
                        )
                    )
                seen.setdefault(key, (topic, line))
    return out


def _pack(pack: Pack, knowledge: Knowledge) -> list[Problem]:
    out = []
    line = pack.lines.get
    if pack.safeguarding_contact not in pack.contacts:
        out.append(
            Problem(
                pack.file,
                line("safeguarding_contact", 1),
                "safeguarding_contact",
                f"unknown contact '{pack.safeguarding_contact}' (add it to `contacts`)",
            )
        )
    for topic_id in pack.routing_topics:
        if topic_id not in pack.topics and topic_id not in knowledge.topics:
            out.append(
                Problem(
                    pack.file,
                    line("routing_topics", 1),
                    "routing_topics",
                    f"unknown topic '{topic_id}'",
                )
            )
    for area in pack.areas:
        if area.route not in pack.topics and area.route not in knowledge.topics:
            out.append(
                Problem(
                    pack.file,
                    area.line,
                    "route",
                    f"area '{area.name}' routes to unknown topic '{area.route}'",
                )
            )
    for topic_id, part in pack.local.items():
        if topic_id not in knowledge.topics:
            out.append(Problem(pack.file, part.line, "local", f"'{topic_id}' is not a core topic"))
        for contact in part.contacts:
            if contact not in pack.contacts and contact not in knowledge.contacts:
                out.append(
                    Problem(
                        pack.file,
                        part.line,
                        "contacts",
                        f"local part of '{topic_id}' refers to unknown contact '{contact}'",
                    )
                )
        for source in part.sources:
            if source.seed and source.seed not in knowledge.documents:
                out.append(
                    Problem(
                        pack.file,
                        part.line,
                        "sources",
                        f"unknown document '{source.seed}' (list it in sources.yaml)",
                    )
                )
    for topic in knowledge.topics.values():
        if topic.has_local_step:
            needed = pack.local.get(topic.id)
            if needed is None or not needed.steps:
                out.append(
                    Problem(
                        pack.file,
                        line("local", 1),
                        "local",
                        f"missing the local steps of core topic '{topic.id}'",
                    )
                )
    return out


def _unfilled(pack: Pack) -> list[Problem]:
    """A scaffolded pack is not servable until every TODO is replaced."""
    try:
        lines = Path(pack.path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [
        Problem(pack.file, number, "TODO", "still to fill in: " + line.strip().lstrip("- "))
        for number, line in enumerate(lines, 1)
        if "TODO" in line and not line.lstrip().startswith("#")
    ]


def _contract(knowledge: Knowledge) -> list[Problem]:
    out = []
    for entry in knowledge.contract:
        topic_id, pack_name = str(entry.get("id")), str(entry.get("pack", CORE))
        if pack_name == CORE:
            if topic_id not in knowledge.topics:
                out.append(
                    Problem("knowledge/core", 1, "id", f"contract topic '{topic_id}' is missing")
                )
        elif pack_name in knowledge.packs:
            pack = knowledge.packs[pack_name]
            if topic_id not in pack.topics:
                out.append(
                    Problem(
                        pack.file,
                        1,
                        "id",
                        f"contract topic '{topic_id}' of pack '{pack_name}' is missing",
                    )
                )
    return out


def _placeholders(knowledge: Knowledge) -> list[Problem]:
    return [
        Problem(
            c.file,
            c.line,
            "phone",
            f"'{c.id}' ({c.name}) has no number yet: the council must fill it in",
            "placeholder",
        )
        for pack in knowledge.packs.values()
        for c in pack.contacts.values()
        if c.placeholder
    ]


def _unique(problems: list[Problem], earlier: list[Problem]) -> list[Problem]:
    seen = {str(p) for p in earlier}
    out = []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            out.append(p)
    return out
