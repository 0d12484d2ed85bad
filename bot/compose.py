"""Build Reply objects from topics, merging in the active council pack's local parts."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot import messages
from bot.crossref import cross_references
from bot.model import LOCAL_STEP, Contact, Knowledge, Pack, Source, Topic
from bot.reply import ContactView, Reply, SourceView, TopicRef


class Composer:
    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def topic(self, topic_id: str, pack: Pack) -> Topic | None:
        """The topic by id or by an old id merged into it (an alias)."""
        found = pack.topics.get(topic_id) or self.knowledge.topics.get(topic_id)
        if found is None:
            merged = self.knowledge.canonical(topic_id)
            found = pack.topics.get(merged) or self.knowledge.topics.get(merged)
        return found

    def ref(self, topic_id: str, pack: Pack) -> TopicRef | None:
        topic = self.topic(topic_id, pack)
        return TopicRef(topic.id, topic.title) if topic else None

    def refs(self, topic_ids: list[str], pack: Pack) -> tuple[TopicRef, ...]:
        found = [self.ref(t, pack) for t in dict.fromkeys(topic_ids)]
        return tuple(r for r in found if r is not None)

    def contact(self, contact_id: str, pack: Pack) -> ContactView | None:
        contact = self._contact(contact_id, pack)
        return _contact_view(contact, self.knowledge) if contact else None

    def _contact(self, contact_id: str, pack: Pack) -> Contact | None:
        return pack.contacts.get(contact_id) or self.knowledge.contacts.get(contact_id)

    def fallback_contacts(self, pack: Pack) -> list[str]:
        """999, then the council's own routes day and night (those of "speak to a person"),
        so an honest "not sure" still gives a number to ring."""
        local = pack.local.get(PERSON_TOPIC)
        routes = list(local.contacts) if local and local.contacts else [pack.safeguarding_contact]
        return list(dict.fromkeys(["police-999", *routes]))

    def drafted(self, topic: Topic | None, contact_ids: list[str], pack: Pack) -> bool:
        """Whether any part of a reply is content the council has not approved yet."""
        found = [self._contact(c, pack) for c in contact_ids]
        parts = [c.approval for c in found if c] + ([topic.approval] if topic else [])
        return any(a.draft for a in parts)

    def contacts(self, contact_ids: list[str], pack: Pack) -> tuple[ContactView, ...]:
        found = [self.contact(c, pack) for c in dict.fromkeys(contact_ids)]
        return tuple(c for c in found if c is not None)

    def answer(self, topic: Topic, pack: Pack, confidence: float, **extra: object) -> Reply:
        """The reviewed entry for `topic`, with `{council}` and `{local}` filled from `pack`."""
        local = pack.local.get(topic.id)
        answer = topic.answer
        if local and local.answer:
            answer = f"{answer}\n\n{local.answer}"
        steps: list[str] = []
        for step in topic.steps:
            if step.strip() == LOCAL_STEP:
                steps.extend(local.steps if local else ())
            else:
                steps.append(step)
        contacts = list(topic.contacts) + list(local.contacts if local else ())
        fields: dict[str, object] = dict(
            topic_id=topic.id,
            title=_fill(topic.title, pack),
            answer=_fill(answer, pack),
            confidence=_clamp(confidence),
            knowledge_version=self.knowledge.version,
            council=pack.council,
            steps=tuple(_fill(s, pack) for s in steps),
            detail=_fill(topic.detail, pack) if topic.detail else None,
            related=tuple(r for r in self.refs(list(topic.related), pack) if r.id != topic.id),
            contacts=self.contacts(contacts, pack),
            sources=tuple(
                dict.fromkeys(
                    _source_view(s, self.knowledge)
                    for s in topic.sources + (local.sources if local else ())
                )
            ),
            reviewed=topic.reviewed.isoformat(),
            review_by=topic.review_by.isoformat(),
            draft=self.drafted(topic, contacts, pack),
        )
        fields.update(extra)
        return _linked(fields)

    def fallback(
        self,
        pack: Pack,
        suggestions: list[str],
        confidence: float,
        answer: str | None = None,
        **extra: object,
    ) -> Reply:
        """An honest "not sure": closest topics plus the general reporting route."""
        routes = self.fallback_contacts(pack)
        fields: dict[str, object] = dict(
            topic_id=None,
            title=messages.FALLBACK_TITLE,
            answer=answer or messages.FALLBACK_ANSWER,
            confidence=_clamp(confidence),
            knowledge_version=self.knowledge.version,
            council=pack.council,
            fallback=True,
            suggestions=self.refs(suggestions, pack)[:3],
            related=self.refs([REPORT_TOPIC], pack),
            contacts=self.contacts(routes, pack),
            draft=self.drafted(None, routes, pack),
        )
        fields.update(extra)
        return _linked(fields)


REPORT_TOPIC = "report-a-concern"
PERSON_TOPIC = "speak-to-someone"  # its local contacts are the council's routes, day and night


def _linked(fields: dict[str, object]) -> Reply:
    """The Reply, with the "see **name**" references in its text that name a related topic."""
    reply = Reply(**fields)  # type: ignore[arg-type]
    texts = [reply.answer, reply.detail or "", *reply.steps, *reply.notes]
    refs = [(r.id, r.title) for r in (*reply.related, *reply.suggestions)]
    found = tuple(cross_references(texts, refs))
    return dataclasses.replace(reply, cross_references=found) if found else reply


def _clamp(confidence: float) -> float:
    """Scores can leave 0..1 (role and place preferences); the reply's confidence cannot."""
    return round(min(max(confidence, 0.0), 1.0), 3)


def _fill(text: str, pack: Pack) -> str:
    return text.replace("{council}", pack.name)


def _contact_view(contact: Contact, knowledge: Knowledge) -> ContactView:
    source = _source_view(contact.source, knowledge)
    return ContactView(
        id=contact.id,
        name=contact.name,
        phone=contact.phone,
        email=contact.email,
        url=contact.url,
        note=contact.note,
        placeholder=contact.placeholder,
        source=source.publisher,
        source_url=contact.verified.page if contact.verified else source.url,
        checked=contact.verified.read.isoformat() if contact.verified else None,
        placeholder_reason=contact.placeholder_reason,
    )


def _source_view(source: Source, knowledge: Knowledge) -> SourceView:
    if source.seed:
        doc = knowledge.documents.get(source.seed, {})
        dated = doc.get("date")
        title = str(doc.get("title", source.seed))
        return SourceView(
            title=f"{title}, {dated:%B %Y}" if isinstance(dated, dt.date) else title,
            publisher=str(doc.get("publisher", source.seed)),
            url=doc.get("url"),
            document=source.seed,
            date=dated.isoformat() if isinstance(dated, dt.date) else None,
        )
    publisher = source.publisher or ""
    return SourceView(title=source.title or publisher, publisher=publisher, url=source.url)
