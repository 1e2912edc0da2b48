"""Bringing a profile database to the current schema with Alembic, on the profile's own connection.

Migrations run inside the encrypted connection (Alembic never opens the file itself, so it never needs
the key), and each revision is transactional: an interrupted upgrade leaves the previous revision intact.

Nearly every unlock finds the profile already at head, so that case is made cheap: the stored revision
is read from `alembic_version` in a read-only (deferred, so no write lock) transaction and compared with
the newest revision, which is known from the file names in `migrations/versions/` (`0004_some_change.py`
holds revision `0004`; tests/store/test_schema_version.py checks that convention against Alembic's own
view). Alembic, which costs about 200 ms to import and run, is imported only when the profile is behind
(or ahead: a newer release's profile, which Alembic then refuses as before); it then runs exactly as it
did on every unlock before, reading the stored revision itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from liaison_desktop.store.cipher_database import READ_ONLY_OPTION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
VERSIONS = MIGRATIONS / "versions"
# A revision file: its id, then an underscore and a slug ("0003_contact_list_indexes.py").
_REVISION_FILE = re.compile(r"(?P<revision>\d+)_\w+\.py")


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade to `revision` (default: the newest) with Alembic."""
    from alembic import command

    config = _config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def upgrade_to_head(engine: Engine) -> None:
    """Bring the database to the newest revision; safe and cheap to call on every unlock."""
    if current_revision(engine) != head_revision():
        upgrade(engine, "head")


def current_revision(engine: Engine) -> str | None:
    """The revision stored in `alembic_version`, or None for a database Alembic has never touched."""
    with engine.connect() as connection:
        connection.execution_options(**{READ_ONLY_OPTION: True})  # BEGIN DEFERRED: no write lock
        with connection.begin():
            return _stored_revision(connection)


def _stored_revision(connection: Connection) -> str | None:
    has_table = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if has_table is None:
        return None
    revisions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    # One row on a linear history; several would be branches, which only Alembic can sort out.
    return revisions[0] if len(revisions) == 1 else None


def head_revision() -> str:
    """The newest revision id, from the file names of the migrations (no Alembic import)."""
    revisions = [
        match["revision"]
        for match in map(_REVISION_FILE.fullmatch, (path.name for path in VERSIONS.iterdir()))
        if match is not None
    ]
    if not revisions:
        raise RuntimeError(f"no migration files in {VERSIONS}")
    return max(revisions, key=int)
