"""Everything sync shows a person beyond the status bar, for the open session, in one place.

The main window hands every sync status here (`on_status`) and this decides what appears:

- `needs_sign_in` opens the sign-in dialog, once each time sync enters that state (not again while it
  is open, nor after "Not now" until sync tries again and meets the same answer);
- `needs_attention` from the mass-deletion fail-safe opens the mass-deletion question, the same way;
- the first sync after a profile was added shows its progress dialog;
- the Sync menu (Sync now, Changes refused…, Conflicts…) and the status bar open the sync center, and
  the counts of refused changes and conflicts are kept on both;
- the platform saying the network is back asks the session to try at once.

Every dialog that belongs to the session is closed on `detach()` (the profile is locking).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMenuBar, QWidget

from liaison_desktop.app import SyncStatus, WorkerState
from liaison_desktop.ui.i18n import _, format_number
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.session_bridge import SessionBridge
from liaison_desktop.ui.shell.status_bar import MASS_DELETION_KEY, LiaisonStatusBar
from liaison_desktop.ui.sync.attention_counts import SyncAttentionCounts
from liaison_desktop.ui.sync.first_sync_dialog import FirstSyncDialog
from liaison_desktop.ui.sync.mass_deletion_dialog import MassDeletionDialog
from liaison_desktop.ui.sync.network_watch import NetworkWatch
from liaison_desktop.ui.sync.sign_in_dialog import SignInDialog
from liaison_desktop.ui.sync.sync_center import CONFLICTS_PAGE, REFUSED_PAGE, SyncCenter

_FIRST_SYNC_STATES = frozenset({WorkerState.IDLE, WorkerState.SYNCING, WorkerState.OFFLINE})


def _counted(text: str, count: int) -> str:
    return _("{action} ({count})").format(action=text, count=format_number(count)) if count else text


class SyncScreens(QObject):
    def __init__(self, window: QWidget, runner: Runner, status_bar: LiaisonStatusBar) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._status_bar = status_bar
        self.bridge: SessionBridge | None = None
        self.sign_in_dialog: SignInDialog | None = None
        self.mass_deletion_dialog: MassDeletionDialog | None = None
        self.first_sync_dialog: FirstSyncDialog | None = None
        self.sync_center: SyncCenter | None = None
        self._last_state: WorkerState | None = None
        self._last_error_key: str | None = None

        self.counts = SyncAttentionCounts(runner, self)
        self.counts.changed.connect(self._show_counts)
        status_bar.sync_center_requested.connect(lambda: self.open_sync_center())
        self.network = NetworkWatch(self)
        self.network.network_returned.connect(self.network_returned)

        self.refused_action = QAction(_("Changes &refused…"), self)
        self.refused_action.triggered.connect(lambda: self.open_sync_center(REFUSED_PAGE))
        self.conflicts_action = QAction(_("&Conflicts…"), self)
        self.conflicts_action.triggered.connect(lambda: self.open_sync_center(CONFLICTS_PAGE))
        self._update_actions()

    def make_menu(self, menu_bar: QMenuBar, sync_now: QAction) -> QMenu:
        """The Sync menu: "Sync now" (the window's action, with its shortcut), then the two pages. Made
        again after a language switch."""
        menu = menu_bar.addMenu(_("S&ync"))
        self._show_counts(self.counts.refused, self.counts.conflicts)  # words in the language in force
        menu.addAction(sync_now)
        menu.addSeparator()
        menu.addAction(self.refused_action)
        menu.addAction(self.conflicts_action)
        return menu

    # -- the session -----------------------------------------------------------------------------------

    def attach(self, bridge: SessionBridge) -> None:
        self.bridge = bridge
        self._last_state = None
        self._last_error_key = None
        self.counts.attach(bridge)
        self._update_actions()
        self.on_status(bridge.session.sync_status)

    def detach(self) -> None:
        """The profile is locking: close everything that belongs to it."""
        self.bridge = None
        self.counts.detach()
        if self.sync_center is not None:
            self.sync_center.detach()
        for name in ("sign_in_dialog", "mass_deletion_dialog", "first_sync_dialog", "sync_center"):
            dialog: QDialog | None = getattr(self, name)
            setattr(self, name, None)
            if dialog is not None:
                dialog.hide()
                dialog.deleteLater()
        self._update_actions()

    def on_status(self, status: SyncStatus) -> None:
        """Open the screen a new state calls for; each opens once per entry into its state."""
        entered = status.state is not self._last_state or status.error_key != self._last_error_key
        self._last_state, self._last_error_key = status.state, status.error_key
        if self.bridge is None or not entered:
            return
        if status.state is WorkerState.NEEDS_SIGN_IN:
            self.ask_sign_in(status)
        elif status.state is WorkerState.NEEDS_ATTENTION and status.error_key == MASS_DELETION_KEY:
            self.ask_mass_deletion(status)

    def network_returned(self) -> None:
        if self.bridge is not None:
            self.bridge.session.network_available()

    # -- the dialogs -----------------------------------------------------------------------------------

    def ask_sign_in(self, status: SyncStatus | None = None) -> None:
        bridge = self.bridge
        if bridge is None:
            return
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.raise_()
            self.sign_in_dialog.activateWindow()
            return
        status = status or bridge.session.sync_status
        dialog = SignInDialog(
            bridge.session, self._runner, self._window, error_key=status.error_key, pending=status.pending
        )
        self.sign_in_dialog = dialog
        dialog.finished.connect(lambda _result: self._forget("sign_in_dialog", dialog))
        dialog.open()

    def ask_mass_deletion(self, status: SyncStatus | None = None) -> None:
        bridge = self.bridge
        if bridge is None:
            return
        if self.mass_deletion_dialog is not None:
            self.mass_deletion_dialog.raise_()
            return
        status = status or bridge.session.sync_status
        params = status.error_params or {}
        dialog = MassDeletionDialog(
            int(params.get("would_delete") or 0), int(params.get("live_records") or 0), self._window
        )
        self.mass_deletion_dialog = dialog
        session = bridge.session

        def answered(result: int) -> None:
            self._forget("mass_deletion_dialog", dialog)
            if result == QDialog.DialogCode.Accepted and not session.closed:
                session.request_sync(confirm_mass_delete=True)

        dialog.finished.connect(answered)
        dialog.open()

    def show_first_sync(self) -> None:
        """After a profile was added: the first sync's progress, unless it is already over."""
        bridge = self.bridge
        if bridge is None or self.first_sync_dialog is not None:
            return
        status = bridge.session.sync_status
        if status.state not in _FIRST_SYNC_STATES or status.last_sync_ms:
            return
        dialog = FirstSyncDialog(bridge, self._window)
        self.first_sync_dialog = dialog
        dialog.finished.connect(lambda _result: self._forget("first_sync_dialog", dialog))
        dialog.open()

    def open_sync_center(self, page: str | None = None) -> None:
        bridge = self.bridge
        if bridge is None:
            return
        if self.sync_center is None:
            center = SyncCenter(bridge, self._runner, self._window)
            center.sync_requested.connect(bridge.session.request_sync)
            center.sign_in_requested.connect(lambda: self.ask_sign_in())
            center.mass_deletion_requested.connect(lambda: self.ask_mass_deletion())
            center.finished.connect(lambda _result: self._forget("sync_center", center))
            self.sync_center = center
        self.sync_center.show_page(page)
        self.sync_center.show()
        self.sync_center.raise_()
        self.sync_center.activateWindow()

    def _forget(self, name: str, dialog: QDialog) -> None:
        if getattr(self, name) is dialog:
            setattr(self, name, None)
            if isinstance(dialog, SyncCenter):
                dialog.detach()
            dialog.deleteLater()

    # -- counts ----------------------------------------------------------------------------------------

    def _show_counts(self, refused: int, conflicts: int) -> None:
        self._status_bar.show_attention(refused, conflicts)
        self.refused_action.setText(_counted(_("Changes &refused…"), refused))
        self.conflicts_action.setText(_counted(_("&Conflicts…"), conflicts))

    def _update_actions(self) -> None:
        # Refused changes and conflicts show record text: not while the offline lease keeps it locked.
        attached = self.bridge is not None and not self.bridge.session.lease.expired
        self.refused_action.setEnabled(attached)
        self.conflicts_action.setEnabled(attached)
