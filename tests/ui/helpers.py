"""Steps the UI tests share: unlocking through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from liaison_desktop.ui.shell.main_window import MainWindow


def unlock_through_screen(qtbot, window: MainWindow, profile_id: str, passphrase: str) -> None:  # noqa: ANN001
    window.choose_profile(profile_id)
    field = window.unlock_screen.passphrase_field
    field.clear()
    qtbot.keyClicks(field, passphrase)
    qtbot.keyClick(field, Qt.Key.Key_Return)
