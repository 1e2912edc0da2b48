"""Encrypted backups: made daily, kept five deep, exported to one file, restored over a damaged profile."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from liaison_desktop.store.profile_backup import EXPORT_SUFFIX, ProfileBackups
from liaison_desktop.store.profile_errors import (
    BackupNotFound,
    BackupUnreadable,
    ProfileClosed,
    ProfileDamaged,
    ProfileMustBeLocked,
    UnlockDelayed,
    WrongPassphrase,
)
from liaison_desktop.store.profile_keys import OWASP_MINIMUM
from liaison_desktop.store.profiles import DATABASE_NAME, LaptopProfiles

PAGE = 4096
NEW_PASSPHRASE = "a brand new passphrase"
START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
# Marker text in three scripts: none of it may appear in any backup file, in UTF-8 or UTF-16.
MARKERS = ("Quillfeather Marmaduke", "مرحبا بالسلامة", "保密资料测试")


@pytest.fixture
def profile_backups(profile_store) -> ProfileBackups:
    return ProfileBackups(profile_store)


@pytest.fixture
def profile_with_rows(profile_store, profile_created, profile_probe):
    """The created profile with a few hundred pages of rows besides its probe row."""
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        for marker in MARKERS:
            profile_probe.write(unlocked.engine, marker)
        with unlocked.engine.begin() as connection:
            connection.execute(text("CREATE TABLE filler (note TEXT NOT NULL)"))
            connection.execute(
                text("INSERT INTO filler (note) VALUES (:note)"),
                [{"note": f"visit note {i} " + "lorem ipsum " * 8} for i in range(3000)],
            )
    return profile_created


def _back_up(store, backups, profile, now=START):
    with store.unlock(profile.profile_id, profile.passphrase) as unlocked:
        return backups.backup_if_due(unlocked, now)


def _damage_middle_page(database: Path) -> None:
    with open(database, "r+b") as handle:
        handle.seek((database.stat().st_size // PAGE // 2) * PAGE + 700)
        handle.write(b"\xa5" * 32)


def _all_files(directory: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()}


# ----- the way out of a damaged profile ------------------------------------------------------------------


def test_a_damaged_profile_restored_from_its_latest_backup_unlocks_with_its_records(
    profile_store, profile_backups, profile_with_rows, profile_probe
):
    backup = _back_up(profile_store, profile_backups, profile_with_rows)
    _damage_middle_page(profile_with_rows.directory / DATABASE_NAME)
    with pytest.raises(ProfileDamaged):
        profile_store.unlock(profile_with_rows.profile_id, profile_with_rows.passphrase)

    latest = profile_backups.list_backups(profile_with_rows.profile_id)[0]
    profile_backups.restore_backup(profile_with_rows.profile_id, latest.backup_id)

    assert latest == backup
    with profile_store.unlock(profile_with_rows.profile_id, profile_with_rows.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_with_rows.probe_value, *MARKERS]
        with unlocked.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM filler")).scalar_one() == 3000


def test_a_damaged_profile_is_not_backed_up_and_its_good_backups_are_kept(
    profile_store, profile_backups, profile_with_rows
):
    good = _back_up(profile_store, profile_backups, profile_with_rows)
    unlocked = profile_store.unlock(profile_with_rows.profile_id, profile_with_rows.passphrase)
    _damage_middle_page(profile_with_rows.directory / DATABASE_NAME)  # damaged while open

    with pytest.raises(ProfileDamaged) as raised:
        profile_backups.backup_if_due(unlocked, START + timedelta(days=1))
    unlocked.close()

    assert raised.value.params["profile_id"] == profile_with_rows.profile_id
    assert profile_backups.list_backups(profile_with_rows.profile_id) == [good]


# ----- what a backup is -----------------------------------------------------------------------------------


def test_no_backup_file_holds_a_record_in_the_clear(
    profile_store, profile_backups, profile_with_rows, tmp_path
):
    _back_up(profile_store, profile_backups, profile_with_rows)
    exported = tmp_path / f"amina{EXPORT_SUFFIX}"
    with profile_store.unlock(profile_with_rows.profile_id, profile_with_rows.passphrase) as unlocked:
        profile_backups.export_backup(unlocked, exported)

    files = _all_files(profile_store.backups_root) | {exported: exported.read_bytes()}
    assert {path.name for path in files} >= {DATABASE_NAME, "profile.json", "backup.json", exported.name}
    for path, content in files.items():
        assert not content.startswith(b"SQLite format 3"), path
        for marker in (*MARKERS, profile_with_rows.probe_value):
            for encoding in ("utf-8", "utf-16-le"):
                assert marker.encode(encoding) not in content, f"{marker!r} readable in {path} ({encoding})"


def test_backups_are_kept_in_private_folders_and_files(profile_store, profile_backups, profile_created):
    backup = _back_up(profile_store, profile_backups, profile_created)

    folder = profile_store.backups_root / profile_created.profile_id / backup.backup_id
    assert folder.name == "20261201T080000Z"
    for directory in (profile_store.backups_root, folder.parent, folder):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_backup_opens_with_the_passphrase_valid_when_it_was_made(
    profile_store, profile_backups, profile_created, profile_probe
):
    backup = _back_up(profile_store, profile_backups, profile_created)
    profile_store.change_passphrase(profile_created.profile_id, profile_created.passphrase, NEW_PASSPHRASE)

    profile_backups.restore_backup(profile_created.profile_id, backup.backup_id)

    with pytest.raises(WrongPassphrase):
        profile_store.unlock(profile_created.profile_id, NEW_PASSPHRASE)
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]


def test_a_backup_restored_keeps_working_with_the_recovery_key_of_its_time(
    profile_store, profile_backups, profile_created
):
    backup = _back_up(profile_store, profile_backups, profile_created)

    profile_backups.restore_backup(profile_created.profile_id, backup.backup_id)

    profile_store.unlock_with_recovery_key(
        profile_created.profile_id, profile_created.recovery_key, NEW_PASSPHRASE
    ).close()


def test_a_backup_is_taken_while_the_app_holds_a_write_open_and_has_only_committed_rows(
    profile_store, profile_backups, profile_created, profile_probe
):
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        with unlocked.engine.begin() as writing:
            writing.execute(text("INSERT INTO profile_probe (value) VALUES ('not committed yet')"))
            backup = profile_backups.backup_if_due(unlocked, START)  # does not wait for the writer
        profile_probe.write(unlocked.engine, "after the backup")

    profile_backups.restore_backup(profile_created.profile_id, backup.backup_id)

    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]


def test_a_locked_profile_is_not_backed_up(profile_store, profile_backups, profile_created):
    unlocked = profile_store.unlock(profile_created.profile_id, profile_created.passphrase)
    unlocked.close()

    with pytest.raises(ProfileClosed):
        profile_backups.backup_if_due(unlocked, START)
    assert profile_backups.list_backups(profile_created.profile_id) == []


# ----- the daily rotation ---------------------------------------------------------------------------------


def test_no_new_backup_is_made_before_a_day_has_passed(profile_store, profile_backups, profile_created):
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        first = profile_backups.backup_if_due(unlocked, START)
        again = profile_backups.backup_if_due(unlocked, START + timedelta(hours=23, minutes=59))
        next_day = profile_backups.backup_if_due(unlocked, START + timedelta(hours=24))

    assert first is not None and again is None and next_day is not None
    assert [b.backup_id for b in profile_backups.list_backups(profile_created.profile_id)] == [
        next_day.backup_id,
        first.backup_id,
    ]


def test_daily_backups_keep_the_last_five(profile_store, profile_backups, profile_created):
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        made = [profile_backups.backup_if_due(unlocked, START + timedelta(days=day)) for day in range(8)]

    kept = profile_backups.list_backups(profile_created.profile_id)
    assert kept == list(reversed(made[-5:]))
    assert len(list((profile_store.backups_root / profile_created.profile_id).iterdir())) == 5


def test_a_backup_dated_in_the_future_does_not_stop_the_daily_backup(
    profile_store, profile_backups, profile_created
):
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        profile_backups.backup_if_due(unlocked, START + timedelta(days=30))  # the clock was a month ahead

        assert profile_backups.backup_if_due(unlocked, START) is not None


# ----- exported files -------------------------------------------------------------------------------------


def test_an_exported_backup_recreates_the_profile_on_another_laptop(
    profile_store, profile_backups, profile_created, profile_probe, tmp_path, profile_clock
):
    exported = tmp_path / f"export{EXPORT_SUFFIX}"
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        profile_backups.export_backup(unlocked, exported, START)
    other_laptop = LaptopProfiles(tmp_path / "other laptop", params=OWASP_MINIMUM, clock=profile_clock)

    info = ProfileBackups(other_laptop).restore_backup_file(exported)

    assert (info.profile_id, info.display_name, info.created_at) == (
        profile_created.profile_id,
        "Amina Haddad",
        START,
    )
    with other_laptop.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]


def test_an_exported_backup_replaces_the_profile_it_came_from(
    profile_store, profile_backups, profile_created, profile_probe, tmp_path
):
    exported = tmp_path / f"export{EXPORT_SUFFIX}"
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        profile_backups.export_backup(unlocked, exported)
        profile_probe.write(unlocked.engine, "after the export")

    assert profile_backups.describe_backup_file(exported).profile_id == profile_created.profile_id
    profile_backups.restore_backup_file(exported)

    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]


def test_an_exported_file_damaged_in_transit_is_refused_and_nothing_is_replaced(
    profile_store, profile_backups, profile_with_rows, profile_probe, tmp_path
):
    exported = tmp_path / f"export{EXPORT_SUFFIX}"
    with profile_store.unlock(profile_with_rows.profile_id, profile_with_rows.passphrase) as unlocked:
        profile_backups.export_backup(unlocked, exported)
    before = _all_files(profile_with_rows.directory)
    _damage_middle_page(exported)

    with pytest.raises(BackupUnreadable) as raised:
        profile_backups.restore_backup_file(exported)

    assert raised.value.params["reason"] == "checksum"
    assert _all_files(profile_with_rows.directory) == before


@pytest.mark.parametrize(
    "content",
    [b"", b"not a tar at all" * 100],
    ids=["empty", "text"],
)
def test_a_file_that_is_not_a_backup_is_refused(profile_backups, tmp_path, content):
    path = tmp_path / f"x{EXPORT_SUFFIX}"
    path.write_bytes(content)

    with pytest.raises(BackupUnreadable):
        profile_backups.restore_backup_file(path)


def test_a_tar_holding_a_plaintext_database_is_refused(
    profile_backups, profile_store, profile_created, tmp_path
):
    """A backup is never plaintext, also when someone builds one by hand."""
    exported = tmp_path / f"export{EXPORT_SUFFIX}"
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        profile_backups.export_backup(unlocked, exported)
    forged = tmp_path / f"forged{EXPORT_SUFFIX}"
    plaintext = b"SQLite format 3\x00" + bytes(PAGE - 16)
    with tarfile.open(exported) as source, tarfile.open(forged, "w") as target:
        data = json.loads(source.extractfile("backup.json").read())
        data["files"][DATABASE_NAME] = {
            "size": len(plaintext),
            "sha256": hashlib.sha256(plaintext).hexdigest(),
        }
        for name, payload in (
            ("backup.json", json.dumps(data).encode()),
            ("profile.json", source.extractfile("profile.json").read()),
            (DATABASE_NAME, plaintext),
        ):
            member = tarfile.TarInfo(name)
            member.size = len(payload)
            target.addfile(member, io.BytesIO(payload))

    with pytest.raises(BackupUnreadable) as raised:
        profile_backups.restore_backup_file(forged)

    assert raised.value.params["reason"] == "not_encrypted"


# ----- restoring safely -----------------------------------------------------------------------------------


def test_an_unlocked_profile_cannot_be_restored_over(profile_store, profile_backups, profile_created):
    backup = _back_up(profile_store, profile_backups, profile_created)

    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase):
        with pytest.raises(ProfileMustBeLocked):
            profile_backups.restore_backup(profile_created.profile_id, backup.backup_id)


def test_an_unknown_backup_id_is_reported(profile_backups, profile_created):
    with pytest.raises(BackupNotFound):
        profile_backups.restore_backup(profile_created.profile_id, "20200101T000000Z")
    with pytest.raises(BackupNotFound):
        profile_backups.restore_backup(profile_created.profile_id, "../../etc")


def test_restoring_does_not_reset_the_unlock_back_off(profile_store, profile_backups, profile_created):
    backup = _back_up(profile_store, profile_backups, profile_created)
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            profile_store.unlock(profile_created.profile_id, "not the passphrase")

    profile_backups.restore_backup(profile_created.profile_id, backup.backup_id)

    with pytest.raises(UnlockDelayed):
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)


def test_a_backup_repairs_a_damaged_header(profile_store, profile_backups, profile_created):
    backup = _back_up(profile_store, profile_backups, profile_created)
    (profile_created.directory / "profile.json").write_bytes(b"\x00" * 50)

    profile_backups.restore_backup(profile_created.profile_id, backup.backup_id)

    profile_store.unlock(profile_created.profile_id, profile_created.passphrase).close()


# A restore run in a process of its own that dies (os._exit: no cleanup, as in a power cut) at one rename.
_RESTORE_THEN_DIE = """
import os, sys
from pathlib import Path
from liaison_desktop.store import profiles
from liaison_desktop.store.profile_backup import ProfileBackups
from liaison_desktop.store.profile_keys import OWASP_MINIMUM

