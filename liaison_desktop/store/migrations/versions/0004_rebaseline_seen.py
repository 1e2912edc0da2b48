"""The records seen during a scope re-baseline (see `sync.replica`), so an interrupted re-download of the
whole scope resumes without forgetting what it has already seen.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rebaseline_seen",
        sa.Column("record_type", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("record_type", "record_id"),
    )


def downgrade() -> None:
    op.drop_table("rebaseline_seen")
