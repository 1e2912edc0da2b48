"""The raw-engine baselines: rows straight into the record tables with DBAPI `executemany`.

This is the floor the application's write path is compared with: no validation, no clock, no outbox, no
search index, no SQLAlchemy, just the same rows (converted to SQLite values, which is part of the work) in
the same tables, in transactions of the same size.
"""

from __future__ import annotations

import json
import time
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


def insert_with_outbox_and_index(engine: Engine, record_type: str, rows: Sequence[dict[str, Any]]) -> float:
    """Seconds to write `rows` the way the app lays them out (record, outbox entry, search document and
    full-text row per record), with everything computed beforehand: the engine's floor for the app's write.

    Not a figure's baseline (figure 1 compares with the record table alone, as its target says), but the
    detail reports it, to tell what the app's own code costs from what its data layout costs.
    """
    from liaison_desktop.store import search_index

    outbox_sql = (
        "INSERT INTO outbox (mutation_id, record_type, record_id, op, fields, hlc, base_version, team_id) "
        "VALUES (?, ?, ?, 'upsert', ?, ?, NULL, ?)"
    )
    outbox_rows = [
        (f"m-{row['id']}", record_type, row["id"], json.dumps({k: v for k, v in row.items() if v is not None}, default=str),
         row["created_hlc"], row["team_id"])
        for row in rows
    ]  # fmt: skip
    documents = [search_index._documents(record_type, row) for row in rows]
    started = time.perf_counter()
    insert_rows(engine, record_type, rows)
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        for start in range(0, len(rows), BATCH):
            end = min(start + BATCH, len(rows))
            cursor.execute("BEGIN IMMEDIATE")
            cursor.executemany(outbox_sql, outbox_rows[start:end])
            cursor.executemany(
                "INSERT INTO search_doc (rowid, record_type, record_id) VALUES (?, ?, ?)",
                [(n + 1, record_type, rows[n]["id"]) for n in range(start, end)],
            )
            cursor.executemany(
                "INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)",
                [(n + 1, *documents[n]) for n in range(start, end)],
            )
            cursor.execute("COMMIT")
        cursor.close()
    finally:
        raw.close()
    return time.perf_counter() - started


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
