"""The Reply contract adapters depend on, and what a council pack adds to core topics."""

from __future__ import annotations

import json

import pytest

from bot import Assistant, UnknownCouncilError, UnknownRoleError
from bot.knowledge import content_hash
from bot.messages import PLACEHOLDER_CONTACT

KEYS = {
    "topic_id",
    "title",
    "answer",
    "confidence",
    "urgent",
    "fallback",
    "suggestions",
    "related",
    "contacts",
    "sources",
    "reviewed",
    "knowledge_version",
}


def test_reply_json_has_the_public_fields(assistant: Assistant) -> None:
    data = assistant.ask("how do i report a concern about a child").to_dict()
    assert KEYS <= set(data)
    json.dumps(data)  # serialisable as it is
    assert data["topic_id"] == "report-a-concern"
    assert 0 < data["confidence"] <= 1
    assert data["sources"] and data["sources"][0]["publisher"]
    assert data["reviewed"] == assistant.knowledge.topics["report-a-concern"].reviewed.isoformat()
    assert data["knowledge_version"] == content_hash(assistant.knowledge.root)
    assert all({"id", "title"} == set(r) for r in data["related"])


def test_pack_supplies_the_local_route_without_copying_core(assistant: Assistant) -> None:
    reply = assistant.ask("how do i report a concern about a child")
    local = assistant.pack("chorley").local["report-a-concern"]
    core = assistant.knowledge.topics["report-a-concern"]
    assert "{local}" not in " ".join(reply.steps)
    assert all(step in reply.steps for step in local.steps)
    assert local.answer and local.answer in reply.answer
    assert core.answer.replace("{council}", "Chorley Council") in reply.answer
    assert "Deter" in reply.answer + " ".join(reply.steps)
    assert "Chorley" not in core.answer + " ".join(core.steps)


def test_placeholders_render_as_not_configured(assistant: Assistant) -> None:
    reply = assistant.ask("who is the council safeguarding lead, i want to talk to a person")
    assert reply.topic_id == "speak-to-someone"
    placeholders = [c for c in reply.contacts if c.placeholder]
    assert placeholders and all(PLACEHOLDER_CONTACT in c.display for c in placeholders)
    assert all(c.phone is None and c.email is None for c in placeholders)


def test_national_numbers_carry_their_publisher(assistant: Assistant) -> None:
    reply = assistant.ask("nspcc helpline number")
    nspcc = next(c for c in reply.contacts if c.id == "nspcc-helpline")
    assert nspcc.phone == "0808 800 5000" and nspcc.source == "NSPCC"


def test_text_rendering_shows_source_and_review_date(assistant: Assistant) -> None:
    text = assistant.ask("what is cse").to_text()
    assert "Source:" in text and "Last reviewed" in text
    assert "**" not in text


def test_topic_reply_for_a_clicked_suggestion(assistant: Assistant) -> None:
    reply = assistant.topic_reply("term-lado")
    assert reply is not None and reply.topic_id == "term-lado" and not reply.fallback
    assert assistant.topic_reply("no-such-topic") is None


def test_unknown_council_and_role_are_clear_errors(assistant: Assistant) -> None:
    with pytest.raises(UnknownCouncilError, match="Known councils: chorley"):
        assistant.ask("hello", council="atlantis")
    with pytest.raises(UnknownRoleError, match="Known roles: member, officer"):
        assistant.ask("hello", role="mayor")


def test_every_answer_is_within_limits(assistant: Assistant) -> None:
    for topic in assistant.topics():
        reply = assistant.topic_reply(topic.id)
        assert reply is not None
        assert reply.sources, topic.id
        assert "{council}" not in reply.answer + reply.title


def test_confidence_stays_within_0_and_1_with_role_preference(assistant: Assistant) -> None:
    for question in ("do cllrs have to do cse training", "what does lado stand for", "asdf"):
        for role in (None, "member", "officer"):
            assert 0.0 <= assistant.ask(question, role=role).confidence <= 1.0


@pytest.mark.parametrize(
    ("question", "named", "topic_id"),
    [
        ("what does dbs stand for", "DBS checks for councillors", "dbs-checks-members"),
        ("what does cse stand for", "What is CSE", "what-is-cse"),
        ("what does cse stand for", "Report a concern", "report-a-concern"),
        ("what does lado mean", "Concern about someone who works with children",
         "allegation-against-professional"),
        ("what does cpn mean", "Laws and guidance", "legislation"),
        ("who exploits children", "Report anonymously", "report-anonymously"),
    ],
)
def test_see_references_name_a_related_topic(
    assistant: Assistant, question: str, named: str, topic_id: str
) -> None:
    """"See **DBS checks for councillors**" in an answer becomes data a surface can make a
    button of: the name as written, and the related topic (by id and title) it means."""
    reply = assistant.ask(question)
    assert f"**{named}**" in reply.answer + (reply.detail or "")
    found = {ref.text: ref for ref in reply.cross_references}
    assert found[named].id == topic_id
    target = assistant.topic_reply(topic_id)
    assert target and found[named].title == target.title
    data = reply.to_dict()["cross_references"]
    assert {"text": named, "id": topic_id, "title": found[named].title} in data


def test_bold_words_that_are_not_references_stay_text(assistant: Assistant) -> None:
    reply = assistant.ask("hello")  # "type **help** to see what I cover": not a reference
    assert "**help**" in reply.answer
    assert reply.cross_references == ()
    assert assistant.ask("when are my bins collected").to_dict()["cross_references"] == []
