"""Key derivation and wrapping: the cost floor, the binding of each wrap, the recovery key's format."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_desktop.store.profile_errors import KeyUnwrapFailed, WeakKdfParams
from liaison_desktop.store.profile_keys import (
    DEFAULT_PARAMS,
    OWASP_MINIMUM,
    Argon2Params,
    derive_passphrase_kek,
    format_recovery_key,
    new_data_key,
    new_recovery_key,
    new_salt,
    parse_recovery_key,
    unwrap_key,
    wrap_key,
)
from liaison_desktop.store.profiles import LaptopProfiles

TINY = Argon2Params(memory_kib=1024, time_cost=1, parallelism=1)


def test_owasp_minimum_is_19_mib_two_passes_one_lane():
    assert (OWASP_MINIMUM.memory_kib, OWASP_MINIMUM.time_cost, OWASP_MINIMUM.parallelism) == (19456, 2, 1)


def test_default_params_are_at_least_owasps_minimum():
    assert DEFAULT_PARAMS.is_at_least(OWASP_MINIMUM)
    assert (DEFAULT_PARAMS.memory_kib, DEFAULT_PARAMS.time_cost) == (65536, 3)


@pytest.mark.parametrize(
    "weak",
    [
        Argon2Params(memory_kib=19455, time_cost=2, parallelism=1),
        Argon2Params(memory_kib=65536, time_cost=1, parallelism=1),
        TINY,
    ],
)
def test_a_store_refuses_params_below_the_minimum(tmp_path, weak):
    with pytest.raises(WeakKdfParams) as raised:
        LaptopProfiles(tmp_path, params=weak)

    assert raised.value.key == "profile.weak_kdf_params"
    assert raised.value.params["minimum_memory_kib"] == 19456


def test_create_profile_refuses_weak_params_given_for_one_profile(profile_store):
    with pytest.raises(WeakKdfParams):
        profile_store.create_profile("Amina Haddad", "long enough passphrase", params=TINY)

    assert profile_store.list_profiles() == []


def test_weak_params_are_accepted_only_when_a_test_asks_for_them(tmp_path):
    store = LaptopProfiles(tmp_path, params=TINY, allow_weak_for_tests=True)

    unlocked, _ = store.create_profile("Amina Haddad", "long enough passphrase")
    unlocked.close()

    assert store.header(unlocked.profile_id).keys.kdf == TINY


def test_a_wrapped_key_does_not_unwrap_for_another_profile():
    key, kek = new_data_key(), new_data_key()
    wrapped = wrap_key(kek, key, profile_id="a" * 32, purpose="passphrase")

    with pytest.raises(KeyUnwrapFailed):
        unwrap_key(kek, wrapped, profile_id="b" * 32, purpose="passphrase")


def test_a_wrapped_key_does_not_unwrap_in_another_slot():
    key, kek = new_data_key(), new_data_key()
    wrapped = wrap_key(kek, key, profile_id="a" * 32, purpose="recovery")

    with pytest.raises(KeyUnwrapFailed):
        unwrap_key(kek, wrapped, profile_id="a" * 32, purpose="passphrase")


def test_the_same_passphrase_typed_composed_or_decomposed_derives_one_key():
    salt = new_salt()
    composed = unicodedata.normalize("NFC", "café naïve")
    decomposed = unicodedata.normalize("NFD", "café naïve")
    assert composed != decomposed

    assert derive_passphrase_kek(composed, salt, TINY) == derive_passphrase_kek(decomposed, salt, TINY)


def test_a_new_recovery_key_carries_160_bits():
    assert len(parse_recovery_key(new_recovery_key())) == 20


def test_recovery_keys_are_not_repeated():
    assert len({new_recovery_key() for _ in range(100)}) == 100


@given(st.binary(min_size=20, max_size=20))
def test_a_formatted_recovery_key_parses_back_to_its_bytes(raw):
    assert parse_recovery_key(format_recovery_key(raw)) == raw


@given(st.binary(min_size=20, max_size=20))
def test_a_recovery_key_typed_in_lower_case_without_dashes_parses_the_same(raw):
    assert parse_recovery_key(format_recovery_key(raw).lower().replace("-", "")) == raw
