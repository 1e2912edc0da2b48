"""Engines and sessions for SQLite and PostgreSQL.

SQLite: WAL (readers never wait for the writer), a busy timeout (several worker processes share the
file), and write transactions opened with BEGIN IMMEDIATE so that writers queue at BEGIN instead of
failing halfway with "database is locked". pysqlite's own transaction handling is switched off so that
SQLAlchemy's `begin` event decides how each transaction starts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

WRITE_OPTION = "liaison_write"
SQLITE_BUSY_TIMEOUT_S = 60


def make_engine(url: str, **kwargs: Any) -> Engine:
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def begin_write(session: Session) -> None:
    """Mark the session's (not yet started) transaction as a writer: BEGIN IMMEDIATE on SQLite."""
    session.connection(execution_options={WRITE_OPTION: True})


def backend_name(engine: Engine) -> str:
    return engine.url.get_backend_name()
