"""Creating, listing and unlocking encrypted profiles, and the errors a person can meet doing so."""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path

import pytest

from liaison_desktop.store.cipher_database import NotADatabase, open_encrypted_engine
from liaison_desktop.store.profile_errors import (
    PassphraseTooShort,
    ProfileClosed,
    ProfileDamaged,
    ProfileHeaderDamaged,
    ProfileNameRequired,
    UnknownProfile,
    WrongPassphrase,
)
from liaison_desktop.store.profile_keys import derive_passphrase_kek, unwrap_key
from liaison_desktop.store.profiles import DATABASE_NAME, LaptopProfiles
from liaison_desktop.store.schema import current_revision, head_revision


def _file_bytes(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir()) if path.is_file()}


def _data_key(store: LaptopProfiles, profile_id: str, passphrase: str) -> bytes:
    keys = store.header(profile_id).keys
    kek = derive_passphrase_kek(passphrase, keys.passphrase_salt, keys.kdf)
    return unwrap_key(kek, keys.passphrase_wrap, profile_id=profile_id, purpose="passphrase")


def test_created_profile_unlocks_with_its_passphrase_and_keeps_its_data(
    profile_store, profile_created, profile_probe
):
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]


def test_profile_is_a_database_and_a_header_in_its_own_directory(profile_data_root, profile_created):
    directory = profile_data_root / "profiles" / profile_created.profile_id
    assert directory == profile_created.directory
    assert (directory / DATABASE_NAME).is_file()
    assert (directory / "profile.json").is_file()


def test_unlock_brings_the_database_to_the_newest_schema(profile_store, profile_created):
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert current_revision(unlocked.engine) == head_revision()


def test_wrong_passphrase_raises_and_leaves_the_database_files_unchanged(profile_store, profile_created):
    before = _file_bytes(profile_created.directory)

    with pytest.raises(WrongPassphrase) as raised:
        profile_store.unlock(profile_created.profile_id, "not the passphrase")

    assert raised.value.key == "profile.wrong_passphrase"
    after = _file_bytes(profile_created.directory)
    assert {name: data for name, data in after.items() if name != "profile.json"} == {
        name: data for name, data in before.items() if name != "profile.json"
    }


def test_database_overwritten_with_random_bytes_is_reported_as_damaged(profile_store, profile_created):
    database = profile_created.directory / DATABASE_NAME
    database.write_bytes(secrets.token_bytes(database.stat().st_size))

    with pytest.raises(ProfileDamaged) as raised:
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)

    assert raised.value.key == "profile.damaged"


def test_a_file_that_is_not_a_database_is_reported_as_damaged(profile_store, profile_created):
    (profile_created.directory / DATABASE_NAME).write_text("meeting notes, definitely not SQLite\n")

    with pytest.raises(ProfileDamaged):
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)


def test_a_missing_database_is_reported_as_damaged_not_silently_recreated(profile_store, profile_created):
    (profile_created.directory / DATABASE_NAME).unlink()

    with pytest.raises(ProfileDamaged) as raised:
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)

    assert raised.value.params["reason"] == "missing"
    assert not (profile_created.directory / DATABASE_NAME).exists()


def test_garbage_header_raises_profile_header_damaged(profile_store, profile_created):
    (profile_created.directory / "profile.json").write_bytes(b"\x00{not json" + secrets.token_bytes(64))

    with pytest.raises(ProfileHeaderDamaged) as raised:
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)

    assert raised.value.key == "profile.header_damaged"


def test_missing_header_raises_profile_header_damaged(profile_store, profile_created):
    (profile_created.directory / "profile.json").unlink()

    with pytest.raises(ProfileHeaderDamaged):
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)


def test_header_copied_from_another_profile_is_refused(profile_store, profile_created):
    other, _ = profile_store.create_profile("Bilal Karimi", "another passphrase")
    other.close()
    (other.directory / "profile.json").write_bytes((profile_created.directory / "profile.json").read_bytes())

    with pytest.raises(ProfileHeaderDamaged) as raised:
        profile_store.unlock(other.profile_id, profile_created.passphrase)

    assert raised.value.params["reason"] == "foreign"


@pytest.mark.parametrize("profile_id", ["../data", "0" * 31, "f" * 32])
def test_an_id_that_names_no_profile_is_refused(profile_store, profile_id):
    with pytest.raises(UnknownProfile):
        profile_store.unlock(profile_id, "whatever passphrase")


