"""The unlock screen: one profile's name, its passphrase field, and why the last attempt failed.

It only collects the passphrase and shows outcomes; the main window runs the Argon2 unlock through the
runner, so typing stays responsive and the button shows progress. After repeated failures the store
refuses attempts for a while; the screen counts that delay down instead of letting people hammer a
button that cannot work.

Switching user is two clicks from here: "Switch user" opens a menu of the other profiles on this
laptop, and picking one shows its unlock screen ("All profiles…" leads to the full start screen).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import DEMO_PASSPHRASE
from liaison_desktop.ui import theme
from liaison_desktop.ui.i18n import _, ngettext
from liaison_desktop.ui.text_direction import align_with_layout, isolate_ltr


class UnlockScreen(QWidget):
    unlock_requested = Signal(str)  # the passphrase
    switch_profile_requested = Signal()  # the full start screen
    profile_switch_requested = Signal(str)  # another profile's id, picked from the Switch user menu
    recovery_requested = Signal()  # "Forgot your passphrase?": unlock with the recovery key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_screen")
        self.profile_label = QLabel()
        self.profile_label.setObjectName("profile_name")
        theme.set_text_role(self.profile_label, theme.TextRole.HEADING)
        align_with_layout(self.profile_label)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)

        self.passphrase_field = QLineEdit()
        self.passphrase_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_field.setAccessibleName(_("Passphrase"))
        self.passphrase_field.returnPressed.connect(self._submit)
        passphrase_label = QLabel(_("&Passphrase:"))
        passphrase_label.setBuddy(self.passphrase_field)

        # Why the screen is showing, when it was not the person's own doing (locked when idle, restored).
        self.notice_label = QLabel()
        self.notice_label.setObjectName("unlock_notice")
        self.notice_label.setWordWrap(True)
        align_with_layout(self.notice_label)
        theme.set_text_role(self.notice_label, theme.TextRole.CAPTION)
        self.notice_label.hide()

        self.error_label = QLabel()
        self.error_label.setObjectName("unlock_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        self.error_label.hide()

        self.unlock_button = QPushButton(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        # Switching user is two clicks from here: this button, then the other person's profile.
        self.switch_button = QPushButton(theme.icon("users"), _("Switch user"))
        self.switch_button.setObjectName("switch_user_button")
        self.switch_button.setAccessibleName(_("Switch user"))
        self.switch_button.clicked.connect(self._switch_clicked)
        self.switch_menu = QMenu(self)
        self.switch_menu.setObjectName("switch_user_menu")
        self.switch_menu.setAccessibleName(_("Switch user"))
        self._other_profiles: list[tuple[str, str]] = []
        self.forgot_button = QPushButton(theme.icon("key"), _("Forgot your passphrase?"))
        self.forgot_button.setObjectName("forgot_passphrase_button")
        self.forgot_button.setAccessibleName(_("Forgot your passphrase?"))
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self.recovery_requested)

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
        column.addWidget(self.notice_label)
        column.addLayout(form)
        column.addWidget(self.error_label)
        column.addLayout(buttons)
        column.addWidget(self.forgot_button, alignment=Qt.AlignmentFlag.AlignLeading)
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
        self.notice_label.clear()
        self.notice_label.hide()
        self.clear_error()
        self.set_busy(False)

    def set_other_profiles(self, profiles: list[tuple[str, str]]) -> None:
        """(profile id, display name) of the profiles the Switch user menu offers."""
        self._other_profiles = list(profiles)

    def _switch_clicked(self) -> None:
        if not self._other_profiles:
            self.switch_profile_requested.emit()
            return
        self.switch_menu.clear()
        for profile_id, name in self._other_profiles:
            action = self.switch_menu.addAction(theme.icon("user"), name)
            action.triggered.connect(
                lambda _checked=False, chosen=profile_id: self.profile_switch_requested.emit(chosen)
            )
        self.switch_menu.addSeparator()
        everyone = self.switch_menu.addAction(_("All profiles…"))
        everyone.triggered.connect(self.switch_profile_requested)
        # popup, not exec: the event loop keeps running (an idle lock or a test is not blocked).
        self.switch_menu.popup(self.switch_button.mapToGlobal(self.switch_button.rect().bottomLeft()))

    def show_notice(self, message: str) -> None:
        """A neutral line under the hint: why the profile locked, or what a restore brought back."""
        self.notice_label.setText(message)
        self.notice_label.show()

    def set_busy(self, busy: bool) -> None:
        self.passphrase_field.setEnabled(not busy)
        self.switch_button.setEnabled(not busy)
        self.forgot_button.setEnabled(not busy)
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
