"""The store on SQLite and PostgreSQL: migrations (several processes at once among them), the
report's figures against a known set of records, the unanswered queue, filters and retention."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from subprocess import PIPE

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from bot.usage import FeedbackRecord, QuestionRecord
from curator.report import report
from curator.store import MIGRATIONS, Store
from curator.unanswered import unanswered
from tests.serving import ROOT

V = "v1"


def asked(
    when: str,
    topic: str | None,
    *,
    council: str = "chorley",
    role: str | None = "member",
    surface: str = "web",
    urgency: str = "none",
    band: str = "high",
    text: str | None = None,
    closest: str | None = None,
) -> QuestionRecord:
    return QuestionRecord(
        dt.datetime.fromisoformat(when),
        council,
        role,
        surface,
        topic,
        urgency,
        band,
        V,
        text,
        closest or topic,
    )


def thumbs(topic: str | None, helpful: bool, reason: str | None = None) -> FeedbackRecord:
    return FeedbackRecord(dt.datetime(2026, 11, 2, 9), "chorley", "web", topic, helpful, reason, V)


KNOWN = [
    asked("2026-10-05T10:00", "report-a-concern"),
    asked("2026-10-20T14:00", "report-a-concern", role="officer", surface="slack"),
    asked("2026-11-01T09:00", "what-is-cse", surface="teams", role=None),
    asked("2026-11-02T09:00", None, band="low", text="what about the [name] thing", closest="x"),
    asked("2026-11-02T10:00", None, band="low", text="what about [name] thing", closest="x"),
    asked("2026-11-03T11:00", "urgent-danger", urgency="urgent", surface="cli"),
    asked("2026-11-04T12:00", "signs-of-cse", urgency="possible", band="medium"),
    asked("2026-12-01T08:00", "report-a-concern", council="stockton", surface="teams"),
]


def test_migrations_reach_the_newest_revision(database: str) -> None:
    store = Store(database)
    assert store.current() is None
    store.migrate()
    assert store.current() == Store.head() == "0002"
    store.migrate()  # a second time changes nothing
    assert store.current() == "0002"
    store.dispose()


# A process that migrates when told to: ready once its imports are done and the migration
# scripts read, then it starts on a line from its standard input.
MIGRATE_WHEN_TOLD = """
import sys
from curator.store import Store
store = Store(sys.argv[1])
store.head()
print("ready", flush=True)
sys.stdin.readline()
store.migrate()
print(store.current(), flush=True)
"""


def test_instances_starting_at_once_on_an_empty_database_all_migrate(database: str) -> None:
    """Four processes, as four instances' first start, upgrade the same empty database at the
    same moment: each waits for the one migrating, then finds the schema at head. Without
    that lock all but one usually failed: "table already exists", and on SQLite at times
    "database is locked" (two connections switching a new file to WAL)."""
    command = [sys.executable, "-c", MIGRATE_WHEN_TOLD, database]
    processes = [
        subprocess.Popen(command, cwd=ROOT, text=True, stdin=PIPE, stdout=PIPE, stderr=PIPE)
        for _ in range(4)
    ]
    try:
        for process in processes:
            assert process.stdout.readline() == "ready\n", process.communicate(timeout=30)
        for process in processes:  # all four within a fraction of a millisecond
            process.stdin.write("go\n")
            process.stdin.flush()
        ended = [process.communicate(timeout=60) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(10)
    outcomes = [(p.returncode, out) for p, (out, _) in zip(processes, ended, strict=True)]
    assert outcomes == [(0, "0002\n")] * 4, [err.strip()[-300:] for _, err in ended]
    store = Store(database)
    assert store.current() == Store.head()
    assert store.rows(text("SELECT count(*) FROM alembic_version")) == [(1,)]
    store.dispose()


def test_report_figures_for_a_known_set(store: Store) -> None:
    store.write(
        KNOWN
        + [
            thumbs("report-a-concern", True),
            thumbs("report-a-concern", False, "too long"),
            thumbs(None, False),
        ]
    )
    figures = report(store)
    assert figures["questions"] == 8
    assert figures["by_topic"] == {
        "report-a-concern": 3,
        "fallback": 2,
        "signs-of-cse": 1,
        "urgent-danger": 1,
        "what-is-cse": 1,
    }
    assert figures["by_role"] == {"member": 6, "not given": 1, "officer": 1}
    assert figures["by_surface"] == {"web": 4, "teams": 2, "cli": 1, "slack": 1}
    assert figures["fallbacks"] == {"count": 2, "rate": 0.25}
    assert figures["urgent"] == {"urgent": 1, "possible": 1}
    assert figures["by_month"] == {
        "2026-10": {"questions": 2, "fallbacks": 0},
        "2026-11": {"questions": 5, "fallbacks": 2},
        "2026-12": {"questions": 1, "fallbacks": 0},
    }
    assert figures["feedback"] == {
        "report-a-concern": {"helpful": 1, "not_helpful": 1, "reasons": {"too long": 1}},
        "fallback": {"helpful": 0, "not_helpful": 1, "reasons": {}},
    }


def test_identical_questions_share_a_row_and_count_in_full(store: Store) -> None:
    """A busy hour's identical questions are one row with `asked`; gaps with words never
    merge (each is a line in the curator's queue); the figures count questions, not rows."""
    same = asked("2026-11-05T09:00", "report-a-concern")
    gap = asked("2026-11-05T09:00", None, band="low", text="what about [name]", closest="x")
    store.write([same] * 5 + [gap, gap, asked("2026-11-05T09:00", "what-is-cse")])
    store.write([same] * 2)  # another batch: another row, counted with the first
    rows = store.rows(text("SELECT topic_id, asked FROM questions ORDER BY id"))
    assert rows == [
        ("report-a-concern", 5),
        (None, 1),
        (None, 1),
        ("what-is-cse", 1),
        ("report-a-concern", 2),
    ]
    figures = report(store)
    assert figures["questions"] == store.count("questions") == 10
    assert figures["by_topic"] == {"report-a-concern": 7, "fallback": 2, "what-is-cse": 1}
    assert figures["fallbacks"] == {"count": 2, "rate": 0.2}
    assert figures["by_month"] == {"2026-11": {"questions": 10, "fallbacks": 2}}
    assert [group.count for group in unanswered(store)] == [2]


def test_rows_written_before_the_asked_column_count_once(database: str) -> None:
    store = Store(database)
    store._make_folder()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO questions (hour, council, surface, urgency, confidence_band, "
                "knowledge_version) VALUES ('2026-11-01 09:00:00', 'chorley', 'web', 'none', "
                "'high', 'v1')"
            )
        )
    store.migrate()
    assert store.current() == "0002"
    assert store.count("questions") == 1
    assert report(store)["questions"] == 1
    store.dispose()


