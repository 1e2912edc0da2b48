"""Copying a seeded server's state into a database of another kind, through the server's own tables.

Seeding 100,000 records through the push API costs minutes on this machine; doing it once (on the SQLite
server) and copying the result into PostgreSQL gives the PostgreSQL server the very same records, users,
team and change numbers in seconds. Devices and idempotency keys are not copied: the figures that use the
copy sign new devices in and push new mutations. `record.id` is left to PostgreSQL's own sequence, so later
pushes do not collide with copied keys.
"""

from __future__ import annotations

import time

from sqlalchemy import delete, select, text

from liaison_server import migrations
from liaison_server.db import make_engine
from liaison_server.models import Base

COPIED_TABLES = ("team", "app_user", "user_team", "record", "change_counter")
CHUNK = 5000


def copy_server_state(source_url: str, target_url: str) -> float:
    """Seconds to copy the seeded state from `source_url` into the (new, empty) `target_url`."""
    started = time.perf_counter()
    source, target = make_engine(source_url), make_engine(target_url)
    try:
        migrations.upgrade(target)
        with source.connect() as reading, target.begin() as writing:
            writing.execute(delete(Base.metadata.tables["change_counter"]))
            for name in COPIED_TABLES:
                table = Base.metadata.tables[name]
                rows = [dict(r) for r in reading.execute(select(table)).mappings()]
                if name == "record":
                    rows = [{k: v for k, v in row.items() if k != "id"} for row in rows]
                for start in range(0, len(rows), CHUNK):
                    writing.execute(table.insert(), rows[start : start + CHUNK])
        if target.url.get_backend_name() == "postgresql":
            # What autovacuum does within a minute on a server that has been running: without table
            # statistics, the first pull pages after a bulk copy are planned about three times slower.
            with target.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("ANALYZE"))
    finally:
        source.dispose()
        target.dispose()
    return time.perf_counter() - started
