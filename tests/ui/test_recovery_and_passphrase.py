"""A forgotten passphrase: unlock with the recovery key and set a new one; change it from settings.
New passphrases are checked for strength and a weak one is refused with the reason in words."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from liaison_desktop.ui.lock.recovery_dialog import RecoveryDialog
from liaison_desktop.ui.shell.main_window import MainWindow

from .conftest import PASSPHRASE, add_contacts
from .helpers import unlock_through_screen

NEW_PASSPHRASE = "violet tractor sings at noon"


@dataclass(frozen=True)
class RecoverableProfile:
    profile_id: str
    recovery_key: str


@pytest.fixture
def recoverable(profiles) -> RecoverableProfile:  # noqa: ANN001
    unlocked, recovery_key = profiles.create_profile("Chiara Rossi", PASSPHRASE)
    unlocked.close()
    add_contacts(profiles, unlocked.profile_id, PASSPHRASE, 3)
    return RecoverableProfile(unlocked.profile_id, recovery_key)


def open_recovery(qtbot, window: MainWindow, profile_id: str) -> RecoveryDialog:  # noqa: ANN001
    window.choose_profile(profile_id)
    qtbot.mouseClick(window.unlock_screen.forgot_button, Qt.MouseButton.LeftButton)
    dialog = window.locking.recovery_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def fill_recovery(qtbot, dialog: RecoveryDialog, key: str, new: str, repeat: str | None = None) -> None:  # noqa: ANN001
    qtbot.keyClicks(dialog.key_field, key)
    qtbot.keyClicks(dialog.passphrase.new_field, new)
    qtbot.keyClicks(dialog.passphrase.repeat_field, new if repeat is None else repeat)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)


def unlocks_with(qtbot, window: MainWindow, profile_id: str, passphrase: str) -> bool:  # noqa: ANN001
    unlock_through_screen(qtbot, window, profile_id, passphrase)
    window.runner.wait_until_idle()
    return window.session is not None


def test_the_recovery_key_opens_the_profile_and_the_new_passphrase_replaces_the_old(
    qtbot, make_window, recoverable: RecoverableProfile
) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_recovery(qtbot, window, recoverable.profile_id)

    fill_recovery(qtbot, dialog, recoverable.recovery_key.lower(), NEW_PASSPHRASE)

    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.session.display_name == "Chiara Rossi"
    qtbot.waitUntil(lambda: window.workspace_view.contacts_view.model.rowCount() == 3)
    assert window.locking.recovery_dialog is None, "the dialog and the secrets typed in it are gone"
    window.lock()
    assert not unlocks_with(qtbot, window, recoverable.profile_id, PASSPHRASE)
    assert unlocks_with(qtbot, window, recoverable.profile_id, NEW_PASSPHRASE)


def test_a_weak_new_passphrase_is_refused_with_the_reason_before_anything_is_tried(
    qtbot, make_window, recoverable: RecoverableProfile
) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_recovery(qtbot, window, recoverable.profile_id)

    fill_recovery(qtbot, dialog, recoverable.recovery_key, "password123")

    assert dialog.passphrase.strength_label.text().startswith(
        "Strength: very weak. This is one of the most used"
    )
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == (
        "This is one of the most used passwords. Add a few more words; uncommon ones are better."
    )
    assert not window.runner.busy and window.session is None
    assert dialog.isVisible()


def test_the_two_new_passphrases_must_match(qtbot, make_window, recoverable: RecoverableProfile) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_recovery(qtbot, window, recoverable.profile_id)
    fill_recovery(qtbot, dialog, recoverable.recovery_key, NEW_PASSPHRASE, repeat=NEW_PASSPHRASE + "!")
    assert dialog.error_label.text() == "The two passphrases are not the same."
    assert window.session is None


def test_a_recovery_key_of_another_profile_is_refused_and_the_dialog_stays_open(
    qtbot, make_window, profiles, recoverable: RecoverableProfile
) -> None:  # noqa: ANN001
    other, other_key = profiles.create_profile("Dario Bianchi", "yet another passphrase")
    other.close()
    window = make_window()
    dialog = open_recovery(qtbot, window, recoverable.profile_id)

    fill_recovery(qtbot, dialog, other_key, NEW_PASSPHRASE)

    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert dialog.error_label.text().startswith("This recovery key does not open this profile.")
    assert dialog.submit_button.isEnabled() and window.session is None
    assert unlocks_with(qtbot, window, recoverable.profile_id, PASSPHRASE), "the old passphrase still works"


def test_the_recovery_key_works_while_wrong_passphrases_hold_the_profile_shut(
    qtbot, make_window, recoverable: RecoverableProfile
) -> None:  # noqa: ANN001
    window = make_window()
    for _attempt in range(3):
        unlocks_with(qtbot, window, recoverable.profile_id, "not my passphrase")
    assert window.unlock_screen.error_label.text().startswith("Too many wrong attempts.")
    qtbot.mouseClick(window.unlock_screen.forgot_button, Qt.MouseButton.LeftButton)
    dialog = window.locking.recovery_dialog

    fill_recovery(qtbot, dialog, recoverable.recovery_key, NEW_PASSPHRASE)

    qtbot.waitUntil(lambda: window.session is not None)


# -- changing the passphrase in settings ----------------------------------------------------------------


def open_passphrase_settings(qtbot, window: MainWindow, profile_id: str):  # noqa: ANN001, ANN201
    unlock_through_screen(qtbot, window, profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    window.locking.settings_action.trigger()
    dialog = window.locking.settings_dialog
    assert dialog is not None and dialog.passphrase_group is not None
    return dialog


def test_the_passphrase_is_changed_from_settings(qtbot, make_window, recoverable: RecoverableProfile) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_passphrase_settings(qtbot, window, recoverable.profile_id)
    qtbot.keyClicks(dialog.old_passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.new_passphrase.new_field, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.new_passphrase.repeat_field, NEW_PASSPHRASE)

    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(
        lambda: dialog.passphrase_status.text() == "Passphrase changed. Use the new one from now on."
    )
    assert dialog.old_passphrase.text() == "" and dialog.new_passphrase.passphrase() == ""
    assert window.session is not None, "changing the passphrase does not lock"
    dialog.reject()
    window.lock()
    assert not unlocks_with(qtbot, window, recoverable.profile_id, PASSPHRASE)
    assert unlocks_with(qtbot, window, recoverable.profile_id, NEW_PASSPHRASE)


def test_a_wrong_current_passphrase_changes_nothing(
    qtbot, make_window, recoverable: RecoverableProfile
) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_passphrase_settings(qtbot, window, recoverable.profile_id)
    qtbot.keyClicks(dialog.old_passphrase, "not my passphrase")
    qtbot.keyClicks(dialog.new_passphrase.new_field, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.new_passphrase.repeat_field, NEW_PASSPHRASE)

    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.passphrase_status.text().startswith("Wrong passphrase."))
    dialog.reject()
    window.lock()
    assert unlocks_with(qtbot, window, recoverable.profile_id, PASSPHRASE)


def test_a_weak_passphrase_is_refused_in_settings_with_the_reason(
    qtbot, make_window, recoverable: RecoverableProfile
) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_passphrase_settings(qtbot, window, recoverable.profile_id)
    qtbot.keyClicks(dialog.old_passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.new_passphrase.new_field, "qwertyuiop")
    qtbot.keyClicks(dialog.new_passphrase.repeat_field, "qwertyuiop")

    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)

    assert dialog.passphrase_status.text().startswith("This is one of the most used passwords.")
    dialog.reject()
    window.lock()
    assert unlocks_with(qtbot, window, recoverable.profile_id, PASSPHRASE)
