"""Adding a profile is signing in: the server, your account, then this laptop's name and passphrase.

Every rule is checked where it applies, in words, next to the field: the address as it is typed (`https://`
for every host but this computer), the profile name against the other profiles on this laptop, the
passphrase's strength as it is typed (zxcvbn, through the session layer). Submitting runs
`add_profile_by_sign_in` through the runner (network, then Argon2); whatever the server or the network
answers comes back as a sentence next to the field it is about (wrong password under the password, a
certificate problem under the address) or at the bottom, and nothing typed is lost. `created` carries the
new profile (its open session and the recovery key to show once).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import (
    NewProfile,
    ProfileDirectory,
    ProfileNameTaken,
    SignInRequest,
    add_profile_by_sign_in,
    check_passphrase_strength,
    check_server_address,
    profile_user_inputs,
)
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.dialog_buttons import accept_cancel_buttons
from liaison_desktop.ui.error_messages import message_for, weak_passphrase_message
from liaison_desktop.ui.i18n import _, ngettext
from liaison_desktop.ui.lock.new_passphrase_fields import strength_word
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.text_direction import isolate_ltr

MIN_PASSPHRASE_LENGTH = 8
EXAMPLE_SERVER = "https://liaison.example.org"
MAX_STRENGTH_SCORE = 4

# Which field an error from signing in is about; anything else is said at the bottom of the dialog.
_SERVER_ERRORS = frozenset(
    {
        "sync.address_invalid",
        "sync.address_needs_https",
        "sync.server_not_found",
        "sync.not_a_liaison_server",
        "sync.unknown_server",
        "sync.certificate_invalid",
        "sync.tls_failed",
    }
)
_CA_BUNDLE_ERRORS = frozenset({"sync.ca_bundle_invalid"})
_PASSWORD_ERRORS = frozenset({"sync.wrong_credentials", "sync.locked_out"})
_NAME_ERRORS = frozenset({"profile.name_taken", "profile.name_required"})
_PASSPHRASE_ERRORS = frozenset({"profile.passphrase_too_short", "profile.passphrase_weak"})


class AddProfileDialog(QDialog):
    """Sign in and create a profile. Emits `created(NewProfile)`; stays open (with every field as typed)
    until then, or until the person cancels."""

    created = Signal(object)  # NewProfile

    def __init__(
        self,
        directory: ProfileDirectory,
        runner: Runner,
        parent: QWidget | None = None,
        *,
        server_url: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("add_profile_dialog")
        self.setWindowTitle(_("Add profile"))
        self._directory = directory
        self._runner = runner
        self._min_length = directory.min_passphrase_length or MIN_PASSPHRASE_LENGTH
        self._busy = False

        intro = QLabel(
            _(
                "Sign in with the account your organisation gave you. Your records are then kept on this "
                "laptop, encrypted with a passphrase that only you know."
            )
        )
        intro.setWordWrap(True)

        # -- the server
        self.server_field = self._field("server_address", _("Server address"))
        self.server_field.setPlaceholderText(EXAMPLE_SERVER)
        self.server_field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # an address reads left to right
        if server_url:
            self.server_field.setText(server_url)
        self.server_error = self._error_label()
        self.advanced_button = QToolButton()
        self.advanced_button.setObjectName("advanced_toggle")
        self.advanced_button.setText(_("&Advanced"))
        self.advanced_button.setAccessibleName(_("Advanced"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.toggled.connect(self._show_advanced)
        self.ca_bundle_field = self._field("ca_bundle", _("Private CA"))
        self.ca_bundle_field.setPlaceholderText(_("Optional: a .pem or .crt file"))
        self.ca_bundle_field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.ca_bundle_button = QPushButton(_("Choose &file…"))
        self.ca_bundle_button.setAccessibleName(_("Choose file…"))
        self.ca_bundle_button.clicked.connect(self._choose_ca_bundle)
        self.ca_bundle_error = self._error_label()
        self.advanced = self._advanced_section()

        # -- the account
        self.username_field = self._field("username", _("User name"))
        self.username_error = self._error_label()
        self.password_field = self._field("password", _("Password"), secret=True)
        self.password_error = self._error_label()

        # -- this laptop
        self.name_field = self._field("profile_name", _("Profile name"))
        self.name_field.setPlaceholderText(_("For example: Amina Haddad"))
        self.name_error = self._error_label()
        self.passphrase_field = self._field("passphrase", _("Passphrase"), secret=True)
        self.strength_bar = QProgressBar()
        self.strength_bar.setObjectName("passphrase_strength_bar")
        self.strength_bar.setRange(0, MAX_STRENGTH_SCORE)
        self.strength_bar.setTextVisible(False)
        self.strength_bar.setFixedHeight(theme.spacing().m)
        self.strength_bar.setAccessibleName(_("Passphrase strength"))
        self.strength_label = QLabel()
        self.strength_label.setObjectName("passphrase_strength")
        self.strength_label.setWordWrap(True)
        self.passphrase_error = self._error_label()
        self.repeat_field = self._field("repeat_passphrase", _("Repeat the passphrase"), secret=True)
        self.repeat_error = self._error_label()

        self.general_error = QLabel()
        self.general_error.setObjectName("sign_in_problem")
        self.general_error.setWordWrap(True)
        theme.set_tone(self.general_error, theme.Tone.DANGER)
        self.general_error.hide()
        self.busy_label = QLabel()
        theme.set_text_role(self.busy_label, theme.TextRole.CAPTION)
        self.busy_label.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._heading(_("Server")))
        self._row(form, _("&Server address:"), self.server_field, self.server_error)
        form.addRow("", self.advanced_button)
        ca_label = QLabel(_("Private &CA:"))
        name_from_label(ca_label, self.ca_bundle_field)
        form.addRow(ca_label, self.advanced)
        form.addRow("", self.ca_bundle_hint)
        form.addRow("", self.ca_bundle_error)
        self._form = form
        form.addRow(self._heading(_("Your account")))
        self._row(form, _("&User name:"), self.username_field, self.username_error)
        self._row(form, _("Pass&word:"), self.password_field, self.password_error)
        form.addRow(self._heading(_("This laptop")))
        self._row(
            form,
            _("Profile &name:"),
            self.name_field,
            self.name_error,
            _("Shown on this laptop's start screen; each profile here has its own name."),
        )
        self._row(form, _("&Passphrase:"), self.passphrase_field, self.passphrase_error)
        form.addRow("", self.strength_bar)
        form.addRow("", self.strength_label)
        self._row(form, _("&Repeat:"), self.repeat_field, self.repeat_error)

        buttons = accept_cancel_buttons(
            self, _("Sign in and create profile"), _("Cancel"), "sign_in_and_create"
        )
        self.buttons, self.create_button, self.cancel_button = buttons.box, buttons.accept, buttons.cancel

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.buttons)

        self.server_field.editingFinished.connect(self._check_server_inline)
        self.server_field.textEdited.connect(lambda _text: self._show(self.server_error, ""))
        self.name_field.editingFinished.connect(self._check_name_inline)
        self.name_field.textEdited.connect(lambda _text: self._show(self.name_error, ""))
        self.ca_bundle_field.textEdited.connect(lambda _text: self._show(self.ca_bundle_error, ""))
        self.username_field.textEdited.connect(lambda _text: self._show(self.username_error, ""))
        self.password_field.textEdited.connect(lambda _text: self._show(self.password_error, ""))
        self.repeat_field.textEdited.connect(lambda _text: self._show(self.repeat_error, ""))
        for field in (self.passphrase_field, self.name_field, self.username_field, self.server_field):
            field.textChanged.connect(self._update_strength)
        self._update_strength()
        self._show_advanced(False)
        self.resize(600, self.sizeHint().height())

    # -- building ------------------------------------------------------------------------------------

    def _field(self, name: str, accessible_name: str, *, secret: bool = False) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(accessible_name)
        if secret:
            field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        theme.set_text_role(label, theme.TextRole.ERROR)
        label.hide()
        return label

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        theme.set_text_role(label, theme.TextRole.SUBHEADING)
        return label

    @staticmethod
    def _row(form: QFormLayout, label_text: str, field: QWidget, error: QLabel, hint: str = "") -> None:
        label = QLabel(label_text)
        name_from_label(label, field)  # the name a speech-control user reads on the label, in any language
        form.addRow(label, field)
        if hint:
            caption = QLabel(hint)
            caption.setWordWrap(True)
            theme.set_text_role(caption, theme.TextRole.CAPTION)
            form.addRow("", caption)
        form.addRow("", error)

    def _advanced_section(self) -> QWidget:
        """The certificate file and its button, as one field of the form (its rows are shown on demand)."""
        section = QWidget()
        section.setObjectName("advanced_section")
        chooser = QHBoxLayout(section)
        chooser.setContentsMargins(0, 0, 0, 0)
        chooser.addWidget(self.ca_bundle_field, 1)
        chooser.addWidget(self.ca_bundle_button)
        self.ca_bundle_hint = QLabel(
            _(
                "Only if your organisation runs its own certificate authority: the file of its "
                "certificate, from your administrator. It is used for this server only."
            )
        )
        self.ca_bundle_hint.setWordWrap(True)
        theme.set_text_role(self.ca_bundle_hint, theme.TextRole.CAPTION)
        return section

    def _show_advanced(self, shown: bool) -> None:
        self._form.setRowVisible(self.advanced, shown)
        self._form.setRowVisible(self.ca_bundle_hint, shown)
        self._form.setRowVisible(self.ca_bundle_error, shown and bool(self.ca_bundle_error.text()))
        closed = Qt.ArrowType.LeftArrow if self.isRightToLeft() else Qt.ArrowType.RightArrow
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if shown else closed)
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Make room for what was just shown (a section, a message), never shrinking what the person set."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def _choose_ca_bundle(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the certificate authority's file"),
            self.ca_bundle_field.text(),
            _("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_bundle_field.setText(path)
            self._show(self.ca_bundle_error, "")

    def _show(self, label: QLabel, message: str) -> None:
        label.setText(message)
        label.setVisible(bool(message))
        if message:
            self._grow_to_fit()

    # -- checks while typing ---------------------------------------------------------------------------

    def _server_problem(self) -> str:
        try:
            check_server_address(self.server_field.text())
        except Exception as error:  # noqa: BLE001 - InvalidServerAddress; the key says which rule
            return message_for(error)
        return ""

    def _check_server_inline(self) -> None:
        if self.server_field.text().strip():
            self._show(self.server_error, self._server_problem())

    def _name_problem(self) -> str:
        name = self.name_field.text().strip()
        if not name:
            return _("Enter a name for the profile.")
        try:
            self._directory.check_name_free(name)
        except ProfileNameTaken as error:
            return message_for(error)
        return ""

    def _check_name_inline(self) -> None:
        if self.name_field.text().strip():
            self._show(self.name_error, self._name_problem())

    def _update_strength(self) -> None:
        text = self.passphrase_field.text()
        if not text:
            self.strength_bar.setValue(0)
            self.strength_label.setText(
                _("Use four or more words that have nothing to do with you, such as a short odd sentence.")
            )
            theme.set_text_role(self.strength_label, theme.TextRole.CAPTION)
            return
        verdict = check_passphrase_strength(text, self._user_inputs())
        self.strength_bar.setValue(verdict.score)
        if verdict.acceptable:
            self.strength_label.setText(_("Strength: {word}.").format(word=strength_word(verdict.score)))
            theme.set_text_role(self.strength_label, theme.TextRole.SUCCESS)
        else:
            self.strength_label.setText(
                _("Strength: {word}. {reason}").format(
                    word=strength_word(verdict.score),
                    reason=weak_passphrase_message(verdict.reason_key, verdict.suggestion_keys),
                )
            )
            theme.set_text_role(self.strength_label, theme.TextRole.ERROR)
        self.strength_bar.setAccessibleDescription(self.strength_label.text())

    def _user_inputs(self) -> tuple[str, ...]:
        return profile_user_inputs(
            self.name_field.text(), self.username_field.text(), self.server_field.text()
        )

    def _passphrase_problem(self) -> str:
        passphrase = self.passphrase_field.text()
        if len(passphrase) < self._min_length:
            return ngettext(
                "The passphrase needs at least {count} character.",
                "The passphrase needs at least {count} characters.",
                self._min_length,
            ).format(count=self._min_length)
        verdict = check_passphrase_strength(passphrase, self._user_inputs())
        if not verdict.acceptable:
            return weak_passphrase_message(verdict.reason_key, verdict.suggestion_keys)
        return ""

    # -- submitting ------------------------------------------------------------------------------------

    def validate(self) -> SignInRequest | None:
        """The request to send, or None with a sentence next to every field that is not right yet."""
        problems = [
            (self.server_field, self.server_error, self._server_problem()),
            (
                self.username_field,
                self.username_error,
                "" if self.username_field.text().strip() else _("Enter your user name."),
            ),
            (
                self.password_field,
                self.password_error,
                "" if self.password_field.text() else _("Enter your password."),
            ),
            (self.name_field, self.name_error, self._name_problem()),
            (self.passphrase_field, self.passphrase_error, self._passphrase_problem()),
        ]
        mismatch = not problems[-1][2] and self.repeat_field.text() != self.passphrase_field.text()
        problems.append(
            (
                self.repeat_field,
                self.repeat_error,
                _("The two passphrases are not the same.") if mismatch else "",
            )
        )
        for _field, label, message in problems:
            self._show(label, message)
        self._show(self.general_error, "")
        wrong = [field for field, _label, message in problems if message]
        if wrong:
            wrong[0].setFocus()
            return None
        return SignInRequest(
            server_url=self.server_field.text().strip(),
            username=self.username_field.text().strip(),
            password=self.password_field.text(),
            profile_name=self.name_field.text().strip(),
            passphrase=self.passphrase_field.text(),
            ca_bundle=self.ca_bundle_field.text().strip() or None,
        )

    def submit(self) -> None:
        request = self.validate()
        if request is None:
            return
        self.set_busy(True)
        directory = self._directory
        self._runner.run(
            lambda: add_profile_by_sign_in(directory, request),
            self._created,
            self.show_error,
            owner=self,
        )

    def _created(self, created: NewProfile) -> None:
        self.set_busy(False)
        self.password_field.clear()  # the server has it; it is not kept anywhere on this laptop
        self.created.emit(created)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.server_field,
            self.advanced_button,
            self.advanced,
            self.username_field,
            self.password_field,
            self.name_field,
            self.passphrase_field,
            self.repeat_field,
            self.buttons,
        ):
            widget.setEnabled(not busy)
        self.create_button.setText(_("Signing in…") if busy else _("Sign in and create profile"))
        if busy:
            address = self.server_field.text().strip()
            self.busy_label.setText(_("Signing in to {server}…").format(server=isolate_ltr(address)))
        self.busy_label.setVisible(busy)

    def show_error(self, error: BaseException) -> None:
        """Say what went wrong next to the field it is about (or at the bottom); keep everything typed."""
        self.set_busy(False)
        key = getattr(error, "key", None)
        message = message_for(error)
        if key in _SERVER_ERRORS:
            self._show(self.server_error, message)
            target: QWidget = self.server_field
            if (getattr(error, "params", None) or {}).get("reason") == "untrusted":
                self.advanced_button.setChecked(True)
        elif key in _CA_BUNDLE_ERRORS:
            self._show(self.ca_bundle_error, message)
            self.advanced_button.setChecked(True)
            self._show_advanced(True)
            target = self.ca_bundle_field
        elif key in _PASSWORD_ERRORS:
            self._show(self.password_error, message)
            target = self.password_field
            self.password_field.selectAll()
        elif key in _NAME_ERRORS:
            self._show(self.name_error, message)
            target = self.name_field
        elif key in _PASSPHRASE_ERRORS:
            self._show(self.passphrase_error, message)
            target = self.passphrase_field
        else:
            self._show(self.general_error, message)
            target = self.create_button
        target.setFocus()

    # -- closing -----------------------------------------------------------------------------------------

    def reject(self) -> None:
        if not self._busy:  # a sign-in under way finishes first: its profile must not be orphaned
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)
