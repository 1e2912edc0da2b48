"""New passphrases are scored by zxcvbn; a weak one is refused with a reason the UI can translate."""

from __future__ import annotations

import pytest

from liaison_desktop.store.passphrase_strength import (
    MIN_SCORE,
    REASON_KEYS,
    SUGGESTION_KEYS,
    check_passphrase_strength,
    profile_user_inputs,
)
from liaison_desktop.store.profile_errors import PassphraseTooShort, WeakPassphrase
from liaison_desktop.store.profile_keys import OWASP_MINIMUM
from liaison_desktop.store.profiles import LaptopProfiles

STRONG = "tarmac lantern 7 quietly orbit"


@pytest.mark.parametrize(
    ("passphrase", "reason"),
    [
        ("password123", "passphrase.common"),
        ("zxcvbnm,./", "passphrase.keyboard_pattern"),
        ("aaaaaaaaaaaa", "passphrase.repeated"),
        ("abcdefghijkl", "passphrase.sequence"),
        ("19/04/1987x", "passphrase.dates"),
        ("michael2020", "passphrase.names"),
    ],
)
def test_a_weak_passphrase_is_refused_with_the_reason_it_is_weak(passphrase, reason):
    verdict = check_passphrase_strength(passphrase)

    assert not verdict.acceptable
    assert verdict.score < MIN_SCORE
    assert verdict.reason_key == reason


def test_words_an_attacker_knows_about_the_profile_make_a_passphrase_weak():
    inputs = profile_user_inputs("Amina Haddad", "ahaddad", "https://liaison.example.org")

    assert check_passphrase_strength("Amina Haddad 1990").acceptable
    verdict = check_passphrase_strength("Amina Haddad 1990", inputs)

    assert not verdict.acceptable
    assert verdict.reason_key == "passphrase.personal"
    assert "passphrase.suggest.avoid_personal" in verdict.suggestion_keys


def test_the_apps_own_name_counts_as_a_word_an_attacker_tries_first():
    assert not check_passphrase_strength("liaison-demo", profile_user_inputs()).acceptable


def test_a_few_uncommon_words_are_acceptable_with_no_reason_given():
    verdict = check_passphrase_strength(STRONG)

    assert verdict.acceptable and verdict.score >= MIN_SCORE
    assert (verdict.reason_key, verdict.suggestion_keys) == (None, ())


def test_every_key_a_verdict_gives_is_a_known_key():
    samples = ["password", "Password1", "drowssap", "p@ssw0rd", "qwerty", "aaaa", "1234", "2021", "", "x"]
    for sample in samples:
        verdict = check_passphrase_strength(sample)
        assert verdict.reason_key in REASON_KEYS
        assert set(verdict.suggestion_keys) <= set(SUGGESTION_KEYS)
        assert verdict.suggestion_keys[0] == "passphrase.suggest.add_words"


def test_a_passphrase_longer_than_zxcvbn_accepts_is_still_scored():
    assert check_passphrase_strength(STRONG * 4).acceptable


# ----- the store refuses weak new passphrases ------------------------------------------------------------


def test_creating_a_profile_with_a_weak_passphrase_is_refused_and_creates_nothing(profile_store):
    with pytest.raises(WeakPassphrase) as raised:
        profile_store.create_profile("Amina Haddad", "password123")

    assert raised.value.key == "profile.passphrase_weak"
    assert raised.value.params["reason"] == "passphrase.common"
    assert raised.value.params["min_score"] == MIN_SCORE
    assert "password123" not in str(raised.value)
    assert profile_store.list_profiles() == [] and profile_store.unreadable_profiles() == []


def test_a_passphrase_made_of_the_profiles_own_name_is_refused(profile_store):
    with pytest.raises(WeakPassphrase) as raised:
        profile_store.create_profile("Amina Haddad", "amina haddad", username="ahaddad")

    assert raised.value.params["reason"] == "passphrase.personal"


def test_the_length_minimum_still_comes_first(profile_store):
    with pytest.raises(PassphraseTooShort):
        profile_store.create_profile("Amina Haddad", "aaaa")


def test_the_demo_may_skip_the_strength_check_but_not_the_length_minimum(profile_store):
    unlocked, _ = profile_store.create_profile("Demo officer", "liaison-demo", check_strength=False)
    unlocked.close()

    with pytest.raises(PassphraseTooShort):
        profile_store.create_profile("Demo two", "demo", check_strength=False)


def test_a_weak_new_passphrase_is_refused_and_costs_no_unlock_attempt(profile_store, profile_created):
    with pytest.raises(WeakPassphrase):
        profile_store.change_passphrase(profile_created.profile_id, "not the passphrase", "qwertyuiop")

    assert profile_store.header(profile_created.profile_id).failed_unlocks == 0
    profile_store.unlock(profile_created.profile_id, profile_created.passphrase).close()


def test_a_new_passphrase_built_from_the_profile_name_is_refused_when_changing(
    profile_store, profile_created
):
    with pytest.raises(WeakPassphrase):
        profile_store.change_passphrase(
            profile_created.profile_id, profile_created.passphrase, "Amina Haddad 2024"
        )


def test_the_recovery_key_cannot_set_a_weak_passphrase(profile_store, profile_created):
    with pytest.raises(WeakPassphrase):
        profile_store.unlock_with_recovery_key(
            profile_created.profile_id, profile_created.recovery_key, "password1"
        )

    profile_store.unlock(profile_created.profile_id, profile_created.passphrase).close()


def test_a_passphrase_can_be_checked_before_anything_is_created(profile_store):
    with pytest.raises(WeakPassphrase):
        profile_store.check_new_passphrase("ahaddad2024", username="ahaddad")

    profile_store.check_new_passphrase(STRONG, display_name="Amina Haddad", username="ahaddad")


def test_a_store_made_for_tests_accepts_weak_passphrases(tmp_path):
    store = LaptopProfiles(tmp_path / "data", params=OWASP_MINIMUM, allow_weak_for_tests=True)

    unlocked, _ = store.create_profile("Amina Haddad", "password123")
    unlocked.close()

    assert [header.display_name for header in store.list_profiles()] == ["Amina Haddad"]
