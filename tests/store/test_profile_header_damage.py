"""A damaged `profile.json` is reported as damaged: never as a wrong passphrase, never counted as one."""

from __future__ import annotations

import json

import pytest

from liaison_desktop.store.profile_errors import ProfileHeaderDamaged, UnlockDelayed, WrongPassphrase


def _header_file(profile_created):
    return profile_created.directory / "profile.json"


def _alter_wrapped_key(profile_created) -> None:
    """Change one character of the passphrase-wrapped key: still valid JSON and valid base64."""
    path = _header_file(profile_created)
    data = json.loads(path.read_text())
    wrapped = data["keys"]["passphrase"]["wrapped_key"]
    ciphertext = wrapped["ciphertext"]
    wrapped["ciphertext"] = ("B" if ciphertext[0] != "B" else "C") + ciphertext[1:]
    path.write_text(json.dumps(data, indent=2, sort_keys=True))


def test_a_truncated_header_is_reported_as_damaged_not_as_a_wrong_passphrase(profile_store, profile_created):
    path = _header_file(profile_created)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    with pytest.raises(ProfileHeaderDamaged) as raised:
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)

    assert raised.value.params["reason"] == "malformed"


def test_a_header_without_its_key_slots_is_reported_as_damaged(profile_store, profile_created):
    path = _header_file(profile_created)
    data = json.loads(path.read_text())
    del data["keys"], data["checksum"]
    path.write_text(json.dumps(data))

    with pytest.raises(ProfileHeaderDamaged):
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)


def test_a_wrapped_key_altered_on_disk_is_damage_not_a_wrong_passphrase(profile_store, profile_created):
    _alter_wrapped_key(profile_created)

    with pytest.raises(ProfileHeaderDamaged) as raised:
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)

    assert raised.value.params["reason"] == "checksum"


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"\x00garbage" * 20),
        lambda path: path.write_bytes(path.read_bytes()[:100]),
        lambda path: path.unlink(),
    ],
    ids=["garbage", "truncated", "missing"],
)
def test_attempts_on_a_damaged_header_never_count_toward_the_back_off(profile_store, profile_created, damage):
    path = _header_file(profile_created)
    original = path.read_bytes()
    damage(path)

    for _ in range(6):
        with pytest.raises(ProfileHeaderDamaged):
            profile_store.unlock(profile_created.profile_id, profile_created.passphrase)
    path.write_bytes(original)

    profile_store.unlock(profile_created.profile_id, profile_created.passphrase).close()
    assert profile_store.header(profile_created.profile_id).failed_unlocks == 0


def test_an_altered_wrapped_key_never_counts_toward_the_back_off(profile_store, profile_created):
    original = _header_file(profile_created).read_bytes()
    _alter_wrapped_key(profile_created)

    for _ in range(6):
        with pytest.raises(ProfileHeaderDamaged):
            profile_store.unlock(profile_created.profile_id, "not the passphrase")
    _header_file(profile_created).write_bytes(original)

    assert profile_store.header(profile_created.profile_id).failed_unlocks == 0


def test_a_real_wrong_passphrase_is_still_a_wrong_passphrase_and_counts(profile_store, profile_created):
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            profile_store.unlock(profile_created.profile_id, "not the passphrase")

    with pytest.raises(UnlockDelayed):
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)


def test_a_header_written_before_checksums_existed_still_unlocks(profile_store, profile_created):
    path = _header_file(profile_created)
    data = json.loads(path.read_text())
    del data["checksum"], data["health"]
    path.write_text(json.dumps(data))

    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert unlocked.header.display_name == "Amina Haddad"
