"""The sync center: where sync stands, and what it needs from a person.

Opened from the status bar's sync sentence and from the Sync menu. At the top, the same sentence the
status bar shows, with "Sync now"; when sync waits for a person (a new sign-in, the mass-deletion
decision) a banner says so with the button that resolves it. Below, two pages: the changes the server
refused and the conflicts to resolve (the panels of `refused_panel` and `conflicts_panel`), each with its
count in the tab. The pages are read again when records change and after every sync run.

It shows records, so it belongs to the open session: the main window closes it when the profile locks.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import SyncStatus, WorkerState
from liaison_desktop.ui import theme
from liaison_desktop.ui.i18n import _, format_number
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.session_bridge import SessionBridge
from liaison_desktop.ui.shell.status_bar import MASS_DELETION_KEY, sync_status_text
from liaison_desktop.ui.sync.conflicts_panel import ConflictsPanel
from liaison_desktop.ui.sync.refused_panel import RefusedChangesPanel

REFUSED_PAGE = "refused"
CONFLICTS_PAGE = "conflicts"


def refused_tab_text(count: int) -> str:
    if not count:
        return _("Changes refused")
    return _("Changes refused ({count})").format(count=format_number(count))


def conflicts_tab_text(count: int) -> str:
    if not count:
        return _("Conflicts")
    return _("Conflicts ({count})").format(count=format_number(count))


class SyncCenter(QDialog):
    """`sign_in_requested` / `mass_deletion_requested` from the banner's button; `sync_requested` from
    "Sync now"."""

    sign_in_requested = Signal()
    mass_deletion_requested = Signal()
    sync_requested = Signal()

    def __init__(self, bridge: SessionBridge, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_center")
        self.setWindowTitle(_("Sync center"))
        self._bridge = bridge
        session = bridge.session
        self._status: SyncStatus = session.sync_status

        heading = QLabel(_("Sync"))
        theme.set_text_role(heading, theme.TextRole.HEADING)
        self.status_label = QLabel()
        self.status_label.setObjectName("sync_center_status")
        self.status_label.setWordWrap(True)
        self.sync_now_button = QPushButton(theme.icon("sync"), _("S&ync now"))
        self.sync_now_button.setAccessibleName(_("Sync now"))
        self.sync_now_button.setAutoDefault(False)
        self.sync_now_button.setEnabled(session.sync_configured)
        self.sync_now_button.clicked.connect(self.sync_requested)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.sync_now_button, 0, Qt.AlignmentFlag.AlignTop)

        self.banner = QWidget()
        self.banner.setObjectName("sync_center_banner")
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        theme.set_tone(self.banner_label, theme.Tone.WARNING)
        self.banner_button = QPushButton()
        self.banner_button.setAutoDefault(False)
        self.banner_button.clicked.connect(self._banner_action)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(0, 0, 0, 0)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.banner_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner.hide()

        self.refused_panel = RefusedChangesPanel(session.refused, runner)
        self.conflicts_panel = ConflictsPanel(session.conflicts, runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sync_center_pages")
        self.tabs.setAccessibleName(_("Sync center pages"))
        self.tabs.addTab(self.refused_panel, theme.icon("refused"), refused_tab_text(0))
        self.tabs.addTab(self.conflicts_panel, theme.icon("conflict"), conflicts_tab_text(0))
        self.refused_panel.loaded.connect(lambda count: self.tabs.setTabText(0, refused_tab_text(count)))
        self.conflicts_panel.loaded.connect(lambda count: self.tabs.setTabText(1, conflicts_tab_text(count)))

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.setAutoDefault(False)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(status_row)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.resize(820, 620)

        bridge.records_changed.connect(self.refresh)
        bridge.sync_status_changed.connect(self._on_status)
        self.show_status(self._status)
        self.refresh()

    def show_page(self, page: str | None) -> None:
        if page == REFUSED_PAGE:
            self.tabs.setCurrentWidget(self.refused_panel)
        elif page == CONFLICTS_PAGE:
            self.tabs.setCurrentWidget(self.conflicts_panel)

    def refresh(self, *_args: object) -> None:
        self.refused_panel.refresh()
        self.conflicts_panel.refresh()

    def _on_status(self, status: SyncStatus) -> None:
        was_syncing = self._status.state is WorkerState.SYNCING
        self.show_status(status)
        if was_syncing and status.state is not WorkerState.SYNCING:
            self.refresh()  # refusals are recorded while pushing, conflicts arrive with pulled pages

    def show_status(self, status: SyncStatus) -> None:
        self._status = status
        session = self._bridge.session
        text = sync_status_text(
            status, status.pending, int(time.time() * 1000), configured=session.sync_configured
        )
        self.status_label.setText(text)
        self.status_label.setAccessibleName(text)
        if status.state is WorkerState.NEEDS_SIGN_IN:
            self._show_banner(_("The server asks you to sign in again before sync can go on."), _("Sign in…"))
        elif status.state is WorkerState.NEEDS_ATTENTION and status.error_key == MASS_DELETION_KEY:
            self._show_banner(
                _("Sync is waiting for your decision about records the server's changes would delete."),
                _("Review…"),
            )
        else:
            self.banner.hide()

    def _show_banner(self, text: str, action: str) -> None:
        self.banner_label.setText(text)
        self.banner_button.setText(action)
        self.banner_button.setAccessibleName(action)
        self.banner.show()

    def _banner_action(self) -> None:
        if self._status.state is WorkerState.NEEDS_SIGN_IN:
            self.sign_in_requested.emit()
        elif self._status.error_key == MASS_DELETION_KEY:
            self.mass_deletion_requested.emit()

    def detach(self) -> None:
        """The profile is locking: stop listening (the window then closes and deletes this dialog)."""
        for signal, slot in (
            (self._bridge.records_changed, self.refresh),
            (self._bridge.sync_status_changed, self._on_status),
        ):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
