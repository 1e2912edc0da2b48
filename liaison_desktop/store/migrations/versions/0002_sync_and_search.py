"""Sync bookkeeping (outbox, state, rejected mutations) and the full-text index, filled from the
records already present.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import json
import re
import unicodedata
from typing import Any

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


# What the full-text index held when this revision was written, copied here rather than imported from
# `store.search_index`: a migration is frozen history, and the live module may change its fields or its
# text preparation later (a later revision then rebuilds the index with its own copy).
_TITLE_FIELDS = {
    "contact": ("given_name", "family_name", "preferred_name"),
    "encounter": (),
    "amendment": (),
    "meeting": ("title",),
    "commitment": (),
    "feedback": ("topic",),
}
_BODY_FIELDS = {
    "contact": ("organization", "notes"),
    "encounter": ("summary",),
    "amendment": ("text",),
    "meeting": ("concerns",),
    "commitment": ("description",),
    "feedback": ("text",),
}
_TRANSLATED_TYPES = frozenset({"encounter", "meeting", "feedback"})
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_CJK_CHAR = re.compile("([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])")


def _prepare(value: str) -> str:
    """NFKC, Arabic diacritics and letter variants folded, every CJK character a token of its own."""
    folded = unicodedata.normalize("NFKC", value)
    folded = _ARABIC_MARKS.sub("", folded).translate(_ARABIC_FOLD)
    return _CJK_CHAR.sub(r" \1 ", folded)


def _documents(record_type: str, record: dict[str, Any]) -> tuple[str, str]:
    title = " ".join(str(record[f]) for f in _TITLE_FIELDS[record_type] if record.get(f))
    parts = [str(record[f]) for f in _BODY_FIELDS[record_type] if record.get(f)]
    translations = record.get("translations")
    if isinstance(translations, str):
        translations = json.loads(translations)
    if record_type in _TRANSLATED_TYPES and isinstance(translations, dict):
        parts.extend(str(v) for v in translations.values() if v)
    return _prepare(title), _prepare("\n".join(parts))


def _backfill_search_index() -> None:
    connection = op.get_bind()
    for record_type in sorted(_TITLE_FIELDS):
        rows = connection.execute(sa.text(f'SELECT * FROM "{record_type}" WHERE NOT deleted')).mappings()
        for row in rows:
            doc = connection.execute(
                sa.text("INSERT INTO search_doc (record_type, record_id) VALUES (:type, :id)"),
                {"type": record_type, "id": row["id"]},
            )
            title, body = _documents(record_type, dict(row))
            connection.execute(
                sa.text("INSERT INTO search_index (rowid, title, body) VALUES (:rowid, :title, :body)"),
                {"rowid": doc.lastrowid, "title": title, "body": body},
            )


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    op.drop_table("search_doc")
    op.drop_table("rejected_mutation")
    op.drop_table("sync_state")
    op.drop_index("ix_outbox_record", "outbox")
    op.drop_table("outbox")
