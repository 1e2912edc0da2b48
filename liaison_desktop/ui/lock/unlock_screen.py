"""The unlock screen: one profile's name, its passphrase field, and why the last attempt failed.

It only collects the passphrase and shows outcomes; the main window runs the Argon2 unlock through the
runner, so typing stays responsive and the button shows progress. After repeated failures the store
refuses attempts for a while; the screen counts that delay down instead of letting people hammer a
button that cannot work.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import DEMO_PASSPHRASE
from liaison_desktop.ui.i18n import _, ngettext
from liaison_desktop.ui.text_direction import align_with_layout, isolate_ltr


class UnlockScreen(QWidget):
    unlock_requested = Signal(str)  # the passphrase
    switch_profile_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_screen")
        self.profile_label = QLabel()
        self.profile_label.setObjectName("profile_name")
        font = self.profile_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.profile_label.setFont(font)
        align_with_layout(self.profile_label)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)

        self.passphrase_field = QLineEdit()
        self.passphrase_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_field.setAccessibleName(_("Passphrase"))
        self.passphrase_field.returnPressed.connect(self._submit)
        passphrase_label = QLabel(_("&Passphrase:"))
        passphrase_label.setBuddy(self.passphrase_field)

        self.error_label = QLabel()
        self.error_label.setObjectName("unlock_error")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(_("Unlock problem"))
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()

        self.unlock_button = QPushButton(_("Unlock"))
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        self.switch_button = QPushButton(_("Switch profile"))
        self.switch_button.setAccessibleName(_("Switch to another profile"))
        self.switch_button.clicked.connect(self.switch_profile_requested)

        form = QFormLayout()
        form.addRow(passphrase_label, self.passphrase_field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.profile_label)
        column.addWidget(self.hint_label)
        column.addLayout(form)
        column.addWidget(self.error_label)
        column.addLayout(buttons)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 2)
        outer.addStretch(1)

        self._seconds_left = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

    def show_profile(self, display_name: str, *, demo: bool) -> None:
        """Prepare for a fresh attempt: empty field, no old error."""
        self.profile_label.setText(display_name)
        self.hint_label.setText(
            _("Demo profile with fictional records. Passphrase: {passphrase}").format(
                passphrase=isolate_ltr(DEMO_PASSPHRASE)
            )
            if demo
            else _("Enter your passphrase to open your records.")
        )
        self.passphrase_field.clear()
        self.clear_error()
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.passphrase_field.setEnabled(not busy)
        self.switch_button.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy and self._seconds_left == 0)
        self.unlock_button.setText(_("Unlocking…") if busy else _("Unlock"))
        if not busy:
            self.passphrase_field.setFocus()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.passphrase_field.selectAll()
        self.passphrase_field.setFocus()

    def show_delay(self, seconds: int) -> None:
        """Too many wrong attempts: count down, then allow trying again."""
        self._seconds_left = max(0, seconds)
        self._render_delay()
        if self._seconds_left:
            self._countdown.start()

    def clear_error(self) -> None:
        self._countdown.stop()
        self._seconds_left = 0
        self.error_label.clear()
        self.error_label.hide()

    def _tick(self) -> None:
        self._seconds_left = max(0, self._seconds_left - 1)
        self._render_delay()

    def _render_delay(self) -> None:
        if self._seconds_left == 0:
            self._countdown.stop()
            self.error_label.setText(_("You can try again now."))
        else:
            self.error_label.setText(
                ngettext(
                    "Too many wrong attempts. Try again in {seconds} second.",
                    "Too many wrong attempts. Try again in {seconds} seconds.",
                    self._seconds_left,
                ).format(seconds=self._seconds_left)
            )
        self.error_label.show()
        self.unlock_button.setEnabled(self._seconds_left == 0 and self.passphrase_field.isEnabled())

    def _submit(self) -> None:
        if self.unlock_button.isEnabled() and self.passphrase_field.text():
            self.unlock_requested.emit(self.passphrase_field.text())
