"""The two tables, as SQLAlchemy Core sees them. Their history is in migrations/versions/."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text

metadata = MetaData()

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("hour", DateTime, nullable=False, index=True),
    Column("council", String(64), nullable=False),
    Column("role", String(16)),
    Column("surface", String(8), nullable=False),
    Column("topic_id", String(128)),
    Column("urgency", String(8), nullable=False),
    Column("confidence_band", String(8), nullable=False),
    Column("knowledge_version", String(64), nullable=False),
    Column("text", Text),
    Column("closest_topic", String(128)),
    Column("asked", Integer, nullable=False, server_default="1"),  # identical questions merged
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("hour", DateTime, nullable=False, index=True),
    Column("council", String(64)),
    Column("surface", String(8), nullable=False),
    Column("topic_id", String(128)),
    Column("helpful", Boolean, nullable=False),
    Column("reason", String(32)),
    Column("knowledge_version", String(64), nullable=False),
)
