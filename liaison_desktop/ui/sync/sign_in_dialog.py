"""Signing in again, when the server asks for it (a password changed or reset, a session that expired).

Only the password is asked: the server and the user name are the profile's and are shown, not edited
(a profile belongs to one account). The sign-in keeps this laptop's device id and its outbox: whatever was
saved while sync waited is sent right after. It runs through the runner (network, Argon2 on the server);
a refusal is said under the password, and the dialog stays open with nothing lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import Session
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.dialog_buttons import accept_cancel_buttons
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.text_direction import align_with_layout, isolate_ltr

_PASSWORD_ERRORS = frozenset({"sync.wrong_credentials", "sync.locked_out"})


def reason_text(error_key: str | None) -> str:
    """Why the server wants a new sign-in, in words."""
    if error_key == "sync.reauth_required":
        return _("The server asks you to sign in again: your password may have been changed or reset.")
    return _("Your session with the server has ended. Sign in again to keep syncing.")


def kept_text(pending: int) -> str:
    if not pending:
        return _("Everything on this laptop is kept; sync continues once you have signed in.")
    return ngettext(
        "Your {count} change waiting to sync is kept and will be sent once you have signed in.",
        "Your {count} changes waiting to sync are kept and will be sent once you have signed in.",
        pending,
    ).format(count=format_number(pending))


class SignInDialog(QDialog):
    """Emits `signed_in` after the server accepted the password (and sync restarted)."""

    signed_in = Signal()

    def __init__(
        self,
        session: Session,
        runner: Runner,
        parent: QWidget | None = None,
        *,
        error_key: str | None = None,
        pending: int = 0,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign_in_dialog")
        self.setWindowTitle(_("Sign in again"))
        self._session = session
        self._runner = runner
        self._busy = False

        heading = QLabel(_("Sign in again to keep syncing"))
        theme.set_text_role(heading, theme.TextRole.HEADING)
        self.reason_label = QLabel(reason_text(error_key))
        self.reason_label.setWordWrap(True)
        self.kept_label = QLabel(kept_text(pending))
        self.kept_label.setWordWrap(True)

        self.server_label = QLabel(isolate_ltr(session.server_url or ""))
        self.server_label.setObjectName("sign_in_server")
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.username_label = QLabel(session.username or "")
        self.username_label.setObjectName("sign_in_username")
        # Latin address and user name (and, untranslated, any text) stay on the reading side in Arabic.
        for label in (heading, self.reason_label, self.kept_label, self.server_label, self.username_label):
            align_with_layout(label)
        self.password_field = QLineEdit()
        self.password_field.setObjectName("password")
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = QLabel()
        self.password_error.setWordWrap(True)
        theme.set_text_role(self.password_error, theme.TextRole.ERROR)
        self.password_error.hide()
        self.general_error = QLabel()
        self.general_error.setWordWrap(True)
        theme.set_tone(self.general_error, theme.Tone.DANGER)
        self.general_error.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Server:"), self.server_label)
        form.addRow(_("User name:"), self.username_label)
        password_label = QLabel(_("&Password:"))
        name_from_label(password_label, self.password_field)
        form.addRow(password_label, self.password_field)
        form.addRow("", self.password_error)

        buttons = accept_cancel_buttons(self, _("Sign in"), _("Not now"), "sign_in")
        self.buttons, self.sign_in_button, self.later_button = buttons.box, buttons.accept, buttons.cancel

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.kept_label)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.password_field.setFocus()
        self.resize(520, self.sizeHint().height())

    def submit(self) -> None:
        password = self.password_field.text()
        if not password:
            self._show(self.password_error, _("Enter your password."))
            self.password_field.setFocus()
            return
        self._show(self.password_error, "")
        self._show(self.general_error, "")
        self._set_busy(True)
        session = self._session
        self._runner.run(lambda: session.sign_in_again(password), self._done, self.show_error, owner=self)

    def _done(self, _result: object) -> None:
        self._set_busy(False)
        self.password_field.clear()
        self.signed_in.emit()
        self.accept()

    def show_error(self, error: BaseException) -> None:
        self._set_busy(False)
        message = message_for(error)
        if getattr(error, "key", None) in _PASSWORD_ERRORS:
            self._show(self.password_error, message)
            self.password_field.selectAll()
        else:
            self._show(self.general_error, message)
        self.password_field.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.password_field.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        self.sign_in_button.setText(_("Signing in…") if busy else _("Sign in"))

    def _show(self, label: QLabel, message: str) -> None:
        label.setText(message)
        label.setVisible(bool(message))
        if message:  # room for the sentence, never shrinking what the person set
            layout = self.layout()
            if layout is not None:
                layout.activate()
            hint = self.sizeHint()
            self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)
