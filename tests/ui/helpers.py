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


def give_reason(qtbot, dialog, choice: int = 0, words: str = "") -> str:  # noqa: ANN001
    """Answer a reason dialog as a person does: pick a choice, type words if any, press Enter. Returns
    the reason the dialog gives."""
    assert dialog is not None and dialog.isVisible(), "a reason was asked for"
    qtbot.mouseClick(dialog.choices[choice], Qt.MouseButton.LeftButton)
    if words:
        qtbot.keyClicks(dialog.details_field, words)
    reason = dialog.reason()
    window = dialog.parentWidget().window()
    qtbot.keyClick(dialog.details_field, Qt.Key.Key_Return)
    # A window manager gives the activation back to the window under a closed dialog; offscreen, we do.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return reason
