"""Encrypted backups of a profile: automatic (daily, the last few kept), exported to one file, restored.

What a backup is. A consistent copy of the profile's SQLCipher database, still encrypted under the same
data key (`VACUUM INTO` on a connection of the unlocked profile: SQLite writes a compact snapshot of
one read transaction, and SQLCipher encrypts it with the connection's key; nothing is ever decrypted to
disk), plus a copy of the header with its key slots, plus a manifest (`backup.json`: profile id, time,
display name, size and SHA-256 of both files). So a backup opens exactly as the profile did when it
was made: **with the passphrase, and the recovery key, that were valid at that time**. A passphrase
changed later does not open an older backup (the UI says so); a full re-key makes older backups open
only with the old passphrase or recovery key. We keep it that way on purpose: re-wrapping old backups
would need the key at restore time, and a backup must restore on a laptop where nobody can unlock.

Where. `<data>/backups/<profile_id>/<UTC time, e.g. 20261201T080500Z>/`, directories 0700 and files
0600, written under a temporary name and renamed once complete, so a listed backup is a whole one.
`LaptopProfiles.wipe` removes them with the profile.

Checked on the way: `VACUUM INTO` reads every live page through SQLCipher's pager, which verifies each
page's HMAC (a damaged page fails the copy), and the finished copy, a file nobody writes to, gets
SQLite's structure check (`quick_check`). A damaged profile raises `ProfileDamaged` and never pushes a
good backup out of the rotation. The live file itself is not scanned page by page here: the app may be
checkpointing into it at that moment, and a raw page read racing a checkpoint looks like damage.

Restoring replaces the profile's database and header together (`LaptopProfiles.install_staged_profile`:
files assembled and fsynced beside the profile, then swapped in by renames; a crash leaves the old
profile or the new one). The profile must be locked. The unlock back-off state is carried over from the
current header, so restoring cannot be used to reset it. A restored database also brings back its sync
state as it was (outbox, cursor): edits made after the backup and not synced are gone, anything synced
comes back from the server, and resent outbox entries are recognised by their mutation ids.

An exported backup is a tar of the same three files (`EXPORT_SUFFIX`), never compressed (the database
is ciphertext), read back member by member with size limits and checksums, never with `extractall`.
It holds no record in the clear, but its header, like the profile folder's, shows the profile's name,
user name and server address.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import tarfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import sqlcipher3

from liaison_desktop.store.profile_errors import (
    BackupNotFound,
    BackupUnreadable,
    BackupWriteFailed,
    ProfileClosed,
    ProfileDamaged,
    ProfileHeaderDamaged,
    ProfileMustBeLocked,
    UnknownProfile,
)
from liaison_desktop.store.profile_header import (
    HEADER_NAME,
    ProfileHeader,
    fsync_directory,
    header_bytes,
    parse_header,
    read_header,
    write_file_atomically,
)
from liaison_desktop.store.profiles import DATABASE_NAME, LaptopProfiles, UnlockedProfile

log = logging.getLogger(__name__)

BACKUP_FORMAT = 1
BACKUP_KIND = "liaison-profile-backup"
MANIFEST_NAME = "backup.json"
EXPORT_SUFFIX = ".liaison-backup"
DEFAULT_EVERY = timedelta(hours=24)
DEFAULT_KEEP = 5

_ID_FORMAT = "%Y%m%dT%H%M%SZ"
_BACKUP_ID = re.compile(r"^\d{8}T\d{6}Z(-\d{1,3})?$")
_PROFILE_ID = re.compile(r"^[0-9a-f]{32}$")
_PARTIAL_PREFIX = ".partial-"
_SMALL_MEMBER_LIMIT = 1 << 20  # manifest and header: a few KiB; anything bigger is not ours
_COPY_CHUNK = 1 << 20
_PLAINTEXT_SQLITE_MAGIC = b"SQLite format 3\x00"
_SQLCIPHER_PAGE_SIZE = 4096


@dataclass(frozen=True)
class BackupInfo:
    """One backup, as a list or a restore dialog shows it. It opens with the passphrase (and recovery
    key) valid at `created_at`, not necessarily today's."""

    backup_id: str
    profile_id: str
    display_name: str
    created_at: datetime  # UTC
    size_bytes: int  # the encrypted database


