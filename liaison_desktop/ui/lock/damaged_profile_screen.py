"""Shown instead of "wrong passphrase" when a profile's files are damaged, with the ways out.

An unlock that finds a damaged database (the integrity check at unlock) or a damaged key file
(`profile.json`) lands here. The person's passphrase was not the problem and must not be doubted, and
nothing here counts toward the unlock back-off. The ways out, in the order a careful person would try
them: restore the latest automatic backup (if there is one: when it was made is shown), restore from an
exported backup file, or remove the profile from this laptop and sign in again (what was synced comes
back from the server; what was not is lost, and the confirmation says so).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from liaison_desktop.i18n.formatting import format_relative_time
from liaison_desktop.ui import theme
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.text_direction import align_with_layout, isolate


class DamagedProfileScreen(QWidget):
    restore_latest_requested = Signal()
    restore_file_requested = Signal()
    remove_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("damaged_profile_screen")
        self.title_label = QLabel(_("This profile is damaged"))
        self.title_label.setObjectName("damaged_title")
        theme.set_text_role(self.title_label, theme.TextRole.TITLE)
        align_with_layout(self.title_label)
        self.profile_label = QLabel()
        self.profile_label.setObjectName("damaged_profile_name")
        theme.set_text_role(self.profile_label, theme.TextRole.HEADING)
        align_with_layout(self.profile_label)
        self.explanation_label = QLabel()
        self.explanation_label.setObjectName("damaged_explanation")
        self.explanation_label.setWordWrap(True)
        align_with_layout(self.explanation_label)
        self.backup_label = QLabel()
        self.backup_label.setObjectName("latest_backup")
        self.backup_label.setWordWrap(True)
        align_with_layout(self.backup_label)
        theme.set_text_role(self.backup_label, theme.TextRole.CAPTION)
        self.status_label = QLabel()
        self.status_label.setObjectName("damaged_status")
        self.status_label.setWordWrap(True)
        align_with_layout(self.status_label)
        self.status_label.setAccessibleName(_("Restore problem"))
        theme.set_text_role(self.status_label, theme.TextRole.ERROR)
        self.status_label.hide()

        self.restore_latest_button = QPushButton(theme.icon("restore"), _("Restore the latest backup"))
        self.restore_latest_button.setAccessibleName(_("Restore the latest backup"))
        theme.set_button_kind(self.restore_latest_button, theme.ButtonKind.PRIMARY)
        self.restore_latest_button.clicked.connect(self.restore_latest_requested)
        self.restore_file_button = QPushButton(theme.icon("restore"), _("Restore from a file…"))
        self.restore_file_button.setAccessibleName(_("Restore from a file…"))
        self.restore_file_button.clicked.connect(self.restore_file_requested)
        self.remove_button = QPushButton(theme.icon("delete"), _("Remove this profile and sign in again…"))
        self.remove_button.setAccessibleName(_("Remove this profile and sign in again…"))
        theme.set_button_kind(self.remove_button, theme.ButtonKind.DANGER)
        self.remove_button.clicked.connect(self.remove_requested)
        self.back_button = QPushButton(theme.icon("back"), _("Back to the profiles"))
        self.back_button.setAccessibleName(_("Back to the profiles"))
        self.back_button.clicked.connect(self.back_requested)

        column = QVBoxLayout()
        column.addStretch(1)
        icon_row = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(theme.icon("warning").pixmap(48, 48))
        icon.setAccessibleName(_("Warning"))
        icon_row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        titles.addWidget(self.title_label)
        titles.addWidget(self.profile_label)
        icon_row.addLayout(titles, 1)
        column.addLayout(icon_row)
        column.addWidget(self.explanation_label)
        column.addWidget(self.backup_label)
        for button in (self.restore_latest_button, self.restore_file_button, self.remove_button):
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignLeading)
        column.addWidget(self.status_label)
        column.addSpacing(theme.spacing().l)
        column.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeading)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def show_profile(
        self,
        display_name: str,
        *,
        key_file_damaged: bool,
        latest_backup_at: dt.datetime | None,
    ) -> None:
        """What is damaged and which backup there is; clears an earlier outcome."""
        self.profile_label.setText(display_name)
        if key_file_damaged:
            text = _(
                "The file that holds this profile's keys is damaged, so the profile cannot be opened. "
                "Your passphrase was not the problem."
            )
        else:
            text = _(
                "Part of this profile's data file is damaged, so the profile cannot be opened safely. "
                "Your passphrase was right."
            )
        self.explanation_label.setText(
            text + " " + _("Records that were already synced are safe on the server.")
        )
        if latest_backup_at is not None:
            self.backup_label.setText(
                _(
                    "Latest automatic backup: {when}. Restoring it brings back the profile as it was then; "
                    "it opens with the passphrase that was valid at that time."
                ).format(when=isolate(format_relative_time(latest_backup_at)))
            )
        else:
            self.backup_label.setText(_("There is no automatic backup of this profile on this laptop."))
        self.restore_latest_button.setEnabled(latest_backup_at is not None)
        self.restore_latest_button.setVisible(latest_backup_at is not None)
        self.status_label.hide()
        self.set_busy(False)

    def set_busy(self, busy: bool, message: str = "") -> None:
        for button in (
            self.restore_latest_button,
            self.restore_file_button,
            self.remove_button,
            self.back_button,
        ):
            button.setEnabled(
                not busy and (button is not self.restore_latest_button or not button.isHidden())
            )
        if busy and message:
            theme.set_text_role(self.status_label, theme.TextRole.CAPTION)
            self.status_label.setText(message)
            self.status_label.show()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        theme.set_text_role(self.status_label, theme.TextRole.ERROR)
        self.status_label.setText(message)
        self.status_label.show()

    def focus_first_action(self) -> None:
        target = (
            self.restore_latest_button
            if not self.restore_latest_button.isHidden()
            else self.restore_file_button
        )
        target.setFocus()
