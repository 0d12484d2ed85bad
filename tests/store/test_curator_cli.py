"""The curator's commands against a store filled with known records, on both databases:
`pathways report` in each format, `unanswered`, `purge`, and `ask` recording its question."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import yaml
from click.testing import CliRunner

from adapters.cli import main
from bot.usage import FeedbackRecord, QuestionRecord
from curator.store import Store

NOW = dt.datetime.now(dt.UTC).replace(tzinfo=None, minute=0, second=0, microsecond=0)


def asked(
    days_ago: int, topic: str | None, text: str | None = None, **fields: str
) -> QuestionRecord:
    values = {"council": "chorley", "role": "member", "surface": "web", "urgency": "none"}
    values.update(fields)
    return QuestionRecord(
        NOW - dt.timedelta(days=days_ago),
        values["council"],
        values["role"],
        values["surface"],
        topic,
        values["urgency"],
        "low" if topic is None else "high",
        "v1",
        text,
        topic or "report-a-concern",
    )


@pytest.fixture()
def filled(store: Store, database: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    store.write(
        [
            asked(200, "what-is-cse"),
            asked(10, "report-a-concern", surface="slack"),
            asked(5, "report-a-concern", urgency="possible"),
            asked(3, None, "who do i tell about [name]"),
            asked(2, None, "who do i tell about [name] at [school]"),
            asked(1, None, "taxi licence fees", council="stockton"),
            FeedbackRecord(NOW, "chorley", "teams", "report-a-concern", False, "too long", "v1"),
        ]
    )
    monkeypatch.setenv("PATHWAYS_DATABASE_URL", database)
    return store


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_report_json_has_the_figures(filled: Store) -> None:
    figures = json.loads(run("report", "--format", "json"))
    assert {"questions", "by_topic", "fallbacks", "urgent", "feedback"} <= set(figures)
    assert figures["questions"] == 6
    assert figures["by_topic"] == {"fallback": 3, "report-a-concern": 2, "what-is-cse": 1}
    assert figures["fallbacks"] == {"count": 3, "rate": 0.5}
    assert figures["urgent"] == {"urgent": 0, "possible": 1}
    assert figures["feedback"]["report-a-concern"]["reasons"] == {"too long": 1}
    since = (NOW - dt.timedelta(days=20)).date().isoformat()
    recent = json.loads(run("report", "--format", "json", "--since", since, "--council", "chorley"))
    assert (recent["questions"], recent["by_surface"]) == (4, {"web": 3, "slack": 1})


def test_report_csv_and_table(filled: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(run("report", "--format", "csv"))))
    assert {"section": "total", "name": "questions", "measure": "count", "value": "6"} in rows
    assert {"section": "by_topic", "name": "fallback", "measure": "count", "value": "3"} in rows
    table = run("report")
    assert "questions          6" in table and "fallbacks          3 (50.0%)" in table


def test_unanswered_groups_and_stubs(filled: Store) -> None:
    groups = json.loads(run("unanswered", "--json"))
    assert [(g["count"], g["closest_topic"]) for g in groups] == [
        (2, "report-a-concern"),
        (1, "report-a-concern"),
    ]
    assert groups[0]["example"].startswith("who do i tell about [name]")
    stubs = run("unanswered", "--yaml-stubs")
    assert yaml.safe_load(stubs.split("\n\n")[0])["questions"] == [
        "who do i tell about [name]",
        "who do i tell about [name] at [school]",
    ]
    assert "who do i tell about [name]" in run("unanswered")


def test_purge_keeps_the_retention_period(filled: Store) -> None:
    assert "Deleted 1 question record(s) and 0 feedback record(s)" in run("purge")
    assert "Deleted 2 question record(s)" in run("purge", "--days", "4")
    assert filled.count("questions") == 3


def test_ask_records_its_question_as_the_cli(
    filled: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATHWAYS_STORE", "on")
    run("ask", "what does CSE stand for", "--role", "officer")
    figures = json.loads(run("report", "--format", "json"))
    assert figures["by_surface"]["cli"] == 1 and figures["by_role"]["officer"] == 1


def test_an_unreachable_store_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PATHWAYS_DATABASE_URL", f"sqlite:///{blocker}/x.sqlite3")
    result = CliRunner().invoke(main, ["report"])
    assert result.exit_code == 1 and "cannot read the store" in result.output
    assert "Traceback" not in result.output
