"""Typo'd, abbreviated, keyword and long questions land on the right topic; off-topic and
gibberish fall back. Phrasings are our own, written for these tests (not the dev set)."""

from __future__ import annotations

import pytest

from bot import Assistant, messages
from bot.index import Match
from bot.ranking import Ranked, close_to_best

PHRASINGS = [
    # short keyword queries
    ("report cse concern", None, "report-a-concern"),
    ("nspcc number", None, "nspcc-helpline"),
    ("childline no.", None, "nspcc-helpline"),
    ("crimestoppers anonymous", None, "report-anonymously"),
    ("lado", None, "term-lado"),
    ("what is a mash", None, "term-mash"),
    ("deter team", None, "deter-team"),
    ("taxi driver safeguarding training renewal", None, "training-taxi-drivers"),
    ("warning signs exploitation", None, "signs-of-cse"),
    ("return interviews missing kids", None, "missing-children-link"),
    ("dbs check for councillors", None, "dbs-checks-members"),
    ("street safe project", None, "street-safe"),
    # typos and abbreviations
    ("how do i make a refferal", None, "report-a-concern"),
    ("cllr safegaurding trainng", "member", "training-members"),
    ("wat does dsl mean", None, "term-dsl"),
    ("is grooming differnt online", None, ["grooming", "online-exploitation"]),
    ("hackney carriage drivers cse course", None, "training-taxi-drivers"),
    ("PH drivers badge renewal safeguarding", "licensing", "training-taxi-drivers"),
    ("can i ring 101 for this", None, "police-non-emergency-101"),
    ("wot r the 3 lancs police cse teams", None, "lancashire-police-cse-teams"),
    # longer situations
    (
        "A girl in year 9 told me in confidence that an older lad gives her vodka and lifts. "
        "She made me promise not to tell anyone. What should I say to her?",
        None,
        "responding-to-disclosure",
    ),
    (
        "One of my residents rang my mobile saying she thinks the man next door has teenage "
        "girls coming and going at all hours. As her councillor what do I do with that?",
        "member",
        "constituent-concern",
    ),
    (
        "I run a B&B and a guest keeps booking rooms for young looking girls. Does the council "
        "do any training for people like me?",
        "licensing",
        "training-wider-licensing",
    ),
    (
        "I'm a ward councillor and I've been invited to a home visit with a family where there "
        "may be exploitation going on. Any advice on keeping myself safe?",
        "member",
        "member-personal-safety",
    ),
    (
        "We referred a boy to social care two months ago and we've heard nothing back, what "
        "normally happens once a referral is made",
        None,
        "what-happens-after-referral",
    ),
    (
        "I coach an under 15s team and I'm uneasy about how one of the other coaches talks to "
        "the girls on snapchat",
        None,
        "allegation-against-professional",
    ),
]

OFF_TOPIC = [
    "",
    "   ",
    "asdfghjkl qwerty",
    "?!?!",
    "when is my green bin collected",
    "how do i pay my council tax online",
    "will it rain in preston tomorrow",
    "tell me a joke",
    "parking permit renewal for my street",
    "my elderly dad is being conned out of his savings by his carer",
    "how do I claim my councillor allowance",
    "pothole on the main road near my house",
]


def _ids(expected: str | list[str]) -> list[str]:
    return expected if isinstance(expected, list) else [expected]


@pytest.mark.parametrize(("question", "role", "expected"), PHRASINGS)
def test_phrasings_land_on_their_topic(
    assistant: Assistant, question: str, role: str | None, expected: str | list[str]
) -> None:
    reply = assistant.ask(question, role=role)
    assert reply.topic_id in _ids(expected), (reply.topic_id, reply.confidence)
    assert not reply.fallback
    assert reply.sources and reply.reviewed


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_and_gibberish_fall_back(assistant: Assistant, question: str) -> None:
    reply = assistant.ask(question)
    assert reply.fallback and reply.topic_id is None, (reply.title, reply.confidence)
    assert "999" in reply.answer
    assert [r.id for r in reply.related] == ["report-a-concern"]
    assert len(reply.suggestions) <= 3


def test_fallback_offers_closest_topics(assistant: Assistant) -> None:
    """Under the threshold: no answer, the closest topics offered (out-of-scope entries never)."""
    topics = assistant.knowledge.topics
    matches = [
        Match(topics[t], share, 0, 0, 0)
        for t, share in (("training-members", 0.3), ("oos-democracy", 0.3), ("grooming", 0.2))
    ]
    assert assistant.topic_model is not None
    below = assistant.topic_model.answer_at - 0.01
    reply = assistant.learned_answer(assistant.pack(None), Ranked(matches, below, False))
    assert reply.fallback
    assert [s.id for s in reply.suggestions] == ["training-members", "grooming"]
    assert 1 <= len(reply.suggestions) <= 3
    assert all(not s.id.startswith("oos-") for s in reply.suggestions)


NEAR_TIES = ["training", "cse team", "what training do i need", "report", "grooming signs"]


