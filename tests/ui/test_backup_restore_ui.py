"""Backups through the real widgets: made after unlock, exported with File -> Back up…, restored with
File -> Restore… or from the damaged-profile screen that a damaged database or key file leads to."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from liaison_desktop.ui.lock.damaged_profile_screen import DamagedProfileScreen
from liaison_desktop.ui.settings.backup_actions import BackupActions
from liaison_desktop.ui.settings.restore_dialog import RestoreDialog
from liaison_desktop.ui.shell.main_window import MainWindow

from .conftest import ExistingProfile
from .helpers import unlock_through_screen


def profile_folder(profiles, profile: ExistingProfile) -> Path:  # noqa: ANN001
    return profiles.root / profile.profile_id


def damage_database(path: Path) -> None:
    """What a bad sector does: bytes in the middle of a page in the middle of the file are replaced."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek((size // 2 // 4096) * 4096 + 1000)
        handle.write(os.urandom(64))


def open_profile(qtbot, window: MainWindow, profile: ExistingProfile) -> None:  # noqa: ANN001
    unlock_through_screen(qtbot, window, profile.profile_id, profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)


def contacts_shown(qtbot, window: MainWindow, count: int) -> None:  # noqa: ANN001
    view = window.workspace_view
    assert view is not None
    qtbot.waitUntil(lambda: view.contacts_view.count_label.text() == f"{count} contacts")


