"""Every store test runs on SQLite and on a real PostgreSQL (a throwaway cluster on loopback):
`database` is a fresh, empty database URL of each kind."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

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


def close(app: Flask) -> None:
    """Close an app's database connections (an open one left to the garbage collector warns)."""
    app.extensions["pathways.usage"].close()
    admin = app.extensions.get("pathways.admin_store")
    if admin is not None:
        admin.dispose()


@pytest.fixture()
def recording_app(
    assistant: Assistant, chat_env: pytest.MonkeyPatch, database: str
) -> Iterator[Callable[..., Flask]]:
    """create_app with the store on, writing to this test's database."""
    made: list[Flask] = []

    def make(**config: Any) -> Flask:
        app = create_app({"STORE": "on", "DATABASE_URL": database, **config}, assistant=assistant)
        app.testing = True
        made.append(app)
        return app

    yield make
    for app in made:
        close(app)


@pytest.fixture()
def client(assistant: Assistant, chat_env: pytest.MonkeyPatch) -> FlaskClient:
    """The web service with the store off (as tests run it unless they ask for a database)."""
    app = create_app(assistant=assistant)
    app.testing = True
    return app.test_client()
