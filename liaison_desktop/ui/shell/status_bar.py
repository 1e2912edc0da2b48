"""The status bar: which profile is open, how many changes wait to be synced, and the sync state.

The pending count is read through the runner whenever records change or sync reports, never on a timer.
Sync state comes from the sync worker's status, relayed to the UI thread by the session.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from liaison_desktop.sync.worker import SyncState, WorkerStatus
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.session import ProfileSession


def sync_state_text(state: SyncState) -> str:
    return {
        SyncState.IDLE: _("Up to date"),
        SyncState.SYNCING: _("Syncing…"),
        SyncState.OFFLINE: _("Offline – will retry"),
        SyncState.NEEDS_SIGN_IN: _("Sign in again to sync"),
        SyncState.NEEDS_ATTENTION: _("Sync needs attention"),
        SyncState.WIPED: _("This device was removed from the team"),
        SyncState.STOPPED: _("Sync stopped"),
    }[state]


def pending_text(count: int) -> str:
    if count == 0:
        return _("No changes waiting to sync")
    return ngettext("{count} change waiting to sync", "{count} changes waiting to sync", count).format(
        count=format_number(count)
    )


class LiaisonStatusBar(QStatusBar):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_bar")
        self._runner = runner
        self._session: ProfileSession | None = None
        self.profile_label = QLabel()
        self.profile_label.setAccessibleName(_("Open profile"))
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pending_changes")
        self.pending_label.setAccessibleName(_("Changes waiting to sync"))
        self.sync_label = QLabel()
        self.sync_label.setObjectName("sync_state")
        self.sync_label.setAccessibleName(_("Sync state"))
        self.addWidget(self.profile_label, 1)
        self.addPermanentWidget(self.pending_label)
        self.addPermanentWidget(self.sync_label)
        self.pending_count: int | None = None

    def attach(self, session: ProfileSession) -> None:
        self._session = session
        self.profile_label.setText(session.display_name)
        self.sync_label.setText(
            sync_state_text(SyncState.SYNCING) if session.sync_configured else _("Not connected to a server")
        )
        session.records_changed.changed.connect(self.refresh_pending)
        session.sync_status.status_changed.connect(self._on_sync_status)
        self.refresh_pending()

    def detach(self) -> None:
        """Locking: nothing about the profile stays on screen."""
        self._session = None
        self.pending_count = None
        for label in (self.profile_label, self.pending_label, self.sync_label):
            label.clear()

    def refresh_pending(self, *_args: object) -> None:
        session = self._session
        if session is None:
            return
        self._runner.run(
            session.pending_changes,
            lambda count: self._show_pending(session, count),
            lambda _error: None,  # the profile was locked meanwhile: nothing to show
            owner=self,
        )

    def _show_pending(self, session: ProfileSession, count: int) -> None:
        if session is not self._session:
            return
        self.pending_count = count
        self.pending_label.setText(pending_text(count))

    def _on_sync_status(self, status: WorkerStatus) -> None:
        if self._session is None:
            return
        self.sync_label.setText(sync_state_text(status.state))
        self._show_pending(self._session, status.pending)
