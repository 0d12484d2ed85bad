"""Questions and feedback: what Pathways records (issue 12).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hour", sa.DateTime, nullable=False),
        sa.Column("council", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16)),
        sa.Column("surface", sa.String(8), nullable=False),
        sa.Column("topic_id", sa.String(128)),
        sa.Column("urgency", sa.String(8), nullable=False),
        sa.Column("confidence_band", sa.String(8), nullable=False),
        sa.Column("knowledge_version", sa.String(64), nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("closest_topic", sa.String(128)),
    )
    op.create_index("ix_questions_hour", "questions", ["hour"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hour", sa.DateTime, nullable=False),
        sa.Column("council", sa.String(64)),
        sa.Column("surface", sa.String(8), nullable=False),
        sa.Column("topic_id", sa.String(128)),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(32)),
        sa.Column("knowledge_version", sa.String(64), nullable=False),
    )
    op.create_index("ix_feedback_hour", "feedback", ["hour"])


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("questions")
