"""Alembic migrations of the server schema, run programmatically (`liaison-server migrate`, `serve`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

SCRIPT_LOCATION = Path(__file__).resolve().parent
# The PostgreSQL advisory lock every server instance takes around its migrations (any constant will do,
# as long as all instances agree on it).
MIGRATION_LOCK_KEY = 4_857_012_318


def alembic_config(engine: Engine) -> Config:
    """A config without an ini file. The engine travels in `attributes`, never through the ini's
    interpolation, so a password with a `%` in the URL cannot break it."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with _migration_lock(engine):
        command.upgrade(alembic_config(engine), revision)


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One migrating instance at a time. Several servers started together on one PostgreSQL database (a
    cluster booting, a rolling upgrade) would otherwise run the same migration at once, and all but one
    fail on the tables the first one created. The others wait here, then find the schema current."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        connection.commit()  # the lock belongs to the session: no transaction needs to stay open
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
            connection.commit()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