class ProfileBackups:
    """Backups of the profiles of one `LaptopProfiles`. Thread-safe: `backup_if_due` is meant to run on a
    background thread while the app keeps using the profile (it reads on a connection of its own)."""

    def __init__(self, store: LaptopProfiles) -> None:
        self.store = store
        self.root = store.backups_root
        # One snapshot of a profile at a time (automatic or export), so a partial folder left over is
        # always from a crash and may be cleared.
        self._snapshot_locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    # ----- making backups ------------------------------------------------------------------------------

    def backup_if_due(
        self,
        unlocked: UnlockedProfile,
        now: datetime | None = None,
        *,
        every: timedelta = DEFAULT_EVERY,
        keep: int = DEFAULT_KEEP,
    ) -> BackupInfo | None:
        """Back up the profile when its newest backup is at least `every` old (or there is none), then
        keep only the newest `keep`. Returns the new backup, or None when none was due or one of this
        profile is already running.

        Raises `ProfileDamaged` (the full check found damage: show the damaged-profile screen; no backup
        was made or removed) and `ProfileClosed` (the profile was locked meanwhile; try again later).
        """
        return self._back_up(unlocked, self._now(now), keep=keep, every=every)

    def back_up_now(
        self, unlocked: UnlockedProfile, now: datetime | None = None, *, keep: int = DEFAULT_KEEP
    ) -> BackupInfo | None:
        """Make a backup whatever the time of the last one (None if one is running already)."""
        return self._back_up(unlocked, self._now(now), keep=keep, every=None)

    def export_backup(
        self, unlocked: UnlockedProfile, target_file: Path, now: datetime | None = None
    ) -> BackupInfo:
        """A fresh backup of the profile written to `target_file` (File -> Back up), replacing it
        atomically if it exists. Raises like `back_up_now`."""
        target_file = Path(target_file)
        now = self._now(now)
        with self._snapshot_slot(unlocked.profile_id, wait=True) as profile_root:
            assert profile_root is not None
            partial = profile_root / f"{_PARTIAL_PREFIX}export"
            partial.mkdir(mode=0o700)
            try:
                info = self._snapshot(unlocked, partial, now.strftime(_ID_FORMAT), now)
                with _write_errors():
                    _write_archive(partial, target_file)
            finally:
                shutil.rmtree(partial, ignore_errors=True)
        log.info("profile %s: backup exported", unlocked.profile_id)
        return info

    # ----- reading backups -----------------------------------------------------------------------------

    def list_backups(self, profile_id: str) -> list[BackupInfo]:
        """The profile's automatic backups, newest first. Folders without a readable manifest (a
        half-deleted one, a stray copy) are left out."""
        profile_root = self._profile_root(profile_id)
        if not profile_root.is_dir():
            return []
        backups = []
        for folder in profile_root.iterdir():
            if not (folder.is_dir() and _BACKUP_ID.match(folder.name)):
                continue
            try:
                manifest = _read_manifest_bytes((folder / MANIFEST_NAME).read_bytes())
            except (OSError, BackupUnreadable):
                continue
            if manifest["profile_id"] == profile_id and manifest["backup_id"] == folder.name:
                backups.append(_info(manifest))
        return sorted(backups, key=lambda info: (info.created_at, info.backup_id), reverse=True)

    def describe_backup_file(self, source_file: Path) -> BackupInfo:
        """What an exported file holds (profile, name, time), read from its manifest, before restoring.
        Raises `BackupUnreadable`."""
        with _open_archive(Path(source_file)) as archive:
            return _info(_read_manifest_bytes(_read_small_member(archive, MANIFEST_NAME)))

    # ----- restoring -----------------------------------------------------------------------------------

    def restore_backup(self, profile_id: str, backup_id: str) -> BackupInfo:
        """Replace the profile's database and header with an automatic backup's (the profile must be
        locked: `ProfileMustBeLocked`). Raises `BackupNotFound`, `BackupUnreadable` (checked before
        anything is replaced)."""
        if not _BACKUP_ID.match(backup_id):
            raise BackupNotFound(backup_id=backup_id)
        self._check_locked(profile_id)
        folder = self._profile_root(profile_id) / backup_id
        if not folder.is_dir():
            raise BackupNotFound(backup_id=backup_id)
        try:
            manifest = _read_manifest_bytes((folder / MANIFEST_NAME).read_bytes())
        except OSError:
            raise BackupUnreadable(reason="incomplete") from None
        if manifest["profile_id"] != profile_id:
            raise BackupUnreadable(reason="not_a_backup")
        staged = self.store.new_staging_directory(profile_id)
        try:
            for name in (DATABASE_NAME, HEADER_NAME):
                try:
                    source = open(folder / name, "rb")  # noqa: SIM115 - closed just below
                except FileNotFoundError:
                    raise BackupUnreadable(reason="incomplete") from None
                with source, _write_errors():
                    _copy_checked(source, staged / name, manifest["files"][name])
            self._install(profile_id, staged)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        log.info("profile %s: restored from backup %s", profile_id, backup_id)
        return _info(manifest)

    def restore_backup_file(self, source_file: Path) -> BackupInfo:
        """Restore an exported file (File -> Restore). The profile it holds is replaced (it must be
        locked) or, when this laptop does not have it, created. Raises `BackupUnreadable`."""
        with _open_archive(Path(source_file)) as archive:
            manifest = _read_manifest_bytes(_read_small_member(archive, MANIFEST_NAME))
            profile_id = manifest["profile_id"]
            self._check_locked(profile_id)
            staged = self.store.new_staging_directory(profile_id)
            try:
                for name in (DATABASE_NAME, HEADER_NAME):
                    member = _member(archive, name)
                    source = archive.extractfile(member)
                    if source is None:
                        raise BackupUnreadable(reason="not_a_backup")
                    with source, _write_errors():
                        _copy_checked(source, staged / name, manifest["files"][name])
                self._install(profile_id, staged)
            except BaseException:
                shutil.rmtree(staged, ignore_errors=True)
                raise
        log.info("profile %s: restored from an exported backup", profile_id)
        return _info(manifest)

    # ----- internals -----------------------------------------------------------------------------------

    def _back_up(
        self, unlocked: UnlockedProfile, now: datetime, *, keep: int, every: timedelta | None
    ) -> BackupInfo | None:
        if keep < 1:
            raise ValueError("keep at least one backup")
        profile_id = unlocked.profile_id
        with self._snapshot_slot(profile_id, wait=False) as profile_root:
            if profile_root is None:
                return None
            newest = next(iter(self.list_backups(profile_id)), None)
            # A newest backup "from the future" means the clock was wrong then or is now: no waiting for it.
            if every is not None and newest is not None and now - every < newest.created_at <= now + every:
                return None
            backup_id = self._new_backup_id(profile_root, now)
            partial = profile_root / f"{_PARTIAL_PREFIX}{backup_id}"
            partial.mkdir(mode=0o700)
            try:
                info = self._snapshot(unlocked, partial, backup_id, now)
                # Published under the store's lock: a wipe running now either finds the finished copy
                # or has closed the profile, and then no copy appears after it.
                with self.store.holding_profiles(), _write_errors():
                    if unlocked.closed:
                        raise ProfileClosed(profile_id=profile_id)
                    os.replace(partial, profile_root / backup_id)
                    fsync_directory(profile_root)
            except BaseException:
                shutil.rmtree(partial, ignore_errors=True)
                raise
            self._prune(profile_id, keep)
        log.info("profile %s: backup %s made", profile_id, backup_id)
        return info

    def _snapshot(self, unlocked: UnlockedProfile, folder: Path, backup_id: str, now: datetime) -> BackupInfo:
        """Check, copy and describe the profile into `folder`: database, header, manifest (last)."""
        database = folder / DATABASE_NAME
        profile_id = unlocked.profile_id
        try:
            with _write_errors(), unlocked.background_connection() as (connection, header):
                # VACUUM INTO wants a new or empty file; creating it first sets its mode to 0600.
                os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                try:
                    connection.execute("VACUUM INTO ?", (str(database),))
                except sqlcipher3.OperationalError as exc:
                    if not _target_failed(exc):
                        raise ProfileDamaged(reason="integrity", damaged_pages=None) from None
                    raise
                _check_copy(connection, database)
        except ProfileDamaged as exc:
            log.warning("profile %s: damaged, no backup made", profile_id)
            raise ProfileDamaged(**{**exc.params, "profile_id": profile_id}) from None
        except sqlcipher3.Error as exc:
            if unlocked.closed:
                raise ProfileClosed(profile_id=profile_id) from None
            if isinstance(exc, sqlcipher3.OperationalError) and _target_failed(exc):
                full = "full" in str(exc).lower()
                raise BackupWriteFailed(reason="disk_full" if full else "io") from None
            raise ProfileDamaged(profile_id=profile_id, reason="unreadable") from None
        copy_header = replace(
            header, failed_unlocks=0, locked_until=None, pending_rekey=None, health_next_page=1
        )
        manifest = {
            "format": BACKUP_FORMAT,
            "kind": BACKUP_KIND,
            "backup_id": backup_id,
            "profile_id": profile_id,
            "display_name": header.display_name,
            "created_at": now.isoformat(timespec="seconds"),
        }
        with _write_errors():
            _fsync_file(database)
            write_file_atomically(folder, HEADER_NAME, header_bytes(copy_header))
            manifest["files"] = {name: _describe_file(folder / name) for name in (DATABASE_NAME, HEADER_NAME)}
            write_file_atomically(
                folder, MANIFEST_NAME, json.dumps(manifest, indent=2, sort_keys=True).encode()
            )
        return _info(manifest)

    def _install(self, profile_id: str, staged: Path) -> None:
        """Check the staged files, carry the back-off state over, fsync, and swap them in."""
        try:
            header = parse_header((staged / HEADER_NAME).read_bytes(), profile_id)
        except ProfileHeaderDamaged:
            raise BackupUnreadable(reason="header") from None
        _check_encrypted_database(staged / DATABASE_NAME)
        try:
            current = read_header(self.store.root / profile_id)
        except ProfileHeaderDamaged:
            current = None  # a damaged header is what is being repaired: nothing to carry over
        failures = header.failed_unlocks
        locked_until = header.locked_until
        if current is not None:
            failures = max(failures, current.failed_unlocks)
            if current.locked_until is not None:
                locked_until = max(locked_until or 0.0, current.locked_until)
        restored: ProfileHeader = replace(header, failed_unlocks=failures, locked_until=locked_until)
        with _write_errors():
            write_file_atomically(staged, HEADER_NAME, header_bytes(restored))
            fsync_directory(staged)
            self.store.install_staged_profile(profile_id, staged)

    def _prune(self, profile_id: str, keep: int) -> None:
        for old in self.list_backups(profile_id)[keep:]:
            shutil.rmtree(self._profile_root(profile_id) / old.backup_id, ignore_errors=True)

    def _check_locked(self, profile_id: str) -> None:
        if self.store.is_unlocked(profile_id):
            raise ProfileMustBeLocked(profile_id=profile_id)

    @contextmanager
    def _snapshot_slot(self, profile_id: str, *, wait: bool) -> Iterator[Path | None]:
        """The profile's backup folder while no other snapshot of it runs (None: busy, not waiting).
        Partial folders found then are from a crash and are cleared."""
        with self._locks_lock:
            lock = self._snapshot_locks.setdefault(profile_id, threading.Lock())
        if not lock.acquire(blocking=wait):
            yield None
            return
        try:
            with _write_errors():
                profile_root = self._profile_root(profile_id, create=True)
            for leftover in profile_root.iterdir():
                if leftover.name.startswith(_PARTIAL_PREFIX):
                    shutil.rmtree(leftover, ignore_errors=True)
            yield profile_root
        finally:
            lock.release()

    def _profile_root(self, profile_id: str, *, create: bool = False) -> Path:
        if not _PROFILE_ID.match(profile_id):
            raise UnknownProfile(profile_id=profile_id)
        path = self.root / profile_id
        if create:
            self.root.mkdir(mode=0o700, exist_ok=True)
            path.mkdir(mode=0o700, exist_ok=True)
        return path

    def _new_backup_id(self, profile_root: Path, now: datetime) -> str:
        base = now.strftime(_ID_FORMAT)
        backup_id, number = base, 1
        while (profile_root / backup_id).exists():
            number += 1
            backup_id = f"{base}-{number}"
        return backup_id

    def _now(self, now: datetime | None) -> datetime:
        if now is None:
            return datetime.fromtimestamp(self.store.clock(), UTC).replace(microsecond=0)
        if now.tzinfo is None:
            raise ValueError("a backup time must be timezone-aware")
        return now.astimezone(UTC).replace(microsecond=0)


