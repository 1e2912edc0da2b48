"""Many rows at once: one `executemany` for an insert, and random ids made in bulk (both measured
hot in large imports and first syncs, bench figures 1 and 3)."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Connection, Table


def bulk_insert(
    connection: Connection, table: Table, rows: list[dict[str, Any]], *, names: tuple[str, ...] | None = None
) -> None:
    """`INSERT` many rows with one DBAPI `executemany`: the columns `names` (default: the keys of the first
    row), a key missing from a row being NULL.

    Measured (bench figure 1): building SQLAlchemy's compiled parameters row by row cost more than
    SQLite's own insert. Values still go through the columns' own bind processors (JSON serialisation,
    booleans), so what is stored is byte for byte what `connection.execute(table.insert(), rows)` stores.
    """
    if not rows:
        return
    dialect = connection.dialect
    names = names or tuple(rows[0])
    if dialect.paramstyle != "qmark":  # the profile database is pysqlite/SQLCipher; anything else: plain path
        connection.execute(table.insert(), [{n: row.get(n) for n in names} for row in rows])
        return
    key = (table.name, names, dialect.name)
    prepared = _BULK_INSERTS.get(key)
    if prepared is None:
        quote = dialect.identifier_preparer.quote
        sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
            f"VALUES ({', '.join('?' * len(names))})"
        )
        processors = tuple(table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names)
        prepared = _BULK_INSERTS[key] = (sql, processors)
    sql, processors = prepared
    pairs = tuple(zip(names, processors, strict=True))
    connection.exec_driver_sql(
        sql, [tuple([row.get(n) if p is None else p(row.get(n)) for n, p in pairs]) for row in rows]
    )


def new_ids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as strings, like `str(uuid.uuid4())` but formatted in bulk: building
    a `uuid.UUID` object per id was a visible share of a large import (bench figure 1)."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes((b & 0x0F) | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes((b & 0x3F) | 0x80 for b in raw[8::16])  # RFC 4122 variant
    text = raw.hex()
    return [
        f"{text[i : i + 8]}-{text[i + 8 : i + 12]}-{text[i + 12 : i + 16]}-{text[i + 16 : i + 20]}-{text[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


_BULK_INSERTS: dict[tuple[str, tuple[str, ...], str], tuple[str, tuple[Any, ...]]] = {}
