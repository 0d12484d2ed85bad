"""The learned topic ranker (issue 10): the topic corpus, reproducible training, stale models
refused, places no pack covers, and requests to act."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot import Assistant
from bot.knowledge import load_knowledge
from bot.topic_corpus import OUT_OF_FIELD, TOPIC_MODEL_FILE, read_phrasings
from tests.conftest import append_line, train, write_corpus

SHIPPED = Path(__file__).resolve().parent.parent / "knowledge"
COUNCIL = "testshire"
# Chosen by the place rule (bot.elsewhere), not by the ranker: no phrasings needed.
RULE_ONLY = {"area-not-covered"}

# A tiny topic corpus of our own for the mini knowledge, to exercise `pathways train`.
TINY = {
    "report-a-concern": [
        "how do i report a worry about a child",
        "who do i tell if i think a kid is being exploited",
        "where do i report a concern",
        "report concern child",
        "i am worried about a girl on my street, who should i contact",
        "what is the way to raise a safeguarding concern",
    ],
    "term-lado": [
        "what is a lado",
        "lado meaning",
        "what does the lado do",
        "who is the local authority designated officer",
        "lado role explained",
        "what does lado stand for",
    ],
    "test-police-team": [
        "which police team covers this area",
        "police cse team for my town",
        "who is the local police team for exploitation",
        "cse police team contact",
        "which team deals with cse round here",
        "local police team for child exploitation",
    ],
    OUT_OF_FIELD: [
        "when are my bins collected",
        "how do i pay council tax",
        "parking permit renewal",
        "tell me a joke",
        "library opening hours",
        "my adult neighbour is lonely who can help",
    ],
}


def _tiny_corpus(root: Path) -> None:
    write_corpus(
        root / "training",
        {
            author: [
                {"text": text, "topic": topic, "style": "question", "author": author}
                for topic, texts in TINY.items()
                for text in texts[2 * n : 2 * n + 2]
            ]
            for n, author in enumerate(("first", "second", "third"))
        },
    )


@pytest.fixture()
def trained(mini: Path, runner) -> Path:
    _tiny_corpus(mini)
    assert "topics, cross-author" in train(runner, mini)
    return mini


def test_the_shipped_topic_corpus_covers_every_topic_and_the_field_around_it() -> None:
    knowledge, _ = load_knowledge(SHIPPED)
    topics = {t.id: t for t in knowledge.all_topics()}
    known = {i for t in topics.values() for i in (t.id, *t.aliases)}
    phrasings, problems = read_phrasings(SHIPPED, known, set(knowledge.packs))
    assert problems == []
    counts = Counter(knowledge.canonical(p.topic) for p in phrasings)
    in_field = [t for t in topics.values() if not t.out_of_scope and t.id not in RULE_ONLY]
    thin = {t.id: counts[t.id] for t in in_field if counts[t.id] < 40}
    assert not thin, f"topics with fewer than 40 phrasings: {thin}"
    off_field = sum(n for t, n in counts.items() if t == OUT_OF_FIELD or topics[t].out_of_scope)
    assert off_field >= 1500
    assert len({p.author for p in phrasings}) >= 4
    assert {p.style for p in phrasings} == {"keywords", "question", "story"}


def test_the_shipped_topic_model_is_fresh() -> None:
    knowledge, problems = load_knowledge(SHIPPED)
    assert knowledge.topic_model is not None
    assert not [p for p in problems if p.field == "model"]
    assert 0 < knowledge.topic_model.answer_at < 1


def test_training_twice_gives_the_same_ranker(trained: Path, runner) -> None:
    from adapters.cli import main

    path = trained / TOPIC_MODEL_FILE
    first = path.read_bytes()
    before = Assistant.load(trained, council=COUNCIL).ask("what does lado mean")
    assert runner.invoke(main, ["train", "--knowledge", str(trained)]).exit_code == 0
    assert path.read_bytes() == first
    after = Assistant.load(trained, council=COUNCIL).ask("what does lado mean")
    assert (after.topic_id, after.confidence) == (before.topic_id, before.confidence)
    assert after.topic_id == "term-lado"


def test_a_stale_topic_model_fails_check(trained: Path, runner) -> None:
    from adapters.cli import main

    assert runner.invoke(main, ["check", "--knowledge", str(trained)]).exit_code == 0
    with (trained / "training" / "first.yaml").open("a") as f:
        f.write('- {text: "lado?", topic: term-lado, style: keywords, author: first}\n')
    result = runner.invoke(main, ["check", "--knowledge", str(trained)])
    assert result.exit_code == 1 and "training/model.npz:1: model: stale" in result.output


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('- {text: "x", topic: no-such-topic, style: question, author: a}', "topic"),
        ('- {text: "x", topic: term-lado, style: essay, author: a}', "style"),
        ('- {text: "x", topic: term-lado, style: question}', "author"),
        ('- {text: "x", topic: term-lado, style: question, author: a, council: mars}', "council"),
    ],
)
def test_a_bad_phrasing_names_file_line_and_field(
    trained: Path, runner, line: str, field: str
) -> None:
    from adapters.cli import main

    path = trained / "training" / "second.yaml"
    added = append_line(path, line)
    result = runner.invoke(main, ["check", "--knowledge", str(trained)])
    assert result.exit_code == 1
    assert f"training/second.yaml:{added}: {field}:" in result.output


def test_a_corrupt_topic_model_is_a_clear_error(trained: Path, runner) -> None:
    from adapters.cli import main

    (trained / TOPIC_MODEL_FILE).write_bytes(b"not a zip file")
    result = runner.invoke(main, ["check", "--knowledge", str(trained)])
    assert result.exit_code == 1 and "unreadable model" in result.output


def test_nothing_to_train_is_a_clear_error(mini: Path, runner) -> None:
    from adapters.cli import main

    result = runner.invoke(main, ["train", "--knowledge", str(mini)])
    assert result.exit_code == 1 and "nothing to train" in result.output


# ---- places no pack covers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "council", "place"),
    [
        ("Which police team covers York?", None, "York"),
        ("who do i report child exploitation to in Cardiff", "shropshire", "Cardiff"),
        ("cse team for Norwich", "oxfordshire", "Norwich"),
        ("which police team deals with child exploitation in Glasgow", "stockton", "Glasgow"),
        ("who covers Carlisle for child sexual exploitation", "chorley", "Carlisle"),
        ("report a concern about a child in Belfast", None, "Belfast"),
        ("Which CSE team covers Leeds?", None, "Leeds"),
    ],
)
def test_a_place_no_pack_covers_gets_the_national_route_not_another_areas_team(
    assistant: Assistant, question: str, council: str | None, place: str
) -> None:
    reply = assistant.ask(question, council=council)
    assert reply.topic_id == "area-not-covered", (reply.topic_id, reply.title)
    assert place in reply.notes[0] and "Chorley" in reply.notes[0]
    text = reply.to_text()
    assert "101" in text
    for team in ("Deter", "Awaken", "Engage"):
        assert team not in text


def test_a_place_a_pack_covers_still_gets_its_team(assistant: Assistant) -> None:
    assert assistant.ask("which police team covers leyland").topic_id == "deter-team"
    assert assistant.ask("which team covers Preston?").topic_id == "deter-team"


def test_a_place_named_in_passing_does_not_take_over_the_question(assistant: Assistant) -> None:
    assert assistant.ask("I live in Leeds, what is grooming?").topic_id == "grooming"


def test_an_everyday_word_that_is_also_a_town_is_not_a_place(assistant: Assistant) -> None:
    assert assistant.ask("further reading on how to report a concern").topic_id != (
        "area-not-covered"
    )


# ---- requests to act ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "could you pass my referral on to children's services for me",
        "ring the social worker and tell her what I said",
        "has anyone picked up the concern I raised last week? can you check",
        "please put me down for the next safeguarding training session",
        "can you look up the family at number 12 for me",
    ],
)
def test_requests_to_act_say_plainly_what_pathways_cannot_do(
    assistant: Assistant, question: str
) -> None:
    reply = assistant.ask(question)
    assert reply.topic_id == "what-pathways-cannot-do", (reply.topic_id, reply.confidence)
    assert "cannot" in reply.answer


def test_a_request_to_act_about_a_child_in_danger_now_leads_with_999(
    assistant: Assistant,
) -> None:
    reply = assistant.ask(
        "forward this to the police for me: two men are pulling a girl into a van outside"
    )
    assert reply.urgent and reply.topic_id == "emergency-999"


# ---- two questions in one -----------------------------------------------------------------


def test_two_questions_in_one_answer_the_first_and_offer_the_second(
    assistant: Assistant,
) -> None:
    reply = assistant.ask("What does LADO stand for? And how do I report a concern?")
    assert reply.topic_id == "term-lado"
    assert reply.suggestions[0].id == "report-a-concern"


def test_two_places_in_two_packs_answer_the_first_and_name_the_second(
    assistant: Assistant,
) -> None:
    reply = assistant.ask("PR7 and Banbury?")
    assert reply.topic_id == "deter-team"
    assert "Banbury" in reply.notes[-1] and "Oxfordshire" in reply.notes[-1]


def test_an_emergency_in_the_second_question_still_leads_with_999(
    assistant: Assistant,
) -> None:
    reply = assistant.ask("what is grooming? my niece is being pulled into a car right now?")
    assert reply.urgent and reply.topic_id == "emergency-999"
