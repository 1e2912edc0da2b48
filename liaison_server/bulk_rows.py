"""Writing a push's new rows in one go: `COPY` on PostgreSQL, one `executemany` elsewhere.

A month of offline edits arrives as batches of hundreds of new records; on PostgreSQL, COPY stores them
about 1.4 times faster than the pipelined INSERTs of an executemany (measured: the rest of the time is the
server's own work per row, JSONB parsing and index entries). JSON columns are encoded here, as the
INSERT path's JSON type would, and parsed by PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import JSON, Table, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from liaison_server.db import backend_name


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `table` within the session's transaction.

    Database errors surface as SQLAlchemy's `DBAPIError` subclasses on both paths, so that callers can
    tell a unique-key race (SQLSTATE 23505) from anything else in one way."""
    if not rows:
        return
    if backend_name(session.get_bind()) != "postgresql":
        session.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    json_columns = {column.name for column in table.columns if isinstance(column.type, JSON)}
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(name) for name in columns)
    )
    connection = session.connection().connection.driver_connection
    try:
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([_json(row[name]) if name in json_columns else row[name] for name in columns])
    except psycopg.Error as error:
        raise DBAPIError.instance(statement.as_string(connection), None, error, psycopg.Error) from error


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
