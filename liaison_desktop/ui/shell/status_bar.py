"""The status bar: which profile is open, and the truth about sync.

One sentence always says where the profile stands: offline, syncing (with records done of total and the
time left), up to date with the relative time of the last successful sync, changes waiting, needs
sign-in, or needs attention. The sentence is a pure function of the worker's status, the pending count
and the time (`sync_status_text`), so a state-machine test can check every label without a widget. The
pending count is read through the runner whenever records change or sync reports, never on a timer; a
one-minute timer only keeps "5 minutes ago" true.

The sentence is a flat button: clicking it (or Enter on it) opens the sync center, where what it
summarises can be looked at and acted on. A second button beside it appears only while there is
something for a person to do there ("2 changes refused · 1 conflict").
"""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from liaison_desktop.app import SyncStatus, WorkerState
from liaison_desktop.i18n.formatting import format_relative_time, format_time_left
from liaison_desktop.ui import theme
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.session_bridge import SessionBridge

REFRESH_RELATIVE_TIME_MS = 60_000
MASS_DELETION_KEY = "sync.mass_deletion_stopped"
UNTRUSTED_REVOCATION_KEY = "sync.untrusted_revocation"
SYNC_TEXT_SHARE = 0.6  # of the status bar's width, at most, for the sync sentence
MIN_SYNC_WIDTH = 120
# Offline states whose cause is the server, not the network: saying "offline" there would send a person
# to check a cable that is fine.
_SERVER_TROUBLE_KEYS = frozenset({"sync.server_unavailable", "sync.not_a_liaison_server"})
_SERVER_BUSY_KEYS = frozenset({"sync.rate_limited", "sync.locked_out"})


def pending_text(count: int) -> str:
    return ngettext("{count} change waiting to sync", "{count} changes waiting to sync", count).format(
        count=format_number(count)
    )


def attention_text(refused: int, conflicts: int) -> str:
    """ "2 changes refused · 1 conflict"; empty when there is nothing for a person to look at."""
    parts = []
    if refused:
        parts.append(
            ngettext("{count} change refused", "{count} changes refused", refused).format(
                count=format_number(refused)
            )
        )
    if conflicts:
        parts.append(
            ngettext("{count} conflict", "{count} conflicts", conflicts).format(
                count=format_number(conflicts)
            )
        )
    return " · ".join(parts)


