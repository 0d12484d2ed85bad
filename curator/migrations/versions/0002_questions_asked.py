"""A question row may stand for several identical questions: `asked` says how many.

The writer merges identical records of a batch (same hour, council, role, surface, topic,
urgency, band and version, no words kept) into one row, so a busy hour costs a handful of
rows, not one per question. Rows written before this revision stand for one question each.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        batch.add_column(sa.Column("asked", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        batch.drop_column("asked")
