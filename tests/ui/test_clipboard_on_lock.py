"""Locking takes text copied from the open profile off the clipboard; what was on the clipboard before
the profile was opened stays."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .conftest import ExistingProfile
from .helpers import unlock_through_screen


def _opened(qtbot, make_window, existing_profile: ExistingProfile):  # noqa: ANN001, ANN202
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    return window


def test_text_copied_while_the_profile_is_open_is_cleared_when_it_locks(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = _opened(qtbot, make_window, existing_profile)
    field = window.workspace_view.search_panel.field
    qtbot.keyClicks(field, "Person0003")
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "Person0003"

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session is None)
    assert QApplication.clipboard().text() == ""


def test_text_on_the_clipboard_before_the_profile_opened_stays_after_it_locks(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    QApplication.clipboard().setText("https://liaison.example.org")
    window = _opened(qtbot, make_window, existing_profile)
    window.lock()
    assert QApplication.clipboard().text() == "https://liaison.example.org"
    QApplication.clipboard().clear()
