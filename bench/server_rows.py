"""The server's own bulk insert: rows of the server's `record` table, copied with one `executemany`.

Baseline of figure 6. It takes the very rows the push produced (read back from the server's database)
and inserts them into an empty, migrated server database of the same kind through the server's own
SQLAlchemy table, in one transaction: the floor of what storing those records costs the server, without
HTTP, validation, merging, scoping or idempotency keys.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select

from liaison_server.db import make_engine
from liaison_server.models import Record

_CHUNK = 1000


def fetch_records(db_url: str, record_ids: Sequence[str]) -> list[dict[str, Any]]:
    engine = make_engine(db_url)
    table = Record.__table__
    try:
        rows: list[dict[str, Any]] = []
        with engine.connect() as connection:
            for start in range(0, len(record_ids), _CHUNK):
                chunk = list(record_ids[start : start + _CHUNK])
                rows.extend(
                    dict(r)
                    for r in connection.execute(select(table).where(table.c.record_id.in_(chunk))).mappings()
                )
        return rows
    finally:
        engine.dispose()


def timed_bulk_insert(db_url: str, rows: Sequence[dict[str, Any]]) -> float:
    """Seconds to insert `rows` (primary keys dropped) into the empty `record` table, commit included."""
    engine = make_engine(db_url)
    table = Record.__table__
    payload = [{k: v for k, v in row.items() if k != "id"} for row in rows]
    try:
        with engine.begin() as connection:
            connection.execute(delete(table))
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(table.insert(), payload)
        return time.perf_counter() - started
    finally:
        engine.dispose()
