"""`to_blocks`: the Block Kit of real replies, markdown-lite to mrkdwn, and Slack's limits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from adapters.slack.blocks import (
    MAX_BLOCKS,
    MAX_TEXT,
    fallback_text,
    home_view,
    mrkdwn,
    to_blocks,
)
from bot import Assistant, messages


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    found = []
    for block in blocks:
        if "text" in block:
            found.append(block["text"]["text"])
        for element in block.get("elements", []):
            if "text" not in element:  # the feedback reason menu has a placeholder instead
                continue
            found.append(
                element["text"] if element["type"] == "mrkdwn" else element["text"]["text"]
            )
    return found


def test_markdown_lite_becomes_mrkdwn() -> None:
    assert mrkdwn("**Call 999** now") == "*Call 999* now"
    assert mrkdwn("see *Report a concern*.") == "see _Report a concern_."
    assert mrkdwn("[NSPCC](https://www.nspcc.org.uk/)") == "<https://www.nspcc.org.uk/|NSPCC>"
    assert mrkdwn("under 18 & <at risk>") == "under 18 &amp; &lt;at risk&gt;"


def test_normal_reply_has_title_answer_steps_contacts_source_and_buttons(
    assistant: Assistant,
) -> None:
    reply = assistant.ask("how do I report a concern")
    blocks = to_blocks(reply)
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Report a concern about a child"},
        "block_id": "pathways_topic.report-a-concern",
    }
    body = "\n".join(texts(blocks))
    assert f"*{messages.CHAT_STEPS}*\n1. Write down what you saw" in body
    assert "• Police non-emergency: 101" in body
    context = next(b for b in blocks if b["type"] == "context")
    assert "Last reviewed" in context["elements"][0]["text"]
    buttons = blocks[-1]["elements"]
    assert blocks[-2]["text"]["text"] == f"*{messages.CHAT_RELATED}*"
    assert [b["value"] for b in buttons] == [r.id for r in reply.related]
    assert len({b["action_id"] for b in buttons}) == len(buttons)


def test_urgent_reply_leads_with_the_999_warning(assistant: Assistant) -> None:
    blocks = to_blocks(assistant.ask("a child is being abused right now"))
    assert blocks[0]["type"] == "section"
    assert blocks[0]["text"]["text"] == (
        ":rotating_light: *If a child is in immediate danger, call 999 now.*"
    )


def test_fallback_offers_did_you_mean_buttons(assistant: Assistant, unclear: str) -> None:
    reply = assistant.ask(unclear)
    assert reply.fallback and reply.suggestions
    blocks = to_blocks(reply)
    assert blocks[0]["block_id"] == "pathways_topic.fallback"
    label = next(
        i for i, b in enumerate(blocks) if texts([b]) == [f"*{messages.CHAT_DID_YOU_MEAN}*"]
    )
    assert [b["value"] for b in blocks[label + 1]["elements"]] == [s.id for s in reply.suggestions]


def test_long_replies_are_split_and_cut_within_slack_limits(assistant: Assistant) -> None:
    reply = assistant.ask("how do I report a concern")
    paragraph = "A long paragraph of guidance that goes on. " * 40  # ~1,700 characters
    huge = replace(
        reply,
        answer="\n\n".join([paragraph] * 60),
        steps=tuple(f"Step {i}: " + "x" * 200 for i in range(40)),
    )
    blocks = to_blocks(huge)
    assert len(blocks) == MAX_BLOCKS
    assert all(len(text) <= MAX_TEXT for text in texts(blocks))
    assert messages.CHAT_SHORTENED in texts(blocks)
    assert blocks[-1]["type"] == "actions"  # the buttons survive the cut
    assert len(fallback_text(huge)) <= 3000
    one_word = replace(reply, answer="x" * 7000, steps=(), related=())
    assert [len(t) for t in texts(to_blocks(one_word))[1:4]] == [3000, 3000, 1000]


def test_home_view_has_the_999_line_and_starter_buttons() -> None:
    view = home_view("Hello.")
    assert view["type"] == "home"
    assert "call 999 now" in view["blocks"][1]["text"]["text"]
    starters = view["blocks"][-1]["elements"]
    assert [b["value"] for b in starters] == list(messages.WEB_STARTERS)
