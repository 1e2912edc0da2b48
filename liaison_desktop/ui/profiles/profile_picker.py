"""The start screen: whose profile is this? Pick one, add one, or try the demo.

Only profile headers are read here (display names, nothing decrypted), so listing is instant and safe
to show to whoever sits at the laptop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import DEMO_PASSPHRASE, ProfileSummary
from liaison_desktop.i18n.formatting import format_relative_time
from liaison_desktop.ui import theme
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.text_direction import align_with_layout, isolate_ltr


def profile_label(summary: ProfileSummary) -> str:
    """Two lines: the name, then "user · server · last synced 5 minutes ago"."""
    details = []
    if summary.username:
        details.append(summary.username)
    if summary.server_url:
        details.append(isolate_ltr(summary.server_url))
    if summary.last_sync_at is not None:
        details.append(_("last synced {when}").format(when=format_relative_time(summary.last_sync_at)))
    elif summary.server_url:
        details.append(_("never synced"))
    return summary.display_name + ("\n" + " · ".join(details) if details else "")


class ProfilePicker(QWidget):
    """Lists profiles by display name. Emits which one to unlock, or that a new one is wanted."""

    profile_chosen = Signal(str)  # profile id
    add_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profile_picker")
        title = QLabel(_("Liaison"))
        title.setObjectName("title")
        theme.set_text_role(title, theme.TextRole.TITLE)
        align_with_layout(title)
        self._intro = QLabel(_("Choose your profile. Each person on this laptop has their own."))
        self._intro.setWordWrap(True)
        align_with_layout(self._intro)

        self.profile_list = QListWidget()
        self.profile_list.setMaximumHeight(320)
        self.profile_list.setStyleSheet("QListWidget::item { padding: 8px; }")
        self.profile_list.setAccessibleName(_("Profiles on this laptop"))
        self.profile_list.itemActivated.connect(self._activated)
        self.profile_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._empty_label = QLabel(_("There are no profiles on this laptop yet."))
        self._empty_label.setWordWrap(True)

        self.unlock_button = QPushButton(_("Unlock…"))
        self.unlock_button.setAccessibleDescription(_("Unlock the selected profile"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock_clicked)
        self.add_button = QPushButton(_("Add profile…"))
        self.add_button.clicked.connect(self.add_requested)
        self.demo_button = QPushButton(_("Try the demo"))
        # Names are the visible words (speech-control users say what they see); the rest is description.
        self.demo_button.setAccessibleDescription(_("Try the demo with fictional sample records"))
        self.demo_button.clicked.connect(self.demo_requested)
        self._demo_note = QLabel(
            _(
                "The demo creates a profile filled with fictional people and notes. Its passphrase is {passphrase}."
            ).format(passphrase=isolate_ltr(DEMO_PASSPHRASE))
        )
        self._demo_note.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)

        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(self._intro)
        column.addWidget(self.profile_list)
        column.addWidget(self._empty_label)
        column.addWidget(self._demo_note)
        column.addLayout(buttons)
        column.addWidget(self.status_label)
        column.addStretch(2)
        # A calm, narrow column in the middle of a large window rather than controls stretched wide.
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self._demo_offered = False
        # Tab reads the screen in order: the list, then the buttons as they stand under it.
        QWidget.setTabOrder(self.profile_list, self.add_button)
        QWidget.setTabOrder(self.add_button, self.demo_button)
        QWidget.setTabOrder(self.demo_button, self.unlock_button)

    def show_profiles(self, headers: list[ProfileSummary], *, offer_demo: bool) -> None:
        """Fill the list: each profile's name, its server and when it last synced. The demo is offered
        only when there is nothing else to start with."""
        self.profile_list.clear()
        for header in headers:
            item = QListWidgetItem(profile_label(header))
            item.setData(Qt.ItemDataRole.UserRole, header.profile_id)
            if header.is_demo:
                item.setToolTip(
                    _("Fictional sample data. Passphrase: {passphrase}").format(passphrase=DEMO_PASSPHRASE)
                )
            self.profile_list.addItem(item)
        if headers:
            self.profile_list.setCurrentRow(0)
        self._demo_offered = offer_demo and not headers
        self.profile_list.setVisible(bool(headers))
        self._empty_label.setVisible(not headers)
        self.demo_button.setVisible(self._demo_offered)
        self._demo_note.setVisible(self._demo_offered)
        self.set_busy(False)

    def set_busy(self, busy: bool, message: str = "") -> None:
        for widget in (self.profile_list, self.add_button, self.demo_button):
            widget.setEnabled(not busy)
        self.status_label.setText(message)
        self._update_buttons(busy)

    def focus_list(self) -> None:
        (self.profile_list if self.profile_list.count() else self.add_button).setFocus()

    def _update_buttons(self, busy: bool = False) -> None:
        self.unlock_button.setEnabled(not busy and self.profile_list.currentItem() is not None)
        self.unlock_button.setVisible(self.profile_list.count() > 0)

    def _unlock_clicked(self) -> None:
        item = self.profile_list.currentItem()
        if item is not None:
            self._activated(item)

    def _activated(self, item: QListWidgetItem) -> None:
        self.profile_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
