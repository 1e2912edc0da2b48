"""The integrity check at unlock: a damaged page is reported at unlock, not on every later read."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text

from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.profile_errors import ProfileDamaged
from liaison_desktop.store.profile_health import HealthBudget, check_at_unlock
from liaison_desktop.store.profile_keys import OWASP_MINIMUM, derive_passphrase_kek, unwrap_key
from liaison_desktop.store.profiles import DATABASE_NAME, LaptopProfiles

PAGE = 4096


def _fill(store: LaptopProfiles, profile_id: str, passphrase: str, rows: int = 3000) -> None:
    """Enough rows for a database of a few hundred pages."""
    with store.unlock(profile_id, passphrase) as unlocked, unlocked.engine.begin() as connection:
        connection.execute(text("CREATE TABLE filler (note TEXT NOT NULL)"))
        connection.execute(
            text("INSERT INTO filler (note) VALUES (:note)"),
            [{"note": f"visit note {i} " + "lorem ipsum " * 8} for i in range(rows)],
        )


def _damage_page(database: Path, page: int) -> None:
    """Overwrite 32 bytes inside one page, as a bad sector or a stray write would."""
    with open(database, "r+b") as handle:
        handle.seek((page - 1) * PAGE + 700)
        handle.write(b"\xa5" * 32)


def _pages(database: Path) -> int:
    return database.stat().st_size // PAGE


def _data_key(store: LaptopProfiles, profile_id: str, passphrase: str) -> bytes:
    keys = store.header(profile_id).keys
    kek = derive_passphrase_kek(passphrase, keys.passphrase_salt, keys.kdf)
    return unwrap_key(kek, keys.passphrase_wrap, profile_id=profile_id, purpose="passphrase")


@pytest.fixture
def profile_filled(profile_store, profile_created):
    _fill(profile_store, profile_created.profile_id, profile_created.passphrase)
    return profile_created


def test_a_page_damaged_in_the_middle_of_the_database_is_reported_at_unlock(profile_store, profile_filled):
    database = profile_filled.directory / DATABASE_NAME
    _damage_page(database, _pages(database) // 2)

    with pytest.raises(ProfileDamaged) as raised:
        profile_store.unlock(profile_filled.profile_id, profile_filled.passphrase)

    assert raised.value.key == "profile.damaged"
    assert raised.value.params["reason"] == "integrity"


def test_a_damaged_page_is_not_a_wrong_passphrase_and_costs_no_attempt(profile_store, profile_filled):
    database = profile_filled.directory / DATABASE_NAME
    _damage_page(database, _pages(database) - 1)

    for _ in range(4):
        with pytest.raises(ProfileDamaged):
            profile_store.unlock(profile_filled.profile_id, profile_filled.passphrase)

    assert profile_store.header(profile_filled.profile_id).failed_unlocks == 0


def test_the_recovery_key_meets_the_same_check(profile_store, profile_filled):
    database = profile_filled.directory / DATABASE_NAME
    _damage_page(database, 2)

    with pytest.raises(ProfileDamaged):
        profile_store.unlock_with_recovery_key(
            profile_filled.profile_id, profile_filled.recovery_key, "a brand new passphrase"
        )


def test_a_healthy_profile_is_checked_whole_by_the_page_screen_alone(profile_store, profile_filled, caplog):
    """The Python page check agrees with SQLCipher on every page of a real file: no page is flagged,
    so SQLCipher's slower check is never needed."""
    database = profile_filled.directory / DATABASE_NAME
    key = _data_key(profile_store, profile_filled.profile_id, profile_filled.passphrase)
    engine = open_encrypted_engine(database, key)
    try:
        with caplog.at_level(logging.WARNING, logger="liaison_desktop.store.profile_health"):
            report = check_at_unlock(engine, database, key, start_page=1, budget=HealthBudget(seconds=60))
    finally:
        engine.dispose()

    assert report.complete
    assert report.pages_checked == report.pages_in_file == _pages(database) > 100
    assert caplog.records == []


def test_the_page_screen_flags_the_page_sqlciphers_own_check_flags(profile_store, profile_filled):
    database = profile_filled.directory / DATABASE_NAME
    key = _data_key(profile_store, profile_filled.profile_id, profile_filled.passphrase)
    _damage_page(database, 40)
    engine = open_encrypted_engine(database, key)
    try:
        with engine.connect() as connection:
            sqlcipher_says = connection.exec_driver_sql("PRAGMA cipher_integrity_check").scalars().all()

        with pytest.raises(ProfileDamaged) as raised:
            check_at_unlock(engine, database, key, start_page=1, budget=HealthBudget(seconds=60))
    finally:
        engine.dispose()

    assert len(sqlcipher_says) == 1 and "40" in sqlcipher_says[0]
    assert raised.value.params["damaged_pages"] == 1


def test_a_large_database_is_checked_a_window_at_a_time_until_the_damage_is_found(
    profile_data_root, profile_clock, profile_filled
):
    window = 50
    store = LaptopProfiles(
        profile_data_root,
        params=OWASP_MINIMUM,
        clock=profile_clock,
        health_budget=HealthBudget(max_pages=window),
    )
    database = profile_filled.directory / DATABASE_NAME
    pages = _pages(database)
    _damage_page(database, pages)  # the last page: the first windows do not reach it
    unlocks_to_cover_all = -(-(pages - 1) // (window - 1))  # page 1 is checked every time

    store.unlock(profile_filled.profile_id, profile_filled.passphrase).close()
    assert store.header(profile_filled.profile_id).health_next_page == window + 1
    with pytest.raises(ProfileDamaged):
        for _ in range(unlocks_to_cover_all):
            store.unlock(profile_filled.profile_id, profile_filled.passphrase).close()


def test_a_wal_left_behind_by_a_crash_is_folded_in_and_checked(profile_store, profile_filled, profile_probe):
    unlocked = profile_store.unlock(profile_filled.profile_id, profile_filled.passphrase)
    profile_probe.write(unlocked.engine, "written just before the crash")
    wal = profile_filled.directory / (DATABASE_NAME + "-wal")
    crashed_with = {
        name: (profile_filled.directory / name).read_bytes() for name in (DATABASE_NAME, wal.name)
    }
    unlocked.close()
    for name, content in crashed_with.items():  # the files as a killed process leaves them
        (profile_filled.directory / name).write_bytes(content)
    assert wal.stat().st_size > 0

    with profile_store.unlock(profile_filled.profile_id, profile_filled.passphrase) as reopened:
        assert wal.stat().st_size == 0
        assert profile_probe.read(reopened.engine)[-1] == "written just before the crash"
