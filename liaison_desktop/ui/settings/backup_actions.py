"""Backups from the screens' side: after unlock, File -> Back up… / Restore…, settings, the damaged screen.

Every backup step touches files and may take seconds, so each runs through the runner and reports back
in a sentence (`notice`) for the status bar. The automatic backup after an unlock never blocks anything
and never bothers anyone unless it finds the profile damaged (`damaged`). Restoring needs the profile
locked: this controller only collects and confirms the choice (`restore_confirmed`); the main window
locks the profile, then calls `run_restore`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from liaison_desktop.app import (
    BACKUP_FILE_SUFFIX,
    BackupInfo,
    Backups,
    ProfileClosed,
    ProfileDamaged,
    Session,
)
from liaison_desktop.i18n.formatting import format_datetime
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.settings.restore_dialog import RestoreChoice, RestoreDialog, backup_file_filter
from liaison_desktop.ui.text_direction import isolate, isolate_ltr

log = logging.getLogger(__name__)


def export_file_name(display_name: str, now: dt.datetime) -> str:
    """A suggested name: the profile's name and the date, safe on every file system."""
    safe = "".join(char if char.isalnum() or char in "-_" else "-" for char in display_name).strip("-")
    return f"{safe or 'profile'}-{now:%Y-%m-%d}{BACKUP_FILE_SUFFIX}"


# The daily backup waits this long after an unlock: copying a large profile takes seconds of disk and CPU,
# which the first screens a person opens should not share (bench figure 9: it was a third of the app's
# work in its first seconds). A profile locked before then is backed up at a later unlock.
AUTOMATIC_BACKUP_DELAY_MS = 60_000


