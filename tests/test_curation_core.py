"""The core's part of the curator loop: what a reply records (bot.usage), grouping the
unanswered queue (bot.gaps), and review dates for topics and contacts (bot.review)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import yaml
from click.testing import CliRunner

from adapters.cli import main
from bot import Assistant
from bot.bands import MEDIUM_FROM, READ_AT, band
from bot.gaps import group_gaps, yaml_stubs
from bot.knowledge import load_knowledge
from bot.review import CONTACT_REVIEW_DAYS, due_for_review
from bot.urgency_model import Urgency
from bot.usage import keeps_words, question_record, to_hour
from bot.validate import validate
from tests.conftest import edit

LATE = dt.datetime(2026, 11, 23, 14, 37, 12, tzinfo=dt.UTC)


def test_hours_and_bands() -> None:
    assert to_hour(LATE) == dt.datetime(2026, 11, 23, 14)
    assert [band(c) for c in (0.99, 0.90, 0.85, 0.70, 0.69, 0.0)] == [
        "high",
        "high",
        "medium",
        "medium",
        "low",
        "low",
    ]


def test_the_bands_were_read_with_the_shipped_threshold(assistant: Assistant) -> None:
    """The bands were read on the answers of the shipped ranker (bot.bands): a retrain that
    moves its threshold must have them read again."""
    model = assistant.topic_model
    assert model is not None
    assert model.answer_at == READ_AT < MEDIUM_FROM


def test_words_are_kept_only_for_calm_fallbacks_and_low_confidence(assistant: Assistant) -> None:
    answered = assistant.ask("how do I report a concern")
    assert not keeps_words(answered)
    record = question_record(answered, "how do I report a concern", "web", "member", LATE)
    assert record.text is None and record.topic_id == "report-a-concern"
    gap = assistant.ask("zxqv blorf wibble Jade Smith")
    kept = question_record(gap, "zxqv blorf wibble Jade Smith", "slack", None, LATE)
    assert kept.text is not None and "Jade" not in kept.text and "[name]" in kept.text
    low = replace(answered, confidence=0.6)
    assert question_record(low, "report concern pls", "web", None, LATE).text
    urgent = assistant.ask("Jade is being raped right now at 12 Market Street")
    assert urgent.urgent
    record = question_record(urgent, "Jade is being raped right now", "web", None, LATE)
    assert record.text is None and record.urgency == "urgent"
    bins = assistant.ask("my bin hasnt been collected this week")
    routed = question_record(bins, "my bin hasnt been collected this week", "web", None, LATE)
    assert routed.topic_id is None and routed.closest_topic == "oos-environment-streets"
    possible = replace(gap, urgency=Urgency(level="possible", score=0.5))
    assert question_record(possible, "zxqv Jade", "web", None, LATE).text is None


def test_gaps_group_rewordings_most_asked_first() -> None:
    gaps = group_gaps(
        [
            ("what is a lado", "term-lado"),
            ("who is the lado", "term-lado"),
            ("what is a lado", None),
            ("taxi licence fee", "out-of-scope-taxi"),
        ]
    )
    assert [(g.count, g.closest_topic) for g in gaps] == [
        (3, "term-lado"),
        (1, "out-of-scope-taxi"),
    ]
    stubs = yaml.safe_load(yaml_stubs(gaps[:1]))
    assert stubs == {"questions": ["what is a lado", "who is the lado"]}
    assert yaml_stubs([]) == ""


def test_review_due_topics_and_contacts(mini: Path) -> None:
    knowledge, _ = load_knowledge(mini)
    today = dt.date(2099, 1, 1)
    due = due_for_review(knowledge, today, within_days=30)
    kinds = {d.kind for d in due}
    assert kinds == {"topic", "contact"}
    assert all(d.due <= today + dt.timedelta(days=30) for d in due)
    contact = next(d for d in due if d.id == "police-101")
    assert contact.due == dt.date(2026, 11, 23) + dt.timedelta(days=CONTACT_REVIEW_DAYS)
    assert contact.overdue(today) and contact.to_dict(today)["overdue"] is True
    assert due == sorted(due, key=lambda d: (d.due, d.kind, d.id))
    early = dt.date(2026, 11, 24)  # only contacts nobody has verified are due this soon
    soon = due_for_review(knowledge, early, within_days=0)
    every = [*knowledge.contacts.values()]
    every += [c for pack in knowledge.packs.values() for c in pack.contacts.values()]
    unverified = {c.id for c in every if c.verified is None}
    assert soon and {d.id for d in soon} <= unverified and all(d.due == early for d in soon)


def test_a_contacts_own_review_by_is_used_and_checked(mini: Path) -> None:
    contacts = mini / "contacts.yaml"
    read = '    verified: {page: "https://www.police.uk/pu/contact-us/", read: 2026-11-23}\n'
    line = edit(contacts, read, read + "    review_by: 2027-03-01\n")
    knowledge, problems = load_knowledge(mini)
    assert not [p for p in problems if p.severity == "error"]
    [first] = [
        d for d in due_for_review(knowledge, dt.date(2027, 2, 1), 60) if d.id == "police-999"
    ]
    assert first.due == dt.date(2027, 3, 1)
    edit(contacts, "review_by: 2027-03-01", "review_by: 2026-01-01")
    knowledge, problems = load_knowledge(mini)
    found = [p for p in validate(knowledge, problems) if p.field == "review_by"]
    assert found and found[0].line == line - 5 and "after `verified`" in found[0].message
    edit(contacts, "review_by: 2026-01-01", "review_by: soon")
    _, problems = load_knowledge(mini)
    assert any(p.field == "review_by" for p in problems)


def test_review_due_command(mini: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["review-due", "--knowledge", str(mini), "--days", "400000"])
    assert result.exit_code == 0, result.output
    assert "police-101" in result.output and "item(s) due for review" in result.output
    listed = json.loads(
        runner.invoke(
            main, ["review-due", "--knowledge", str(mini), "--json", "--days", "0"]
        ).output
    )
    assert isinstance(listed, list)
    bad = runner.invoke(main, ["review-due", "--days", "-1"])
    assert bad.exit_code == 2


def test_review_due_on_the_shipped_knowledge() -> None:
    result = CliRunner().invoke(main, ["review-due", "--days", "60"])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith(
        "due for review by " + str(dt.date.today() + dt.timedelta(days=60)) + "."
    )
