"""Block Kit for a Reply (`to_blocks`) and for the App Home tab, within Slack's limits."""

from __future__ import annotations

import re
from typing import Any

from bot import Reply, messages
from bot.reply import TopicRef, plain
from bot.usage import FALLBACK, FEEDBACK_REASONS

MAX_TEXT = 3000  # characters in a section's or context element's text
MAX_BLOCKS = 50  # blocks in a message (a Home tab may have 100)
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_FALLBACK = 3000  # the plain `text` Slack shows in notifications and old clients
TOPIC_ACTION = "pathways_topic"  # action_id prefix: a suggestion or follow-up button (value: id)
ASK_ACTION = "pathways_ask"  # action_id prefix: an App Home starter (value: the question)
FEEDBACK_ACTION = "pathways_feedback"  # _up, _down (value: topic id) or _reason ("id|reason")
WARNING = ":rotating_light: "

Block = dict[str, Any]

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)([^*]+?)(?<!\s)\*(?!\w)")


def mrkdwn(text: str) -> str:
    """Markdown-lite to Slack mrkdwn: &, < and > escaped, **bold** -> *bold*,
    *italic* -> _italic_, [text](url) -> <url|text>."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _LINK.sub(r"<\2|\1>", text)
    text = _ITALIC.sub(r"_\1_", text)
    return _BOLD.sub(r"*\1*", text)


def to_blocks(reply: Reply) -> list[Block]:
    body: list[Block] = []
    if reply.urgent:
        body.append(_section(WARNING + mrkdwn(messages.URGENT_LEAD)))
    elif reply.possibly_urgent:
        body.append(_section(WARNING + mrkdwn(messages.POSSIBLE_LEAD)))
    body += [_section(mrkdwn(note)) for note in reply.notes]
    body.append({**_header(reply.title), "block_id": topic_block_id(reply)})
    body += _sections(mrkdwn(reply.answer))
    if reply.steps:
        steps = "\n".join(f"{i}. {mrkdwn(step)}" for i, step in enumerate(reply.steps, 1))
        body += _sections(f"*{messages.CHAT_STEPS}*\n{steps}")
    if reply.detail:
        body += _sections(f"*{messages.CHAT_DETAIL}*\n{mrkdwn(reply.detail)}")
    if reply.contacts:
        lines = "\n".join(f"• {mrkdwn(contact.display)}" for contact in reply.contacts)
        body += _sections(f"*{messages.CHAT_CONTACTS}*\n{lines}")
    tail: list[Block] = []
    if reply.source_line:
        tail.append({"type": "context", "elements": [_mrkdwn(mrkdwn(reply.source_line))]})
    if reply.draft:
        tail.append({"type": "context", "elements": [_mrkdwn(messages.DRAFT_LINE)]})
    tail.append(feedback_block(reply))
    label = messages.CHAT_DID_YOU_MEAN if reply.fallback else messages.CHAT_SEE_ALSO
    tail += _buttons(label, reply.suggestions, 0)
    tail += _buttons(messages.CHAT_RELATED, reply.related, len(reply.suggestions))
    if len(body) + len(tail) > MAX_BLOCKS:
        body = body[: MAX_BLOCKS - len(tail) - 1] + [_section(messages.CHAT_SHORTENED)]
    return body + tail


def topic_block_id(reply: Reply) -> str:
    """The title block's id names the topic answered, so the message can be traced to it."""
    return f"{TOPIC_ACTION}.{reply.topic_id or 'fallback'}"


def feedback_block(reply: Reply) -> Block:
    """Thumbs up, thumbs down, or down with a reason from the fixed list (no free text)."""
    topic = reply.topic_id or FALLBACK
    reasons = [
        {"text": {"type": "plain_text", "text": reason}, "value": f"{topic}|{reason}"}
        for reason in FEEDBACK_REASONS
    ]
    return {
        "type": "actions",
        "block_id": f"{FEEDBACK_ACTION}.{topic}",
        "elements": [
            _button(":+1: " + messages.FEEDBACK_HELPFUL, f"{FEEDBACK_ACTION}_up", topic),
            _button(":-1: " + messages.FEEDBACK_UNHELPFUL, f"{FEEDBACK_ACTION}_down", topic),
            {
                "type": "static_select",
                "action_id": f"{FEEDBACK_ACTION}_reason",
                "placeholder": {"type": "plain_text", "text": messages.FEEDBACK_WHY},
                "options": reasons,
            },
        ],
    }


def fallback_text(reply: Reply) -> str:
    """The plain text sent beside the blocks, for notifications and clients without blocks."""
    text = reply.to_text()
    if len(text) <= MAX_FALLBACK:
        return text
    return (
        text[: MAX_FALLBACK - len(messages.CHAT_SHORTENED) - 2] + "\n\n" + messages.CHAT_SHORTENED
    )


def home_view(greeting: str, privacy: str = messages.PRIVACY_NOTHING_KEPT) -> Block:
    """The App Home tab: what Pathways is, the 999 line, how to ask, starter questions, and
    one sentence on what is recorded and for how long."""
    starters = [
        _button(question, f"{ASK_ACTION}_{i}", question)
        for i, question in enumerate(messages.WEB_STARTERS)
    ]
    return {
        "type": "home",
        "blocks": [
            _header(messages.SLACK_HOME_TITLE),
            _section(WARNING + mrkdwn(messages.URGENT_LEAD)),
            *_sections(mrkdwn(greeting)),
            *_sections(mrkdwn(messages.SLACK_HOW_TO_ASK)),
            {"type": "context", "elements": [_mrkdwn(mrkdwn(privacy))]},
            _section(f"*{messages.CHAT_STARTERS}*"),
            {"type": "actions", "elements": starters},
        ],
    }


def _buttons(label: str, refs: tuple[TopicRef, ...], first: int) -> list[Block]:
    if not refs:
        return []
    buttons = [
        _button(ref.title, f"{TOPIC_ACTION}_{first + i}", ref.id) for i, ref in enumerate(refs)
    ]
    return [_section(f"*{label}*"), {"type": "actions", "elements": buttons[:25]}]


def _button(text: str, action_id: str, value: str) -> Block:
    label = plain(text)
    if len(label) > MAX_BUTTON_TEXT:
        label = label[: MAX_BUTTON_TEXT - 1] + "…"
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action_id,
        "value": value[:2000],
    }


def _header(text: str) -> Block:
    title = plain(text)
    if len(title) > MAX_HEADER:
        title = title[: MAX_HEADER - 1] + "…"
    return {"type": "header", "text": {"type": "plain_text", "text": title}}


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text[:MAX_TEXT]}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def _sections(text: str) -> list[Block]:
    """One section per MAX_TEXT characters, split between paragraphs or lines where it can."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > MAX_TEXT:
        cut = rest.rfind("\n", 0, MAX_TEXT + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, MAX_TEXT + 1)
        if cut <= 0:
            cut = MAX_TEXT
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].strip()
    if rest:
        chunks.append(rest)
    return [_section(chunk) for chunk in chunks]
