"""The learned urgency check: corpus schema, reproducible training, stale models refused,
clause-scoped rules, and the `possible` tier on every surface."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import Assistant
from bot.knowledge import load_knowledge
from bot.urgency_corpus import MODEL_FILE, read_corpus
from bot.urgency_model import Urgency
from tests.conftest import append_line, edit, train, write_corpus

COUNCIL = "testshire"
SHIPPED = Path(__file__).resolve().parent.parent / "knowledge"

# A tiny corpus of our own for exercising `pathways train` quickly; the shipped corpus is
# written by independent authors (knowledge/urgency/corpus/).
URGENT = [
    "a man is pulling a girl into his car outside the shop right now",
    "my sister is 14 and she is locked in a flat with older men",
    "there is a boy crying for help in the flat next door",
    "a girl about 13 just got into a van with two men and her phone is off",
    "help a lad is being beaten by men behind the chippy",
    "the 15 year old we look after is at a hotel with a man she met online tonight",
    "kid passed out at a party and the men are carrying her upstairs",
    "a man has a knife and is making a boy get into his car",
]
CALM = [
    "what are the signs that a child is being groomed",
    "last year a girl on our estate was taken to parties by older men",
    "the police are already with her and she is safe at home now",
    "what would a councillor do if a child disclosed abuse",
    "how many children were exploited in the county last year",
    "my adult daughter has a controlling boyfriend",
    "urgent: I need the safeguarding training dates by Friday",
    "help what does CSE stand for",
]


def _corpus(root: Path) -> None:
    write_corpus(
        root / "urgency" / "corpus",
        {
            author: [
                {"text": t, "urgent": u, "reason": "test", "author": author}
                for texts, u in ((URGENT, True), (CALM, False))
                for t in texts[start : start + 4]
            ]
            for author, start in (("first", 0), ("second", 4))
        },
    )


@pytest.fixture()
def trained(mini: Path, runner) -> Path:
    _corpus(mini)
    train(runner, mini)
    return mini


def test_the_shipped_corpus_loads_with_enough_labelled_messages_by_several_authors() -> None:
    examples, problems = read_corpus(SHIPPED)
    assert problems == []
    urgent = [e for e in examples if e.urgent]
    assert len(examples) >= 4000
    assert len(urgent) >= 1600 and len(examples) - len(urgent) >= 2000
    assert len({e.author for e in examples}) >= 5
    assert all(e.reason.strip() for e in examples)


def test_the_shipped_model_is_fresh_and_records_its_validation() -> None:
    knowledge, problems = load_knowledge(SHIPPED)
    assert not [p for p in problems if p.field == "model"]
    data = json.loads((SHIPPED / MODEL_FILE).read_text())
    assert data["corpus_hash"] == knowledge.urgency_model.corpus_hash  # type: ignore[union-attr]
    assert set(data["validation"]["by_author"]) == set(data["validation"]["authors"])
    assert 0 < data["thresholds"]["possible"] <= data["thresholds"]["urgent"] <= 1


def test_training_twice_gives_the_same_model_and_predictions(trained: Path, runner) -> None:
    from adapters.cli import main

    first = (trained / MODEL_FILE).read_bytes()
    before = Assistant.load(trained, council=COUNCIL).ask(URGENT[0]).urgency
    assert runner.invoke(main, ["train", "--knowledge", str(trained)]).exit_code == 0
    assert (trained / MODEL_FILE).read_bytes() == first
    assert Assistant.load(trained, council=COUNCIL).ask(URGENT[0]).urgency == before


def test_a_stale_model_fails_check(trained: Path, runner) -> None:
    from adapters.cli import main

    assert runner.invoke(main, ["check", "--knowledge", str(trained)]).exit_code == 0
    with (trained / "urgency" / "corpus" / "first.yaml").open("a") as f:
        f.write('- {text: "a new example", urgent: false, reason: "x", author: first}\n')
    result = runner.invoke(main, ["check", "--knowledge", str(trained)])
    assert result.exit_code == 1
    assert "model.json:1: model: stale" in result.output


def test_changing_a_rule_makes_the_model_stale(trained: Path, runner) -> None:
    from adapters.cli import main

    edit(trained / "urgency.yaml", "  rn: right now", "  rn: right now\n  rnn: right now")
    result = runner.invoke(main, ["check", "--knowledge", str(trained)])
    assert result.exit_code == 1 and "stale" in result.output


def test_a_missing_model_fails_check(trained: Path, runner) -> None:
    from adapters.cli import main

    (trained / MODEL_FILE).unlink()
    result = runner.invoke(main, ["check", "--knowledge", str(trained)])
    assert result.exit_code == 1 and "run `pathways train`" in result.output


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('- {text: "x", reason: "r", author: a}', "urgent"),
        ('- {text: "x", urgent: maybe, reason: "r", author: a}', "urgent"),
        ('- {text: "", urgent: true, reason: "r", author: a}', "text"),
        ('- {text: "x", urgent: true, reason: "r"}', "author"),
        ('- {text: "x", urgent: true, reason: "r", author: a, label: 1}', "label"),
    ],
)
def test_a_bad_corpus_entry_names_file_line_and_field(
    trained: Path, runner, line: str, field: str
) -> None:
    from adapters.cli import main

    path = trained / "urgency" / "corpus" / "second.yaml"
    added = append_line(path, line)
    result = runner.invoke(main, ["check", "--knowledge", str(trained)])
    assert result.exit_code == 1
    assert f"urgency/corpus/second.yaml:{added}: {field}:" in result.output
    train = runner.invoke(main, ["train", "--knowledge", str(trained)])
    assert train.exit_code == 1 and f"second.yaml:{added}: {field}:" in train.output


def test_a_corrupt_model_is_a_clear_error_not_a_traceback(trained: Path, runner) -> None:
    from adapters.cli import main

    (trained / MODEL_FILE).write_text("{not json")
    result = runner.invoke(main, ["check", "--knowledge", str(trained)])
    assert result.exit_code == 1 and "unreadable model" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ---- the rules, clause by clause -------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        # a suppressor in one clause does not quieten another
        "She was hurt last year. Right now a man is dragging her into a car",
        "i know this is not an emergency line but a girl is being beaten by men outside",
        "what are the signs of grooming? asking because a girl next door is screaming for help",
        # texting words are normalised before the rules read them
        "girl 13 bein dragged in2 a car rn",
    ],
)
def test_suppressors_are_scoped_to_their_clause(assistant: Assistant, message: str) -> None:
    findings = assistant.knowledge.urgency.read(message)
    assert findings.urgent, message


@pytest.mark.parametrize(
    "message",
    [
        "what if a girl was being dragged into a car",
        "in the role play a boy is being beaten by older men",
        "last year a girl was being abused by men at a flat",
        "she is not being hurt, she is safe at home now with her mum",
        "what should I do if I see a child being forced into a car",
    ],
)
def test_negation_hypothetical_and_past_quieten_their_own_clause(
    assistant: Assistant, message: str
) -> None:
    assert not assistant.knowledge.urgency.read(message).urgent, message


def test_texting_words_are_spelt_out(assistant: Assistant) -> None:
    assert assistant.knowledge.urgency.normalise("pls help rn m8") == "please help right now mate"


# ---- the reply ---------------------------------------------------------------------------


def test_every_reply_carries_its_urgency(assistant: Assistant) -> None:
    calm = assistant.ask("what training do councillors need").to_dict()
    assert calm["urgency"]["level"] == "none" and calm["urgent"] is False
    assert 0 <= calm["urgency"]["score"] <= 1
    urgent = assistant.ask("a man is dragging a girl into his van right now").to_dict()
    assert urgent["urgency"]["level"] == "urgent" and urgent["urgent"] is True
    assert urgent["urgency"]["rules"]


def test_the_two_thresholds_decide_the_tier(trained: Path) -> None:
    """Thresholds come from the model file: below `possible` nothing, between the two the
    line above the normal answer, from `urgent` (or when a rule fires) the 999 answer."""
    path = trained / MODEL_FILE
    data = json.loads(path.read_text())
    data["thresholds"] = {"urgent": 1.0, "possible": 0.0}
    path.write_text(json.dumps(data))
    assistant = Assistant.load(trained, council=COUNCIL)
    reply = assistant.ask("what are the signs of grooming")
    assert reply.urgency.level == "possible" and not reply.urgent
    assert reply.topic_id != assistant.urgent_topic.id
    assert reply.to_text().startswith("If this is happening now, call 999.")
    ruled = assistant.ask("a man is dragging a girl into his van right now")
    assert ruled.urgent and ruled.urgency.rules and "model" not in ruled.urgency.rules
    data["thresholds"] = {"urgent": 1.0, "possible": 1.0}
    path.write_text(json.dumps(data))
    calm = Assistant.load(trained, council=COUNCIL).ask("what are the signs of grooming")
    assert calm.urgency.level == "none" and not calm.to_text().startswith("If this")


def test_the_possible_line_renders_on_every_surface(assistant: Assistant) -> None:
    from dataclasses import replace

    from adapters.slack.blocks import to_blocks
    from adapters.teams.card import to_card

    reply = replace(
        assistant.ask("what training do councillors need"),
        urgency=Urgency("possible", ("model",), 0.4),
    )
    line = "If this is happening now, call 999."
    assert reply.to_text().startswith(line)
    assert reply.to_dict()["urgency"]["level"] == "possible"
    assert line in json.dumps(to_blocks(reply)[0])
    assert line in json.dumps(to_card(reply)["body"][0])


def test_an_over_long_message_is_read_whole_for_urgency_and_never_matched_in_part(
    assistant: Assistant,
) -> None:
    """One limit (4,000 characters) for every surface that reaches the core (Slack, Teams,
    CLI); past it the person is asked to shorten the message, but the urgency check reads it
    all, so the emergency in its last line still leads with 999."""
    padding = "I am a licensing officer on my rounds and I wanted to explain the background. " * 60
    assert len(padding) > 4000
    urgent = assistant.ask(padding + "Right now a man is dragging a girl into his van.")
    assert urgent.urgent and urgent.topic_id == "emergency-999"
    calm = assistant.ask(padding + "What training do licensing officers need?")
    assert calm.fallback and "Pathways reads up to 4,000" in calm.answer
