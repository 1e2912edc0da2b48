"""Wrong passphrases slow down the next attempt, and the delay outlives an app restart."""

from __future__ import annotations

import pytest

from liaison_desktop.store.profile_errors import UnlockDelayed, WrongPassphrase
from liaison_desktop.store.profile_keys import OWASP_MINIMUM
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.store.unlock_backoff import BackoffPolicy


def _fail(store: LaptopProfiles, profile_id: str, times: int, clock=None) -> WrongPassphrase:
    """`times` wrong passphrases in a row; with a clock, each waits out the delay the previous one set."""
    error = None
    for _ in range(times):
        if error is not None and clock is not None:
            clock.advance(error.params["seconds_until_next_attempt"])
        with pytest.raises(WrongPassphrase) as raised:
            store.unlock(profile_id, "not the passphrase")
        error = raised.value
    assert error is not None
    return error


def test_the_first_two_wrong_passphrases_cost_no_waiting(profile_store, profile_created):
    error = _fail(profile_store, profile_created.profile_id, 2)

    assert error.params["failures"] == 2
    assert error.params["seconds_until_next_attempt"] == 0
    profile_store.unlock(profile_created.profile_id, profile_created.passphrase).close()


def test_delays_double_after_the_free_attempts_and_stop_at_fifteen_minutes():
    policy = BackoffPolicy()

    delays = [policy.delay_after(failures) for failures in range(1, 14)]

    assert delays == [0, 0, 5, 10, 20, 40, 80, 160, 320, 640, 900, 900, 900]
    assert policy.delay_after(10_000) == 900


def test_during_a_delay_even_the_right_passphrase_is_not_tried(profile_store, profile_created, profile_clock):
    error = _fail(profile_store, profile_created.profile_id, 3)
    assert error.params["seconds_until_next_attempt"] == 5
    profile_clock.advance(2)

    with pytest.raises(UnlockDelayed) as raised:
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)

    assert raised.value.key == "profile.unlock_delayed"
    assert raised.value.seconds_remaining == 3


def test_a_delayed_attempt_does_not_count_as_another_failure(profile_store, profile_created):
    _fail(profile_store, profile_created.profile_id, 3)

    with pytest.raises(UnlockDelayed):
        profile_store.unlock(profile_created.profile_id, "not the passphrase")

    assert profile_store.header(profile_created.profile_id).failed_unlocks == 3


def test_the_next_delay_is_longer_once_the_previous_one_has_passed(
    profile_store, profile_created, profile_clock
):
    _fail(profile_store, profile_created.profile_id, 3)
    profile_clock.advance(5)

    error = _fail(profile_store, profile_created.profile_id, 1)

    assert error.params["seconds_until_next_attempt"] == 10


def test_the_delay_survives_restarting_the_app(
    profile_data_root, profile_store, profile_created, profile_clock
):
    _fail(profile_store, profile_created.profile_id, 4, profile_clock)
    restarted = LaptopProfiles(profile_data_root, params=OWASP_MINIMUM, clock=profile_clock)

    with pytest.raises(UnlockDelayed) as raised:
        restarted.unlock(profile_created.profile_id, profile_created.passphrase)

    assert raised.value.seconds_remaining == 10


def test_the_right_passphrase_after_the_delay_unlocks_and_resets_the_count(
    profile_store, profile_created, profile_clock
):
    _fail(profile_store, profile_created.profile_id, 3)
    profile_clock.advance(5)

    profile_store.unlock(profile_created.profile_id, profile_created.passphrase).close()

    header = profile_store.header(profile_created.profile_id)
    assert (header.failed_unlocks, header.locked_until) == (0, None)
    assert _fail(profile_store, profile_created.profile_id, 1).params["failures"] == 1


def test_a_clock_turned_back_never_makes_the_wait_longer_than_the_cap(
    profile_store, profile_created, profile_clock
):
    _fail(profile_store, profile_created.profile_id, 3)
    profile_clock.advance(-86_400)

    with pytest.raises(UnlockDelayed) as raised:
        profile_store.unlock(profile_created.profile_id, profile_created.passphrase)
    assert raised.value.seconds_remaining == 900
    profile_clock.advance(900)

    profile_store.unlock(profile_created.profile_id, profile_created.passphrase).close()


def test_the_recovery_key_opens_a_profile_during_a_delay_and_clears_it(
    profile_store, profile_created, profile_clock
):
    _fail(profile_store, profile_created.profile_id, 5, profile_clock)

    profile_store.unlock_with_recovery_key(
        profile_created.profile_id, profile_created.recovery_key, "a brand new passphrase"
    ).close()

    assert profile_store.header(profile_created.profile_id).failed_unlocks == 0


def test_a_wrong_old_passphrase_when_changing_it_counts_as_a_failure(profile_store, profile_created):
    with pytest.raises(WrongPassphrase):
        profile_store.change_passphrase(
            profile_created.profile_id, "not the passphrase", "a brand new passphrase"
        )

    assert profile_store.header(profile_created.profile_id).failed_unlocks == 1
