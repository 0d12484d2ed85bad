"""Recording through the real web service on both databases: what a question leaves behind,
the store turned off, and a database that is down while questions are answered."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from adapters.web import create_app
from bot import Assistant
from curator.store import Store
from curator.tables import questions
from tests.postgres import Cluster

FLUSH = 60.0  # seconds the writer may take on a slow shared machine; it is never waited out
_later = itertools.count()
ANSWERED = "how do I report a concern"
PERSONAL_GAP = "zxqv blorf wibble, from Kayla Briggs on 07700 900123"


def flushed(app: Flask) -> None:
    writer = app.extensions["pathways.usage"].writer
    assert writer is not None and writer.flush(FLUSH), "the writer did not finish"


def test_a_question_records_no_text_no_ids_and_the_hour(
    recording_app: Callable[..., Flask], database: str
) -> None:
    app = recording_app()
    client = app.test_client()
    headers = {"X-Forwarded-For": "203.0.113.9", "User-Agent": "Cllr Browser"}
    assert (
        client.post(
            "/api/ask", json={"question": ANSWERED, "role": "member"}, headers=headers
        ).status_code
        == 200
    )
    gap = client.post("/api/ask", json={"question": PERSONAL_GAP}).get_json()
    assert gap["fallback"] is True
    flushed(app)
    store = Store(database)
    rows = [r._asdict() for r in store.rows(select(questions).order_by(questions.c.id))]
    store.dispose()
    assert set(rows[0]) == {
        "id",
        "hour",
        "council",
        "role",
        "surface",
        "topic_id",
        "urgency",
        "confidence_band",
        "knowledge_version",
        "text",
        "closest_topic",
        "asked",
    }  # nothing about who asked: no user id, no address, no browser
    first, second = rows
    assert (first["topic_id"], first["role"], first["surface"], first["text"]) == (
        "report-a-concern",
        "member",
        "web",
        None,
    )
    assert (first["hour"].minute, first["hour"].second) == (0, 0)
    assert first["confidence_band"] == "high" and first["council"] == "chorley"
    assert second["topic_id"] is None and second["text"] is not None
    assert "Kayla" not in second["text"] and "07700" not in second["text"]
    assert "[name]" in second["text"] and "[phone]" in second["text"]
    for said in (
        client.get("/").get_data(as_text=True),
        client.get("/api/welcome").get_json()["privacy"],
    ):
        assert "never who asked" in said and "deleted after 90 days" in said


def test_store_words_off_keeps_the_record_but_no_words(
    recording_app: Callable[..., Flask], database: str
) -> None:
    app = recording_app(STORE_WORDS="off")
    client = app.test_client()
    gap = client.post("/api/ask", json={"question": PERSONAL_GAP}).get_json()
    assert gap["fallback"] is True
    flushed(app)
    store = Store(database)
    rows = [r._asdict() for r in store.rows(select(questions))]
    store.dispose()
    assert [(r["topic_id"], r["text"]) for r in rows] == [(None, None)]
    said = client.get("/api/welcome").get_json()["privacy"]
    assert "never your words" in said and "deleted after 90 days" in said


def test_store_off_records_nothing_and_makes_no_file(
    assistant: Assistant, chat_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "data" / "pathways.sqlite3"
    app = create_app({"STORE": "off", "DATABASE_URL": f"sqlite:///{target}"}, assistant=assistant)
    client = app.test_client()
    assert client.post("/api/ask", json={"question": PERSONAL_GAP}).status_code == 200
    assert client.post("/api/feedback", json={"topic_id": None, "helpful": False}).get_json() == {
        "recorded": False
    }
    assert app.extensions["pathways.usage"].writer is None
    assert not target.parent.exists()
    assert "keeps nothing" in client.get("/api/welcome").get_json()["privacy"]
    assert "keeps nothing you type" in client.get("/").get_data(as_text=True)


@pytest.fixture()
def outage(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> tuple[str, Callable[[], object]]:
    """A database URL that cannot be reached yet, and how to bring it up."""
    if database.startswith("sqlite"):
        blocker = tmp_path / "blocked"  # a file where the database's folder must go
        blocker.write_text("not a folder")
        return f"sqlite:///{blocker / 'pathways.sqlite3'}", blocker.unlink
    cluster: Cluster = request.getfixturevalue("postgres")
    name = f"later_{next(_later)}"
    return cluster.url(name), lambda: cluster.create_database(name)


def test_database_down_answers_served_logged_once_and_no_question_lost(
    recording_app: Callable[..., Flask],
    outage: tuple[str, Callable[[], object]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    url, bring_up = outage
    with caplog.at_level(logging.WARNING, logger="curator.writer"):
        app = recording_app(DATABASE_URL=url)
        writer = app.extensions["pathways.usage"].writer
        writer.first_pause = writer.most = 0.05  # retry often in the test
        client = app.test_client()
        for question in (ANSWERED, "what is cse", PERSONAL_GAP, "what is a lado"):
            assert client.post("/api/ask", json={"question": question}).status_code == 200
        assert not writer.flush(0.5)  # still waiting for the database
        assert writer.down
        bring_up()
        flushed(app)
    logged = [(r.levelname, r.getMessage()) for r in caplog.records]
    failures = [m for level, m in logged if level == "ERROR"]
    assert len(failures) == 1, logged
    assert "cannot write to the database" in failures[0] and url not in failures[0]
    assert sum("reachable again" in m for _, m in logged) == 1
    store = Store(url)
    assert store.count("questions") == 4
    store.dispose()
