"""Adding a profile: a display name, the passphrase twice, and optionally the server and username.

Rules are checked inline, next to the field, while the dialog is open; the profile itself is created by
the main window through the runner (the Argon2 key derivation takes a moment), which reports errors back
here with `show_error` so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ProfileDirectory, Session, SignInRequest, add_profile_by_sign_in
from liaison_desktop.ui.i18n import _, ngettext

MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True)
class NewProfileForm:
    display_name: str
    passphrase: str
    server_url: str
    username: str
    password: str
    ca_bundle: str | None = None

    def create(self, directory: ProfileDirectory) -> tuple[Session, str]:
        """Sign in, create the profile, open it (network and Argon2: the runner calls this)."""
        created = add_profile_by_sign_in(
            directory,
            SignInRequest(
                server_url=self.server_url,
                username=self.username,
                password=self.password,
                profile_name=self.display_name,
                passphrase=self.passphrase,
                ca_bundle=self.ca_bundle,
            ),
        )
        return created.session, created.recovery_key


class AddProfileDialog(QDialog):
    """Emits `submitted(NewProfile)` when the form is valid; stays open until `finish()` or cancel."""

    submitted = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        min_passphrase_length: int = MIN_PASSPHRASE_LENGTH,
        server_url: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("add_profile_dialog")
        self.setWindowTitle(_("Add profile"))
        self._min_length = min_passphrase_length

        self.name_field = self._field(_("Your name"))
        self.passphrase_field = self._field(_("Passphrase"), secret=True)
        self.repeat_field = self._field(_("Passphrase again"), secret=True)
        self.server_field = self._field(_("Server address"))
        self.server_field.setPlaceholderText("https://liaison.example.org")
        if server_url:
            self.server_field.setText(server_url)
        self.username_field = self._field(_("Username"))
        self.password_field = self._field(_("Password"), secret=True)

        self.name_error = self._error_label()
        self.passphrase_error = self._error_label()
        self.repeat_error = self._error_label()
        self.general_error = self._error_label()
        rule = QLabel(
            ngettext(
                "Use at least {count} character. A short sentence is easy to remember and hard to guess.",
                "Use at least {count} characters. A short sentence is easy to remember and hard to guess.",
                self._min_length,
            ).format(count=self._min_length)
        )
        rule.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("&Name:"), self.name_field)
        form.addRow("", self.name_error)
        form.addRow(_("&Passphrase:"), self.passphrase_field)
        form.addRow("", rule)
        form.addRow("", self.passphrase_error)
        form.addRow(_("&Repeat:"), self.repeat_field)
        form.addRow("", self.repeat_error)
        form.addRow(_("&Server:"), self.server_field)
        form.addRow(_("&Username:"), self.username_field)
        form.addRow(_("Pass&word:"), self.password_field)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if (
                label
                and field
                and isinstance(label.widget(), QLabel)
                and isinstance(field.widget(), QLineEdit)
            ):
                label.widget().setBuddy(field.widget())  # type: ignore[union-attr]

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(_("Create profile"))
        self.create_button.setAccessibleName(_("Create profile"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def _field(self, accessible_name: str, *, secret: bool = False) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(accessible_name)
        if secret:
            field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet("color: #b00020;")
        label.hide()
        return label

    @staticmethod
    def _show(label: QLabel, message: str) -> None:
        label.setText(message)
        label.setVisible(bool(message))

    def validate(self) -> NewProfileForm | None:
        """The form's content, or None with an inline message next to each field that is wrong."""
        name = self.name_field.text().strip()
        passphrase = self.passphrase_field.text()
        self._show(self.name_error, "" if name else _("Enter a name for the profile."))
        too_short = len(passphrase) < self._min_length
        self._show(
            self.passphrase_error,
            ngettext(
                "The passphrase needs at least {count} character.",
                "The passphrase needs at least {count} characters.",
                self._min_length,
            ).format(count=self._min_length)
            if too_short
            else "",
        )
        mismatch = not too_short and self.repeat_field.text() != passphrase
        self._show(self.repeat_error, _("The two passphrases are not the same.") if mismatch else "")
        self._show(self.general_error, "")
        if not name or too_short or mismatch:
            return None
        return NewProfileForm(
            display_name=name,
            passphrase=passphrase,
            server_url=self.server_field.text().strip(),
            username=self.username_field.text().strip(),
            password=self.password_field.text(),
        )

    def set_busy(self, busy: bool) -> None:
        for widget in (
            self.name_field,
            self.passphrase_field,
            self.repeat_field,
            self.server_field,
            self.username_field,
            self.password_field,
            self.buttons,
        ):
            widget.setEnabled(not busy)
        self.create_button.setText(_("Creating…") if busy else _("Create profile"))

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self._show(self.general_error, message)

    def _submit(self) -> None:
        new_profile = self.validate()
        if new_profile is not None:
            self.set_busy(True)
            self.submitted.emit(new_profile)
