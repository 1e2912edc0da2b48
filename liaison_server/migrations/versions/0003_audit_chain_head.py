"""The audit-event hash chain: where each device's chain stands (`audit_chain_head`).

Events already stored keep no chain fields; the next chained event of a device starts its chain at 1.
An audit event's owner now means "the author of the note it says was viewed", who may read it; events
stored before were owned by their writer, so they lose their owner (officers do not read their own
trail back). Views recorded before this revision are not shown to the note's author.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_chain_head",
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("last_sequence", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("last_at_ms", sa.BigInteger(), nullable=True),
        sa.Column("updated_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_audit_chain_head")),
    )
    op.execute("UPDATE record SET owner_id = NULL WHERE record_type = 'audit_event'")


def downgrade() -> None:
    op.drop_table("audit_chain_head")
