"""The database behind the curator's tools: migrated by Alembic, written and read with
SQLAlchemy Core, so the same code runs on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
)

from bot.usage import FeedbackRecord, QuestionRecord
from curator.settings import database_url
from curator.tables import feedback, questions

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
Record = QuestionRecord | FeedbackRecord
CHUNK = 5  # rows an insert statement carries: short holds of the GIL
# Questions, not rows: a row may stand for several identical questions (see merged).
ASKED = func.sum(questions.c.asked)
MIGRATION_LOCK = int.from_bytes(b"pathways", "big")  # PostgreSQL's advisory lock for migrating


class Store:
    """One database. `migrate()` brings it to the newest schema; nothing else changes it."""

    def __init__(self, url: str) -> None:
        self.url = database_url(url)
        self.sqlite = self.url.get_backend_name() == "sqlite"
        options: dict[str, Any] = {"pool_pre_ping": True}
        if self.sqlite:  # each process keeps its own connection; workers share the file
            options = {"connect_args": {"timeout": 5}}
        self.engine: Engine = create_engine(self.url, **options)
        if self.sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrated = False

    def migrate(self) -> None:
        """Alembic upgrade to head, one process at a time: instances starting together on an
        empty database would otherwise each create the tables, and all but one fail."""
        self._make_folder()
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self._alone() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        self.engine.dispose()  # no connection is carried into gunicorn's forked workers
        self.migrated = True

    @contextmanager
    def _alone(self) -> Iterator[Connection]:
        """A transaction no other process migrates alongside: the next one waits, then finds
        the schema at head. PostgreSQL: an advisory lock, let go when the transaction ends.
        SQLite: a lock (flock) on the database's folder from before the first connection,
        which switches a new file to WAL, and which SQLite fails at once, not waits, when
        another connection is switching it too."""
        with ExitStack() as stack:
            if self.sqlite and self.url.database:
                folder = os.open(Path(self.url.database).parent, os.O_RDONLY)
                stack.callback(os.close, folder)  # closing it lets go of the lock
                fcntl.flock(folder, fcntl.LOCK_EX)
            connection = stack.enter_context(self.engine.begin())
            if not self.sqlite:
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
            yield connection

    def current(self) -> str | None:
        """The schema revision the database is at (None before the first migration)."""
        self._make_folder()
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    @staticmethod
    def head() -> str | None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        return ScriptDirectory.from_config(config).get_current_head()

    def write(self, records: Sequence[Record]) -> None:
        """All or nothing, in one transaction."""
        if not self.migrated:
            self.migrate()
        rows = {questions: [], feedback: []}  # type: dict[Any, list[dict[str, Any]]]
        for record in merged(records):
            table = questions if isinstance(record, QuestionRecord) else feedback
            rows[table].append(_row(record))
        with self.engine.connect() as connection:
            time.sleep(0)  # between steps, let a request thread take Python's lock (the GIL)
            with connection.begin():
                for table, values in rows.items():
                    for start in range(0, len(values), CHUNK):
                        connection.execute(insert(table), values[start : start + CHUNK])
                        time.sleep(0)
            time.sleep(0)

    def purge(self, before: dt.datetime) -> dict[str, int]:
        """Delete every record from before `before`; how many went from each table."""
        if not self.migrated:
            self.migrate()
        gone = {}
        with self.engine.begin() as connection:
            for table in (questions, feedback):
                result = connection.execute(delete(table).where(table.c.hour < before))
                gone[table.name] = result.rowcount
        return gone

    def rows(self, statement: Any) -> list[Any]:
        if not self.migrated:
            self.migrate()
        with self.engine.connect() as connection:
            return list(connection.execute(statement))

    def count(self, table_name: str) -> int:
        """Questions asked (a row may stand for several) or pieces of feedback."""
        if table_name == "questions":
            return int(self.rows(select(func.coalesce(ASKED, 0)))[0][0])
        return int(self.rows(select(func.count()).select_from(feedback))[0][0])

    def _make_folder(self) -> None:
        """A SQLite file's folder (the default data/ folder) is made when missing."""
        if self.sqlite and self.url.database:
            Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)

    def dispose(self) -> None:
        self.engine.dispose()


def merged(records: Sequence[Record]) -> list[Record]:
    """Identical question records with no words become one, counting them in `asked`: at
    a thousand questions a second, inserting a row each took a third of a core (bench)."""
    out: list[Record] = []
    seen: dict[QuestionRecord, int] = {}
    for record in records:
        if not isinstance(record, QuestionRecord) or record.text is not None:
            out.append(record)
            continue
        key = dataclasses.replace(record, asked=1)
        if key in seen:
            place = seen[key]
            previous = out[place]
            assert isinstance(previous, QuestionRecord)
            out[place] = dataclasses.replace(previous, asked=previous.asked + record.asked)
        else:
            seen[key] = len(out)
            out.append(record)
    return out


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL lets readers (reports) work while the service writes."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


_FIELDS = {
    kind: tuple(f.name for f in dataclasses.fields(kind))
    for kind in (QuestionRecord, FeedbackRecord)
}


def _row(record: Record) -> dict[str, Any]:
    """The record's columns. Not dataclasses.asdict, which deep-copies every value (each
    hour's datetime too): 3% of a worker's time under load went there (py-spy)."""
    return {name: getattr(record, name) for name in _FIELDS[type(record)]}
