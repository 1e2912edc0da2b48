"""The idle limit: the laptop setting, never above a server's maximum, never off."""

from __future__ import annotations

from liaison_desktop.app import DEFAULT_IDLE_LOCK_MINUTES, MAX_IDLE_LOCK_MINUTES, effective_idle_lock_s


def test_without_a_setting_the_profile_locks_after_five_minutes() -> None:
    assert DEFAULT_IDLE_LOCK_MINUTES == 5
    assert effective_idle_lock_s(None, None) == 300


def test_the_laptop_setting_decides_when_the_server_sets_no_maximum() -> None:
    assert effective_idle_lock_s(12 * 60, None) == 720
    assert effective_idle_lock_s(12 * 60, 0) == 720


def test_a_server_maximum_below_the_setting_wins() -> None:
    assert effective_idle_lock_s(20 * 60, 10 * 60) == 600


def test_a_server_maximum_above_the_setting_changes_nothing() -> None:
    assert effective_idle_lock_s(3 * 60, 15 * 60) == 180


def test_no_setting_or_server_answer_can_switch_the_lock_off_or_beyond_thirty_minutes() -> None:
    assert effective_idle_lock_s(0, None) == 60
    assert effective_idle_lock_s(-5, None) == 60
    assert effective_idle_lock_s(10**9, None) == MAX_IDLE_LOCK_MINUTES * 60
    assert effective_idle_lock_s(None, 1) == 60  # a one-second maximum would lock mid-sentence
