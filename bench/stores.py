"""Empty profile databases for the figures: encrypted exactly as a profile is, or plain for comparison.

The plain database is opened with the same SQLCipher build (so the SQLite version, FTS5 and every pragma
are identical) but without a key, which is how SQLCipher stores an ordinary SQLite file: the difference
between the two is the encryption and nothing else. `check_same_pragmas` proves the settings match, so a
later change to the product's pragmas cannot silently make the comparison unfair.
"""

from __future__ import annotations

import secrets
import uuid
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event

from liaison_desktop.store.actor import Actor
from liaison_desktop.store.cipher_database import CACHE_KIB, open_encrypted_engine
from liaison_desktop.store.schema import upgrade_to_head

BENCH_TEAM = str(uuid.UUID(int=0xBE4C, version=4))
BENCH_USER = str(uuid.UUID(int=0xBE4D, version=4))
BENCH_ACTOR = Actor(user_id=BENCH_USER, role="officer", team_id=BENCH_TEAM)

COMPARED_PRAGMAS = (
    "journal_mode",
    "synchronous",
    "cache_size",
    "temp_store",
    "secure_delete",
    "foreign_keys",
)


def encrypted_engine(path: Path, key: bytes | None = None) -> Engine:
    """A new profile database at the current schema, under a random raw key (as profiles use)."""
    engine = open_encrypted_engine(path, key or secrets.token_bytes(32))
    upgrade_to_head(engine)
    return engine


def plain_engine(path: Path) -> Engine:
    """The same database without encryption: same library, same pragmas, same transaction handling."""
    engine = create_engine(
        f"sqlite+pysqlite:///{path.resolve()}",
        module=sqlcipher3,
        connect_args={"check_same_thread": False, "timeout": 10},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001 - SQLAlchemy's signature
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "temp_store = MEMORY",
            "secure_delete = ON",
            f"cache_size = -{CACHE_KIB}",
            "foreign_keys = ON",
            "busy_timeout = 10000",
            "journal_mode = WAL",
            "synchronous = FULL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    upgrade_to_head(engine)
    return engine


def pragma_snapshot(engine: Engine) -> dict[str, object]:
    with engine.connect() as connection:
        return {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in COMPARED_PRAGMAS}


class PragmaMismatch(AssertionError):
    """The plain and encrypted databases are not configured alike: their comparison would be unfair."""


def check_same_pragmas(encrypted: Engine, plain: Engine) -> None:
    left, right = pragma_snapshot(encrypted), pragma_snapshot(plain)
    if left != right:
        raise PragmaMismatch(f"encrypted {left} vs plain {right}")


def is_encrypted(path: Path) -> bool:
    """True when the file does not start with SQLite's plain-text header (a sanity check of the setup)."""
    with open(path, "rb") as handle:
        return not handle.read(16).startswith(b"SQLite format 3")
