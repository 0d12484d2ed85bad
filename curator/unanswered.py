"""The unanswered queue: the redacted words of fallbacks and low-confidence answers, grouped."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.gaps import Gap, group_gaps
from curator.report import _where
from curator.store import Store
from curator.tables import questions


def unanswered(store: Store, since: dt.date | None = None, council: str | None = None) -> list[Gap]:
    where = _where(questions, since, council) & questions.c.text.is_not(None)
    rows = store.rows(select(questions.c.text, questions.c.closest_topic).where(where))
    return group_gaps((text, topic) for text, topic in rows)