data_root, profile_id, source, die_at = sys.argv[1:]
current = Path(data_root) / "profiles" / profile_id
real_replace = os.replace

def replace(source, target):
    if (
        (die_at == "mark_ready" and Path(target).name.startswith(".ready-"))
        or (die_at == "aside" and Path(source) == current)
        or (die_at == "into_place" and Path(target) == current)
    ):
        os._exit(9)
    real_replace(source, target)

profiles.os.replace = replace
backups = ProfileBackups(profiles.LaptopProfiles(Path(data_root), params=OWASP_MINIMUM))
if source.endswith(".liaison-backup"):
    backups.restore_backup_file(Path(source))
else:
    backups.restore_backup(profile_id, source)
"""


def _restore_and_die(data_root: Path, profile_id: str, source: str, die_at: str) -> None:
    """`source` is a backup id or an exported file; `die_at` names the rename the process dies at."""
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", _RESTORE_THEN_DIE, str(data_root), profile_id, source, die_at],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 9, result.stderr


def test_a_restore_killed_between_its_two_renames_is_finished_at_the_next_start(
    profile_data_root, profile_store, profile_backups, profile_created, profile_probe, profile_clock
):
    backup = _back_up(profile_store, profile_backups, profile_created)
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        profile_probe.write(unlocked.engine, "after the backup")

    _restore_and_die(profile_data_root, profile_created.profile_id, backup.backup_id, "into_place")
    assert not profile_created.directory.exists()
    restarted = LaptopProfiles(profile_data_root, params=OWASP_MINIMUM, clock=profile_clock)

    with restarted.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]
    assert sorted(path.name for path in restarted.root.iterdir()) == [profile_created.profile_id]


def test_a_restore_killed_before_the_swap_leaves_the_old_profile(
    profile_data_root, profile_store, profile_backups, profile_created, profile_probe, profile_clock
):
    backup = _back_up(profile_store, profile_backups, profile_created)
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        profile_probe.write(unlocked.engine, "after the backup")

    _restore_and_die(profile_data_root, profile_created.profile_id, backup.backup_id, "aside")
    restarted = LaptopProfiles(profile_data_root, params=OWASP_MINIMUM, clock=profile_clock)

    with restarted.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine)[-1] == "after the backup"
    assert sorted(path.name for path in restarted.root.iterdir()) == [profile_created.profile_id]


def test_a_restore_onto_a_new_laptop_killed_before_its_copy_was_complete_leaves_no_half_profile(
    profile_store, profile_backups, profile_created, profile_clock, tmp_path
):
    exported = tmp_path / f"export{EXPORT_SUFFIX}"
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        profile_backups.export_backup(unlocked, exported)
    other_root = tmp_path / "other laptop"

    _restore_and_die(other_root, profile_created.profile_id, str(exported), "mark_ready")
    restarted = LaptopProfiles(other_root, params=OWASP_MINIMUM, clock=profile_clock)

    assert restarted.list_profiles() == [] and restarted.unreadable_profiles() == []
    assert list(restarted.root.iterdir()) == []


def test_wiping_a_profile_wipes_its_backups(profile_store, profile_backups, profile_created):
    _back_up(profile_store, profile_backups, profile_created)

    profile_store.wipe(profile_created.profile_id)

    assert not (profile_store.backups_root / profile_created.profile_id).exists()
    assert profile_backups.list_backups(profile_created.profile_id) == []


def test_locking_the_profile_interrupts_a_backup_in_progress(
    profile_store, profile_backups, profile_with_rows, monkeypatch
):
    unlocked = profile_store.unlock(profile_with_rows.profile_id, profile_with_rows.passphrase)
    take_connection = unlocked.background_connection

    @contextmanager
    def connection_that_sees_the_lock_arrive():
        with take_connection() as (connection, header):
            # The person locks the laptop while the copy is reading: from inside SQLite's own loop.
            connection.set_progress_handler(lambda: unlocked.close() or 0, 1000)
            yield connection, header

    monkeypatch.setattr(unlocked, "background_connection", connection_that_sees_the_lock_arrive)

    with pytest.raises(ProfileClosed):
        profile_backups.backup_if_due(unlocked, START)

    assert unlocked.closed
    assert list((profile_store.backups_root / profile_with_rows.profile_id).iterdir()) == []