def test_a_runner_up_is_offered_only_when_close(assistant: Assistant) -> None:
    """Asked end to end: a confident answer offers its runner-up exactly when the learned
    ranking finds it close."""
    pack = assistant.pack()
    questions = [
        *NEAR_TIES,
        *(q for t in assistant.knowledge.topics.values() for q in t.questions[:2]),
    ]
    answered = 0
    for question in questions:
        ranked = assistant.learned(question, pack, None, assistant.rank(question, pack, None))
        assert ranked is not None
        reply = assistant.ask(question)
        if reply.fallback or reply.urgent or len(ranked.matches) < 2:
            continue
        answered += 1
        close = ranked.matches[1] in close_to_best(ranked.matches)
        suggested = ranked.matches[1].topic.id in [s.id for s in reply.suggestions]
        assert suggested == close, question
    assert answered > 50


def test_a_close_runner_up_is_offered_beside_the_answer(assistant: Assistant) -> None:
    """A ranking whose runner-up has most of the best one's share (the ranker gives such
    splits to questions that fit two topics): the answer is the best, the runner-up is
    offered, and a distant third is not."""
    pack = assistant.pack()
    topics = assistant.knowledge.topics
    best, close, far = topics["training-members"], topics["training-officers"], topics["grooming"]
    matches = [Match(best, 0.5, 0, 0, 0), Match(close, 0.4, 0, 0, 0), Match(far, 0.1, 0, 0, 0)]
    reply = assistant.learned_answer(pack, Ranked(matches, 0.9, False, sure=True))
    assert reply.topic_id == "training-members" and not reply.fallback
    assert [s.id for s in reply.suggestions] == ["training-officers"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("member", "training-members"), ("officer", "training-officers")],
)
def test_role_prefers_its_audience(assistant: Assistant, role: str, expected: str) -> None:
    assert assistant.ask("what cse training do i have to do", role=role).topic_id == expected


def test_a_worry_about_a_child_is_never_told_it_is_outside_the_field(
    assistant: Assistant,
) -> None:
    """Adults-only out-of-scope entries never answer a message naming a child (scope.yaml
    `adult_topics`): the reply offers the closest topics instead."""
    reply = assistant.ask(
        "my nephew keeps coming back with cash and a new phone from some men in their 30s "
        "he calls mates. it's not urgent but where do I take this"
    )
    assert reply.title != messages.OUTSIDE_TITLE
    assert reply.topic_id not in assistant.knowledge.scope.adult_topics
    assert reply.suggestions or reply.topic_id
    adult = assistant.ask("my neighbour is 80 and her carer takes her pension, who do I tell")
    assert adult.fallback and adult.title == messages.OUTSIDE_TITLE


def test_an_adults_message_gets_the_out_of_scope_entry_that_fits(assistant: Assistant) -> None:
    """An adult cue ("my wife", "my manager") sends a message to the general adults' entry
    unless the ranker is sure of a more specific out-of-scope entry; never to a CSE topic."""
    elections = assistant.ask(
        "my wife says I should stand as an independent at the borough elections next may, "
        "how do I get nominated as a candidate?"
    )
    assert elections.fallback and elections.scope_id == "oos-democracy"
    assert not elections.scope_rules
    general = assistant.ask("my elderly mum is being conned by her carer")
    assert general.fallback and general.scope_id == assistant.knowledge.scope.answer_topic


def test_a_question_naming_its_audience_is_not_moved_by_the_role(assistant: Assistant) -> None:
    assert assistant.ask("What training do I need?", role="member").topic_id == "training-members"
    taxis = assistant.ask("what training do taxi drivers need", role="member")
    assert taxis.topic_id == "training-taxi-drivers"
    everyone = assistant.ask("how do I report a concern", role="member")
    assert everyone.topic_id == "report-a-concern"  # a topic for everyone is never displaced


@pytest.mark.parametrize(("confidence", "unsure"), [(0.5, True), (0.69, True), (0.7, False)])
def test_an_answer_in_the_low_band_says_it_is_unsure(
    assistant: Assistant, confidence: float, unsure: bool
) -> None:
    """Under bands.MEDIUM_FROM about one answer in three was wrong: the answer is given, says
    so, and offers the next closest topics and the reporting route."""
    pack = assistant.pack(None)
    topics = assistant.knowledge.topics
    best, far = topics["training-members"], topics["grooming"]
    matches = [Match(best, 0.6, 0, 0, 0), Match(far, 0.1, 0, 0, 0)]
    reply = assistant.learned_answer(pack, Ranked(matches, confidence, False, sure=True))
    assert reply.topic_id == "training-members" and not reply.fallback
    if unsure:
        assert reply.notes == (messages.UNSURE_NOTE,)
        assert [s.id for s in reply.suggestions] == ["grooming", "report-a-concern"]
    else:
        assert messages.UNSURE_NOTE not in reply.notes
        assert [s.id for s in reply.suggestions] == []
