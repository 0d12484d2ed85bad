"""Every store test runs on SQLite and on a real PostgreSQL (a throwaway cluster on loopback):
`database` is a fresh, empty database URL of each kind."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from adapters.web import create_app
from bot import Assistant
from curator.store import Store
from tests.postgres import Cluster

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'pathways.sqlite3'}"
    cluster: Cluster = request.getfixturevalue("postgres")
    return cluster.create_database(f"pathways_{next(_names)}")


@pytest.fixture()
def store(database: str) -> Iterator[Store]:
    opened = Store(database)
    opened.migrate()
    yield opened
    opened.dispose()


@pytest.fixture()
def recording_app(
    assistant: Assistant, chat_env: pytest.MonkeyPatch, database: str
) -> Callable[..., Flask]:
    """create_app with the store on, writing to this test's database."""

    def make(**config: Any) -> Flask:
        app = create_app({"STORE": "on", "DATABASE_URL": database, **config}, assistant=assistant)
        app.testing = True
        return app

    return make