def _utc(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


def _with_pending(text: str, pending: int) -> str:
    return f"{text} · {pending_text(pending)}" if pending else text


def _syncing(status: SyncStatus) -> str:
    progress = status.progress
    if progress is None or not progress.total:
        return _("Syncing…")
    done, total = format_number(min(progress.done, progress.total)), format_number(progress.total)
    if progress.eta_s is not None and progress.done < progress.total:
        return _("Syncing… {done} of {total}, {time_left} left").format(
            done=done, total=total, time_left=format_time_left(progress.eta_s)
        )
    return _("Syncing… {done} of {total}").format(done=done, total=total)


def _offline(status: SyncStatus) -> str:
    if status.error_key in _SERVER_BUSY_KEYS:
        return _("Server busy – will retry")
    if status.error_key in _SERVER_TROUBLE_KEYS:
        return _("Server not answering – will retry")
    return _("Offline – will retry")


def _needs_attention(status: SyncStatus) -> str:
    if status.error_key == MASS_DELETION_KEY:
        would_delete = int(status.error_params.get("would_delete") or 0)
        return ngettext(
            "Sync paused: {count} record would be deleted – your decision is needed",
            "Sync paused: {count} records would be deleted – your decision is needed",
            would_delete,
        ).format(count=format_number(would_delete))
    if status.error_key == UNTRUSTED_REVOCATION_KEY:
        return _("Sync stopped: the server's answer could not be trusted")
    return _("Sync needs attention")


def _last_synced(status: SyncStatus, now_ms: int) -> str:
    if not status.last_sync_ms:
        return _("Not synced yet")
    return _("Up to date, synced {when}").format(
        when=format_relative_time(_utc(status.last_sync_ms), now=_utc(now_ms))
    )


def sync_status_text(status: SyncStatus | None, pending: int, now_ms: int, *, configured: bool = True) -> str:
    """The one sentence the status bar shows for this state."""
    if not configured or status is None:
        return _with_pending(_("Not connected to a server"), pending)
    state = status.state
    if state is WorkerState.SYNCING:
        return _syncing(status)
    if state is WorkerState.OFFLINE:
        return _with_pending(_offline(status), pending)
    if state is WorkerState.NEEDS_SIGN_IN:
        return _with_pending(_("Sign in again to sync"), pending)
    if state is WorkerState.NEEDS_ATTENTION:
        return _with_pending(_needs_attention(status), pending)
    if state is WorkerState.WIPED:
        return _("This device was removed from the team")
    if state is WorkerState.STOPPED:
        return _with_pending(_("Sync stopped"), pending)
    if pending:
        return pending_text(pending)
    return _last_synced(status, now_ms)


def _state_icon(status: SyncStatus | None, configured: bool) -> str:
    if not configured or status is None:
        return "offline"
    return {
        WorkerState.SYNCING: "sync",
        WorkerState.OFFLINE: "offline",
        WorkerState.NEEDS_SIGN_IN: "key",
        WorkerState.NEEDS_ATTENTION: "sync_error",
        WorkerState.WIPED: "sync_error",
        WorkerState.STOPPED: "offline",
    }.get(status.state, "synced")


class LiaisonStatusBar(QStatusBar):
    """`sync_center_requested` when the sync sentence or the attention count is clicked."""

    sync_center_requested = Signal()

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_bar")
        self._runner = runner
        self._bridge: SessionBridge | None = None
        self._status: SyncStatus | None = None
        self.profile_label = QLabel()
        self.profile_label.setObjectName("open_profile")
        # A long name at 200 % text takes a second line rather than widening the window past the screen.
        self.profile_label.setWordWrap(True)
        self.sync_label = self._button("sync_state")
        self.sync_label.setToolTip(_("Open the sync center"))
        self.attention_button = self._button("sync_attention")
        self.attention_button.setToolTip(_("Open the sync center"))
        self.attention_button.hide()
        self.progress = QProgressBar()
        self.progress.setObjectName("sync_progress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(_("Sync progress"))
        self.progress.hide()
        self.addWidget(self.profile_label, 1)
        self.addPermanentWidget(self.attention_button)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.sync_label)
        self.pending_count: int | None = None
        self._sync_text = ""
        self._clock = QTimer(self)
        self._clock.setInterval(REFRESH_RELATIVE_TIME_MS)
        self._clock.timeout.connect(self._show)

    def _button(self, name: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.clicked.connect(self.sync_center_requested)
        button.hide()
        return button

    def attach(self, bridge: SessionBridge) -> None:
        self._bridge = bridge
        session = bridge.session
        self.profile_label.setText(session.display_name)
        self._status = session.sync_status
        bridge.records_changed.connect(self.refresh_pending)
        bridge.sync_status_changed.connect(self._on_sync_status)
        self.sync_label.show()
        self._clock.start()
        self.refresh_pending()

    def detach(self) -> None:
        """Locking: nothing about the profile stays on screen."""
        self._bridge = None
        self._status = None
        self.pending_count = None
        self._clock.stop()
        self.progress.hide()
        self.profile_label.clear()
        self._sync_text = ""
        for button in (self.sync_label, self.attention_button):
            button.setText("")
            button.setAccessibleName("")
            button.hide()
        self.sync_label.setToolTip(_("Open the sync center"))

    @property
    def text(self) -> str:
        """The whole sentence, also when the bar is too narrow to show all of it."""
        return self._sync_text

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_sync_text()

    def _fit_sync_text(self) -> None:
        """The sentence, shortened with "…" when it would take more than its share of the bar: at 200 %
        text and in a long language it would otherwise make the window wider than the screen. The whole
        sentence stays in the button's accessible name and tooltip."""
        button = self.sync_label
        room = int(self.width() * SYNC_TEXT_SHARE) - button.iconSize().width() - 4 * theme.spacing().s
        metrics = button.fontMetrics()
        if metrics.horizontalAdvance(self._sync_text) <= room:
            button.setText(self._sync_text)
            button.setToolTip(_("Open the sync center"))
        else:
            button.setText(metrics.elidedText(self._sync_text, Qt.TextElideMode.ElideRight, max(room, 0)))
            button.setToolTip(self._sync_text)
        button.setMaximumWidth(max(int(self.width() * SYNC_TEXT_SHARE), MIN_SYNC_WIDTH))

    def show_attention(self, refused: int, conflicts: int) -> None:
        """The counts of refused changes and open conflicts; the button shows only when one is non-zero."""
        if self._bridge is None:
            return
        text = attention_text(refused, conflicts)
        self.attention_button.setText(text)
        self.attention_button.setAccessibleName(text)
        self.attention_button.setIcon(theme.icon("warning"))
        self.attention_button.setVisible(bool(text))

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
        if status.state is not WorkerState.SYNCING:
            self.pending_count = status.pending
        self._show()

    def _show(self) -> None:
        bridge = self._bridge
        if bridge is None:
            return
        status = self._status
        configured = bridge.session.sync_configured
        text = sync_status_text(
            status, self.pending_count or 0, int(time.time() * 1000), configured=configured
        )
        self._sync_text = text
        self._fit_sync_text()
        self.sync_label.setAccessibleName(text)
        self.sync_label.setIcon(theme.icon(_state_icon(status, configured)))
        progress = status.progress if status is not None and status.state is WorkerState.SYNCING else None
        if progress is not None and progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(min(progress.done, progress.total))
            self.progress.show()
        elif status is not None and status.state is WorkerState.SYNCING:
            self.progress.setRange(0, 0)  # busy indicator until the server says how much there is
            self.progress.show()
        else:
            self.progress.hide()
