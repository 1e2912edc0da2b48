"""Accounts and sessions: disabled accounts, revocation kinds, sign-in throttling, the server's audit.

The per-user lockout columns go: a lockout let anyone who knew a username lock its officer out, and it
is replaced by growing delays per client address and per username (`sign_in_throttle`).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("failed_signins")
        batch.drop_column("locked_until_ms")
        batch.add_column(sa.Column("disabled_ms", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("revocation_kind", sa.String(16), nullable=True))
    # Devices revoked before kinds existed were all "erase at once".
    op.execute("UPDATE device SET revocation_kind = 'lost_device' WHERE revoked_ms IS NOT NULL")
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_ms", sa.BigInteger(), nullable=False),
        sa.Column("blocked_until_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttle")),
    )
    op.create_table(
        "server_audit_event",
        sa.Column("id", BIG_KEY, autoincrement=True, nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("actor_user_id", sa.String(36), nullable=True),
        sa.Column("actor_device_id", sa.String(64), nullable=True),
        sa.Column("subject_user_id", sa.String(36), nullable=True),
        sa.Column("subject_device_id", sa.String(64), nullable=True),
        sa.Column("client_address", sa.String(64), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_audit_event")),
    )
    op.create_index("ix_server_audit_event_at", "server_audit_event", ["at_ms"])
    op.create_index(op.f("ix_server_audit_event_action"), "server_audit_event", ["action"])
    op.create_index(op.f("ix_server_audit_event_subject_user_id"), "server_audit_event", ["subject_user_id"])


def downgrade() -> None:
    op.drop_table("server_audit_event")
    op.drop_table("sign_in_throttle")
    with op.batch_alter_table("device") as batch:
        batch.drop_column("revocation_kind")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("disabled_ms")
        batch.add_column(sa.Column("failed_signins", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until_ms", sa.BigInteger(), nullable=True))
