"""Shown instead of the records when a profile's offline lease has run out (`Session.lease`).

The profile is unlocked (the passphrase was right) but has not synced with its server for longer than
the organisation allows, so no record is read until a sync completes. The way out is one button: sync
now. A sync that needs the password again asks for it through the usual sign-in dialog (the status bar
and the sync screens stay attached), and the window shows the records as soon as the lease is renewed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from liaison_desktop.ui import theme
from liaison_desktop.ui.i18n import _, ngettext
from liaison_desktop.ui.text_direction import align_with_layout


class LeaseScreen(QWidget):
    sync_requested = Signal()
    lock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lease_screen")
        self.title_label = QLabel(_("Reach the server to continue"))
        self.title_label.setObjectName("lease_title")
        self.title_label.setWordWrap(True)  # a long translation at 200 % text must not widen the window
        theme.set_text_role(self.title_label, theme.TextRole.TITLE)
        align_with_layout(self.title_label)
        self.explanation_label = QLabel()
        self.explanation_label.setObjectName("lease_explanation")
        self.explanation_label.setWordWrap(True)
        align_with_layout(self.explanation_label)
        self.sync_button = QPushButton(theme.icon("sync"), _("S&ync now"))
        self.sync_button.setAccessibleName(_("Sync now"))
        theme.set_button_kind(self.sync_button, theme.ButtonKind.PRIMARY)
        self.sync_button.clicked.connect(self.sync_requested)
        self.lock_button = QPushButton(theme.icon("lock"), _("&Lock"))
        self.lock_button.setAccessibleName(_("Lock"))
        self.lock_button.clicked.connect(self.lock_requested)

        column = QVBoxLayout()
        column.addStretch(1)
        icon_row = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(theme.icon("lock").pixmap(48, 48))
        icon.setAccessibleName(_("Locked"))
        icon_row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        icon_row.addWidget(self.title_label, 1)
        column.addLayout(icon_row)
        column.addWidget(self.explanation_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.lock_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self.setTabOrder(self.sync_button, self.lock_button)

    def show_lease(self, days: int) -> None:
        self.explanation_label.setText(
            ngettext(
                "This profile has not synced with its server for more than {days} day. Your organisation "
                "keeps records locked until it does: connect to the network and sync.",
                "This profile has not synced with its server for more than {days} days. Your organisation "
                "keeps records locked until it does: connect to the network and sync.",
                days,
            ).format(days=days)
        )
        self.sync_button.setFocus()