class BackupActions(QObject):
    automatic_delay_ms = AUTOMATIC_BACKUP_DELAY_MS

    notice = Signal(str)  # what happened, in a sentence
    damaged = Signal(str, object)  # profile id, the ProfileDamaged error found while backing up
    restore_confirmed = Signal(object)  # RestoreChoice
    latest_known = Signal(str, object)  # profile id, the newest BackupInfo or None

    def __init__(self, backups: Backups, runner: Runner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._backups = backups
        self._runner = runner
        self._parent_widget = parent_widget
        self.file_dialog: QFileDialog | None = None
        self.restore_dialog: RestoreDialog | None = None

    # -- making backups --------------------------------------------------------------------------------

    def _run_checked(
        self,
        session: Session,
        work: Callable[[], BackupInfo | None],
        on_done: Callable[[BackupInfo | None], None],
        on_error: Callable[[BaseException], None],
        *,
        confirm_damage: bool = True,
    ) -> None:
        """Run a backup step. Damage reported by its full check is confirmed by a second run before
        anyone is told: a locked profile and the damaged screen are too much to show for a page that
        only looked damaged for a moment while the app was writing."""

        def failed(error: BaseException) -> None:
            if confirm_damage and isinstance(error, ProfileDamaged) and not session.closed:
                self._run_checked(session, work, on_done, on_error, confirm_damage=False)
            else:
                on_error(error)

        self._runner.run(work, on_done, failed, owner=self)

    def backup_after_unlock(self, session: Session) -> None:
        """The daily automatic backup, in the background a minute after the unlock (if the profile is still
        open then); quiet unless it finds damage."""
        if self.automatic_delay_ms <= 0:
            self._back_up_if_due(session)
            return
        QTimer.singleShot(
            self.automatic_delay_ms, self, lambda: None if session.closed else self._back_up_if_due(session)
        )

    def _back_up_if_due(self, session: Session) -> None:
        backups = self._backups
        self._run_checked(
            session,
            lambda: backups.backup_if_due(session),
            lambda info: self._automatic_done(session, info),
            lambda error: self._automatic_failed(session, error),
        )

    def _automatic_done(self, session: Session, info: BackupInfo | None) -> None:
        if info is not None:
            self.latest_known.emit(session.profile_id, info)

    def _automatic_failed(self, session: Session, error: BaseException) -> None:
        if isinstance(error, ProfileDamaged):
            self.damaged.emit(session.profile_id, error)
        elif isinstance(error, ProfileClosed) or session.closed:
            return  # locked meanwhile: the next unlock tries again
        else:
            log.warning("automatic backup failed: %s", getattr(error, "key", type(error).__name__))
            self.notice.emit(
                _("The automatic backup could not be made: {reason}").format(reason=message_for(error))
            )

    def back_up_now(self, session: Session) -> None:
        backups = self._backups
        self.notice.emit(_("Backing up…"))
        self._run_checked(
            session,
            lambda: backups.back_up_now(session),
            lambda info: self._backed_up(session, info),
            lambda error: self._failed(session, error),
        )

    def _backed_up(self, session: Session, info: BackupInfo | None) -> None:
        if info is None:
            self.notice.emit(_("A backup of this profile is being made already."))
            return
        self.latest_known.emit(session.profile_id, info)
        self.notice.emit(_("Backup made ({when}).").format(when=isolate(format_datetime(info.created_at))))

    def _failed(self, session: Session, error: BaseException) -> None:
        if isinstance(error, ProfileDamaged):
            self.damaged.emit(session.profile_id, error)
        elif not session.closed:
            self.notice.emit(_("The backup could not be made: {reason}").format(reason=message_for(error)))

    def export(self, session: Session) -> None:
        """File -> Back up…: choose where, then write one file (a non-native dialog, kept in `file_dialog`
        so tests can pick a file in it)."""
        suggested = Path.home() / export_file_name(session.display_name, dt.datetime.now())
        dialog = QFileDialog(self._parent_widget, _("Export a backup"), str(suggested), backup_file_filter())
        dialog.setObjectName("export_backup_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(BACKUP_FILE_SUFFIX.lstrip("."))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.selectFile(str(suggested))
        dialog.fileSelected.connect(lambda path: self.export_to(session, Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def export_to(self, session: Session, target: Path) -> None:
        backups = self._backups
        self.notice.emit(_("Exporting the backup…"))
        self._run_checked(
            session,
            lambda: backups.export(session, target),
            lambda _info: self.notice.emit(
                _("Backup saved to {path}. It opens with your current passphrase.").format(
                    path=isolate_ltr(str(target))
                )
            ),
            lambda error: self._failed(session, error),
        )

    def close_dialogs(self) -> None:
        """The profile is locking: no file or restore dialog of it stays open."""
        for dialog in (self.file_dialog, self.restore_dialog):
            if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
                dialog.reject()

    # -- restoring -------------------------------------------------------------------------------------

    def choose_restore(
        self, profile_id: str | None, display_name: str | None, *, pick_file: bool = False
    ) -> None:
        """Look up the latest automatic backup (off the UI thread), then open the restore dialog; with
        `pick_file`, go straight on to choosing a file."""
        if profile_id is None:
            self._open_restore_dialog(None, None, None, pick_file=True)
            return
        backups = self._backups
        self._runner.run(
            lambda: backups.latest(profile_id),
            lambda latest: self._open_restore_dialog(profile_id, display_name, latest, pick_file=pick_file),
            lambda _error: self._open_restore_dialog(profile_id, display_name, None, pick_file=pick_file),
            owner=self,
        )

    def _open_restore_dialog(
        self, profile_id: str | None, display_name: str | None, latest: BackupInfo | None, *, pick_file: bool
    ) -> None:
        dialog = RestoreDialog(
            profile_id,
            display_name,
            latest,
            describe_file=self._backups.describe_file,
            runner=self._runner,
            parent=self._parent_widget,
        )
        dialog.confirmed.connect(self.restore_confirmed)
        dialog.finished.connect(dialog.deleteLater)
        self.restore_dialog = dialog
        dialog.open()
        if pick_file:
            dialog.choose_file()

    def run_restore(
        self,
        choice: RestoreChoice,
        on_done: Callable[[BackupInfo], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Restore what was confirmed; the profile must be locked by now."""
        backups = self._backups
        file = choice.file
        if file is not None:
            work: Callable[[], BackupInfo] = lambda: backups.restore_file(file)  # noqa: E731
        else:
            profile_id, backup_id = choice.info.profile_id, choice.info.backup_id
            work = lambda: backups.restore(profile_id, backup_id)  # noqa: E731
        self._runner.run(work, on_done, on_error, owner=self)

    def find_latest(self, profile_id: str) -> None:
        """Emit `latest_known` for the profile (settings and the damaged screen show it)."""
        backups = self._backups
        self._runner.run(
            lambda: backups.latest(profile_id),
            lambda latest: self.latest_known.emit(profile_id, latest),
            lambda _error: self.latest_known.emit(profile_id, None),
            owner=self,
        )
