"""The one application window: start screen, unlock screen, and the open profile, one at a time.

A stacked widget switches between the profile picker, the unlock screen and the workspace of the open
profile. The window holds the open `Session` (through its `SessionBridge`) and never learns how storage
or sync are put together. Every slow step (Argon2 unlock, sign-in, creating a profile, the demo) runs
through the runner and reports back here.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QToolBar, QWidget

from liaison_desktop.app import (
    ProfileDirectory,
    Session,
    SyncStatus,
    UnlockDelayed,
    WrongPassphrase,
    start_demo,
)
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, ngettext
from liaison_desktop.ui.lock.unlock_screen import UnlockScreen
from liaison_desktop.ui.profiles.add_profile_dialog import AddProfileDialog, NewProfileForm
from liaison_desktop.ui.profiles.profile_picker import ProfilePicker
from liaison_desktop.ui.profiles.recovery_key_dialog import RecoveryKeyDialog
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.session_bridge import SessionBridge
from liaison_desktop.ui.shell.status_bar import LiaisonStatusBar
from liaison_desktop.ui.shell.workspace_view import WorkspaceView

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    profile_opened = Signal()
    profile_locked = Signal()

    def __init__(
        self,
        directory: ProfileDirectory,
        runner: Runner,
        *,
        server_url: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.directory = directory
        self.runner = runner
        self.server_url = server_url
        self.bridge: SessionBridge | None = None
        self.workspace_view: WorkspaceView | None = None
        self.add_profile_dialog: AddProfileDialog | None = None
        self.recovery_key_dialog: RecoveryKeyDialog | None = None
        self._profile_id: str | None = None

        self.picker = ProfilePicker()
        self.picker.profile_chosen.connect(self.choose_profile)
        self.picker.add_requested.connect(self.add_profile)
        self.picker.demo_requested.connect(self.try_demo)
        self.unlock_screen = UnlockScreen()
        self.unlock_screen.unlock_requested.connect(self._unlock)
        self.unlock_screen.switch_profile_requested.connect(self.show_start)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.picker)
        self.stack.addWidget(self.unlock_screen)
        self.setCentralWidget(self.stack)
        self.status = LiaisonStatusBar(runner)
        self.setStatusBar(self.status)
        self._make_actions()
        self.resize(1100, 720)
        self.show_start()

    @property
    def session(self) -> Session | None:
        return self.bridge.session if self.bridge is not None else None

    # -- actions ---------------------------------------------------------------------------------------

    def _make_actions(self) -> None:
        self.search_action = QAction(_("&Search…"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+K"))
        self.search_action.triggered.connect(self.focus_search)
        self.sync_action = QAction(_("S&ync now"), self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+S"))
        self.sync_action.triggered.connect(self.sync_now)
        self.lock_action = QAction(_("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(_("&Liaison"))
        for action in (self.search_action, self.sync_action, self.lock_action):
            menu.addAction(action)
            self.addAction(action)  # shortcuts work wherever the focus is in the window
        menu.addSeparator()
        menu.addAction(self.quit_action)
        # The two actions a person on a shared laptop needs at a glance, with their words visible.
        self.toolbar = QToolBar(_("Session"))
        self.toolbar.setObjectName("session_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.sync_action)
        self.toolbar.addAction(self.lock_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self._update_actions()

    def _update_actions(self) -> None:
        session = self.session
        unlocked = session is not None
        self.search_action.setEnabled(unlocked)
        self.lock_action.setEnabled(unlocked)
        self.sync_action.setEnabled(unlocked and session is not None and session.sync_configured)
        self.toolbar.setVisible(unlocked)

    # -- start screen ----------------------------------------------------------------------------------

    def show_start(self) -> None:
        """The profile picker, freshly read from disk (headers only: nothing is decrypted)."""
        summaries = self.directory.summaries()
        self.picker.show_profiles(summaries, offer_demo=self.server_url is None)
        unreadable = self.directory.unreadable_count()
        if unreadable:
            self.picker.status_label.setText(
                ngettext(
                    "{count} profile on this laptop cannot be read and is not listed.",
                    "{count} profiles on this laptop cannot be read and are not listed.",
                    unreadable,
                ).format(count=unreadable)
            )
        self.stack.setCurrentWidget(self.picker)
        self.setWindowTitle(_("Liaison"))
        self.picker.focus_list()

    def choose_profile(self, profile_id: str) -> None:
        self._profile_id = profile_id
        summary = self.directory.summary(profile_id)
        self.unlock_screen.show_profile(summary.display_name, demo=summary.is_demo)
        self.stack.setCurrentWidget(self.unlock_screen)
        # The title names the profile, never a record: it shows in task switchers and screen shares.
        self.setWindowTitle(_("Liaison – {name}").format(name=summary.display_name))
        self.unlock_screen.passphrase_field.setFocus()

    # -- unlocking -------------------------------------------------------------------------------------

    def _unlock(self, passphrase: str) -> None:
        profile_id = self._profile_id
        if profile_id is None:
            return
        self.unlock_screen.set_busy(True)
        directory = self.directory
        self.runner.run(
            lambda: directory.open(profile_id, passphrase),
            self.open_session,
            self._unlock_failed,
            owner=self,
        )

    def _unlock_failed(self, error: BaseException) -> None:
        self.unlock_screen.set_busy(False)
        if isinstance(error, UnlockDelayed):
            self.unlock_screen.show_delay(error.seconds_remaining)
        elif isinstance(error, WrongPassphrase) and int(error.params.get("seconds_until_next_attempt") or 0) > 0:
            self.unlock_screen.show_delay(int(error.params["seconds_until_next_attempt"]))
        else:
            if not hasattr(error, "key"):
                log.error("unlock failed unexpectedly", exc_info=error)
            self.unlock_screen.show_error(message_for(error))

    def open_session(self, session: Session) -> None:
        """Show an opened profile (the session was built off the UI thread)."""
        self._profile_id = session.profile_id
        self.bridge = SessionBridge(session, self)
        self.bridge.wiped.connect(self._on_wiped)
        self.bridge.sync_status_changed.connect(self._on_sync_status)
        self.workspace_view = WorkspaceView(self.bridge, self.runner)
        self.stack.addWidget(self.workspace_view)
        self.stack.setCurrentWidget(self.workspace_view)
        self.status.attach(self.bridge)
        self.unlock_screen.passphrase_field.clear()
        self.setWindowTitle(_("Liaison – {name}").format(name=session.display_name))
        self._update_actions()
        if self.workspace_view.contacts_view is not None:
            self.workspace_view.contacts_view.table.setFocus()
        self.profile_opened.emit()

    def _on_sync_status(self, status: SyncStatus) -> None:
        """Hook for the screens that react to sync states (sign-in, attention)."""

    def _on_wiped(self) -> None:
        """The server revoked this device and the profile was erased: nothing is left to show."""
        self._profile_id = None
        self.lock()
        self.picker.status_label.setText(_("This device was removed from the team; its profile was erased."))

    def focus_search(self) -> None:
        if self.workspace_view is not None:
            self.workspace_view.focus_search()

    def sync_now(self) -> None:
        session = self.session
        if session is not None:
            session.request_sync()

    def lock(self) -> None:
        """Close the database and drop every widget that showed records; back to the unlock screen."""
        bridge, view = self.bridge, self.workspace_view
        if bridge is None:
            return
        self.bridge = None
        self.workspace_view = None
        self.status.detach()
        bridge.detach()
        if view is not None:
            self.stack.removeWidget(view)
            view.deleteLater()
        session = bridge.session
        bridge.deleteLater()
        # Stopping sync waits for the worker to reach a batch boundary: not on the UI thread.
        self.runner.run(session.close, lambda _result: None, owner=None)
        self._update_actions()
        if self._profile_id is not None and not session.wiped:
            self.choose_profile(self._profile_id)
        else:
            self.show_start()
        self.profile_locked.emit()

    # -- adding a profile ------------------------------------------------------------------------------

    def add_profile(self) -> None:
        dialog = AddProfileDialog(
            self, min_passphrase_length=self.directory.min_passphrase_length, server_url=self.server_url
        )
        dialog.submitted.connect(lambda form: self._create_profile(dialog, form))
        self.add_profile_dialog = dialog
        dialog.open()

    def _create_profile(self, dialog: AddProfileDialog, form: NewProfileForm) -> None:
        directory = self.directory
        self.runner.run(
            lambda: form.create(directory),
            lambda created: self._profile_created(dialog, *created),
            lambda error: dialog.show_error(message_for(error)),
            owner=dialog,
        )

    def _profile_created(self, dialog: AddProfileDialog, session: Session, recovery_key: str) -> None:
        dialog.accept()
        dialog.deleteLater()
        self.add_profile_dialog = None
        shown = RecoveryKeyDialog(recovery_key, self)
        self.recovery_key_dialog = shown

        def confirmed() -> None:
            shown.forget()
            shown.deleteLater()
            self.recovery_key_dialog = None
            self.open_session(session)

        shown.accepted.connect(confirmed)
        shown.open()

    # -- demo ------------------------------------------------------------------------------------------

    def try_demo(self) -> None:
        self.picker.set_busy(True, _("Preparing the demo with fictional records…"))
        directory = self.directory
        self.runner.run(lambda: start_demo(directory), self.open_session, self._demo_failed, owner=self)

    def _demo_failed(self, error: BaseException) -> None:
        log.error("demo could not be prepared", exc_info=error)
        self.show_start()
        self.picker.status_label.setText(message_for(error))

    # -- closing ---------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.lock()
        self.runner.wait_until_idle()
        super().closeEvent(event)