# ----- files -------------------------------------------------------------------------------------------


@contextmanager
def _write_errors() -> Iterator[None]:
    """OS errors while writing backup files as `BackupWriteFailed` (disk full is the usual one)."""
    try:
        yield
    except OSError as exc:
        raise BackupWriteFailed(reason="disk_full" if exc.errno == errno.ENOSPC else "io") from None


def _target_failed(exc: sqlcipher3.OperationalError) -> bool:
    """Whether a failed copy is the target's fault (disk full, I/O) or was interrupted (the profile was
    locked), rather than the source's pages."""
    text = str(exc).lower()
    # "locked"/"busy": a sync was writing at that moment; a busy database is not a damaged one.
    return (
        "interrupt" in text
        or "locked" in text
        or "busy" in text
        or "full" in text
        or "disk i/o" in text
        or "unable to open" in text
        or "readonly" in text
    )


def _check_copy(connection: sqlcipher3.Connection, database: Path) -> None:
    """The copy opens with the connection's key (an attached database without KEY uses main's key) and
    passes SQLite's structure check; a copy made from a damaged profile fails here."""
    connection.execute("ATTACH DATABASE ? AS backup_copy", (str(database),))
    try:
        verdict = connection.execute("PRAGMA backup_copy.quick_check").fetchall()
    except sqlcipher3.DatabaseError:
        raise ProfileDamaged(reason="integrity", damaged_pages=None) from None
    finally:
        connection.execute("DETACH DATABASE backup_copy")
    if verdict != [("ok",)]:
        raise ProfileDamaged(reason="integrity", damaged_pages=None)