def test_report_filters_by_date_and_council(store: Store) -> None:
    store.write(KNOWN)
    assert report(store, since=dt.date(2026, 11, 2))["questions"] == 5
    stockton = report(store, council="stockton")
    assert (stockton["questions"], stockton["by_topic"]) == (1, {"report-a-concern": 1})
    assert report(store, council="nowhere")["fallbacks"] == {"count": 0, "rate": 0.0}


def test_unanswered_groups_similar_wordings_with_their_closest_topic(store: Store) -> None:
    store.write(
        KNOWN + [asked("2026-11-05T10:00", None, band="low", text="taxi fees", closest="y")]
    )
    [first, second] = unanswered(store)
    assert (first.count, first.closest_topic) == (2, "x")
    assert set(first.questions) == {"what about the [name] thing", "what about [name] thing"}
    assert (second.count, second.example, second.closest_topic) == (1, "taxi fees", "y")


def test_purge_deletes_only_what_is_older_than_the_cut(store: Store) -> None:
    store.write(KNOWN + [thumbs("what-is-cse", True)])
    gone = store.purge(dt.datetime(2026, 11, 2, 10))
    assert gone == {"questions": 4, "feedback": 1}
    assert store.count("questions") == 4
    assert report(store)["by_month"] == {
        "2026-11": {"questions": 3, "fallbacks": 1},
        "2026-12": {"questions": 1, "fallbacks": 0},
    }
