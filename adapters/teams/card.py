"""An Adaptive Card for a Reply (`to_card`). Teams renders the markdown-lite of the knowledge
base (bold, italics, links, lists) in a TextBlock as it is, so the text passes through."""

from __future__ import annotations

from typing import Any

from bot import Reply, messages
from bot.reply import TopicRef
from bot.usage import FALLBACK, FEEDBACK_REASONS

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
VERSION = "1.4"  # what Teams renders on desktop, web and mobile
TOPIC_KEY = "pathways_topic"  # in an Action.Submit's data: the topic id a button answers
FEEDBACK_KEY = "pathways_feedback"  # ...: the topic (or "fallback") a thumbs up or down is on
REASON_KEY = "reason"  # the id of the reason menu, whose choice Teams adds to the data

Element = dict[str, Any]


def to_card(reply: Reply) -> Element:
    body: list[Element] = []
    if reply.urgent:
        warning = _text(messages.URGENT_LEAD, weight="Bolder", size="Medium")
        body.append({"type": "Container", "style": "attention", "items": [warning]})
    elif reply.possibly_urgent:
        line = _text(messages.POSSIBLE_LEAD, weight="Bolder")
        body.append({"type": "Container", "style": "warning", "items": [line]})
    body += [_text(note) for note in reply.notes]
    topic = f"{TOPIC_KEY}.{reply.topic_id or 'fallback'}"  # names the topic the card answers
    body.append(_text(reply.title, id=topic, weight="Bolder", size="Large"))
    body.append(_text(reply.answer))
    if reply.steps:
        steps = "\n".join(f"{i}. {step}" for i, step in enumerate(reply.steps, 1))
        body += [_label(messages.CHAT_STEPS), _text(steps)]
    if reply.detail:
        body += [_label(messages.CHAT_DETAIL), _text(reply.detail)]
    if reply.contacts:
        contacts = "\n".join(f"- {contact.display}" for contact in reply.contacts)
        body += [_label(messages.CHAT_CONTACTS), _text(contacts)]
    if reply.source_line:
        body.append(_text(reply.source_line, isSubtle=True, size="Small"))
    if reply.draft:
        body.append(_text(messages.DRAFT_LINE, isSubtle=True, size="Small", id="draft"))
    body.append(feedback_actions(reply))
    label = messages.CHAT_DID_YOU_MEAN if reply.fallback else messages.CHAT_SEE_ALSO
    body += _buttons(label, reply.suggestions)
    body += _buttons(messages.CHAT_RELATED, reply.related)
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": VERSION,
        "fallbackText": reply.to_text(),
        "msteams": {"width": "Full"},
        "body": body,
    }


def feedback_actions(reply: Reply) -> Element:
    """Helpful / Not helpful, or a reason from the fixed list (no free text) in a shown card."""
    topic = reply.topic_id or FALLBACK
    choices = [{"title": reason, "value": reason} for reason in FEEDBACK_REASONS]
    why = {
        "type": "AdaptiveCard",
        "body": [{"type": "Input.ChoiceSet", "id": REASON_KEY, "choices": choices}],
        "actions": [
            {
                "type": "Action.Submit",
                "title": messages.FEEDBACK_SEND,
                "data": {FEEDBACK_KEY: topic, "helpful": False},
            }
        ],
    }
    return {
        "type": "ActionSet",
        "actions": [
            {
                "type": "Action.Submit",
                "title": messages.FEEDBACK_HELPFUL,
                "data": {FEEDBACK_KEY: topic, "helpful": True},
            },
            {
                "type": "Action.Submit",
                "title": messages.FEEDBACK_UNHELPFUL,
                "data": {FEEDBACK_KEY: topic, "helpful": False},
            },
            {"type": "Action.ShowCard", "title": messages.FEEDBACK_WHY, "card": why},
        ],
    }


def _buttons(label: str, refs: tuple[TopicRef, ...]) -> list[Element]:
    if not refs:
        return []
    actions = [
        {"type": "Action.Submit", "title": ref.title, "data": {TOPIC_KEY: ref.id}} for ref in refs
    ]
    return [_label(label), {"type": "ActionSet", "actions": actions}]


def _label(text: str) -> Element:
    return _text(text, weight="Bolder", spacing="Medium")


def _text(text: str, **style: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}
