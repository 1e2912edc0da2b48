"""The main window's locking, keys, profile health and backups, wired in one place.

The main window stays a stack of screens; this controller adds to it what protects the person who
left the laptop and what repairs a profile:

- the session guard (idle lock, desktop lock and sleep; the screen state kept across a lock);
- the clipboard guard (record text copied while the profile was open is cleared when it locks);
- the File menu: Back up…, Restore…, Settings…;
- "Forgot your passphrase?" on the unlock screen: the recovery dialog;
- an unlock, or a backup, that finds the profile damaged: the damaged-profile screen and its ways out;
- the automatic backup after each unlock, in the background.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QLabel, QLayout, QMessageBox, QPushButton, QWidget

from liaison_desktop.app import (
    BackupInfo,
    LaptopSettings,
    ProfileDamaged,
    ProfileHeaderDamaged,
    Session,
    profile_user_inputs,
)
from liaison_desktop.i18n.formatting import format_datetime
from liaison_desktop.i18n.languages import start_language
from liaison_desktop.ui import theme
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, ngettext
from liaison_desktop.ui.lock.clipboard_guard import ClipboardGuard
from liaison_desktop.ui.lock.damaged_profile_screen import DamagedProfileScreen
from liaison_desktop.ui.lock.idle_watch import MonotonicClock
from liaison_desktop.ui.lock.recovery_dialog import RecoveryDialog
from liaison_desktop.ui.lock.session_guard import SessionGuard
from liaison_desktop.ui.settings.backup_actions import BackupActions
from liaison_desktop.ui.settings.restore_dialog import RestoreChoice
from liaison_desktop.ui.settings.settings_dialog import SettingsDialog
from liaison_desktop.ui.text_direction import isolate

if TYPE_CHECKING:
    from liaison_desktop.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)
NOTICE_MS = 15_000


class LockController(QObject):
    def __init__(self, window: MainWindow, *, clock: MonotonicClock = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.guard = SessionGuard(window.directory.data_dir, clock=clock, parent=self)
        self.guard.lock_requested.connect(self._lock_requested)
        self.clipboard_guard = ClipboardGuard(self)
        self.backup_actions = BackupActions(window.directory.backups, window.runner, window)
        self.backup_actions.notice.connect(self._notice)
        self.backup_actions.damaged.connect(self._damaged_while_open)
        self.backup_actions.restore_confirmed.connect(self._restore_confirmed)
        self.backup_actions.latest_known.connect(self._latest_known)
        self.recovery_dialog: RecoveryDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._damaged_profile_id: str | None = None
        self._damaged_name = ""
        self._damaged_error: BaseException | None = None
        self._repair_buttons: dict[int, QPushButton] = {}
        self._unreadable: list[str] = []
        self.damaged_screen = self._make_damaged_screen()

    # -- the File menu ---------------------------------------------------------------------------------

    def make_actions(self) -> None:
        """The File menu, first in the menu bar (called again after a language switch)."""
        window = self.window
        self.backup_action = QAction(theme.icon("backup"), _("&Back up…"), window)
        self.backup_action.triggered.connect(self.export_backup)
        self.restore_action = QAction(theme.icon("restore"), _("&Restore…"), window)
        self.restore_action.triggered.connect(self.restore)
        self.settings_action = QAction(theme.icon("settings"), _("Se&ttings…"), window)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        window.addAction(self.settings_action)
        menu_bar = window.menuBar()
        first = next(iter(menu_bar.actions()), None)
        self.file_menu = menu_bar.addMenu(_("&File"))
        if first is not None:
            menu_bar.insertMenu(first, self.file_menu)
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.update_actions()

    def update_actions(self) -> None:
        unlocked = self.window.session is not None
        self.backup_action.setEnabled(unlocked)
        self.restore_action.setEnabled(unlocked)

    # -- around a session ------------------------------------------------------------------------------

    def session_opened(self, session: Session, screen: object) -> None:
        """After the window built the workspace: state back, idle watch on, daily backup if due."""
        self.guard.session_opened(session.profile_id, screen, session.idle_lock_max_s)
        self.clipboard_guard.watch()
        self.update_actions()
        self.backup_actions.backup_after_unlock(session)

    def before_lock(self, profile_id: str, screen: object, *, keep: bool = True) -> None:
        """Before the window destroys the workspace: keep what the person was doing (unless the profile
        is gone: `keep=False`), close dialogs that may show records, take record text off the clipboard."""
        self.clipboard_guard.clear_if_ours()
        if keep:
            self.guard.keep_state(profile_id, screen)
        else:
            self.guard.forget(profile_id)
        self.guard.session_closed()
        for dialog in (self.settings_dialog, self.recovery_dialog):
            if dialog is not None and dialog.isVisible():
                dialog.reject()
        self.backup_actions.close_dialogs()

    def after_lock(self) -> None:
        self.update_actions()

    def forget_profile(self, profile_id: str) -> None:
        self.guard.forget(profile_id)

    def shut_down(self) -> None:
        self.guard.shut_down()

    def _lock_requested(self, reason: str) -> None:
        window = self.window
        if window.session is None:
            return
        minutes = max(1, round(self.guard.idle_timeout_s() / 60))  # before the lock forgets the server's cap
        window.lock()
        if reason == "idle":
            window.unlock_screen.show_notice(
                ngettext(
                    "Locked after {count} minute without use.",
                    "Locked after {count} minutes without use.",
                    minutes,
                ).format(count=minutes)
            )

    # -- unlocking with the recovery key ---------------------------------------------------------------

    def open_recovery(self) -> None:
        window = self.window
        profile_id = window._profile_id
        if profile_id is None:
            return
        try:
            summary = window.directory.summary(profile_id)
        except ProfileHeaderDamaged as error:
            self.show_damaged(profile_id, error)
            return
        dialog = RecoveryDialog(
            summary.display_name,
            min_length=window.directory.min_passphrase_length,
            user_inputs=profile_user_inputs(summary.display_name, summary.username, summary.server_url),
            parent=window,
        )
        dialog.submitted.connect(lambda key, passphrase: self._recover(dialog, profile_id, key, passphrase))
        dialog.finished.connect(lambda _result: self._recovery_closed(dialog))
        self.recovery_dialog = dialog
        dialog.open()

    def _recover(self, dialog: RecoveryDialog, profile_id: str, recovery_key: str, passphrase: str) -> None:
        directory = self.window.directory
        self.window.runner.run(
            lambda: directory.open_with_recovery_key(profile_id, recovery_key, passphrase),
            lambda session: self._recovered(dialog, session),
            lambda error: self._recovery_failed(dialog, profile_id, error),
            owner=dialog,
        )

    def _recovered(self, dialog: RecoveryDialog, session: Session) -> None:
        dialog.forget()
        dialog.accept()
        self.window.open_session(session)
        self._notice(_("Your new passphrase is set. Use it from now on."))

    def _recovery_failed(self, dialog: RecoveryDialog, profile_id: str, error: BaseException) -> None:
        if isinstance(error, ProfileDamaged | ProfileHeaderDamaged):
            dialog.forget()
            dialog.reject()
            self.show_damaged(profile_id, error)
            return
        if not hasattr(error, "key"):
            log.error("recovery unlock failed unexpectedly", exc_info=error)
        dialog.show_error(message_for(error))

    def _recovery_closed(self, dialog: RecoveryDialog) -> None:
        dialog.forget()
        dialog.deleteLater()
        if self.recovery_dialog is dialog:
            self.recovery_dialog = None

    # -- a damaged profile -----------------------------------------------------------------------------

    def handle_unlock_error(self, profile_id: str | None, error: BaseException) -> bool:
        """Show the damaged screen for damage found at unlock (never "wrong passphrase"); False for any
        other error, which the unlock screen reports itself."""
        if profile_id is None or not isinstance(error, ProfileDamaged | ProfileHeaderDamaged):
            return False
        self.show_damaged(profile_id, error)
        return True

    def _make_damaged_screen(self) -> DamagedProfileScreen:
        screen = DamagedProfileScreen()
        screen.restore_latest_requested.connect(lambda: self._restore_damaged(pick_file=False))
        screen.restore_file_requested.connect(lambda: self._restore_damaged(pick_file=True))
        screen.remove_requested.connect(self._confirm_remove)
        screen.back_requested.connect(self.window.show_start)
        self.window.stack.addWidget(screen)
        return screen

    def show_damaged(self, profile_id: str, error: BaseException) -> None:
        window = self.window
        self._damaged_profile_id = profile_id
        self._damaged_name = self._name_of(profile_id)
        self.damaged_screen.show_profile(
            self._damaged_name,
            key_file_damaged=isinstance(error, ProfileHeaderDamaged),
            latest_backup_at=None,
        )
        window.stack.setCurrentWidget(self.damaged_screen)
        window.setWindowTitle(
            _("Liaison – {name}").format(name=self._damaged_name) if self._damaged_name else _("Liaison")
        )
        self._damaged_error = error
        self.backup_actions.find_latest(profile_id)
        self.damaged_screen.focus_first_action()

    def _name_of(self, profile_id: str) -> str:
        """The profile's name from its key file, or from the unlock screen it was chosen on; when neither
        can tell, the latest backup's manifest will (`_latest_known`)."""
        try:
            return self.window.directory.summary(profile_id).display_name
        except Exception:  # noqa: BLE001 - a damaged header has no readable name
            if self.window._profile_id == profile_id:
                return self.window.unlock_screen.profile_label.text()
            return ""

    def offer_repair(self, picker: QWidget, unreadable: list[str]) -> None:
        """Under the start screen's list: a way to the damaged-profile screen for profiles whose key file
        cannot be read (they cannot be listed by name)."""
        button = self._repair_buttons.get(id(picker))
        if button is None or not shiboken6.isValid(button):
            button = QPushButton(theme.icon("warning"), "")
            button.setObjectName("repair_profiles_button")
            button.clicked.connect(lambda: self._repair_next())
            if not _insert_after(_status_label(picker), button):
                return
            self._repair_buttons = {id(picker): button}
        self._unreadable = list(unreadable)
        text = ngettext("Repair the damaged profile…", "Repair the damaged profiles…", len(unreadable))
        button.setText(text)
        button.setAccessibleName(text)
        button.setVisible(bool(unreadable))

    def _repair_next(self) -> None:
        if self._unreadable:
            profile_id = self._unreadable[0]
            self.show_damaged(profile_id, ProfileHeaderDamaged(profile_id=profile_id, reason="unreadable"))

    def _latest_known(self, profile_id: str, latest: BackupInfo | None) -> None:
        if (
            profile_id == self._damaged_profile_id
            and self.window.stack.currentWidget() is self.damaged_screen
        ):
            if not self._damaged_name and latest is not None:
                self._damaged_name = latest.display_name
            self.damaged_screen.show_profile(
                self._damaged_name,
                key_file_damaged=isinstance(self._damaged_error, ProfileHeaderDamaged),
                latest_backup_at=latest.created_at if latest is not None else None,
            )
            self.damaged_screen.focus_first_action()
        dialog = self.settings_dialog
        session = self.window.session
        if dialog is not None and session is not None and session.profile_id == profile_id:
            dialog.show_latest_backup(latest.created_at if latest is not None else None)

    def _damaged_while_open(self, profile_id: str, error: BaseException) -> None:
        """The full check before a backup found damage: lock (keeping the unsaved work in memory) and say
        so, rather than letting the person keep writing into a broken file."""
        session = self.window.session
        if session is not None and session.profile_id == profile_id:
            self.window.lock()
        self.show_damaged(profile_id, error)

    def _restore_damaged(self, *, pick_file: bool) -> None:
        self.backup_actions.choose_restore(self._damaged_profile_id, self._damaged_name, pick_file=pick_file)

    def _confirm_remove(self) -> None:
        profile_id = self._damaged_profile_id
        if profile_id is None:
            return
        box = QMessageBox(self.window)
        box.setObjectName("remove_profile_confirmation")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Remove this profile?"))
        box.setText(_("Remove “{name}” from this laptop?").format(name=self._damaged_name))
        box.setInformativeText(
            _(
                "Its changes that were not synced are lost, and so are its backups on this laptop. Then "
                "sign in again: what was synced comes back from the server."
            )
        )
        remove = box.addButton(_("Remove profile"), QMessageBox.ButtonRole.DestructiveRole)
        remove.setAccessibleName(_("Remove profile"))
        theme.set_button_kind(remove, theme.ButtonKind.DANGER)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setAccessibleName(_("Cancel"))
        box.setDefaultButton(cancel)
        remove.clicked.connect(lambda: self._remove(profile_id))
        box.finished.connect(box.deleteLater)
        self.confirm_box = box
        box.open()

    def _remove(self, profile_id: str) -> None:
        directory = self.window.directory
        self.damaged_screen.set_busy(True, _("Removing the profile…"))
        self.window.runner.run(
            lambda: directory.wipe(profile_id),
            lambda _result: self._removed(profile_id),
            lambda error: self.damaged_screen.show_error(message_for(error)),
            owner=self.damaged_screen,
        )

    def _removed(self, profile_id: str) -> None:
        self.guard.forget(profile_id)
        self._damaged_profile_id = None
        self.window._profile_id = None
        self.window.show_start()
        self.window.add_profile()

    # -- backups and restoring -------------------------------------------------------------------------

    def export_backup(self) -> None:
        session = self.window.session
        if session is not None:
            self.backup_actions.export(session)

    def restore(self) -> None:
        session = self.window.session
        if session is not None:
            self.backup_actions.choose_restore(session.profile_id, session.display_name)

    def _restore_confirmed(self, choice: RestoreChoice) -> None:
        session = self.window.session
        if session is not None and session.profile_id == choice.info.profile_id:
            # Restoring replaces the files: the profile must be closed first, not just hidden.
            self.window.lock(then=lambda: self._run_restore(choice))
        else:
            self._run_restore(choice)

    def _run_restore(self, choice: RestoreChoice) -> None:
        on_damaged_screen = self.window.stack.currentWidget() is self.damaged_screen
        if on_damaged_screen:
            self.damaged_screen.set_busy(True, _("Restoring…"))
        else:
            self._notice(_("Restoring…"))
        self.backup_actions.run_restore(choice, self._restored, self._restore_failed)

    def _restored(self, info: BackupInfo) -> None:
        self.guard.forget(info.profile_id)
        self._damaged_profile_id = None
        window = self.window
        window.choose_profile(info.profile_id)
        window.unlock_screen.show_notice(
            _("Restored the copy from {when}. Unlock it with the passphrase that was valid then.").format(
                when=isolate(format_datetime(info.created_at))
            )
        )

    def _restore_failed(self, error: BaseException) -> None:
        message = _("Nothing was restored: {reason}").format(reason=message_for(error))
        if self.window.stack.currentWidget() is self.damaged_screen:
            self.damaged_screen.show_error(message)
        elif self.window.stack.currentWidget() is self.window.unlock_screen:
            self.window.unlock_screen.show_error(message)
        else:
            self._notice(message)

    # -- settings --------------------------------------------------------------------------------------

    def open_settings(self) -> None:
        window = self.window
        session = window.session
        user_inputs: tuple[str, ...] = ()
        if session is not None:
            user_inputs = profile_user_inputs(session.display_name, session.username, session.server_url)
        dialog = SettingsDialog(
            self.guard.settings,
            runner=window.runner,
            session=session,
            min_passphrase_length=window.directory.min_passphrase_length,
            user_inputs=user_inputs,
            server_max_s=session.idle_lock_max_s if session is not None else None,
            parent=window,
        )
        dialog.laptop_settings_saved.connect(self._settings_saved)
        if session is not None:
            dialog.back_up_now_requested.connect(lambda: self.backup_actions.back_up_now(session))
            dialog.export_requested.connect(lambda: self.backup_actions.export(session))
            dialog.restore_requested.connect(self._restore_from_settings)
            self.backup_actions.find_latest(session.profile_id)
        dialog.finished.connect(lambda _result: self._settings_closed(dialog))
        self.settings_dialog = dialog
        dialog.open()

    def _restore_from_settings(self) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.reject()
        self.restore()

    def _settings_closed(self, dialog: SettingsDialog) -> None:
        dialog.deleteLater()
        if self.settings_dialog is dialog:
            self.settings_dialog = None

    def _settings_saved(self, settings: LaptopSettings) -> None:
        previous = self.guard.settings
        self.guard.update_settings(settings)
        if settings.language != previous.language:
            self.window.apply_language(settings.language or start_language(None))

    def _notice(self, text: str) -> None:
        self.window.statusBar().showMessage(text, NOTICE_MS)

    # -- a language switch -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Rebuild what this controller shows in the new language (the window rebuilt its menus)."""
        on_damaged = self.window.stack.currentWidget() is self.damaged_screen
        old = self.damaged_screen
        self.damaged_screen = self._make_damaged_screen()
        if on_damaged and self._damaged_profile_id is not None and self._damaged_error is not None:
            self.show_damaged(self._damaged_profile_id, self._damaged_error)
        self.window.stack.removeWidget(old)
        old.deleteLater()


def _status_label(picker: QWidget) -> QLabel | None:
    label = getattr(picker, "status_label", None)
    return label if isinstance(label, QLabel) else None


def _insert_after(anchor: QWidget | None, widget: QWidget) -> bool:
    """Put `widget` right after `anchor` in whatever box layout holds it; False when there is none."""
    if anchor is None or anchor.parentWidget() is None:
        return False

    def search(layout: QLayout | None) -> bool:
        if layout is None:
            return False
        index = layout.indexOf(anchor)
        if index >= 0 and isinstance(layout, QBoxLayout):
            layout.insertWidget(index + 1, widget)
            return True
        return any(search(layout.itemAt(i).layout()) for i in range(layout.count()))

    return search(anchor.parentWidget().layout())
