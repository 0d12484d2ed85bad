"""The store's settings as plain values; adapters read them from PATHWAYS_* at the edge."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "sqlite:///" + str(PROJECT / "data" / "pathways.sqlite3")
DEFAULT_RETENTION_DAYS = 90
SCHEMES = ("sqlite", "postgresql")


@dataclass(frozen=True)
class StoreSettings:
    database_url: str = DEFAULT_DATABASE
    enabled: bool = True
    retention_days: int = DEFAULT_RETENTION_DAYS
    keep_words: bool = True  # the redacted words of questions it could not answer


def database_url(text: str) -> URL:
    """sqlite:///path or postgresql://...; postgresql goes through psycopg (version 3)."""
    try:
        url = make_url(text)
    except ArgumentError:
        raise ValueError(
            f"'{text}' is not a database URL like sqlite:///data/pathways.sqlite3"
        ) from None
    backend = url.get_backend_name()
    if backend not in SCHEMES:
        raise ValueError(f"'{backend}' databases are not supported: use sqlite or postgresql")
    if backend == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url
