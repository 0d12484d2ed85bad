"""The curator's store: what Pathways records (bot.usage) kept in SQLite or PostgreSQL, written
off the request path, and read back for reports, the unanswered queue and retention.

Kept apart from `bot/` because it does IO; `bot/` stays a pure core. One small interface:
`open_store(settings)` gives a `Usage` that adapters tell what was asked and what people
thought of it; `Store` reads for the curator's tools."""

from curator.settings import DEFAULT_DATABASE, DEFAULT_RETENTION_DAYS, StoreSettings
from curator.store import Store
from curator.usage import Usage, open_usage

__all__ = [
    "DEFAULT_DATABASE",
    "DEFAULT_RETENTION_DAYS",
    "Store",
    "StoreSettings",
    "Usage",
    "open_usage",
]