def _check_encrypted_database(path: Path) -> None:
    """A file that could be our encrypted database: never a plaintext SQLite file, whole pages only."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        start = handle.read(len(_PLAINTEXT_SQLITE_MAGIC))
    if start == _PLAINTEXT_SQLITE_MAGIC:
        raise BackupUnreadable(reason="not_encrypted")
    if size == 0 or size % _SQLCIPHER_PAGE_SIZE:
        raise BackupUnreadable(reason="incomplete")


def _describe_file(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_COPY_CHUNK):
            digest.update(chunk)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


def _copy_checked(source: IO[bytes], target: Path, expected: dict[str, Any]) -> None:
    """Copy `source` to a new 0600 file, checking its size and SHA-256 against the manifest."""
    digest = hashlib.sha256()
    size = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with open(fd, "wb") as handle:
        while chunk := source.read(_COPY_CHUNK):
            size += len(chunk)
            if size > int(expected["size"]):
                raise BackupUnreadable(reason="checksum")
            digest.update(chunk)
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
    if size != int(expected["size"]) or digest.hexdigest() != expected["sha256"]:
        raise BackupUnreadable(reason="checksum")


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _read_manifest_bytes(raw: bytes) -> dict[str, Any]:
    """The manifest, validated: the fields the code relies on are there and of the right kind."""
    try:
        manifest = json.loads(raw.decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("kind") != BACKUP_KIND:
            raise BackupUnreadable(reason="not_a_backup")
        if manifest.get("format") != BACKUP_FORMAT:
            raise BackupUnreadable(reason="unsupported_format")
        if not _PROFILE_ID.match(str(manifest["profile_id"])) or not _BACKUP_ID.match(
            str(manifest["backup_id"])
        ):
            raise BackupUnreadable(reason="not_a_backup")
        datetime.fromisoformat(manifest["created_at"])
        str(manifest["display_name"])
        for name in (DATABASE_NAME, HEADER_NAME):
            entry = manifest["files"][name]
            if int(entry["size"]) < 0 or not re.fullmatch(r"[0-9a-f]{64}", str(entry["sha256"])):
                raise BackupUnreadable(reason="not_a_backup")
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise BackupUnreadable(reason="not_a_backup") from None
    return manifest


def _info(manifest: dict[str, Any]) -> BackupInfo:
    created_at = datetime.fromisoformat(manifest["created_at"])
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    return BackupInfo(
        backup_id=manifest["backup_id"],
        profile_id=manifest["profile_id"],
        display_name=str(manifest["display_name"]),
        created_at=created_at.astimezone(UTC),
        size_bytes=int(manifest["files"][DATABASE_NAME]["size"]),
    )


# ----- the exported archive ------------------------------------------------------------------------------


def _write_archive(folder: Path, target_file: Path) -> None:
    """Tar the backup's three files into `target_file` atomically (temporary file, fsync, rename)."""
    directory = target_file.parent
    temporary = directory / f".{target_file.name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with open(fd, "wb") as handle:
            with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as archive:
                for name in (MANIFEST_NAME, HEADER_NAME, DATABASE_NAME):
                    path = folder / name
                    member = tarfile.TarInfo(name)
                    member.size = path.stat().st_size
                    member.mode = 0o600
                    with open(path, "rb") as source:
                        archive.addfile(member, source)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target_file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(directory)


