"""The accept / cancel row of a dialog, worded for what it does ("Sign in", "Not now"), not "OK".

Qt's standard buttons carry Qt's own words and an accessible name Qt chose; a dialog here names its
buttons for its action, and the accessible name must be the visible text (speech-control users say
what they see).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton


@dataclass(frozen=True)
class DialogButtons:
    box: QDialogButtonBox
    accept: QPushButton
    cancel: QPushButton


def accept_cancel_buttons(
    dialog: QDialog, accept_text: str, cancel_text: str, accept_name: str
) -> DialogButtons:
    """Buttons wired to the dialog's `submit()` (which validates, then accepts) and `reject()`.

    `accept_name` is the object name tests and screenshots find the button by."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    accept = box.button(QDialogButtonBox.StandardButton.Ok)
    accept.setObjectName(accept_name)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    for button, text in ((accept, accept_text), (cancel, cancel_text)):
        button.setText(text)
        button.setAccessibleName(text)
    box.accepted.connect(dialog.submit)  # type: ignore[attr-defined] - each such dialog defines submit()
    box.rejected.connect(dialog.reject)
    return DialogButtons(box, accept, cancel)
