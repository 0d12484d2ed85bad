"""One process serves every council pack: each gets its own route for the same question,
and a place that belongs to another council says so."""

from __future__ import annotations

import pytest
import yaml

from bot import Assistant, UnknownCouncilError
from bot.assistant import SHIPPED_KNOWLEDGE

LOCAL_MARKERS = {
    "chorley": "Deter",
    "shropshire": "COMPASS",
    "stockton": "VEMT",
    "oxfordshire": "OSCB",
}


def _text(reply) -> str:  # type: ignore[no-untyped-def]
    return " ".join([reply.answer, *reply.steps, *(c.name for c in reply.contacts)])


@pytest.mark.parametrize(("council", "marker"), LOCAL_MARKERS.items())
def test_same_question_gets_each_councils_route(
    assistant: Assistant, council: str, marker: str
) -> None:
    reply = assistant.ask("how do i report a concern about a child", council=council)
    assert reply.topic_id == "report-a-concern" and reply.council == council
    text = _text(reply)
    assert marker in text
    assert all(other not in text for c, other in LOCAL_MARKERS.items() if c != council)
    assert assistant.pack(council).name in text


@pytest.mark.parametrize("council", LOCAL_MARKERS)
def test_member_training_is_local(assistant: Assistant, council: str) -> None:
    reply = assistant.ask("what training do councillors need", role="member", council=council)
    assert reply.topic_id == "training-members"
    local = assistant.pack(council).local["training-members"]
    assert all(step in reply.steps for step in local.steps)


def test_every_contract_topic_answers_for_its_council(assistant: Assistant) -> None:
    contract = yaml.safe_load((SHIPPED_KNOWLEDGE / "contract.yaml").read_text())["topics"]
    for entry in contract:
        council = None if entry["pack"] == "core" else entry["pack"]
        reply = assistant.topic_reply(entry["id"], council=council)
        assert reply is not None, entry["id"]
        assert reply.sources and reply.reviewed


@pytest.mark.parametrize(
    ("question", "council", "expected"),
    [
        ("how does the monthly cse panel work", "shropshire", "shropshire-referral-route"),
        ("what are vemt groups for", "stockton", ["stockton-vemt-groups", "term-vemt"]),
        (
            "what did the stockton scrutiny review recommend on cse",
            "stockton",
            "stockton-recommendations",
        ),
        ("what does the oscb cse sub group do", "oxfordshire", "oxfordshire-cse-arrangements"),
    ],
)
def test_local_topics_answer_for_their_council(
    assistant: Assistant, question: str, council: str, expected: str | list[str]
) -> None:
    got = assistant.ask(question, council=council).topic_id
    assert got in (expected if isinstance(expected, list) else [expected])


def test_local_topics_stay_in_their_council(assistant: Assistant) -> None:
    ids = {t.id for t in assistant.topics("chorley")}
    assert "shropshire-referral-route" not in ids and "deter-team" in ids
    assert "deter-team" not in {t.id for t in assistant.topics("oxfordshire")}


@pytest.mark.parametrize(
    ("question", "home", "council_name"),
    [
        ("which police team covers shrewsbury for cse", "shropshire", "Shropshire Council"),
        ("how do i report a concern in billingham", "stockton", "Stockton-on-Tees"),
        ("who do i report cse to in banbury", "oxfordshire", "Oxfordshire County Council"),
    ],
)
def test_a_place_in_another_council_says_so(
    assistant: Assistant, question: str, home: str, council_name: str
) -> None:
    reply = assistant.ask(question, council="chorley")
    assert reply.council == home
    assert any(council_name in note for note in reply.notes), reply.notes


def test_a_lancashire_town_asked_from_another_council_goes_to_chorley(assistant: Assistant) -> None:
    reply = assistant.ask("which police cse team covers leyland", council="oxfordshire")
    assert reply.topic_id == "deter-team" and reply.council == "chorley"


def test_core_is_indexed_once_for_all_councils(assistant: Assistant) -> None:
    indexed = [t.id for t in assistant.index.topics]
    assert len(indexed) == len(assistant.knowledge.all_topics())
    assert indexed.count("report-a-concern") == 1
    assert len(assistant.councils) == 4


def test_unknown_council_lists_the_known_ones(assistant: Assistant) -> None:
    with pytest.raises(UnknownCouncilError) as caught:
        assistant.ask("hello", council="narnia")
    assert "chorley, oxfordshire, shropshire, stockton" in str(caught.value)


@pytest.mark.parametrize(
    "question",
    [
        "cse concern in ellesmere port",
        "thames valley police cse team",
        "my colleague whitney asked about cse training",
        "we live in midsomer norton",
    ],
)
def test_look_alike_place_names_do_not_route(assistant: Assistant, question: str) -> None:
    assert assistant.places.find(question) == []


def test_chipping_norton_is_oxfordshire_not_stockton(assistant: Assistant) -> None:
    hits = assistant.places.find("cse in chipping norton")
    assert [h.area.council for h in hits] == ["oxfordshire"]


def test_local_parts_cite_their_own_documents(assistant: Assistant) -> None:
    reply = assistant.ask("how do i report a concern", council="stockton")
    assert "001_83c5d27b8b45861a.txt" in [s.document for s in reply.sources]
