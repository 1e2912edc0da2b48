"""Retention and erasure: per-type retention periods, legal holds, purge markers, server change time.

`record.purged_ms` marks a row whose contents were removed for good (a purge marker); `record.changed_ms`
is the server's time of the record's last accepted change, what a retention period counts from (rows
written before this revision have none: their last clock stamp stands in, see retention.py).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("record") as batch:
        batch.add_column(sa.Column("purged_ms", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("changed_ms", sa.BigInteger(), nullable=True))
    op.create_table(
        "retention_policy",
        sa.Column("record_type", sa.String(40), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("set_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("record_type", name=op.f("pk_retention_policy")),
    )
    op.create_table(
        "legal_hold",
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("placed_ms", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_legal_hold")),
    )


def downgrade() -> None:
    op.drop_table("legal_hold")
    op.drop_table("retention_policy")
    with op.batch_alter_table("record") as batch:
        batch.drop_column("changed_ms")
        batch.drop_column("purged_ms")
