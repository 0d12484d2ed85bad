"""The figures for scrutiny: questions by topic, role and surface, fallbacks, urgency,
feedback per topic and the month-by-month trend, for `pathways report` and `/admin`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, and_, case, func, select, true

from bot.usage import FALLBACK
from curator.store import ASKED, Store
from curator.tables import feedback, questions

NOT_GIVEN = "not given"


def _where(table: Table, since: dt.date | None, council: str | None) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(table.c.hour >= dt.datetime.combine(since, dt.time()))
    if council is not None:
        conditions.append(table.c.council == council)
    return and_(true(), *conditions)


def _counts(store: Store, column: Column[Any], where: ColumnElement[bool]) -> dict[str, int]:
    rows = store.rows(select(column, ASKED).where(where).group_by(column))
    found = Counter({(key if key is not None else NOT_GIVEN): int(n) for key, n in rows})
    return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))


def report(
    store: Store, since: dt.date | None = None, council: str | None = None
) -> dict[str, Any]:
    """One JSON-ready object: questions, by_topic, by_role, by_surface, fallbacks, urgent,
    feedback and by_month."""
    where = _where(questions, since, council)
    total = int(store.rows(select(func.coalesce(ASKED, 0)).where(where))[0][0])
    by_topic = _counts(store, questions.c.topic_id, where)
    fallbacks = by_topic.pop(NOT_GIVEN, 0)
    if fallbacks:
        by_topic[FALLBACK] = fallbacks
    urgency = _counts(store, questions.c.urgency, where)
    return {
        "questions": total,
        "by_topic": by_topic,
        "by_role": _counts(store, questions.c.role, where),
        "by_surface": _counts(store, questions.c.surface, where),
        "by_confidence": _counts(store, questions.c.confidence_band, where),
        "fallbacks": {"count": fallbacks, "rate": round(fallbacks / total, 3) if total else 0.0},
        "urgent": {"urgent": urgency.get("urgent", 0), "possible": urgency.get("possible", 0)},
        "feedback": _feedback(store, _where(feedback, since, council)),
        "by_month": _months(store, where),
    }


def _feedback(store: Store, where: ColumnElement[bool]) -> dict[str, dict[str, Any]]:
    columns = (feedback.c.topic_id, feedback.c.helpful, feedback.c.reason)
    rows = store.rows(select(*columns, func.count()).where(where).group_by(*columns))
    out: dict[str, dict[str, Any]] = {}
    for topic, helpful, reason, n in rows:
        entry = out.setdefault(topic or FALLBACK, {"helpful": 0, "not_helpful": 0, "reasons": {}})
        entry["helpful" if helpful else "not_helpful"] += int(n)
        if reason:
            entry["reasons"][reason] = entry["reasons"].get(reason, 0) + int(n)
    return dict(sorted(out.items(), key=lambda i: (-(i[1]["helpful"] + i[1]["not_helpful"]), i[0])))


def _months(store: Store, where: ColumnElement[bool]) -> dict[str, dict[str, int]]:
    """Grouped by hour in the database and by month here: the same on SQLite and PostgreSQL."""
    missed = func.sum(case((questions.c.topic_id.is_(None), questions.c.asked), else_=0))
    statement = select(questions.c.hour, ASKED, missed).where(where).group_by(questions.c.hour)
    months: dict[str, dict[str, int]] = {}
    for hour, n, fell_back in store.rows(statement):
        month = months.setdefault(hour.strftime("%Y-%m"), {"questions": 0, "fallbacks": 0})
        month["questions"] += int(n)
        month["fallbacks"] += int(fell_back or 0)
    return dict(sorted(months.items()))
