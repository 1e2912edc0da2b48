"""A full re-key: a new data key for a suspected compromise, with the data carried over."""

from __future__ import annotations

import pytest

from liaison_desktop.store.cipher_database import NotADatabase, open_encrypted_engine
from liaison_desktop.store.profile_errors import ProfileBusy, WrongPassphrase, WrongRecoveryKey
from liaison_desktop.store.profile_keys import derive_passphrase_kek, unwrap_key
from liaison_desktop.store.profiles import DATABASE_NAME, LaptopProfiles

NEW_PASSPHRASE = "a brand new passphrase"


def _data_key(store: LaptopProfiles, profile_id: str, passphrase: str) -> bytes:
    keys = store.header(profile_id).keys
    kek = derive_passphrase_kek(passphrase, keys.passphrase_salt, keys.kdf)
    return unwrap_key(kek, keys.passphrase_wrap, profile_id=profile_id, purpose="passphrase")


def _rekey(store: LaptopProfiles, profile_id: str, passphrase: str) -> str:
    with store.unlock(profile_id, passphrase) as unlocked:
        return store.rekey(unlocked, passphrase)


def test_after_a_rekey_the_old_data_key_no_longer_opens_the_file(profile_store, profile_created):
    old_key = _data_key(profile_store, profile_created.profile_id, profile_created.passphrase)

    _rekey(profile_store, profile_created.profile_id, profile_created.passphrase)

    with pytest.raises(NotADatabase):
        open_encrypted_engine(profile_created.directory / DATABASE_NAME, old_key)


def test_a_rekey_installs_a_new_data_key(profile_store, profile_created):
    old_key = _data_key(profile_store, profile_created.profile_id, profile_created.passphrase)

    _rekey(profile_store, profile_created.profile_id, profile_created.passphrase)

    assert _data_key(profile_store, profile_created.profile_id, profile_created.passphrase) != old_key


def test_the_open_profile_keeps_working_on_the_new_key(profile_store, profile_created, profile_probe):
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        profile_store.rekey(unlocked, profile_created.passphrase)
        profile_probe.write(unlocked.engine, "written after the re-key")

        assert profile_probe.read(unlocked.engine) == [
            profile_created.probe_value,
            "written after the re-key",
        ]


def test_data_survives_a_rekey_and_unlocks_with_the_same_passphrase(
    profile_store, profile_created, profile_probe
):
    _rekey(profile_store, profile_created.profile_id, profile_created.passphrase)

    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]


def test_the_new_recovery_key_works_after_a_rekey(profile_store, profile_created, profile_probe):
    new_recovery_key = _rekey(profile_store, profile_created.profile_id, profile_created.passphrase)

    with profile_store.unlock_with_recovery_key(
        profile_created.profile_id, new_recovery_key, NEW_PASSPHRASE
    ) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]


def test_the_old_recovery_key_stops_working_after_a_rekey(profile_store, profile_created):
    _rekey(profile_store, profile_created.profile_id, profile_created.passphrase)

    with pytest.raises(WrongRecoveryKey):
        profile_store.unlock_with_recovery_key(
            profile_created.profile_id, profile_created.recovery_key, NEW_PASSPHRASE
        )


def test_a_rekey_with_the_wrong_passphrase_changes_nothing(profile_store, profile_created):
    database_before = (profile_created.directory / DATABASE_NAME).read_bytes()
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        with pytest.raises(WrongPassphrase):
            profile_store.rekey(unlocked, "not the passphrase")

    assert (profile_created.directory / DATABASE_NAME).read_bytes() == database_before


def test_a_rekey_waits_for_connections_in_use_to_be_returned(profile_store, profile_created):
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        with unlocked.engine.connect():
            with pytest.raises(ProfileBusy):
                profile_store.rekey(unlocked, profile_created.passphrase)

        assert profile_store.header(profile_created.profile_id).pending_rekey is None


class _Crash(Exception):
    """Stands for the process dying at a chosen point."""


def _rekey_then_crash_before_the_header_is_final(store, profile_created, monkeypatch) -> None:
    def crash(*_args, **_kwargs):
        raise _Crash()

    with monkeypatch.context() as patch:
        patch.setattr(LaptopProfiles, "_promote_rekey", crash)
        unlocked = store.unlock(profile_created.profile_id, profile_created.passphrase)
        with pytest.raises(_Crash):
            store.rekey(unlocked, profile_created.passphrase)
        unlocked.close()


def test_a_rekey_interrupted_after_reencryption_is_finished_by_the_next_unlock(
    profile_store, profile_created, profile_probe, monkeypatch
):
    _rekey_then_crash_before_the_header_is_final(profile_store, profile_created, monkeypatch)

    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]
    header = profile_store.header(profile_created.profile_id)
    assert header.pending_rekey is None
    assert header.needs_new_recovery_key


def test_after_an_interrupted_rekey_a_replaced_recovery_key_opens_the_profile(
    profile_store, profile_created, monkeypatch
):
    _rekey_then_crash_before_the_header_is_final(profile_store, profile_created, monkeypatch)
    profile_store.unlock(profile_created.profile_id, profile_created.passphrase).close()

    replacement = profile_store.replace_recovery_key(profile_created.profile_id, profile_created.passphrase)

    assert not profile_store.header(profile_created.profile_id).needs_new_recovery_key
    profile_store.unlock_with_recovery_key(profile_created.profile_id, replacement, NEW_PASSPHRASE).close()


def test_an_interrupted_rekey_can_be_finished_with_the_old_recovery_key(
    profile_store, profile_created, profile_probe, monkeypatch
):
    _rekey_then_crash_before_the_header_is_final(profile_store, profile_created, monkeypatch)

    with profile_store.unlock_with_recovery_key(
        profile_created.profile_id, profile_created.recovery_key, NEW_PASSPHRASE
    ) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]
    profile_store.unlock(profile_created.profile_id, NEW_PASSPHRASE).close()


def test_a_rekey_that_fails_inside_sqlcipher_leaves_the_old_keys_working(
    profile_store, profile_created, monkeypatch
):
    def fail(*_args, **_kwargs):
        raise _Crash()

    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        monkeypatch.setattr(LaptopProfiles, "_sqlcipher_rekey", fail)
        with pytest.raises(_Crash):
            profile_store.rekey(unlocked, profile_created.passphrase)
    monkeypatch.undo()

    assert profile_store.header(profile_created.profile_id).pending_rekey is None
    profile_store.unlock(profile_created.profile_id, profile_created.passphrase).close()
    profile_store.unlock_with_recovery_key(
        profile_created.profile_id, profile_created.recovery_key, NEW_PASSPHRASE
    ).close()


def test_a_passphrase_changed_after_an_interrupted_rekey_is_the_one_that_works(
    profile_store, profile_created, profile_probe, monkeypatch
):
    _rekey_then_crash_before_the_header_is_final(profile_store, profile_created, monkeypatch)

    profile_store.change_passphrase(profile_created.profile_id, profile_created.passphrase, NEW_PASSPHRASE)

    for _ in range(2):  # the first unlock may finish what was pending; the second must still work
        with profile_store.unlock(profile_created.profile_id, NEW_PASSPHRASE) as unlocked:
            assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]
