"""Opening a profile checks its schema version cheaply and runs Alembic only when the profile is behind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from liaison_desktop.store import schema
from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.profiles import LaptopProfiles

_UNLOCK_AND_LIST_MODULES = """
import json, sys
from pathlib import Path
from liaison_desktop.store.profile_keys import OWASP_MINIMUM
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.store.schema import current_revision

root, profile_id, passphrase = sys.argv[1:]
unlocked = LaptopProfiles(Path(root), params=OWASP_MINIMUM).unlock(profile_id, passphrase)
try:
    revision = current_revision(unlocked.engine)
finally:
    unlocked.close()
print(json.dumps({"revision": revision, "alembic": sorted(m for m in sys.modules if m.split(".")[0] == "alembic")}))
"""


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    return config


def _downgrade(engine: Engine, revision: str) -> None:
    config = _alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
        connection.commit()


def _schema_of(engine: Engine) -> list[tuple[str, str | None]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.exec_driver_sql("SELECT name, sql FROM sqlite_master ORDER BY name")
        ]


def test_the_newest_revision_read_from_file_names_is_alembics_head():
    assert schema.head_revision() == ScriptDirectory.from_config(_alembic_config()).get_current_head()


def test_every_migration_file_is_named_after_its_revision():
    for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions():
        assert Path(script.path).name.startswith(f"{script.revision}_"), script.path


def test_a_profile_at_head_opens_without_importing_alembic(profile_store, profile_created):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _UNLOCK_AND_LIST_MODULES,
            str(profile_store.data_root),
            profile_created.profile_id,
            profile_created.passphrase,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    opened = json.loads(result.stdout)
    assert opened == {"revision": schema.head_revision(), "alembic": []}


def test_a_profile_behind_head_is_migrated_when_unlocked(profile_store: LaptopProfiles, profile_created):
    unlocked = profile_store.unlock(profile_created.profile_id, profile_created.passphrase)
    at_head = _schema_of(unlocked.engine)
    _downgrade(unlocked.engine, "0001")
    assert schema.current_revision(unlocked.engine) == "0001"
    unlocked.close()

    unlocked = profile_store.unlock(profile_created.profile_id, profile_created.passphrase)
    try:
        assert schema.current_revision(unlocked.engine) == schema.head_revision()
        assert _schema_of(unlocked.engine) == at_head
    finally:
        unlocked.close()


def test_a_database_alembic_never_touched_has_no_revision_until_upgraded(tmp_path):
    engine = open_encrypted_engine(tmp_path / "new.db", bytes(32))
    try:
        assert schema.current_revision(engine) is None
        schema.upgrade_to_head(engine)
        assert schema.current_revision(engine) == schema.head_revision()
    finally:
        engine.dispose()
