"""What Pathways records about an answered question or a piece of feedback, and nothing more.

A record says which topic answered, when (to the hour), for which council, role and surface,
how sure the engine was and how urgent the message looked: enough for a safeguarding lead to
see what members ask and what fails, never who asked. The words of a question are kept only
when Pathways could not answer well, and only after `bot.redact` has taken out anything
personal; a message that looked urgent is never kept in words at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.bands import band
from bot.redact import redact
from bot.reply import Reply
from bot.reply_cache import ReplyCache, digest

SURFACES = ("web", "slack", "teams", "cli")
FEEDBACK_REASONS = ("wrong topic", "out of date", "too long", "missing a contact")
FALLBACK = "fallback"  # how a reply with no topic is counted in reports

# Redacted words of recent gaps, under a digest of the question: a gap asked again is not
# redacted again (rules and tagger: ~2 ms for a message of the redaction corpus, 2026-12-03).
# The size follows the reply cache's reasoning (bot.reply_cache).
_REDACTED: ReplyCache[str] = ReplyCache(1024)


@dataclass(frozen=True)
class QuestionRecord:
    hour: dt.datetime  # UTC, naive, truncated to the hour
    council: str
    role: str | None
    surface: str
    topic_id: str | None  # None: a fallback
    urgency: str  # "urgent" | "possible" | "none"
    confidence_band: str
    knowledge_version: str
    text: str | None = None  # redacted; only for fallbacks and low-confidence answers
    closest_topic: str | None = None  # the topic answered, or the first suggestion
    asked: int = 1  # how many identical questions this record stands for (see merged)


@dataclass(frozen=True)
class FeedbackRecord:
    hour: dt.datetime
    council: str | None
    surface: str
    topic_id: str | None
    helpful: bool
    reason: str | None
    knowledge_version: str


def to_hour(moment: dt.datetime) -> dt.datetime:
    """UTC, naive (both databases store it alike), minutes and seconds dropped."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(minute=0, second=0, microsecond=0)


def keeps_words(reply: Reply) -> bool:
    """Fallbacks and low-confidence answers, unless the message looked urgent: what a child in
    danger is going through is not kept, even redacted."""
    calm = reply.urgency.level == "none" and not reply.urgent
    return calm and (reply.fallback or band(reply.confidence) == "low")


def redacted(question: str) -> str:
    key = digest(question)
    found = _REDACTED.get(key)
    if found is None:
        found = redact(question)
        _REDACTED.put(key, found)
    return found


def question_record(
    reply: Reply,
    question: str,
    surface: str,
    role: str | None,
    now: dt.datetime,
    keep_words: bool = True,
) -> QuestionRecord:
    """What is kept of one answered question; its redacted words only if `keep_words` and
    the reply was a gap (see keeps_words)."""
    # an out-of-scope fallback's closest is the entry that said where to go instead
    closest = reply.topic_id or reply.scope_id or next((s.id for s in reply.suggestions), None)
    return QuestionRecord(
        hour=to_hour(now),
        council=reply.council,
        role=role,
        surface=surface,
        topic_id=reply.topic_id,
        urgency="urgent" if reply.urgent else reply.urgency.level,
        confidence_band=band(reply.confidence),
        knowledge_version=reply.knowledge_version,
        text=redacted(question) if keep_words and keeps_words(reply) and question.strip() else None,
        closest_topic=closest,
    )
