"""Cross-record checks that need the whole knowledge base: references, duplicates,
dates, the contract, local parts of core topics, and phone numbers in the text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from bot.crossref import resolve, see_names
from bot.errors import Problem
from bot.model import CORE, Approval, Contact, Knowledge, Pack, Topic
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
            problems += _cross_refs(topic, knowledge, pack)
    problems += _duplicate_questions(knowledge)
    for pack in knowledge.packs.values():
        problems += _pack(pack, knowledge)
        problems += _unfilled(pack)
    problems += _contract(knowledge)
    problems += _placeholders(knowledge)
    problems += _contacts(knowledge, today)
    problems += _contact_reviews(knowledge)
    problems += _aliases(knowledge)
    problems += _links(knowledge)
    for topic in knowledge.all_topics():
        problems += _approval(topic.approval, topic.file, topic.line, topic.id, today)
    return _unique(problems, earlier or [])


def production(knowledge: Knowledge) -> list[Problem]:
    """What stops the knowledge going live (`pathways check --production`): every draft
    topic or contact and every placeholder contact, since a council has not approved them."""
    out = [
        Problem(t.file, t.line, "status", f"topic '{t.id}' is a draft: not approved by the council")
        for t in knowledge.all_topics()
        if t.approval.draft
    ]
    out += _unchecked_links(knowledge, "error")
    for contact in _all_contacts(knowledge):
        if contact.approval.draft:
            out.append(
                Problem(
                    contact.file,
                    contact.line,
                    "status",
                    f"contact '{contact.id}' is a draft: not approved by the council",
                )
            )
        if contact.placeholder:
            out.append(
                Problem(
                    contact.file,
                    contact.line,
                    "placeholder",
                    f"contact '{contact.id}' ({contact.name}) has no number or page yet",
                )
            )
    return out


_URL = re.compile(r"https?://[^\s\"'()<>\[\]{},]+")


def _links(knowledge: Knowledge) -> list[Problem]:
    """Every web address in topics, packs and contacts is in the link register; an unchecked
    one is listed (like a placeholder contact) until someone reads its page."""
    if knowledge.links is None:
        return []
    out = []
    for path, line, url in _urls(knowledge.root):
        if url not in knowledge.links:
            what = f"{url} is not in links.yaml: read its page and add it with the date"
            out.append(Problem(path, line, "url", what))
    return out + _unchecked_links(knowledge, "placeholder")


def _unchecked_links(knowledge: Knowledge, severity: str) -> list[Problem]:
    shown = f"{knowledge.root.name}/links.yaml"
    return [
        Problem(shown, line, "url", f"{url}: not yet verified (open it, record the date)", severity)
        for url, (read, line) in (knowledge.links or {}).items()
        if read is None
    ]


def _urls(root: Path) -> list[tuple[str, int, str]]:
    """(file, line, address) for each web address in the knowledge's topics and contacts."""
    found = []
    paths = [root / "contacts.yaml", *sorted((root / "core").glob("*.yaml"))]
    for path in [*paths, *sorted(root.glob("councils/*/*.yaml"))]:
        shown = f"{root.name}/{path.relative_to(root).as_posix()}"
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [(shown, n, url.rstrip(".")) for url in _URL.findall(text)]
    return found


def _aliases(knowledge: Knowledge) -> list[Problem]:
    """An old id kept as an alias names one topic, and no live topic has it."""
    live = {t.id for t in knowledge.all_topics()}
    seen: dict[str, str] = {}
    out = []
    for topic in knowledge.all_topics():
        for alias in topic.aliases:
            line = topic.lines.get("aliases", topic.line)
            if alias in live:
                out.append(Problem(topic.file, line, "aliases", f"'{alias}' is a live topic id"))
            elif seen.setdefault(alias, topic.id) != topic.id:
                what = f"'{alias}' is already an alias of '{seen[alias]}'"
                out.append(Problem(topic.file, line, "aliases", what))
    return out


