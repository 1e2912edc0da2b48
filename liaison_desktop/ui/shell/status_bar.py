"""The status bar: which profile is open, and the truth about sync.

One sentence always says where the profile stands: offline, syncing (with records done of total), up to
date with the relative time of the last successful sync, changes waiting, needs sign-in, or needs
attention. The sentence is a pure function of the worker's status, the pending count and the time
(`sync_status_text`), so a state-machine test can check every label without a widget. The pending count
is read through the runner whenever records change or sync reports, never on a timer; a one-minute
timer only keeps "5 minutes ago" true.
"""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from liaison_desktop.app import SyncState, SyncStatus
from liaison_desktop.i18n.formatting import format_relative_time
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.session_bridge import SessionBridge

REFRESH_RELATIVE_TIME_MS = 60_000


def pending_text(count: int) -> str:
    return ngettext("{count} change waiting to sync", "{count} changes waiting to sync", count).format(
        count=format_number(count)
    )


def _utc(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


def _last_synced(status: SyncStatus, now_ms: int) -> str:
    if not status.last_sync_ms:
        return _("Never synced")
    return _("Up to date, synced {when}").format(
        when=format_relative_time(_utc(status.last_sync_ms), now=_utc(now_ms))
    )


def sync_status_text(status: SyncStatus | None, pending: int, now_ms: int, *, configured: bool = True) -> str:
    """The one sentence the status bar shows for this state."""
    if not configured or status is None:
        if pending:
            return _("Not connected to a server") + " · " + pending_text(pending)
        return _("Not connected to a server")
    state = status.state
    if state is SyncState.SYNCING:
        progress = status.progress
        if progress is not None and progress.total:
            return _("Syncing… {done} of {total}").format(
                done=format_number(progress.done), total=format_number(progress.total)
            )
        return _("Syncing…")
    if state is SyncState.OFFLINE:
        text = _("Offline – will retry")
        return f"{text} · {pending_text(pending)}" if pending else text
    if state is SyncState.NEEDS_SIGN_IN:
        return _("Sign in again to sync")
    if state is SyncState.NEEDS_ATTENTION:
        return _("Sync needs attention")
    if state is SyncState.WIPED:
        return _("This device was removed from the team")
    if pending:
        return pending_text(pending)
    if state is SyncState.STOPPED and not status.last_sync_ms:
        return _("Sync stopped")
    return _last_synced(status, now_ms)


class LiaisonStatusBar(QStatusBar):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_bar")
        self._runner = runner
        self._bridge: SessionBridge | None = None
        self._status: SyncStatus | None = None
        self.profile_label = QLabel()
        self.profile_label.setObjectName("open_profile")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("sync_state")
        self.progress = QProgressBar()
        self.progress.setObjectName("sync_progress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(_("Sync progress"))
        self.progress.hide()
        self.addWidget(self.profile_label, 1)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.sync_label)
        self.pending_count: int | None = None
        self._clock = QTimer(self)
        self._clock.setInterval(REFRESH_RELATIVE_TIME_MS)
        self._clock.timeout.connect(self._show)

    def attach(self, bridge: SessionBridge) -> None:
        self._bridge = bridge
        session = bridge.session
        self.profile_label.setText(session.display_name)
        self._status = session.sync_status
        bridge.records_changed.connect(self.refresh_pending)
        bridge.sync_status_changed.connect(self._on_sync_status)
        self._clock.start()
        self.refresh_pending()

    def detach(self) -> None:
        """Locking: nothing about the profile stays on screen."""
        self._bridge = None
        self._status = None
        self.pending_count = None
        self._clock.stop()
        self.progress.hide()
        for label in (self.profile_label, self.sync_label):
            label.clear()

    @property
    def text(self) -> str:
        return self.sync_label.text()

    def refresh_pending(self, *_args: object) -> None:
        bridge = self._bridge
        if bridge is None:
            return
        self._runner.run(
            bridge.session.pending_changes,
            lambda count: self._show_pending(bridge, count),
            lambda _error: None,  # the profile was locked meanwhile: nothing to show
            owner=self,
        )

    def _show_pending(self, bridge: SessionBridge, count: int) -> None:
        if bridge is not self._bridge:
            return
        self.pending_count = count
        self._show()

    def _on_sync_status(self, status: SyncStatus) -> None:
        if self._bridge is None:
            return
        self._status = status
        if status.state is not SyncState.SYNCING:
            self.pending_count = status.pending
        self._show()

    def _show(self) -> None:
        bridge = self._bridge
        if bridge is None:
            return
        status = self._status
        text = sync_status_text(
            status,
            self.pending_count or 0,
            int(time.time() * 1000),
            configured=bridge.session.sync_configured,
        )
        self.sync_label.setText(text)
        self.sync_label.setAccessibleName(text)
        progress = status.progress if status is not None and status.state is SyncState.SYNCING else None
        if progress is not None and progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(min(progress.done, progress.total))
            self.progress.show()
        elif status is not None and status.state is SyncState.SYNCING:
            self.progress.setRange(0, 0)  # busy indicator until the server says how much there is
            self.progress.show()
        else:
            self.progress.hide()