@pytest.fixture(autouse=True)
def backup_at_unlock(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests need the daily backup made at once, not a minute after the unlock."""
    monkeypatch.setattr(BackupActions, "automatic_delay_ms", 0)


def backed_up_then_locked(qtbot, window: MainWindow, profile: ExistingProfile) -> None:  # noqa: ANN001
    """Unlock (the daily backup is made in the background), then lock."""
    open_profile(qtbot, window, profile)
    assert window.runner.wait_until_idle()
    assert window.directory.backups.latest(profile.profile_id) is not None
    window.lock()
    assert window.runner.wait_until_idle()


def confirm_restore(qtbot, window: MainWindow) -> RestoreDialog:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.locking.backup_actions.restore_dialog is not None)
    dialog = window.locking.backup_actions.restore_dialog
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled())
    return dialog


def test_unlocking_makes_the_daily_backup_in_the_background_once_a_day(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    assert window.runner.wait_until_idle()
    window.lock()
    open_profile(qtbot, window, existing_profile)
    assert window.runner.wait_until_idle()
    assert len(window.directory.backups.list(existing_profile.profile_id)) == 1


def test_a_damaged_database_shows_the_damaged_screen_and_the_latest_backup_brings_the_records_back(
    qtbot, make_window, profiles, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    backed_up_then_locked(qtbot, window, existing_profile)
    damage_database(profile_folder(profiles, existing_profile) / "liaison.db")

    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)

    screen = window.locking.damaged_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is screen)
    assert screen.title_label.text() == "This profile is damaged"
    assert "Your passphrase was right." in screen.explanation_label.text()
    assert not window.unlock_screen.error_label.text().startswith("Wrong passphrase")
    qtbot.waitUntil(lambda: screen.backup_label.text().startswith("Latest automatic backup:"))
    assert "passphrase that was valid at that time" in screen.backup_label.text()

    qtbot.mouseClick(screen.restore_latest_button, Qt.MouseButton.LeftButton)
    dialog = confirm_restore(qtbot, window)
    assert dialog.latest_option.isChecked()
    confirmation = dialog.confirmation_label.text()
    assert "Restoring replaces the profile “Amina Haddad” on this laptop" in confirmation
    assert "opens with the passphrase that was valid on" in confirmation
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unlock_screen)
    assert window.unlock_screen.notice_label.text().startswith("Restored the copy from ")
    open_profile(qtbot, window, existing_profile)
    contacts_shown(qtbot, window, existing_profile.contact_count)


def test_a_damaged_key_file_says_damaged_not_wrong_passphrase_and_counts_no_failed_attempt(
    qtbot, make_window, profiles, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    backed_up_then_locked(qtbot, window, existing_profile)
    header_file = profile_folder(profiles, existing_profile) / "profile.json"
    good_header = header_file.read_bytes()
    header_file.write_bytes(good_header[: len(good_header) // 2])  # a torn write

    window.unlock_screen.passphrase_field.clear()
    qtbot.keyClicks(window.unlock_screen.passphrase_field, existing_profile.passphrase)
    qtbot.keyClick(window.unlock_screen.passphrase_field, Qt.Key.Key_Return)

    screen = window.locking.damaged_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is screen)
    assert "The file that holds this profile's keys is damaged" in screen.explanation_label.text()
    assert "Your passphrase was not the problem." in screen.explanation_label.text()
    assert screen.profile_label.text() == existing_profile.display_name
    header_file.write_bytes(good_header)
    header = profiles.header(existing_profile.profile_id)
    assert header.failed_unlocks == 0 and header.locked_until is None


def test_a_profile_whose_key_file_broke_is_repaired_from_the_start_screen_with_its_latest_backup(
    qtbot, make_window, profiles, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    backed_up_then_locked(qtbot, window, existing_profile)
    (profile_folder(profiles, existing_profile) / "profile.json").write_bytes(b"{")
    window.show_start()
    assert window.picker.profile_list.count() == 0, "a profile without a readable key file is not listed"
    repair = window.findChild(QPushButton, "repair_profiles_button")
    assert repair is not None and repair.isVisible() and repair.text() == "Repair the damaged profile…"

    qtbot.mouseClick(repair, Qt.MouseButton.LeftButton)

    screen = window.locking.damaged_screen
    assert window.stack.currentWidget() is screen
    qtbot.waitUntil(lambda: screen.restore_latest_button.isEnabled())
    assert screen.profile_label.text() == existing_profile.display_name  # read from the backup
    qtbot.mouseClick(screen.restore_latest_button, Qt.MouseButton.LeftButton)
    dialog = confirm_restore(qtbot, window)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unlock_screen)
    open_profile(qtbot, window, existing_profile)
    contacts_shown(qtbot, window, existing_profile.contact_count)
    window.lock()
    window.show_start()
    assert not repair.isVisible()


def test_file_back_up_exports_a_file_and_file_restore_puts_that_copy_back(
    qtbot, make_window, tmp_path: Path, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    target = tmp_path / "amina.liaison-backup"

    window.locking.backup_action.trigger()  # File -> Back up…
    file_dialog = window.locking.backup_actions.file_dialog
    file_dialog.selectFile(str(target))
    file_dialog.accept()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Backup saved to"))
    assert target.is_file()

    window.session.contacts.import_many([{"given_name": "Added", "family_name": "Later"}])
    contacts_shown(qtbot, window, existing_profile.contact_count + 1)
    window.locking.restore_action.trigger()  # File -> Restore…
    qtbot.waitUntil(lambda: window.locking.backup_actions.restore_dialog is not None)
    dialog = window.locking.backup_actions.restore_dialog
    qtbot.mouseClick(dialog.choose_file_button, Qt.MouseButton.LeftButton)
    dialog.file_dialog.selectFile(str(target))
    dialog.file_dialog.accept()
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled())
    assert dialog.file_option.isChecked()
    assert "Changes made since then that were not synced are lost" in dialog.confirmation_label.text()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.unlock_screen.notice_label.text().startswith("Restored the copy from "))
    assert window.session is None
    open_profile(qtbot, window, existing_profile)
    contacts_shown(qtbot, window, existing_profile.contact_count)


def test_a_file_that_is_not_a_backup_is_refused_before_anything_is_replaced(
    qtbot, make_window, tmp_path: Path, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    stray = tmp_path / "notes.liaison-backup"
    stray.write_bytes(b"not a backup at all")
    window.locking.restore_action.trigger()
    qtbot.waitUntil(lambda: window.locking.backup_actions.restore_dialog is not None)
    dialog = window.locking.backup_actions.restore_dialog

    dialog.use_file(stray)

    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert dialog.error_label.text().startswith("This file is not a Liaison backup")
    assert not dialog.restore_button.isEnabled()
    assert window.session is not None


def test_back_up_now_in_settings_makes_another_backup(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    assert window.runner.wait_until_idle()
    window.locking.settings_action.trigger()
    dialog = window.locking.settings_dialog
    qtbot.waitUntil(lambda: dialog.latest_backup_label.text().startswith("Latest backup:"))

    qtbot.mouseClick(dialog.back_up_now_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Backup made"))
    assert len(window.directory.backups.list(existing_profile.profile_id)) == 2


def test_removing_a_damaged_profile_erases_it_and_offers_to_sign_in_again(
    qtbot, make_window, profiles, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    window.choose_profile(existing_profile.profile_id)
    damage_database(profile_folder(profiles, existing_profile) / "liaison.db")
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    screen = window.locking.damaged_screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is screen)
    qtbot.waitUntil(
        lambda: screen.backup_label.text() == "There is no automatic backup of this profile on this laptop."
    )
    assert screen.restore_latest_button.isHidden()

    qtbot.mouseClick(screen.remove_button, Qt.MouseButton.LeftButton)
    box = window.locking.confirm_box
    assert "not synced are lost" in box.informativeText()
    remove = next(button for button in box.buttons() if button.text() == "Remove profile")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.picker)
    assert not profile_folder(profiles, existing_profile).exists()
    assert window.add_profile_dialog is not None and window.add_profile_dialog.isVisible()
    window.add_profile_dialog.reject()


def test_damage_found_before_a_backup_locks_the_profile_and_shows_the_damaged_screen(
    qtbot, make_window, profiles, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    assert window.runner.wait_until_idle()
    # A failing disk under the open profile: pages the app already holds in memory still read fine (and
    # are copied as they were), so every page but the first goes bad and the copy meets one it must read.
    database = profile_folder(profiles, existing_profile) / "liaison.db"
    with open(database, "r+b") as handle:
        for page in range(1, database.stat().st_size // 4096):
            handle.seek(page * 4096 + 1000)
            handle.write(os.urandom(64))

    window.locking.backup_actions.back_up_now(window.session)

    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), DamagedProfileScreen))
    assert window.session is None and window.workspace_view is None


def test_the_daily_backup_waits_a_while_after_the_unlock(
    qtbot, make_window, monkeypatch: pytest.MonkeyPatch, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    monkeypatch.setattr(BackupActions, "automatic_delay_ms", 400)
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    assert window.runner.wait_until_idle()
    assert window.directory.backups.latest(existing_profile.profile_id) is None, "not while the screens load"
    qtbot.waitUntil(lambda: window.directory.backups.latest(existing_profile.profile_id) is not None)
