"""The raw-engine baselines: rows straight into the record tables with DBAPI `executemany`.

This is the floor the application's write path is compared with: no validation, no clock, no outbox, no
search index, no SQLAlchemy, just the same rows (converted to SQLite values, which is part of the work) in
the same tables, in transactions of the same size.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Engine, Integer
from sqlalchemy.types import JSON

from liaison_desktop.store.models import record_tables

from .app_services import BATCH
from .data_generator import GeneratedRecord


def _converter(column_type: Any):  # noqa: ANN202 - a small per-column function
    if isinstance(column_type, JSON):
        return lambda v: None if v is None else json.dumps(v)
    if isinstance(column_type, Boolean):
        return lambda v: None if v is None else int(v)
    if isinstance(column_type, Integer):
        return lambda v: v
    return lambda v: v


def insert_rows(
    engine: Engine, record_type: str, rows: Sequence[dict[str, Any]], *, batch: int = BATCH
) -> None:
    """`rows` are complete table rows (bookkeeping columns included; missing keys become NULL)."""
    table = record_tables[record_type]
    columns = [column.name for column in table.columns]
    converters = [_converter(column.type) for column in table.columns]
    sql = f'INSERT INTO "{record_type}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        cursor = dbapi.cursor()
        for start in range(0, len(rows), batch):
            values = [
                tuple(convert(row.get(name)) for name, convert in zip(columns, converters, strict=True))
                for row in rows[start : start + batch]
            ]
            cursor.execute("BEGIN IMMEDIATE")
            cursor.executemany(sql, values)
            cursor.execute("COMMIT")
        cursor.close()
    finally:
        raw.close()


def as_table_rows(
    records: Sequence[GeneratedRecord], *, team_id: str, author_id: str
) -> list[dict[str, Any]]:
    """Generated records with the bookkeeping columns a device would store for its own new records."""
    stamp = "1767225600000-000000-bench"
    return [
        {
            **record.fields,
            "id": record.record_id,
            "team_id": team_id,
            "author_id": author_id,
            "owner_id": None,
            "created_hlc": stamp,
            "updated_hlc": stamp,
            "server_version": None,
            "deleted": False,
        }
        for record in records
    ]