def _contact_reviews(knowledge: Knowledge) -> list[Problem]:
    """A contact's optional `review_by` must come after the day it was verified."""
    return [
        Problem(c.file, c.line, "review_by", f"'{c.id}' must be after `verified`")
        for c in _all_contacts(knowledge)
        if c.review_by is not None and c.verified is not None and c.review_by <= c.verified.read
    ]


def _all_contacts(knowledge: Knowledge) -> list[Contact]:
    """Each contact once, national and local (a pack may list national ones again)."""
    every = [*knowledge.contacts.values()]
    every += [c for pack in knowledge.packs.values() for c in pack.contacts.values()]
    return list({(c.file, c.line): c for c in every}.values())


def _contacts(knowledge: Knowledge, today: dt.date) -> list[Problem]:
    """A contact leaves placeholder status only with the public page it came from, checked."""
    out = []
    for c in _all_contacts(knowledge):
        out += _approval(c.approval, c.file, c.line, c.id, today)
        if c.placeholder:
            if c.phone or c.email:
                what = f"'{c.id}' is a placeholder with a number"
                out.append(Problem(c.file, c.line, "placeholder", what))
            continue
        if not (c.phone or c.email or c.url):
            out.append(Problem(c.file, c.line, "phone", f"'{c.id}' needs a phone, email or url"))
        if c.verified is None:
            out.append(
                Problem(
                    c.file,
                    c.line,
                    "verified",
                    f"'{c.id}' gives a contact that nobody has checked: check it against "
                    "the publisher's page and record `verified: {page, read}`, or make it "
                    "a placeholder",
                )
            )
        elif c.verified.read > today:
            out.append(Problem(c.file, c.line, "verified", f"'{c.id}' was read in the future"))
        if c.source.seed is not None:
            out.append(
                Problem(
                    c.file,
                    c.line,
                    "source",
                    f"'{c.id}' needs the public page it came from ({{publisher, url}}), "
                    "not a seed document",
                )
            )
    return out


def _approval(approval: Approval, file: str, line: int, what: str, today: dt.date) -> list[Problem]:
    if approval.draft:
        if approval.by or approval.on:
            return [Problem(file, line, "status", f"'{what}' names an approver but is a draft")]
        return []
    if not approval.by or not approval.on:
        return [
            Problem(
                file,
                line,
                "approved_by",
                f"'{what}' is approved: give `approved_by` (a role) and `approved` (a date)",
            )
        ]
    if approval.on > today:
        return [Problem(file, line, "approved", f"'{what}' is approved in the future")]
    return []


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
    out = []
    for key, topic_id in [
        ("answer_topic", knowledge.scope.answer_topic),
        *(("adult_topics", t) for t in knowledge.scope.adult_topics),
    ]:
        topic = knowledge.topics.get(topic_id or "")
        if topic_id is None or (topic is not None and topic.out_of_scope):
            continue
        what = f"'{topic_id}' must be a core topic with category out-of-scope"
        out.append(Problem("knowledge/scope.yaml", knowledge.scope.line, key, what))
    return out


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


def _cross_refs(topic: Topic, knowledge: Knowledge, pack: Pack | None) -> list[Problem]:
    """A "see **name**" the surfaces cannot make a button of: it names no related topic."""
    titles: dict[str, str] = {}
    packs = [pack] if pack else list(knowledge.packs.values())
    related_ids = [knowledge.canonical(rel) for rel in topic.related]
    for where in [knowledge.topics, *(p.topics for p in packs)]:
        titles.update({rel: where[rel].title for rel in related_ids if rel in where})
    related = list(titles.items())
    return [
        Problem(
            topic.file,
            topic.lines.get("answer", topic.line),
            "answer",
            f"'{topic.id}': 'see **{name}**' names none of its `related` topics",
            "warning",
        )
        for name in see_names([topic.answer, topic.detail or ""])
        if resolve(name, related) is None
    ]


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
        topic_id = knowledge.canonical(topic_id)  # a topic merged into another still counts
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
            f"'{c.id}' ({c.name}) has no number yet: "
            + (c.placeholder_reason or "the council must fill it in"),
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
