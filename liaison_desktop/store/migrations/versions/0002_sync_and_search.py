"""Sync bookkeeping (outbox, state, rejected mutations) and the full-text index, filled from the
records already present.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("mutation_id", sa.String(), nullable=False, unique=True),
        sa.Column("record_type", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=False),
        sa.Column("op", sa.String(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("hlc", sa.String(), nullable=False),
        sa.Column("base_version", sa.Integer()),
        sa.Column("team_id", sa.String()),
    )
    op.create_index("ix_outbox_record", "outbox", ["record_type", "record_id"])
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "rejected_mutation",
        sa.Column("mutation_id", sa.String(), primary_key=True),
        sa.Column("record_type", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=False),
        sa.Column("op", sa.String(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("hlc", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("rejected_at_ms", sa.Integer(), nullable=False),
    )
    op.create_table(
        "search_doc",
        sa.Column("rowid", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("record_type", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=False, unique=True),
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    _backfill_search_index()


def _backfill_search_index() -> None:
    import json

    from liaison_desktop.store import search_index

    connection = op.get_bind()

    def rows(record_type: str):
        result = connection.execute(sa.text(f'SELECT * FROM "{record_type}"')).mappings()
        for row in result:
            record = dict(row)
            if isinstance(record.get("translations"), str):
                record["translations"] = json.loads(record["translations"])
            yield record

    search_index.rebuild(connection, rows)


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    op.drop_table("search_doc")
    op.drop_table("rejected_mutation")
    op.drop_table("sync_state")
    op.drop_index("ix_outbox_record", "outbox")
    op.drop_table("outbox")
