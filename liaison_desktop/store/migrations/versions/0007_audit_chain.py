"""The audit events' hash chain (`liaison_protocol.audit_chain`): each event's place, the hash of the
one before and its own, and what the server found when it checked them. Events written before this
revision keep none (the server stores them as `unchained`); the device's chain starts at 1 with its next
event, the head kept in `sync_state`.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("sequence", sa.Integer()))
    op.add_column("audit_event", sa.Column("prev_hash", sa.String()))
    op.add_column("audit_event", sa.Column("hash", sa.String()))
    op.add_column("audit_event", sa.Column("chain_status", sa.String()))
    op.add_column("audit_event", sa.Column("chain_problems", sa.JSON()))


def downgrade() -> None:
    for name in ("chain_problems", "chain_status", "hash", "prev_hash", "sequence"):
        op.drop_column("audit_event", name)
