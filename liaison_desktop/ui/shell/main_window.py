"""The one application window: start screen, unlock screen, and the open profile, one at a time.

A stacked widget switches between the profile picker, the unlock screen and the workspace of the open
profile. Locking (Ctrl+L) closes the profile's database and deletes the workspace widgets, so nothing
readable stays behind the lock screen; unlocking builds them again. Every slow step (Argon2 unlock,
creating a profile, filling the demo) runs through the runner and reports back here.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from liaison_desktop.demo.sample_data import create_demo_profile, is_demo_profile
from liaison_desktop.store.profile_errors import UnlockDelayed, WrongPassphrase
from liaison_desktop.store.profiles import ProfileStore, UnlockedProfile
from liaison_desktop.sync.worker import SyncState, WorkerStatus
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, ngettext
from liaison_desktop.ui.lock.unlock_screen import UnlockScreen
from liaison_desktop.ui.profiles.add_profile_dialog import AddProfileDialog, NewProfile
from liaison_desktop.ui.profiles.profile_picker import ProfilePicker
from liaison_desktop.ui.profiles.recovery_key_dialog import RecoveryKeyDialog
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.session import ProfileSession
from liaison_desktop.ui.shell.status_bar import LiaisonStatusBar
from liaison_desktop.ui.shell.workspace_view import WorkspaceView

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    profile_opened = Signal()
    profile_locked = Signal()

    def __init__(
        self,
        profiles: ProfileStore,
        runner: Runner,
        *,
        server_url: str | None = None,
        start_sync: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.profiles = profiles
        self.runner = runner
        self.server_url = server_url
        self._start_sync = start_sync
        self.session: ProfileSession | None = None
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

    # -- actions ---------------------------------------------------------------------------------------

    def _make_actions(self) -> None:
        self.search_action = QAction(_("&Search…"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+K"))
        self.search_action.triggered.connect(self.focus_search)
        self.lock_action = QAction(_("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(_("&Liaison"))
        for action in (self.search_action, self.lock_action):
            menu.addAction(action)
            self.addAction(action)  # shortcuts work wherever the focus is in the window
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self._update_actions()

    def _update_actions(self) -> None:
        unlocked = self.session is not None
        self.search_action.setEnabled(unlocked)
        self.lock_action.setEnabled(unlocked)

    # -- start screen ----------------------------------------------------------------------------------

    def show_start(self) -> None:
        """The profile picker, freshly read from disk."""
        headers = self.profiles.list_profiles()
        self.picker.show_profiles(headers, offer_demo=self.server_url is None)
        unreadable = len(self.profiles.unreadable_profiles())
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
        header = self.profiles.header(profile_id)
        self.unlock_screen.show_profile(header.display_name, demo=is_demo_profile(header.display_name))
        self.stack.setCurrentWidget(self.unlock_screen)
        self.setWindowTitle(_("Liaison – {name}").format(name=header.display_name))
        self.unlock_screen.passphrase_field.setFocus()

    # -- unlocking -------------------------------------------------------------------------------------

    def _unlock(self, passphrase: str) -> None:
        profile_id = self._profile_id
        if profile_id is None:
            return
        self.unlock_screen.set_busy(True)
        profiles = self.profiles
        self.runner.run(
            lambda: profiles.unlock(profile_id, passphrase),
            self._open_profile,
            self._unlock_failed,
            owner=self,
        )

    def _unlock_failed(self, error: BaseException) -> None:
        self.unlock_screen.set_busy(False)
        if isinstance(error, UnlockDelayed):
            self.unlock_screen.show_delay(error.seconds_remaining)
        elif (
            isinstance(error, WrongPassphrase)
            and int(error.params.get("seconds_until_next_attempt") or 0) > 0
        ):
            self.unlock_screen.show_delay(int(error.params["seconds_until_next_attempt"]))
        else:
            if not hasattr(error, "key"):
                log.error("unlock failed unexpectedly", exc_info=error)
            self.unlock_screen.show_error(message_for(error))

    def _open_profile(self, unlocked: UnlockedProfile) -> None:
        """Show an unlocked profile. Built on the UI thread: the session owns Qt objects."""
        try:
            session = ProfileSession(self.profiles, unlocked, start_sync=self._start_sync)
        except Exception as error:
            unlocked.close()
            log.error("opening the profile failed", exc_info=error)
            if self.stack.currentWidget() is self.unlock_screen:
                self.unlock_screen.set_busy(False)
                self.unlock_screen.show_error(message_for(error))
            else:
                self.show_start()
                self.picker.status_label.setText(message_for(error))
            return
        self._profile_id = unlocked.profile_id
        self.session = session
        self.workspace_view = WorkspaceView(session, self.runner)
        self.stack.addWidget(self.workspace_view)
        self.stack.setCurrentWidget(self.workspace_view)
        self.status.attach(session)
        self.unlock_screen.passphrase_field.clear()
        self.setWindowTitle(_("Liaison – {name}").format(name=session.display_name))
        session.sync_status.status_changed.connect(self._on_sync_status)
        self._update_actions()
        if self.workspace_view.contacts_view is not None:
            self.workspace_view.contacts_view.table.setFocus()
        self.profile_opened.emit()

    def _on_sync_status(self, status: WorkerStatus) -> None:
        """The server revoked this device and the sync worker erased the profile: nothing is left to show."""
        if status.state is SyncState.WIPED and self.session is not None:
            self._profile_id = None
            self.lock()
            self.picker.status_label.setText(
                _("This device was removed from the team; its profile was erased.")
            )

    def focus_search(self) -> None:
        if self.workspace_view is not None:
            self.workspace_view.focus_search()

    def lock(self) -> None:
        """Close the database and drop every widget that showed records; back to the unlock screen."""
        session, view = self.session, self.workspace_view
        if session is None:
            return
        self.session = None
        self.workspace_view = None
        self.status.detach()
        if view is not None:
            self.stack.removeWidget(view)
            view.deleteLater()
        session.close()
        self._update_actions()
        if self._profile_id is not None:
            self.choose_profile(self._profile_id)
        else:
            self.show_start()
        self.profile_locked.emit()

    # -- adding a profile ------------------------------------------------------------------------------

    def add_profile(self) -> None:
        dialog = AddProfileDialog(
            self, min_passphrase_length=self.profiles.min_passphrase_length, server_url=self.server_url
        )
        dialog.submitted.connect(lambda new_profile: self._create_profile(dialog, new_profile))
        self.add_profile_dialog = dialog
        dialog.open()

    def _create_profile(self, dialog: AddProfileDialog, new_profile: NewProfile) -> None:
        profiles = self.profiles
        self.runner.run(
            lambda: profiles.create_profile(
                new_profile.display_name,
                new_profile.passphrase,
                server_url=new_profile.server_url,
                username=new_profile.username,
            ),
            lambda created: self._profile_created(dialog, *created),
            lambda error: dialog.show_error(message_for(error)),
            owner=dialog,
        )

    def _profile_created(
        self, dialog: AddProfileDialog, unlocked: UnlockedProfile, recovery_key: str
    ) -> None:
        dialog.accept()
        dialog.deleteLater()
        self.add_profile_dialog = None
        shown = RecoveryKeyDialog(recovery_key, self)
        self.recovery_key_dialog = shown

        def confirmed() -> None:
            shown.forget()
            shown.deleteLater()
            self.recovery_key_dialog = None
            self._open_profile(unlocked)

        shown.accepted.connect(confirmed)
        shown.open()

    # -- demo ------------------------------------------------------------------------------------------

    def try_demo(self) -> None:
        self.picker.set_busy(True, _("Preparing the demo with fictional records…"))
        profiles = self.profiles
        self.runner.run(
            lambda: create_demo_profile(profiles), self._open_profile, self._demo_failed, owner=self
        )

    def _demo_failed(self, error: BaseException) -> None:
        log.error("demo could not be prepared", exc_info=error)
        self.show_start()
        self.picker.status_label.setText(message_for(error))

    # -- closing ---------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.lock()
        self.runner.wait_until_idle()
        super().closeEvent(event)
