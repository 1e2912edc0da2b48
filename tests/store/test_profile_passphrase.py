"""Changing a passphrase, and getting back in with the recovery key when it is forgotten."""

from __future__ import annotations

import pytest

from liaison_desktop.store.profile_errors import (
    InvalidRecoveryKey,
    PassphraseTooShort,
    WrongPassphrase,
    WrongRecoveryKey,
)
from liaison_desktop.store.profile_keys import DEFAULT_PARAMS, OWASP_MINIMUM
from liaison_desktop.store.profiles import DATABASE_NAME, LaptopProfiles

NEW_PASSPHRASE = "a brand new passphrase"


def test_changed_passphrase_unlocks_the_same_data(profile_store, profile_created, profile_probe):
    profile_store.change_passphrase(profile_created.profile_id, profile_created.passphrase, NEW_PASSPHRASE)

    with profile_store.unlock(profile_created.profile_id, NEW_PASSPHRASE) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]


def test_the_old_passphrase_fails_after_a_change(profile_store, profile_created):
    profile_store.change_passphrase(profile_created.profile_id, profile_created.passphrase, NEW_PASSPHRASE)

    with pytest.raises(WrongPassphrase):
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)


def test_changing_the_passphrase_does_not_rewrite_the_database(profile_store, profile_created):
    database = profile_created.directory / DATABASE_NAME
    before = database.read_bytes()

    profile_store.change_passphrase(profile_created.profile_id, profile_created.passphrase, NEW_PASSPHRASE)

    assert database.read_bytes() == before


def test_a_passphrase_change_moves_the_key_derivation_to_the_stores_current_cost(
    profile_data_root, profile_created, profile_clock
):
    stronger = LaptopProfiles(profile_data_root, params=DEFAULT_PARAMS, clock=profile_clock)
    assert stronger.header(profile_created.profile_id).keys.kdf == OWASP_MINIMUM

    stronger.change_passphrase(profile_created.profile_id, profile_created.passphrase, NEW_PASSPHRASE)

    assert stronger.header(profile_created.profile_id).keys.kdf == DEFAULT_PARAMS


def test_a_new_passphrase_that_is_too_short_is_refused_and_the_old_one_still_works(
    profile_store, profile_created
):
    with pytest.raises(PassphraseTooShort):
        profile_store.change_passphrase(profile_created.profile_id, profile_created.passphrase, "short")

    profile_store.unlock(profile_created.profile_id, profile_created.passphrase).close()


def test_the_recovery_key_opens_the_profile_with_its_data(profile_store, profile_created, profile_probe):
    with profile_store.unlock_with_recovery_key(
        profile_created.profile_id, profile_created.recovery_key, NEW_PASSPHRASE
    ) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]


def test_the_recovery_key_sets_a_new_passphrase_and_retires_the_forgotten_one(profile_store, profile_created):
    profile_store.unlock_with_recovery_key(
        profile_created.profile_id, profile_created.recovery_key, NEW_PASSPHRASE
    ).close()

    profile_store.unlock(profile_created.profile_id, NEW_PASSPHRASE).close()
    with pytest.raises(WrongPassphrase):
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)


def test_the_recovery_key_keeps_working_after_it_was_used(profile_store, profile_created):
    profile_store.unlock_with_recovery_key(
        profile_created.profile_id, profile_created.recovery_key, NEW_PASSPHRASE
    ).close()

    profile_store.unlock_with_recovery_key(
        profile_created.profile_id, profile_created.recovery_key, "yet another passphrase"
    ).close()


@pytest.mark.parametrize(
    "typed",
    [
        lambda key: key.lower(),
        lambda key: key.replace("-", " "),
        lambda key: key.replace("-", ""),
        lambda key: "  " + key.replace("-", " - ").lower() + "\n",
        lambda key: key.replace("O", "0").replace("I", "1"),
    ],
    ids=["lower case", "spaces", "no separators", "padded", "look-alike digits"],
)
def test_the_recovery_key_is_accepted_however_it_was_typed(profile_store, profile_created, typed):
    profile_store.unlock_with_recovery_key(
        profile_created.profile_id, typed(profile_created.recovery_key), NEW_PASSPHRASE
    ).close()


def test_the_recovery_key_is_printed_as_eight_groups_of_four(profile_created):
    groups = profile_created.recovery_key.split("-")

    assert [len(group) for group in groups] == [4] * 8


def test_another_profiles_recovery_key_is_wrong_here(profile_store, profile_created):
    other, other_recovery_key = profile_store.create_profile("Li Wei", "a different passphrase")
    other.close()

    with pytest.raises(WrongRecoveryKey) as raised:
        profile_store.unlock_with_recovery_key(profile_created.profile_id, other_recovery_key, NEW_PASSPHRASE)

    assert raised.value.key == "profile.wrong_recovery_key"


def test_text_that_cannot_be_a_recovery_key_is_reported_as_malformed(profile_store, profile_created):
    with pytest.raises(InvalidRecoveryKey) as raised:
        profile_store.unlock_with_recovery_key(profile_created.profile_id, "ABCD-EFGH", NEW_PASSPHRASE)

    assert raised.value.params == {"expected_characters": 32}


def test_a_replaced_recovery_key_works_and_the_old_one_does_not(profile_store, profile_created):
    replacement = profile_store.replace_recovery_key(profile_created.profile_id, profile_created.passphrase)

    profile_store.unlock_with_recovery_key(profile_created.profile_id, replacement, NEW_PASSPHRASE).close()
    with pytest.raises(WrongRecoveryKey):
        profile_store.unlock_with_recovery_key(
            profile_created.profile_id, profile_created.recovery_key, NEW_PASSPHRASE
        )
