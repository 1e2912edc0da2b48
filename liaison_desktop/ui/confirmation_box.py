"""A question asked before a step that cannot be undone ("Discard what you typed?", "Submit this note?").

Shown with `open()`, never `exec()`: a lock may come while it is up and must find no nested event loop.
Its two buttons carry the words of what they do, named as they read (speech-control users say what
they see); "Keep editing" is the default, so Enter never throws work away.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import visible_words
from liaison_desktop.ui.i18n import _


def open_confirmation(
    parent: QWidget,
    *,
    name: str,
    title: str,
    text: str,
    action_text: str,
    on_action: Callable[[], None],
    on_closed: Callable[[], None],
    destructive: bool,
    action_name: str | None = None,
    keep_name: str | None = None,
) -> QMessageBox:
    """Show the question and return it; `on_closed` runs when it closes, whatever the answer (the box is
    then deleted, so drop any reference to it there)."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    role = QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.AcceptRole
    action = box.addButton(action_text, role)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    for button, button_name in ((action, action_name), (keep, keep_name)):
        button.setAccessibleName(visible_words(button.text()))
        if button_name:
            button.setObjectName(button_name)
    if destructive:
        theme.set_button_kind(action, theme.ButtonKind.DANGER)
    box.setDefaultButton(keep)
    action.clicked.connect(on_action)
    box.finished.connect(on_closed)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
