"""Restore: choose the latest automatic backup or an exported file, and confirm what it replaces.

Restoring is the one action here that loses work on purpose (whatever changed since the backup and was
not synced), so the confirmation spells it out before the button is pressed: which profile is replaced,
by a copy from when, that unsynced changes since then are lost while synced ones come back from the
server, and that the restored profile opens with the passphrase that was valid when the copy was made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import BACKUP_FILE_SUFFIX, BackupInfo
from liaison_desktop.i18n.formatting import format_datetime, format_relative_time
from liaison_desktop.ui import theme
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.text_direction import align_with_layout, isolate, isolate_ltr


@dataclass(frozen=True)
class RestoreChoice:
    """What the person confirmed: the latest automatic backup of a profile, or an exported file."""

    info: BackupInfo
    file: Path | None = None  # None: the automatic backup `info.backup_id`


def backup_file_filter() -> str:
    return _("Liaison backups (*{suffix})").format(suffix=BACKUP_FILE_SUFFIX)


class RestoreDialog(QDialog):
    """`confirmed(RestoreChoice)` when the person presses the restore button."""

    confirmed = Signal(object)

    def __init__(
        self,
        profile_id: str | None,
        profile_name: str | None,
        latest: BackupInfo | None,
        *,
        describe_file: Callable[[Path], BackupInfo],
        runner: Runner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle(_("Restore a backup"))
        self.setModal(True)
        self._profile_id = profile_id
        self._profile_name = profile_name
        self._latest = latest
        self._describe_file = describe_file
        self._runner = runner
        self._file_info: BackupInfo | None = None
        self._file: Path | None = None
        self.file_dialog: QFileDialog | None = None

        self.latest_option = QRadioButton()
        self.latest_option.setObjectName("restore_latest_option")
        if latest is not None:
            text = _("The latest automatic backup, from {when}").format(
                when=isolate(format_relative_time(latest.created_at))
            )
        else:
            text = _("The latest automatic backup (there is none on this laptop)")
        self.latest_option.setText(text)
        self.latest_option.setAccessibleName(text)
        self.latest_option.setEnabled(latest is not None)
        self.file_option = QRadioButton(_("A backup file"))
        self.file_option.setObjectName("restore_file_option")
        self.file_option.setAccessibleName(_("A backup file"))
        self.options = QButtonGroup(self)
        self.options.addButton(self.latest_option)
        self.options.addButton(self.file_option)
        self.choose_file_button = QPushButton(_("Choose file…"))
        self.choose_file_button.setAccessibleName(_("Choose file…"))
        self.choose_file_button.setAutoDefault(False)
        self.choose_file_button.clicked.connect(self.choose_file)
        self.file_label = QLabel()
        self.file_label.setObjectName("restore_file_name")
        self.file_label.setWordWrap(True)
        align_with_layout(self.file_label)
        theme.set_text_role(self.file_label, theme.TextRole.CAPTION)

        self.confirmation_label = QLabel()
        self.confirmation_label.setObjectName("restore_confirmation")
        self.confirmation_label.setWordWrap(True)
        align_with_layout(self.confirmation_label)
        self.confirmation_label.setTextFormat(Qt.TextFormat.PlainText)
        theme.set_tone(self.confirmation_label, theme.Tone.WARNING)
        self.error_label = QLabel()
        self.error_label.setObjectName("restore_error")
        self.error_label.setWordWrap(True)
        align_with_layout(self.error_label)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        self.error_label.hide()

        self.restore_button = QPushButton(theme.icon("restore"), _("Replace with this backup"))
        self.restore_button.setObjectName("confirm_restore_button")
        self.restore_button.setAccessibleName(_("Replace with this backup"))
        theme.set_button_kind(self.restore_button, theme.ButtonKind.DANGER)
        self.restore_button.setAutoDefault(False)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.cancel_button.setDefault(True)  # Enter must not replace a profile by accident
        buttons = QDialogButtonBox()
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.reject)

        heading = QLabel(profile_name or _("Restore a backup"))
        theme.set_text_role(heading, theme.TextRole.HEADING)
        align_with_layout(heading)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_option)
        file_row.addWidget(self.choose_file_button)
        file_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(align_with_layout(QLabel(_("Restore from:"))))
        layout.addWidget(self.latest_option)
        layout.addLayout(file_row)
        layout.addWidget(self.file_label)
        layout.addWidget(self.confirmation_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.options.buttonToggled.connect(lambda *_args: self._update())
        (self.latest_option if latest is not None else self.file_option).setChecked(True)
        self._update()
        self.resize(600, self.sizeHint().height())

    # -- choosing --------------------------------------------------------------------------------------

    def chosen(self) -> RestoreChoice | None:
        if self.latest_option.isChecked() and self._latest is not None:
            return RestoreChoice(self._latest)
        if self.file_option.isChecked() and self._file_info is not None:
            return RestoreChoice(self._file_info, self._file)
        return None

    def choose_file(self) -> None:
        """A non-native file dialog (kept in `file_dialog`, so tests can pick a file in it)."""
        dialog = QFileDialog(self, _("Choose a backup file"), str(Path.home()), backup_file_filter())
        dialog.setObjectName("restore_file_dialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(lambda path: self.use_file(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def use_file(self, path: Path) -> None:
        """Read which profile `path` holds (off the UI thread), then show what restoring it replaces."""
        self.file_option.setChecked(True)
        self._file, self._file_info = path, None
        self.file_label.setText(isolate_ltr(str(path)))
        self.error_label.hide()
        self._update()
        describe = self._describe_file
        self._runner.run(
            lambda: describe(path),
            lambda info: self._file_described(path, info),
            lambda error: self._file_failed(path, error),
            owner=self,
        )

    def _file_described(self, path: Path, info: BackupInfo) -> None:
        if path == self._file:
            self._file_info = info
            self._update()

    def _file_failed(self, path: Path, error: BaseException) -> None:
        if path == self._file:
            self._file_info = None
            self.error_label.setText(message_for(error))
            self.error_label.show()
            self._update()

    # -- confirming ------------------------------------------------------------------------------------

    def _update(self) -> None:
        choice = self.chosen()
        self.restore_button.setEnabled(choice is not None)
        self.confirmation_label.setVisible(choice is not None)
        if choice is not None:
            self.confirmation_label.setText(self.confirmation_text(choice))

    def confirmation_text(self, choice: RestoreChoice) -> str:
        info = choice.info
        when = isolate(format_datetime(info.created_at))
        parts = []
        if self._profile_id is not None and info.profile_id != self._profile_id:
            parts.append(
                _("This file holds another profile, “{other}”, not “{name}”.").format(
                    other=info.display_name, name=self._profile_name or ""
                )
            )
        parts.append(
            _("Restoring replaces the profile “{name}” on this laptop with its copy from {when}.").format(
                name=info.display_name, when=when
            )
        )
        parts.append(
            _(
                "Changes made since then that were not synced are lost; synced changes come back from the "
                "server at the next sync."
            )
        )
        parts.append(
            _(
                "The restored profile opens with the passphrase that was valid on {when}, even if you "
                "changed it since."
            ).format(when=when)
        )
        return " ".join(parts)

    def _confirm(self) -> None:
        choice = self.chosen()
        if choice is None:
            return
        self.accept()
        self.confirmed.emit(choice)