def test_two_profiles_have_separate_files_and_neither_passphrase_opens_the_other(
    profile_store, profile_created
):
    second, _ = profile_store.create_profile("Li Wei", "a different passphrase")
    second.close()

    assert second.directory != profile_created.directory
    assert _data_key(profile_store, second.profile_id, "a different passphrase") != _data_key(
        profile_store, profile_created.profile_id, profile_created.passphrase
    )
    with pytest.raises(WrongPassphrase):
        profile_store.unlock(second.profile_id, profile_created.passphrase)
    with pytest.raises(WrongPassphrase):
        profile_store.unlock(profile_created.profile_id, "a different passphrase")


def test_one_profiles_data_key_does_not_open_another_profiles_database(profile_store, profile_created):
    second, _ = profile_store.create_profile("Li Wei", "a different passphrase")
    second.close()
    first_key = _data_key(profile_store, profile_created.profile_id, profile_created.passphrase)

    with pytest.raises(NotADatabase):
        open_encrypted_engine(second.directory / DATABASE_NAME, first_key)


def test_list_profiles_shows_headers_sorted_by_name_without_unlocking(profile_store, profile_created):
    second, _ = profile_store.create_profile(
        "  Ana Souza ", "a different passphrase", server_url="https://liaison.example"
    )
    second.close()

    listed = profile_store.list_profiles()

    assert [header.display_name for header in listed] == ["Amina Haddad", "Ana Souza"]
    assert listed[1].account.server_url == "https://liaison.example"


def test_a_profile_with_a_damaged_header_is_listed_as_unreadable_not_hidden(profile_store, profile_created):
    (profile_created.directory / "profile.json").write_text("{}")

    assert profile_store.list_profiles() == []
    assert profile_store.unreadable_profiles() == [profile_created.profile_id]


def test_update_header_records_account_fields_after_sign_in(profile_store, profile_created):
    profile_store.update_header(
        profile_created.profile_id,
        server_url="https://liaison.example",
        username="ahaddad",
        user_id="u-17",
        role="officer",
        team_id="t-3",
        device_id="d-99",
    )

    account = (
        LaptopProfiles(profile_created.directory.parent.parent).header(profile_created.profile_id).account
    )
    assert (account.server_url, account.username, account.user_id) == (
        "https://liaison.example",
        "ahaddad",
        "u-17",
    )
    assert (account.role, account.team_id, account.device_id) == ("officer", "t-3", "d-99")


def test_update_header_refuses_fields_that_are_not_account_fields(profile_store, profile_created):
    with pytest.raises(TypeError):
        profile_store.update_header(profile_created.profile_id, failed_unlocks="0")


def test_header_holds_no_key_or_secret_in_any_encoding(profile_store, profile_created):
    data_key = _data_key(profile_store, profile_created.profile_id, profile_created.passphrase)
    header_text = (profile_created.directory / "profile.json").read_text()
    header_bytes = header_text.encode()

    assert data_key not in header_bytes
    assert data_key.hex() not in header_text.lower()
    assert base64.b64encode(data_key).decode() not in header_text
    assert profile_created.passphrase not in header_text
    assert profile_created.recovery_key.replace("-", "") not in header_text.replace("-", "")
    assert profile_created.probe_value not in header_text
    assert set(json.loads(header_text)) >= {"keys", "unlock", "display_name"}


def test_a_short_passphrase_is_refused_with_its_minimum_length(profile_store):
    with pytest.raises(PassphraseTooShort) as raised:
        profile_store.create_profile("Amina Haddad", "short")

    assert raised.value.params == {"min_length": 8}
    assert profile_store.list_profiles() == []


def test_a_blank_display_name_is_refused(profile_store):
    with pytest.raises(ProfileNameRequired):
        profile_store.create_profile("   ", "long enough passphrase")


def test_a_closed_profile_no_longer_hands_out_its_engine(profile_store, profile_created):
    unlocked = profile_store.unlock(profile_created.profile_id, profile_created.passphrase)
    unlocked.close()

    with pytest.raises(ProfileClosed):
        _ = unlocked.engine


def test_unlocked_profile_reads_its_current_header(profile_store, profile_created):
    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        profile_store.update_header(profile_created.profile_id, device_id="d-1")

        assert unlocked.header.account.device_id == "d-1"
