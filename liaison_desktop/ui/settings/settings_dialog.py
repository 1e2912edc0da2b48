"""Settings: the laptop's (language, idle lock) for everyone, and the open profile's passphrase and backups.

Two kinds of setting live side by side and the dialog says which is which. The laptop settings are
shared by everyone who uses this laptop and contain nothing personal; they are saved with "Save". The
profile's part (change the passphrase, back up, restore) only appears while a profile is open and acts
at once with its own buttons. The passphrase change runs through the runner (an Argon2 derivation for
the old passphrase, one for the new) and checks the new one for strength with the reason in words.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import (
    MAX_IDLE_LOCK_MINUTES,
    MIN_IDLE_LOCK_MINUTES,
    LaptopSettings,
    Session,
)
from liaison_desktop.i18n.formatting import format_relative_time
from liaison_desktop.i18n.languages import INTERFACE_LANGUAGES
from liaison_desktop.ui import theme
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, ngettext
from liaison_desktop.ui.lock.new_passphrase_fields import NewPassphraseFields
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.text_direction import align_with_layout, isolate


class SettingsDialog(QDialog):
    """`laptop_settings_saved(LaptopSettings)`; the backup buttons only ask (the main window acts)."""

    laptop_settings_saved = Signal(object)
    back_up_now_requested = Signal()
    export_requested = Signal()
    restore_requested = Signal()
    passphrase_changed = Signal()

    def __init__(
        self,
        settings: LaptopSettings,
        *,
        runner: Runner,
        session: Session | None = None,
        min_passphrase_length: int = 8,
        user_inputs: Sequence[str] = (),
        server_max_s: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(_("Settings"))
        self._settings = settings
        self._runner = runner
        self._session = session
        layout = QVBoxLayout(self)
        layout.addWidget(self._laptop_group(server_max_s))
        self.passphrase_group: QGroupBox | None = None
        self.backup_group: QGroupBox | None = None
        if session is not None:
            layout.addWidget(self._passphrase_group(session, min_passphrase_length, user_inputs))
            layout.addWidget(self._backup_group())
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(theme.icon("save"), _("Save"))
        self.save_button.setAccessibleName(_("Save"))
        self.save_button.setDefault(True)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self._save)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(600, self.sizeHint().height())

    # -- this laptop -----------------------------------------------------------------------------------

    def _laptop_group(self, server_max_s: int | None) -> QGroupBox:
        group = QGroupBox(_("This laptop"))
        group.setObjectName("laptop_settings")
        note = QLabel(_("These settings apply to everyone who uses this laptop."))
        note.setWordWrap(True)
        align_with_layout(note)
        theme.set_text_role(note, theme.TextRole.CAPTION)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language_combo")
        self.language_combo.addItem(_("The system's language"), None)
        for language in INTERFACE_LANGUAGES:
            self.language_combo.addItem(language.native_name, language.code)
        index = self.language_combo.findData(self._settings.language)
        self.language_combo.setCurrentIndex(max(0, index))
        language_label = QLabel(_("&Language:"))
        language_label.setBuddy(self.language_combo)

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idle_lock_minutes")
        self.idle_minutes.setRange(MIN_IDLE_LOCK_MINUTES, MAX_IDLE_LOCK_MINUTES)
        self.idle_minutes.setValue(self._settings.idle_lock_minutes)
        self.idle_minutes.setAccessibleName(_("Lock after this many minutes without use"))
        idle_label = QLabel(_("Lock after this many &minutes without use:"))
        idle_label.setBuddy(self.idle_minutes)

        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(note)
        form.addRow(language_label, self.language_combo)
        form.addRow(idle_label, self.idle_minutes)
        if server_max_s:
            minutes = max(1, server_max_s // 60)
            server_note = QLabel(
                ngettext(
                    "Your organisation locks an open profile after {count} minute without use at most.",
                    "Your organisation locks an open profile after {count} minutes without use at most.",
                    minutes,
                ).format(count=minutes)
            )
            server_note.setWordWrap(True)
            align_with_layout(server_note)
            theme.set_text_role(server_note, theme.TextRole.CAPTION)
            form.addRow(server_note)
        return group

    def chosen_settings(self) -> LaptopSettings:
        return self._settings.with_changes(
            language=self.language_combo.currentData(), idle_lock_minutes=self.idle_minutes.value()
        )

    def _save(self) -> None:
        self._settings = self.chosen_settings()
        self.laptop_settings_saved.emit(self._settings)
        self.accept()

    # -- the open profile's passphrase -----------------------------------------------------------------

    def _passphrase_group(self, session: Session, min_length: int, user_inputs: Sequence[str]) -> QGroupBox:
        group = QGroupBox(_("Passphrase of {name}").format(name=session.display_name))
        group.setObjectName("passphrase_settings")
        self.passphrase_group = group
        self.old_passphrase = QLineEdit()
        self.old_passphrase.setObjectName("current_passphrase")
        self.old_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.old_passphrase.setAccessibleName(_("Current passphrase"))
        old_label = QLabel(_("C&urrent passphrase:"))
        old_label.setBuddy(self.old_passphrase)
        self.new_passphrase = NewPassphraseFields(self, min_length=min_length, user_inputs=user_inputs)
        self.change_button = QPushButton(theme.icon("key"), _("Change passphrase"))
        self.change_button.setObjectName("change_passphrase_button")
        self.change_button.setAccessibleName(_("Change passphrase"))
        self.change_button.setAutoDefault(False)
        self.change_button.clicked.connect(self._change_passphrase)
        self.passphrase_status = QLabel()
        self.passphrase_status.setObjectName("passphrase_status")
        self.passphrase_status.setWordWrap(True)
        align_with_layout(self.passphrase_status)
        self.passphrase_status.setAccessibleName(_("Passphrase change"))
        self.passphrase_status.hide()
        note = QLabel(_("Older backups keep opening with the passphrase that was valid when they were made."))
        note.setWordWrap(True)
        align_with_layout(note)
        theme.set_text_role(note, theme.TextRole.CAPTION)
        form = QFormLayout(group)
        form.addRow(old_label, self.old_passphrase)
        self.new_passphrase.add_rows(form)
        form.addRow(note)
        change_row = QHBoxLayout()
        change_row.addWidget(self.change_button)
        change_row.addStretch(1)
        form.addRow(change_row)
        form.addRow(self.passphrase_status)
        # The verdict and the outcome wrap over several lines: let the dialog grow instead of squeezing.
        self.new_passphrase.changed.connect(self._fit_height)
        return group

    def _fit_height(self) -> None:
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)

    def _change_passphrase(self) -> None:
        session = self._session
        if session is None:
            return
        old = self.old_passphrase.text()
        if not old:
            self._passphrase_outcome(_("Type your current passphrase."), ok=False)
            self.old_passphrase.setFocus()
            return
        problem = self.new_passphrase.problem()
        if problem is not None:
            self._passphrase_outcome(problem, ok=False)
            self.new_passphrase.new_field.setFocus()
            return
        new = self.new_passphrase.passphrase()
        self._set_passphrase_busy(True)
        self._runner.run(
            lambda: session.change_passphrase(old, new),
            lambda _result: self._passphrase_done(),
            lambda error: self._passphrase_outcome(message_for(error), ok=False),
            owner=self,
        )

    def _passphrase_done(self) -> None:
        self.old_passphrase.clear()
        self.new_passphrase.clear()
        self._passphrase_outcome(_("Passphrase changed. Use the new one from now on."), ok=True)
        self.passphrase_changed.emit()

    def _passphrase_outcome(self, message: str, *, ok: bool) -> None:
        self._set_passphrase_busy(False)
        theme.set_text_role(self.passphrase_status, theme.TextRole.SUCCESS if ok else theme.TextRole.ERROR)
        self.passphrase_status.setText(message)
        self.passphrase_status.show()
        self._fit_height()

    def _set_passphrase_busy(self, busy: bool) -> None:
        for widget in (self.old_passphrase, self.new_passphrase.new_field, self.new_passphrase.repeat_field):
            widget.setEnabled(not busy)
        self.change_button.setEnabled(not busy)
        self.change_button.setText(_("Changing…") if busy else _("Change passphrase"))

    # -- the open profile's backups --------------------------------------------------------------------

    def _backup_group(self) -> QGroupBox:
        group = QGroupBox(_("Backups"))
        group.setObjectName("backup_settings")
        self.backup_group = group
        explanation = QLabel(
            _(
                "An encrypted copy of this profile is made once a day when you unlock it; the last five "
                "are kept on this laptop. Export a copy to keep it somewhere else."
            )
        )
        explanation.setWordWrap(True)
        align_with_layout(explanation)
        self.latest_backup_label = QLabel(_("Looking for backups…"))
        self.latest_backup_label.setObjectName("settings_latest_backup")
        self.latest_backup_label.setWordWrap(True)
        align_with_layout(self.latest_backup_label)
        theme.set_text_role(self.latest_backup_label, theme.TextRole.CAPTION)
        self.back_up_now_button = QPushButton(theme.icon("backup"), _("Back up now"))
        self.back_up_now_button.setAccessibleName(_("Back up now"))
        self.export_button = QPushButton(theme.icon("backup"), _("Export backup…"))
        self.export_button.setAccessibleName(_("Export backup…"))
        self.restore_button = QPushButton(theme.icon("restore"), _("Restore…"))
        self.restore_button.setAccessibleName(_("Restore…"))
        for button, signal in (
            (self.back_up_now_button, self.back_up_now_requested),
            (self.export_button, self.export_requested),
            (self.restore_button, self.restore_requested),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(signal)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_up_now_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        column = QVBoxLayout(group)
        column.addWidget(explanation)
        column.addWidget(self.latest_backup_label)
        column.addLayout(buttons)
        return group

    def show_latest_backup(self, created_at: object | None) -> None:
        """The newest automatic backup's time (a datetime), or None when there is none yet."""
        if self.backup_group is None:
            return
        if created_at is None:
            self.latest_backup_label.setText(_("No backup on this laptop yet."))
        else:
            self.latest_backup_label.setText(
                _("Latest backup: {when}.").format(when=isolate(format_relative_time(created_at)))  # type: ignore[arg-type]
            )
