"""Backups as the screens use them: after unlock when due, File -> Back up / Restore, the damaged screen.

A thin layer over the store's `ProfileBackups` (what a backup is, where it lives, how it is checked and
swapped in: see `store/profile_backup.py`), speaking in sessions and profile ids instead of the store's
unlocked-profile objects. Every call here touches files and may take seconds on a big profile: screens
run them through the runner, never on the UI thread.

The one rule screens must tell people: a backup opens with the passphrase (and recovery key) that were
valid when it was made, and restoring replaces the profile on this laptop as it is now.
"""

from __future__ import annotations

from pathlib import Path

from liaison_desktop.store.profile_backup import (
    DEFAULT_EVERY,
    DEFAULT_KEEP,
    EXPORT_SUFFIX,
    BackupInfo,
    ProfileBackups,
)
from liaison_desktop.store.profile_errors import BackupNotFound
from liaison_desktop.store.profiles import LaptopProfiles

from .session import Session

__all__ = [
    "AUTOMATIC_BACKUP_EVERY",
    "AUTOMATIC_BACKUPS_KEPT",
    "BACKUP_FILE_SUFFIX",
    "BackupInfo",
    "Backups",
]

AUTOMATIC_BACKUP_EVERY = DEFAULT_EVERY  # daily
AUTOMATIC_BACKUPS_KEPT = DEFAULT_KEEP  # the last 5
BACKUP_FILE_SUFFIX = EXPORT_SUFFIX  # what File -> Back up names its files (".liaison-backup")


class Backups:
    """The backups of every profile under one data directory (`ProfileDirectory.backups`)."""

    def __init__(self, store: LaptopProfiles) -> None:
        self._backups = ProfileBackups(store)

    # -- making ----------------------------------------------------------------------------------------

    def backup_if_due(self, session: Session) -> BackupInfo | None:
        """The automatic backup after an unlock: made when the newest is a day old or there is none, the
        last few kept. None when none was due, or one is running already.

        Raises `ProfileDamaged` when the full check finds damage (no backup is made or removed) and
        `ProfileClosed` when the profile was locked meanwhile (it is tried again at the next unlock).
        """
        return self._backups.backup_if_due(
            session._unlocked, every=AUTOMATIC_BACKUP_EVERY, keep=AUTOMATIC_BACKUPS_KEPT
        )

    def back_up_now(self, session: Session) -> BackupInfo | None:
        """An automatic-style backup now, whatever the time of the last one (None: one is running)."""
        return self._backups.back_up_now(session._unlocked, keep=AUTOMATIC_BACKUPS_KEPT)

    def export(self, session: Session, target_file: Path) -> BackupInfo:
        """A fresh backup written to one file the person chose (replaced atomically if it exists)."""
        return self._backups.export_backup(session._unlocked, Path(target_file))

    # -- reading ---------------------------------------------------------------------------------------

    def list(self, profile_id: str) -> list[BackupInfo]:
        """The profile's automatic backups on this laptop, newest first."""
        return self._backups.list_backups(profile_id)

    def latest(self, profile_id: str) -> BackupInfo | None:
        return next(iter(self.list(profile_id)), None)

    def describe_file(self, source_file: Path) -> BackupInfo:
        """Which profile an exported file holds, and from when: for the confirmation before restoring.
        Raises `BackupUnreadable`."""
        return self._backups.describe_backup_file(Path(source_file))

    # -- restoring (the profile must be locked: `ProfileMustBeLocked`) -----------------------------------

    def restore(self, profile_id: str, backup_id: str) -> BackupInfo:
        """Replace the profile with one of its automatic backups."""
        return self._backups.restore_backup(profile_id, backup_id)

    def restore_latest(self, profile_id: str) -> BackupInfo:
        """Replace the profile with its newest automatic backup (`BackupNotFound` when there is none)."""
        latest = self.latest(profile_id)
        if latest is None:
            raise BackupNotFound(backup_id="latest")
        return self.restore(profile_id, latest.backup_id)

    def restore_file(self, source_file: Path) -> BackupInfo:
        """Restore an exported file: the profile it holds is replaced, or added when this laptop does not
        have it. Raises `BackupUnreadable`, `ProfileMustBeLocked`."""
        return self._backups.restore_backup_file(Path(source_file))
