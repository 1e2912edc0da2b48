"""The one application window: start screen, unlock screen, and the open profile, one at a time.

A stacked widget switches between the profile picker, the unlock screen and the workspace of the open
profile. The window holds the open `Session` (through its `SessionBridge`) and never learns how storage
or sync are put together. Every slow step (Argon2 unlock, sign-in, creating a profile, the demo) runs
through the runner and reports back here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QToolBar, QWidget

from liaison_desktop.app import (
    DemoProgress,
    NewProfile,
    ProfileDirectory,
    ProfileHeaderDamaged,
    Session,
    SyncStatus,
    UnlockDelayed,
    WrongPassphrase,
)
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, ngettext
from liaison_desktop.ui.lock.lease_screen import LeaseScreen
from liaison_desktop.ui.lock.lock_controller import LockController
from liaison_desktop.ui.lock.unlock_screen import UnlockScreen
from liaison_desktop.ui.profiles.add_profile_dialog import AddProfileDialog
from liaison_desktop.ui.profiles.profile_picker import ProfilePicker
from liaison_desktop.ui.profiles.recovery_key_dialog import RecoveryKeyDialog
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.screen_state import capture_of, restore_into
from liaison_desktop.ui.session_bridge import SessionBridge
from liaison_desktop.ui.shell import tab_order
from liaison_desktop.ui.shell.status_bar import LiaisonStatusBar
from liaison_desktop.ui.sync.sync_screens import SyncScreens
from liaison_desktop.ui.theme.icons import icon

if TYPE_CHECKING:
    from liaison_desktop.app import LeaseStatus
    from liaison_desktop.ui.shell.workspace_view import WorkspaceView

log = logging.getLogger(__name__)
# How often an open profile checks its offline lease: a profile left open (and in use) across the end of
# its lease locks within this time, and its next unlock shows the lease screen.
LEASE_CHECK_MS = 15 * 60 * 1000


def demo_step_text(step: DemoProgress) -> str:
    """What the start screen says while the demo is being made."""
    roles = {"officer": _("officer"), "ambassador": _("ambassador"), "supervisor": _("supervisor")}
    role = roles.get(step.role or "", step.role or "")
    texts = {
        "demo.step.accounts": _("Creating the demo accounts…"),
        "demo.step.server": _("Starting the local demo server…"),
        "demo.step.profile": _("Creating the {role}'s profile…").format(role=role),
        "demo.step.records": _("Adding fictional records for the {role}…").format(role=role),
        "demo.step.sync": _("Syncing the {role}'s profile…").format(role=role),
    }
    text = texts.get(step.step, _("Preparing the demo with fictional records…"))
    return f"{text} ({step.done + 1}/{step.total})"


class MainWindow(QMainWindow):
    profile_opened = Signal()
    profile_locked = Signal()
    _demo_progress = Signal(object)  # DemoProgress, from the runner's thread

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

        self.stack = QStackedWidget()
        self.lease_timer = QTimer(self)
        self.lease_timer.setInterval(LEASE_CHECK_MS)
        self.lease_timer.timeout.connect(self.check_lease)
        self._demo_progress.connect(self._show_demo_progress)
        self._make_start_screens()
        self.setCentralWidget(self.stack)
        self.status = LiaisonStatusBar(runner)
        self.setStatusBar(self.status)
        self.sync_screens = SyncScreens(self, runner, self.status)
        # Idle and platform lock, recovery key, damaged profiles, backups, settings (ui/lock/).
        self.locking = LockController(self)
        self._make_actions()
        self.resize(1100, 720)
        self.show_start()

    @property
    def session(self) -> Session | None:
        return self.bridge.session if self.bridge is not None else None

    def _make_start_screens(self) -> None:
        """The picker and the unlock screen (made again, in the new language, by `apply_language`)."""
        self.picker = ProfilePicker()
        self.picker.profile_chosen.connect(self.choose_profile)
        self.picker.add_requested.connect(self.add_profile)
        self.picker.demo_requested.connect(self.try_demo)
        self.unlock_screen = UnlockScreen()
        self.unlock_screen.unlock_requested.connect(self._unlock)
        self.unlock_screen.switch_profile_requested.connect(self.show_start)
        self.unlock_screen.profile_switch_requested.connect(self.choose_profile)
        self.unlock_screen.recovery_requested.connect(lambda: self.locking.open_recovery())
        self.lease_screen = LeaseScreen()
        self.lease_screen.sync_requested.connect(self.sync_now)
        self.lease_screen.lock_requested.connect(self.lock)
        self.stack.insertWidget(0, self.picker)
        self.stack.insertWidget(1, self.unlock_screen)
        self.stack.insertWidget(2, self.lease_screen)

    # -- actions ---------------------------------------------------------------------------------------

    def _make_actions(self) -> None:
        self.search_action = QAction(icon("search"), _("&Search…"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+K"))
        self.search_action.triggered.connect(self.focus_search)
        self.sync_action = QAction(icon("sync"), _("S&ync now"), self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+S"))
        self.sync_action.triggered.connect(self.sync_now)
        self.lock_action = QAction(icon("lock"), _("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        # New records from anywhere in the open profile; in the menu so the shortcuts can be found.
        self.new_contact_action = QAction(icon("add"), _("New &contact"), self)
        self.new_contact_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_contact_action.triggered.connect(lambda: self._open_new("new_contact"))
        self.new_note_action = QAction(icon("note"), _("New &note"), self)
        self.new_note_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_note_action.triggered.connect(lambda: self._open_new("new_encounter", contact_ids=[]))
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(_("&Liaison"))
        for action in (self.new_contact_action, self.new_note_action):
            menu.addAction(action)
            self.addAction(action)
        menu.addSeparator()
        for action in (self.search_action, self.sync_action, self.lock_action):
            if action is not self.sync_action:  # it heads the Sync menu
                menu.addAction(action)
            self.addAction(action)  # shortcuts work wherever the focus is in the window
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.sync_menu = self.sync_screens.make_menu(self.menuBar(), self.sync_action)
        # The two actions a person on a shared laptop needs at a glance, with their words visible.
        self.toolbar = QToolBar(_("Session"))
        self.toolbar.setObjectName("session_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.sync_action)
        self.toolbar.addAction(self.lock_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.locking.make_actions()
        self._update_actions()

    def _update_actions(self) -> None:
        session = self.session
        unlocked = session is not None
        self.search_action.setEnabled(unlocked)
        writes: set[str] = set()
        if session is not None:
            from liaison_desktop.services.permissions import may_write_type  # not before a profile is open

            writes = {kind for kind in ("contact", "encounter") if may_write_type(session.role, kind)}
        self.new_contact_action.setEnabled("contact" in writes)
        self.new_note_action.setEnabled("encounter" in writes)
        self.lock_action.setEnabled(unlocked)
        self.sync_action.setEnabled(unlocked and session is not None and session.sync_configured)
        self.toolbar.setVisible(unlocked)
        self.locking.update_actions()

    def _open_new(self, kind: str, **args: object) -> None:
        if self.workspace_view is not None and self.stack.currentWidget() is self.workspace_view:
            self.workspace_view.open_new(kind, **args)

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
        self.locking.offer_repair(self.picker, self.directory.unreadable_profiles())
        self.stack.setCurrentWidget(self.picker)
        self.setWindowTitle(_("Liaison"))
        self.picker.focus_list()

    def choose_profile(self, profile_id: str) -> None:
        self._profile_id = profile_id
        try:
            summary = self.directory.summary(profile_id)
        except ProfileHeaderDamaged as error:
            self.locking.show_damaged(profile_id, error)  # its key file broke since it was listed
            return
        self.unlock_screen.show_profile(summary.display_name, demo=summary.is_demo)
        self.unlock_screen.set_other_profiles(
            [
                (other.profile_id, other.display_name)
                for other in self.directory.summaries()
                if other.profile_id != profile_id
            ]
        )
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
        if self.locking.handle_unlock_error(self._profile_id, error):
            return  # damaged, never "wrong passphrase": the damaged-profile screen says what to do
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

    def open_session(self, session: Session) -> None:
        """Show an opened profile (the session was built off the UI thread); its records only while its
        offline lease runs, else the lease screen until a sync renews it."""
        self._profile_id = session.profile_id
        self.bridge = SessionBridge(session, self)
        self.bridge.wiped.connect(self._on_wiped)
        self.bridge.sync_status_changed.connect(self._on_sync_status)
        self.bridge.lease_changed.connect(self._on_lease_changed)
        self.unlock_screen.passphrase_field.clear()
        self.setWindowTitle(_("Liaison – {name}").format(name=session.display_name))
        self.status.attach(self.bridge)
        self.sync_screens.attach(self.bridge)
        if session.lease.expired:
            self._show_lease_screen(session)
            return
        self._show_workspace(session)

    def _show_lease_screen(self, session: Session) -> None:
        days = session.account.offline_lease_days if session.account is not None else None
        self.lease_screen.show_lease(days or 0)
        self.stack.setCurrentWidget(self.lease_screen)
        self._update_actions()
        self.lease_screen.sync_button.setFocus()
        self.profile_opened.emit()

    def _on_lease_changed(self, lease: LeaseStatus) -> None:
        session = self.session
        if session is not None and not lease.expired and self.workspace_view is None:
            assert self.bridge is not None
            self.sync_screens.attach(self.bridge)  # the refused changes and conflicts open again
            self._show_workspace(session)

    def _show_workspace(self, session: Session) -> None:
        assert self.bridge is not None
        self.workspace_view = _workspace_view(self.bridge, self.runner)
        self.workspace_view.navigator.section_built.connect(lambda _key: tab_order.order_workspace(self))
        self.stack.addWidget(self.workspace_view)
        self.stack.setCurrentWidget(self.workspace_view)
        self._update_actions()
        tab_order.order_workspace(self)
        tab_order.focus_start(self.workspace_view)  # Home's most urgent list, once it is read
        self.locking.session_opened(session, self.workspace_view)  # the screen as it was left
        self.lease_timer.start()
        self.profile_opened.emit()

    def check_lease(self) -> None:
        """Lock the open profile if its offline lease ran out while it was open (read off the UI thread)."""
        session = self.session
        if session is None or self.workspace_view is None:
            return

        def checked(lease: LeaseStatus) -> None:
            if lease.expired and self.session is session:
                self.lock()

        self.runner.run(session.check_lease, checked, owner=self)

    def _on_sync_status(self, status: SyncStatus) -> None:
        """Hook for the screens that react to sync states (sign-in, attention)."""
        self.sync_screens.on_status(status)

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

    def lock(self, *, then: Callable[[], None] | None = None) -> None:
        """Close the database and drop every widget that showed records; back to the unlock screen.

        What the screen showed (unsaved text included) is kept in memory for the next unlock. `then`
        runs once the database is closed (restoring a backup needs that)."""
        bridge, view = self.bridge, self.workspace_view
        if bridge is None:
            return
        self.lease_timer.stop()
        self.locking.before_lock(bridge.session.profile_id, view, keep=not bridge.session.wiped)
        self.bridge = None
        self.workspace_view = None
        self.status.detach()
        self.sync_screens.detach()
        bridge.detach()
        if view is not None:
            self.stack.removeWidget(view)
            view.deleteLater()
        session = bridge.session
        bridge.deleteLater()
        # Stopping sync waits for the worker to reach a batch boundary: not on the UI thread.
        self.runner.run(session.close, lambda _result: then() if then else None, owner=self if then else None)
        self._update_actions()
        if self._profile_id is not None and not session.wiped:
            self.choose_profile(self._profile_id)
        else:
            self.show_start()
        self.profile_locked.emit()

    # -- interface language ----------------------------------------------------------------------------

    def apply_language(self, code: str) -> None:
        """Switch the interface language without locking or closing the open profile: keep what the
        open screen shows (unsaved text included), rebuild every screen in the new language, give the
        state back."""
        from liaison_desktop.ui.app import configure_application  # ui.app builds this window

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        view, bridge = self.workspace_view, self.bridge
        state = capture_of(view) if view is not None else {}
        showing = self.stack.currentWidget()
        configure_application(app, code)
        self.menuBar().clear()
        for action in self.actions():
            self.removeAction(action)
        self.removeToolBar(self.toolbar)
        self.toolbar.deleteLater()
        old_screens = (self.picker, self.unlock_screen, self.lease_screen)
        self._make_start_screens()
        for old in old_screens:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.locking.retranslate()
        self._make_actions()
        if bridge is not None and view is not None:
            self.status.detach()
            self.sync_screens.detach()
            self.workspace_view = _workspace_view(bridge, self.runner)
            self.workspace_view.navigator.section_built.connect(lambda _key: tab_order.order_workspace(self))
            self.stack.addWidget(self.workspace_view)
            self.stack.setCurrentWidget(self.workspace_view)
            self.stack.removeWidget(view)
            view.deleteLater()
            self.status.attach(bridge)
            self.sync_screens.attach(bridge)
            restore_into(self.workspace_view, state)
            tab_order.order_workspace(self)
            self.setWindowTitle(_("Liaison – {name}").format(name=bridge.session.display_name))
        elif showing is old_screens[2] and bridge is not None:
            self._show_lease_screen(bridge.session)
        elif showing in old_screens and showing is old_screens[1] and self._profile_id is not None:
            self.choose_profile(self._profile_id)
        elif showing in old_screens:
            self.show_start()

    # -- adding a profile ------------------------------------------------------------------------------

    def add_profile(self) -> None:
        """Adding a profile is signing in; the dialog runs the sign-in and reports `created`."""
        dialog = AddProfileDialog(self.directory, self.runner, self, server_url=self.server_url)
        dialog.created.connect(lambda created: self._profile_created(dialog, created))
        self.add_profile_dialog = dialog
        dialog.open()

    def _profile_created(self, dialog: AddProfileDialog, created: NewProfile) -> None:
        dialog.accept()
        dialog.deleteLater()
        self.add_profile_dialog = None
        shown = RecoveryKeyDialog(created.recovery_key, self)
        self.recovery_key_dialog = shown

        def confirmed() -> None:
            shown.forget()
            shown.deleteLater()
            self.recovery_key_dialog = None
            self.open_session(created.session)
            self.sync_screens.show_first_sync()

        shown.accepted.connect(confirmed)
        shown.open()

    # -- demo ------------------------------------------------------------------------------------------

    def try_demo(self) -> None:
        """Start a local demo server with three accounts and make their three profiles (a few seconds),
        then open the officer's. The other two are in the picker: switch user to watch sync."""
        self.picker.set_busy(True, _("Preparing the demo with fictional records…"))
        demo = self.directory.demo
        progress = self._demo_progress.emit
        self.runner.run(
            lambda: demo.create_and_open(progress), self.open_session, self._demo_failed, owner=self
        )

    def _show_demo_progress(self, step: DemoProgress) -> None:
        if self.stack.currentWidget() is self.picker:
            self.picker.set_busy(True, demo_step_text(step))

    def start_demo_server_if_present(self) -> None:
        """At start-up: demo profiles made earlier need their local server to sync."""
        demo = self.directory.demo
        self.runner.run(demo.start_if_present, lambda _started: None, self._demo_failed, owner=self)

    def _demo_failed(self, error: BaseException) -> None:
        log.error("demo could not be prepared", exc_info=error)
        self.show_start()
        self.picker.status_label.setText(message_for(error))

    # -- closing ---------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.lock()
        self.locking.shut_down()
        self.runner.wait_until_idle()
        self.directory.demo.stop()
        super().closeEvent(event)


def _workspace_view(bridge: SessionBridge, runner: Runner) -> WorkspaceView:
    """The screens of an open profile, imported when the first one opens: they pull in the services and
    SQLAlchemy, which the start screens do not need (bench figure 3, `first_window_ms`). `app.preload`
    has usually imported them in the background while the passphrase was typed."""
    from liaison_desktop.ui.shell.workspace_view import WorkspaceView

    return WorkspaceView(bridge, runner)
