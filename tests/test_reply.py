"""The Reply contract adapters depend on, and what a council pack adds to core topics."""

from __future__ import annotations

import json

import pytest

from bot import Assistant, UnknownCouncilError, UnknownRoleError
from bot.crossref import resolve, see_names
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


def test_placeholders_say_why_and_what_to_do_instead(assistant: Assistant) -> None:
    reply = assistant.ask("who is the council safeguarding lead, i want to talk to a person")
    assert reply.topic_id == "speak-to-someone"
    placeholders = [c for c in reply.contacts if c.placeholder]
    assert placeholders and all(c.phone is None and c.email is None for c in placeholders)
    lead = next(c for c in placeholders if c.id == "chorley-safeguarding-lead")
    assert lead.display.startswith("Chorley Council safeguarding lead: not published:")
    assert PLACEHOLDER_CONTACT not in lead.display  # never circular: it says where to go


def test_speak_to_a_person_gives_real_routes_day_and_night(assistant: Assistant) -> None:
    for council, day, night in [
        ("chorley", "0300 123 6720", "0300 123 6722"),
        ("shropshire", "0345 678 9021", "0345 678 9040"),
        ("stockton", "01642 130080", "01642 524552"),
        ("oxfordshire", "0345 050 7666", "0800 833 408"),
    ]:
        reply = assistant.topic_reply("speak-to-someone", council=council)
        assert reply is not None
        phones = {c.phone for c in reply.contacts}
        assert {day, night} <= phones, council
        for contact in reply.contacts:
            assert contact.placeholder or (contact.source_url and contact.checked), contact.id


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
    ("topic_id", "named", "target"),
    [
        ("term-dbs", "DBS checks for councillors", "dbs-checks-members"),
        ("grooming", "Report a concern", "report-a-concern"),
        ("grooming", "Report online abuse to CEOP", "report-online-ceop"),
        (
            "term-lado",
            "Concern about someone who works with children",
            "allegation-against-professional",
        ),
        ("term-cpn", "Laws and guidance", "legislation"),
        ("who-are-perpetrators", "Report anonymously", "report-anonymously"),
        ("safeguarding-everyones-responsibility", "The councillor's role", "councillor-role"),
    ],
)
def test_see_references_name_a_related_topic(
    assistant: Assistant, topic_id: str, named: str, target: str
) -> None:
    """ "See **DBS checks for councillors**" in an answer becomes data a surface can make a
    button of: the name as written, and the related topic (by id and title) it means."""
    reply = assistant.topic_reply(topic_id, council="chorley")
    assert reply is not None
    assert f"**{named}**" in reply.answer + (reply.detail or "")
    found = {ref.text: ref for ref in reply.cross_references}
    assert found[named].id == target
    shown = assistant.topic_reply(target, council="chorley")
    assert shown and found[named].title == shown.title
    data = reply.to_dict()["cross_references"]
    assert {"text": named, "id": target, "title": shown.title} in data


def test_bold_words_that_are_not_references_stay_text(assistant: Assistant) -> None:
    reply = assistant.topic_reply("greeting")  # "type **help** to see what I cover"
    assert reply and "**help**" in reply.answer
    assert reply.cross_references == ()
    assert assistant.ask("when are my bins collected").to_dict()["cross_references"] == []


RELATED = [
    ("what-is-cse", "What child sexual exploitation is"),
    ("signs-of-cse", "Warning signs of child sexual exploitation"),
    ("report-a-concern", "Report a concern about a child"),
    ("council-role", "The council's role in tackling CSE"),
    ("councillor-role", "What a councillor should do about CSE"),
]


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("What is CSE", "what-is-cse"),  # the id, spelt out
        ("Warning signs of child sexual exploitation", "signs-of-cse"),  # the title
        ("Report a concern", "report-a-concern"),  # the start of the title
        ("The councillor's role", "councillor-role"),  # most words shared
        ("CSE", None),  # four topics fit as well: none is guessed
        ("Support for victims", None),  # not a related topic
        ("Keep offering support, even when a young person says nothing is wrong.", None),
    ],
)
def test_a_name_resolves_only_to_the_related_topic_it_clearly_means(
    name: str, meant: str | None
) -> None:
    found = resolve(name, RELATED)
    assert (found[0] if found else None) == meant


def test_only_bold_after_see_is_a_reference() -> None:
    text = (
        "**Act today.** Type **help** to see more.\n\n"
        "See **Report a concern**, or **What is CSE** for the basics. Then **call**."
    )
    assert see_names([text]) == ["Report a concern", "What is CSE"]


def test_an_honest_fallback_still_gives_the_councils_routes(
    assistant: Assistant, unclear: str
) -> None:
    reply = assistant.ask(unclear, council="oxfordshire")
    assert reply.fallback
    phones = [c.phone for c in reply.contacts]
    assert phones[0] == "999" and {"0345 050 7666", "0800 833 408"} <= set(phones)
