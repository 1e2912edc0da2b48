"""A forgotten passphrase: open the profile with its recovery key and choose a new passphrase, in one go.

Opened from the unlock screen's "Forgot your passphrase?". The recovery key is what was written down
when the profile was made; the new passphrase is checked for strength (with the reason in words) before
anything is tried. The dialog only collects and checks: the main window runs the unlock through the
runner and reports the outcome back with `show_error` or closes the dialog on success.

Not subject to the unlock back-off (the store's rule): a person locked out by wrong passphrases is
exactly who needs this, and the recovery key has 160 random bits.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.lock.new_passphrase_fields import NewPassphraseFields
from liaison_desktop.ui.text_direction import align_with_layout

RECOVERY_KEY_PLACEHOLDER = "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"


class RecoveryDialog(QDialog):
    """`submitted(recovery_key, new_passphrase)` once both fields pass the checks."""

    submitted = Signal(str, str)

    def __init__(
        self,
        profile_name: str,
        *,
        min_length: int,
        user_inputs: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.setWindowTitle(_("Forgot your passphrase?"))
        self.setModal(True)
        heading = QLabel(profile_name)
        heading.setObjectName("recovery_profile_name")
        theme.set_text_role(heading, theme.TextRole.HEADING)
        align_with_layout(heading)
        explanation = QLabel(
            _(
                "Type the recovery key you wrote down when this profile was made, then choose a new "
                "passphrase. The old passphrase stops working."
            )
        )
        explanation.setWordWrap(True)
        align_with_layout(explanation)

        self.key_field = QLineEdit()
        self.key_field.setObjectName("recovery_key_field")
        self.key_field.setPlaceholderText(RECOVERY_KEY_PLACEHOLDER)
        # Latin letters and digits in groups: left to right even in an Arabic interface.
        self.key_field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.key_field.setFont(font)
        key_label = QLabel(_("Recovery &key:"))
        name_from_label(key_label, self.key_field)
        self.passphrase = NewPassphraseFields(self, min_length=min_length, user_inputs=user_inputs)

        self.error_label = QLabel()
        self.error_label.setObjectName("recovery_error")
        self.error_label.setWordWrap(True)
        align_with_layout(self.error_label)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        self.error_label.hide()

        self.buttons = QDialogButtonBox()
        self.submit_button = QPushButton(_("Unlock and set passphrase"))
        self.submit_button.setAccessibleName(_("Unlock and set passphrase"))
        self.submit_button.setDefault(True)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.submit_button.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(key_label, self.key_field)
        self.passphrase.add_rows(form)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self.key_field.setFocus()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error_label.setText(message)
        self.error_label.show()

    def set_busy(self, busy: bool) -> None:
        for widget in (self.key_field, self.passphrase.new_field, self.passphrase.repeat_field):
            widget.setEnabled(not busy)
        self.submit_button.setEnabled(not busy)
        self.submit_button.setText(_("Unlocking…") if busy else _("Unlock and set passphrase"))

    def forget(self) -> None:
        """Clear every secret from the fields (the dialog may linger until deleted)."""
        self.key_field.clear()
        self.passphrase.clear()

    def _submit(self) -> None:
        if not self.key_field.text().strip():
            self.show_error(_("Type the recovery key."))
            self.key_field.setFocus()
            return
        problem = self.passphrase.problem()
        if problem is not None:
            self.show_error(problem)
            self.passphrase.new_field.setFocus()
            return
        self.error_label.hide()
        self.set_busy(True)
        self.submitted.emit(self.key_field.text(), self.passphrase.passphrase())
