"""Opening a SQLCipher database through SQLAlchemy.

The data key is handed to SQLCipher as a raw 32-byte key, so SQLCipher's own PBKDF2 is skipped: the
passphrase is stretched once by Argon2id when the profile is unlocked (see `profile_keys`), not on every
connection.
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, text

from liaison_desktop.store.profile_keys import KEY_BYTES
from liaison_desktop.store.store_errors import NotADatabase

# Execution option marking a connection that only reads (see `_on_begin`).
READ_ONLY_OPTION = "liaison_read_only"
# A large page cache keeps encrypted reads near plain-SQLite speed (measured, FIELD-NOTES).
CACHE_KIB = 65536


def key_pragma(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _apply_pragmas(dbapi_connection: sqlcipher3.Connection, key: bytes) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # SQLCipher otherwise prints page-decryption errors to stderr on a failed open.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute(key_pragma(key))
        # Temporary tables and sort spills are not encrypted by SQLCipher: keep them in memory.
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed note survives a power cut; batches keep the cost per row small.
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def open_encrypted_engine(path: Path, key: bytes, *, verify: bool = True) -> Engine:
    """An engine on the SQLCipher file at `path`, created if missing.

    Raises `NotADatabase` when the file exists but does not open with `key`.
    """
    engine = create_engine(
        f"sqlite+pysqlite:///{path.resolve()}",
        module=sqlcipher3,
        connect_args={"check_same_thread": False, "timeout": 10},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001 - SQLAlchemy's signature
        # pysqlite's own transaction handling is replaced by explicit BEGIN below.
        dbapi_connection.isolation_level = None
        _apply_pragmas(dbapi_connection, key)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # noqa: ANN001
        # IMMEDIATE: take the write lock at the start, so two writers never deadlock on upgrade. Read-only
        # connections (`RecordStore.read`) begin DEFERRED: in WAL mode a reader then neither waits for nor blocks
        # the writer, so a list or a search never queues behind a sync page being applied (measured: with
        # IMMEDIATE, a search waited out the 10 s busy timeout behind an open read).
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    if verify:
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        except Exception as exc:  # sqlcipher3 raises DatabaseError for both cases
            engine.dispose()
            message = str(getattr(exc, "orig", exc)).lower()
            if "not a database" in message or "encrypted" in message:
                raise NotADatabase() from None
            raise
    return engine
