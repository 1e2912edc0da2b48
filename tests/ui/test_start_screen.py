"""The start screen: listing profiles, adding one (recovery key shown once), and the demo."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from liaison_desktop.demo.sample_data import DEMO_PASSPHRASE
from liaison_desktop.ui.shell.main_window import MainWindow

from .conftest import PASSPHRASE, ExistingProfile

RECOVERY_KEY = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")


def _fill_add_profile(qtbot, window: MainWindow, *, passphrase: str, repeat: str) -> None:  # noqa: ANN001
    qtbot.mouseClick(window.picker.add_button, Qt.MouseButton.LeftButton)
    dialog = window.add_profile_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.name_field, "Bilal Nasser")
    qtbot.keyClicks(dialog.passphrase_field, passphrase)
    qtbot.keyClicks(dialog.repeat_field, repeat)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)


def test_start_screen_lists_existing_profiles(make_window, existing_profile: ExistingProfile) -> None:
    window = make_window()
    items = [window.picker.profile_list.item(i).text() for i in range(window.picker.profile_list.count())]
    assert items == [existing_profile.display_name]
    assert not window.picker.demo_button.isVisible()


def test_creating_a_profile_shows_the_recovery_key_once(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    _fill_add_profile(qtbot, window, passphrase=PASSPHRASE, repeat=PASSPHRASE)
    qtbot.waitUntil(lambda: window.recovery_key_dialog is not None)
    shown = window.recovery_key_dialog
    assert shown is not None and shown.isVisible()
    assert RECOVERY_KEY.match(shown.key_label.text())
    assert not shown.continue_button.isEnabled(), "continuing needs the written-down confirmation"
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    assert shown.isVisible(), "Escape must not dismiss the only showing of the key"

    shown.confirm_box.setChecked(True)
    qtbot.mouseClick(shown.continue_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.recovery_key_dialog is None
    assert shown.key_label.text() == ""
    window.lock()
    qtbot.keyClicks(window.unlock_screen.passphrase_field, PASSPHRASE)
    qtbot.keyClick(window.unlock_screen.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.recovery_key_dialog is None, "the key is never shown again"


def test_add_profile_explains_a_short_or_mismatched_passphrase_inline(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    _fill_add_profile(qtbot, window, passphrase="short", repeat="short")
    dialog = window.add_profile_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.passphrase_error.text() == "The passphrase needs at least 8 characters."

    dialog.passphrase_field.setText(PASSPHRASE)
    dialog.repeat_field.setText(PASSPHRASE + "!")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.repeat_error.text() == "The two passphrases are not the same."
    assert dialog.passphrase_error.isHidden()
    assert window.directory.summaries() == []


def test_demo_is_offered_without_profiles_and_opens_fictional_records(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    assert window.picker.demo_button.isVisible()
    assert DEMO_PASSPHRASE in window.picker._demo_note.text()

    qtbot.mouseClick(window.picker.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace_view is not None, timeout=20_000)

    view = window.workspace_view
    assert view is not None
    assert view.demo_banner.isVisible()
    assert view.contacts_view.model.total >= 30
    window.lock()
    assert DEMO_PASSPHRASE in window.unlock_screen.hint_label.text()


def test_demo_is_not_offered_when_a_server_is_given(make_window) -> None:  # noqa: ANN001
    window = make_window(server_url="https://liaison.example.org")
    assert not window.picker.demo_button.isVisible()