class _open_archive:  # noqa: N801 - a context manager that reads like a function
    """An exported backup opened for reading; `BackupUnreadable` when it is not a tar at all."""

    def __init__(self, path: Path) -> None:
        try:
            self._archive = tarfile.open(path, mode="r:")
        except (tarfile.TarError, OSError, EOFError):
            raise BackupUnreadable(reason="not_a_backup") from None

    def __enter__(self) -> tarfile.TarFile:
        return self._archive

    def __exit__(self, *_exc: object) -> None:
        self._archive.close()


def _member(archive: tarfile.TarFile, name: str) -> tarfile.TarInfo:
    try:
        member = archive.getmember(name)
    except KeyError:
        raise BackupUnreadable(reason="incomplete") from None
    except tarfile.TarError:
        raise BackupUnreadable(reason="not_a_backup") from None
    if not member.isfile():
        raise BackupUnreadable(reason="not_a_backup")
    return member


def _read_small_member(archive: tarfile.TarFile, name: str) -> bytes:
    member = _member(archive, name)
    if member.size > _SMALL_MEMBER_LIMIT:
        raise BackupUnreadable(reason="not_a_backup")
    source = archive.extractfile(member)
    if source is None:
        raise BackupUnreadable(reason="not_a_backup")
    with source:
        return source.read()
