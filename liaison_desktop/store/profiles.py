"""Per-user encrypted profiles: create, list, unlock, change passphrase, re-key and wipe.

Each person on a laptop gets a directory `<data>/profiles/<profile_id>/` holding their own SQLCipher
database (`liaison.db`) and a header (`profile.json`); nobody ever shares a database file, so signing in as
someone else can never touch another person's unsynced work.

Key hierarchy (details in `profile_keys`): a random 32-byte data key opens the database as a raw SQLCipher
key, and is stored only wrapped with AES-256-GCM, once under an Argon2id key from the passphrase and once
under an HKDF key from the recovery key shown at creation. Wrapping rather than deriving the database key
is what makes a passphrase change instant and a forgotten passphrase recoverable; a full re-key (a new data
key, SQLCipher `PRAGMA rekey`) is there for a suspected compromise of the key itself.

The unwrap is checked before the database is touched: a wrong passphrase fails on the AES-GCM tag and never
opens (let alone modifies) the file, which is also how a right key on a damaged file can be told apart from
a wrong passphrase. A damaged header is `ProfileHeaderDamaged` (its checksum says so), never a wrong
passphrase, and nothing is counted toward the back-off for it. After the unwrap, a bounded integrity check
(`profile_health`) turns a damaged database into `ProfileDamaged` at unlock rather than an error on every
read; restoring a backup (`profile_backup`) is the way out.

Every new passphrase (create, change, recovery) must be long enough and pass the strength estimate
(`passphrase_strength`, zxcvbn) unless the store was made `allow_weak_for_tests`.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import threading
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from liaison_desktop.paths import profiles_dir
from liaison_desktop.store.passphrase_strength import (
    MIN_SCORE,
    check_passphrase_strength,
    profile_user_inputs,
)
from liaison_desktop.store.profile_errors import (
    KeyUnwrapFailed,
    PassphraseTooShort,
    ProfileBusy,
    ProfileClosed,
    ProfileDamaged,
    ProfileHeaderDamaged,
    ProfileMustBeLocked,
    ProfileNameRequired,
    UnknownProfile,
    UnlockDelayed,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from liaison_desktop.store.profile_header import (
    ACCOUNT_FIELDS,
    KeySlots,
    PendingRekey,
    ProfileHeader,
    fsync_directory,
    header_path,
    read_header,
    write_header,
)
from liaison_desktop.store.profile_health import DEFAULT_BUDGET, HealthBudget, check_at_unlock
from liaison_desktop.store.profile_keys import (
    DEFAULT_PARAMS,
    PURPOSE_PASSPHRASE,
    PURPOSE_RECOVERY,
    Argon2Params,
    check_params,
    derive_passphrase_kek,
    derive_recovery_kek,
    new_data_key,
    new_recovery_key,
    new_salt,
    parse_recovery_key,
    passphrase_length,
    unwrap_key,
    wrap_key,
)
from liaison_desktop.store.store_errors import NotADatabase
from liaison_desktop.store.unlock_backoff import DEFAULT_POLICY, BackoffPolicy, Clock, system_clock

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _database_errors() -> tuple[type[Exception], ...]:
    """What opening or migrating an unreadable database raises.

    SQLAlchemy, the SQLCipher engine and the migrations are imported when a profile is first opened, not
    with this module: the profile picker reads headers only, and the first window should not wait for
    them (bench figure 3, `first_window_ms`).
    """
    from sqlalchemy.exc import DatabaseError

    return (DatabaseError, sqlcipher3.DatabaseError)


log = logging.getLogger(__name__)

DATABASE_NAME = "liaison.db"
BACKUPS_DIR_NAME = "backups"
MIN_PASSPHRASE_LENGTH = 8
PURPOSE_REKEY = "rekey"
_PROFILE_ID = re.compile(r"^[0-9a-f]{32}$")
_WIPE_CHUNK = 1 << 20
# Directories of a restore beside the profiles: being assembled, complete, and the profile it replaced.
_STAGED_PREFIX = ".restore-"
_READY_PREFIX = ".ready-"
_REPLACED_PREFIX = ".replaced-"
_RESTORE_PREFIXES = (_STAGED_PREFIX, _READY_PREFIX, _REPLACED_PREFIX)


class UnlockedProfile:
    """An open profile: its engine on the decrypted database. Close it to lock the profile again."""

    def __init__(self, store: LaptopProfiles, profile_id: str, directory: Path, engine: Engine) -> None:
        self._store = store
        self.profile_id = profile_id
        self.directory = directory
        self._engine: Engine | None = engine
        # Long reads on connections of their own (a backup): interrupted when the profile is locked.
        self._background: set[sqlcipher3.Connection] = set()
        self._background_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise ProfileClosed(profile_id=self.profile_id)
        return self._engine

    @property
    def header(self) -> ProfileHeader:
        """The current header, read afresh so account updates made through the store are seen."""
        return self._store.header(self.profile_id)

    @property
    def closed(self) -> bool:
        return self._engine is None

    def close(self) -> None:
        """Dispose of the engine: every pooled connection (and with it the key in SQLCipher) goes away.

        A background read still running (a backup) is interrupted, so locking really closes the profile.
        """
        with self._background_lock:
            engine, self._engine = self._engine, None
            for connection in self._background:
                connection.interrupt()
        if engine is not None:
            engine.dispose()

    @contextmanager
    def background_connection(self) -> Iterator[tuple[sqlcipher3.Connection, ProfileHeader]]:
        """A connection of its own, outside any transaction, for a long read while the app keeps working
        (WAL: it neither blocks nor waits for writers), with the header as it was when the connection was
        taken: both are taken under the store's lock, so the header's key slots wrap the key the
        connection uses (a re-key cannot fall between them, and waits with `ProfileBusy` while the
        connection is out). Closed afterwards rather than pooled, so its page cache goes with it;
        interrupted (`sqlcipher3.OperationalError`) if the profile is locked meanwhile.
        """
        with self._store._lock, self._background_lock:
            proxy = self.engine.raw_connection()
            connection = proxy.driver_connection
            self._background.add(connection)
            try:
                header = self._store.header(self.profile_id)
            except BaseException:
                self._background.discard(connection)
                proxy.invalidate()
                raise
        try:
            yield connection, header
        finally:
            with self._background_lock:
                self._background.discard(connection)
            proxy.invalidate()  # closes the DBAPI connection instead of returning it to the pool

    def _replace_engine(self, engine: Engine) -> None:
        self._engine = engine

    def __enter__(self) -> UnlockedProfile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class LaptopProfiles:
    """The profiles under one data directory.

    `params` is the Argon2id cost for newly set passphrases (existing ones keep the cost stored in their
    header until the passphrase changes). `clock` and `backoff` are injectable so tests move time rather
    than sleep.
    """

    def __init__(
        self,
        data_root: Path,
        *,
        params: Argon2Params = DEFAULT_PARAMS,
        allow_weak_for_tests: bool = False,
        backoff: BackoffPolicy = DEFAULT_POLICY,
        clock: Clock = system_clock,
        min_passphrase_length: int = MIN_PASSPHRASE_LENGTH,
        health_budget: HealthBudget = DEFAULT_BUDGET,
    ) -> None:
        self._allow_weak = allow_weak_for_tests
        self.params = check_params(params, allow_weak_for_tests=allow_weak_for_tests)
        self.data_root = Path(data_root)
        self.root = profiles_dir(self.data_root)
        # Encrypted copies of each profile (`profile_backup`), beside the profiles, never inside them.
        self.backups_root = self.data_root / BACKUPS_DIR_NAME
        self.backoff = backoff
        self.clock = clock
        self.min_passphrase_length = min_passphrase_length
        self.health_budget = health_budget
        # One attempt at a time: the failure counter is read, checked and written as a unit.
        self._lock = threading.RLock()
        self._open: dict[str, weakref.WeakSet[UnlockedProfile]] = {}
        with self._lock:
            self._finish_interrupted_restores()

    # ----- listing and headers -------------------------------------------------------------------------

    def list_profiles(self) -> list[ProfileHeader]:
        """Headers of the readable profiles, by display name; nothing is unlocked or decrypted."""
        headers = []
        for directory in self._profile_directories():
            try:
                headers.append(read_header(directory))
            except ProfileHeaderDamaged:
                continue
        return sorted(headers, key=lambda header: (header.display_name.casefold(), header.created_at))

    def unreadable_profiles(self) -> list[str]:
        """Ids of profile directories whose header is missing or damaged, so the UI can say so."""
        unreadable = []
        for directory in self._profile_directories():
            try:
                read_header(directory)
            except ProfileHeaderDamaged:
                unreadable.append(directory.name)
        return sorted(unreadable)

    def header(self, profile_id: str) -> ProfileHeader:
        return read_header(self._directory(profile_id))

    def update_header(self, profile_id: str, **changes: str | None) -> ProfileHeader:
        """Change the display name or account fields (server_url, username, user_id, role, team_id,
        device_id), e.g. after the first sign-in. Returns the new header."""
        unknown = set(changes) - ACCOUNT_FIELDS - {"display_name"}
        if unknown:
            raise TypeError(f"not a header field: {', '.join(sorted(unknown))}")
        with self._lock:
            directory = self._directory(profile_id)
            header = read_header(directory)
            account_changes = {name: value for name, value in changes.items() if name in ACCOUNT_FIELDS}
            updated = replace(header, account=replace(header.account, **account_changes))
            if "display_name" in changes:
                updated = replace(updated, display_name=self._clean_display_name(changes["display_name"]))
            write_header(directory, updated)
            return updated

    # ----- creating and unlocking ----------------------------------------------------------------------

    def create_profile(
        self,
        display_name: str,
        passphrase: str,
        *,
        server_url: str | None = None,
        username: str | None = None,
        params: Argon2Params | None = None,
        check_strength: bool = True,
    ) -> tuple[UnlockedProfile, str]:
        """A new profile, unlocked, and its recovery key: show that once and never store it.

        Raises `PassphraseTooShort` or `WeakPassphrase` first. `check_strength=False` skips the strength
        estimate (not the length minimum) for a passphrase that is public anyway: the demo's.
        """
        name = self._clean_display_name(display_name)
        self.check_new_passphrase(
            passphrase,
            display_name=name,
            username=username,
            server_url=server_url,
            check_strength=check_strength,
        )
        params = check_params(params or self.params, allow_weak_for_tests=self._allow_weak)
        profile_id = uuid.uuid4().hex
        directory = self.root / profile_id
        # 0700: another account on a shared laptop cannot even copy the ciphertext away.
        directory.mkdir(mode=0o700)
        try:
            data_key = new_data_key()
            recovery_key = new_recovery_key()
            header = ProfileHeader(
                profile_id=profile_id,
                display_name=name,
                created_at=datetime.fromtimestamp(self.clock(), UTC).isoformat(timespec="seconds"),
                keys=self._new_slots(profile_id, data_key, passphrase, recovery_key, params),
            )
            header = replace(
                header, account=replace(header.account, server_url=server_url, username=username)
            )
            from liaison_desktop.store.cipher_database import open_encrypted_engine
            from liaison_desktop.store.schema import upgrade_to_head

            engine = open_encrypted_engine(directory / DATABASE_NAME, data_key)
            try:
                upgrade_to_head(engine)
                # The header goes last: a directory with a header is a complete profile.
                write_header(directory, header)
            except BaseException:
                engine.dispose()
                raise
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        log.info("profile %s created", profile_id)
        return self._track(UnlockedProfile(self, profile_id, directory, engine)), recovery_key

    def unlock(self, profile_id: str, passphrase: str) -> UnlockedProfile:
        """Unwrap the data key with the passphrase, open the database and bring its schema to head.

        Raises `UnlockDelayed` (without trying) during a back-off, `WrongPassphrase`, `ProfileDamaged`
        or `ProfileHeaderDamaged`.
        """
        with self._lock:
            directory = self._directory(profile_id)
            header = self._check_not_delayed(directory, read_header(directory))
            data_key = self._unwrap_with_passphrase(directory, header, passphrase)
            engine, _ = self._open_database(directory, read_header(directory), data_key)
        log.info("profile %s unlocked", profile_id)
        return self._track(UnlockedProfile(self, profile_id, directory, engine))

    def unlock_with_recovery_key(
        self, profile_id: str, recovery_key: str, new_passphrase: str
    ) -> UnlockedProfile:
        """Open a profile whose passphrase is forgotten, and set `new_passphrase` in the same step.

        Not subject to the back-off: the recovery key has 160 random bits, and a person locked out by
        wrong passphrases is exactly who needs it. A success clears the failure counter. The new
        passphrase is checked (`PassphraseTooShort`, `WeakPassphrase`) before anything else is tried.
        """
        self._check_passphrase_length(new_passphrase)
        parse_recovery_key(recovery_key)  # a typo is reported as such before any key work
        with self._lock:
            directory = self._directory(profile_id)
            header = read_header(directory)
            self._check_strength_for(header, new_passphrase)
            kek = derive_recovery_kek(recovery_key, header.keys.recovery_salt, profile_id)
            try:
                data_key = unwrap_key(
                    kek, header.keys.recovery_wrap, profile_id=profile_id, purpose=PURPOSE_RECOVERY
                )
            except KeyUnwrapFailed:
                log.info("profile %s: wrong recovery key", profile_id)
                raise WrongRecoveryKey(profile_id=profile_id) from None
            engine, data_key = self._open_database(directory, header, data_key)
            try:
                header = read_header(directory)  # a finished interrupted re-key may have changed the keys
                slots = self._rewrap_passphrase(profile_id, header.keys, data_key, new_passphrase)
                write_header(directory, replace(header, keys=slots, failed_unlocks=0, locked_until=None))
            except BaseException:
                engine.dispose()
                raise
        log.info("profile %s unlocked with its recovery key; passphrase replaced", profile_id)
        return self._track(UnlockedProfile(self, profile_id, directory, engine))

    # ----- changing keys -------------------------------------------------------------------------------

    def change_passphrase(self, profile_id: str, old_passphrase: str, new_passphrase: str) -> None:
        """Re-wrap the data key under a new passphrase: instant, the database is not touched.

        The old passphrase counts as an unlock attempt (back-off included); the new one is checked first
        (`PassphraseTooShort`, `WeakPassphrase`), so a weak choice costs no attempt.
        """
        self._check_passphrase_length(new_passphrase)
        with self._lock:
            directory = self._directory(profile_id)
            self._check_strength_for(read_header(directory), new_passphrase)
            header = self._check_not_delayed(directory, read_header(directory))
            data_key = self._unwrap_with_passphrase(directory, header, old_passphrase)
            header, data_key = self._settle_pending_rekey(directory, data_key)
            slots = self._rewrap_passphrase(profile_id, header.keys, data_key, new_passphrase)
            write_header(directory, replace(header, keys=slots))
        log.info("profile %s: passphrase changed", profile_id)

    def replace_recovery_key(self, profile_id: str, passphrase: str) -> str:
        """A new recovery key for the same data key (the old one stops working). Show it once."""
        with self._lock:
            directory = self._directory(profile_id)
            header = self._check_not_delayed(directory, read_header(directory))
            data_key = self._unwrap_with_passphrase(directory, header, passphrase)
            header, data_key = self._settle_pending_rekey(directory, data_key)
            recovery_key = new_recovery_key()
            salt = new_salt()
            kek = derive_recovery_kek(recovery_key, salt, profile_id)
            slots = replace(
                header.keys,
                recovery_salt=salt,
                recovery_wrap=wrap_key(kek, data_key, profile_id=profile_id, purpose=PURPOSE_RECOVERY),
            )
            write_header(directory, replace(header, keys=slots, needs_new_recovery_key=False))
        log.info("profile %s: recovery key replaced", profile_id)
        return recovery_key

    def rekey(self, unlocked: UnlockedProfile, passphrase: str) -> str:
        """Re-encrypt the database under a brand-new data key, for a suspected compromise of the old one.

        Both the old passphrase wrap and the old recovery key stop working; the passphrase itself stays.
        Returns the new recovery key, to show once. `unlocked.engine` is replaced by an engine on the new
        key: callers must fetch it again rather than keep the old object. Raises `ProfileBusy` while
        another connection of the profile is checked out.
        """
        profile_id = unlocked.profile_id
        directory = unlocked.directory
        with self._lock:
            engine = unlocked.engine
            header = self._check_not_delayed(directory, read_header(directory))
            old_key = self._unwrap_with_passphrase(directory, header, passphrase)
            header = read_header(directory)
            if engine.pool.checkedout():  # type: ignore[attr-defined]  # QueuePool has it
                raise ProfileBusy(profile_id=profile_id)
            new_key = new_data_key()
            recovery_key = new_recovery_key()
            pending = PendingRekey(
                slots=self._new_slots(profile_id, new_key, passphrase, recovery_key, self.params),
                new_key_under_old_key=wrap_key(
                    old_key, new_key, profile_id=profile_id, purpose=PURPOSE_REKEY
                ),
            )
            # Phase 1: the new key is durable (wrapped) before the database depends on it.
            write_header(directory, replace(header, pending_rekey=pending))
            try:
                self._sqlcipher_rekey(engine, new_key)
            except BaseException:
                write_header(directory, replace(header, pending_rekey=None))
                raise
            from liaison_desktop.store.cipher_database import open_encrypted_engine

            unlocked._replace_engine(open_encrypted_engine(directory / DATABASE_NAME, new_key))
            # Phase 2: the database is under the new key; the new slots become the only ones.
            self._promote_rekey(directory, read_header(directory))
        log.info("profile %s re-keyed", profile_id)
        return recovery_key

    # ----- wiping --------------------------------------------------------------------------------------

    def wipe(self, profile_id: str) -> None:
        """Erase a profile (the server revoked this device): overwrite every file, then delete it all.

        The header goes first: without its wrapped keys the database is undecipherable even where the
        overwrite cannot reach the disk's cells (SSD wear levelling, copy-on-write file systems). The
        profile's backups go the same way: a revoked laptop keeps no copy. Wiping a profile that is
        already gone succeeds, so an interrupted wipe can simply be repeated.
        """
        if not _PROFILE_ID.match(profile_id):
            raise UnknownProfile(profile_id=profile_id)
        with self._lock:
            for unlocked in list(self._open.pop(profile_id, ())):
                unlocked.close()
            directories = [self.root / profile_id, self.backups_root / profile_id]
            directories += [path for path in self.root.iterdir() if _is_restore_leftover(path, profile_id)]
            for directory in directories:
                if directory.exists():
                    _wipe_directory(directory)
        log.info("profile %s wiped", profile_id)

    # ----- replacing a profile's files (restoring a backup) ----------------------------------------------

    @contextmanager
    def holding_profiles(self) -> Iterator[None]:
        """The store's lock: no unlock, key change, restore or wipe runs while it is held. Hold it only
        for a quick step (a backup uses it to publish its copy, so a wipe cannot miss the copy)."""
        with self._lock:
            yield

    def is_unlocked(self, profile_id: str) -> bool:
        """Whether this store has the profile open (an `UnlockedProfile` not closed yet)."""
        with self._lock:
            return any(not unlocked.closed for unlocked in self._open.get(profile_id, ()))

    def new_staging_directory(self, profile_id: str) -> Path:
        """An empty 0700 directory beside the profiles, on the same file system, to assemble a profile's
        replacement files in before `install_staged_profile` swaps them in."""
        if not _PROFILE_ID.match(profile_id):
            raise UnknownProfile(profile_id=profile_id)
        staged = self.root / f"{_STAGED_PREFIX}{profile_id}-{secrets.token_hex(6)}"
        staged.mkdir(mode=0o700)
        return staged

    def install_staged_profile(self, profile_id: str, staged: Path) -> None:
        """Make `staged` (a complete profile: database and header, written and fsynced) the profile's
        directory, replacing the current one if there is one.

        Renames, each made durable before the next: the staged directory is marked complete (`.ready-`),
        the current one moves aside, the ready one takes its name, then the old one is deleted. The next
        `LaptopProfiles` on this data directory settles whatever a crash left: a ready copy with no
        profile beside it is installed, an old profile with none is put back, anything else is deleted.
        So a restore leaves either the old profile or the new one, never neither and never half.
        Raises `ProfileMustBeLocked` while the profile is open here.
        """
        with self._lock:
            if self.is_unlocked(profile_id):
                raise ProfileMustBeLocked(profile_id=profile_id)
            token = secrets.token_hex(6)
            current = self.root / profile_id
            ready = self.root / f"{_READY_PREFIX}{profile_id}-{token}"
            replaced = self.root / f"{_REPLACED_PREFIX}{profile_id}-{token}"
            os.replace(staged, ready)
            fsync_directory(self.root)
            if current.exists():
                os.replace(current, replaced)
                fsync_directory(self.root)
            try:
                os.replace(ready, current)
            except OSError:
                if replaced.exists():
                    os.replace(replaced, current)  # put the old profile back
                shutil.rmtree(ready, ignore_errors=True)
                raise
            fsync_directory(self.root)
            if replaced.exists():
                shutil.rmtree(replaced, ignore_errors=True)
        log.info("profile %s: files replaced from a backup", profile_id)

    def _finish_interrupted_restores(self) -> None:
        """Settle what a crash during `install_staged_profile` left beside the profiles."""
        leftovers = [path for path in self.root.iterdir() if _restore_leftover_profile_id(path)]
        # Ready copies first: they win over the profile they were replacing.
        leftovers.sort(key=lambda path: (not path.name.startswith(_READY_PREFIX), path.name))
        for path in leftovers:
            profile_id = _restore_leftover_profile_id(path)
            assert profile_id is not None
            current = self.root / profile_id
            if not current.exists() and not path.name.startswith(_STAGED_PREFIX):
                os.replace(path, current)
                fsync_directory(self.root)
                log.info("profile %s: settled an interrupted restore", profile_id)
            else:
                shutil.rmtree(path, ignore_errors=True)

    # ----- internals -----------------------------------------------------------------------------------

    def _profile_directories(self) -> list[Path]:
        return [path for path in self.root.iterdir() if path.is_dir() and _PROFILE_ID.match(path.name)]

    def _directory(self, profile_id: str) -> Path:
        # The id becomes a path: only our own id format, never "..", may get that far.
        if not _PROFILE_ID.match(profile_id) or not (self.root / profile_id).is_dir():
            raise UnknownProfile(profile_id=profile_id)
        return self.root / profile_id

    def _track(self, unlocked: UnlockedProfile) -> UnlockedProfile:
        self._open.setdefault(unlocked.profile_id, weakref.WeakSet()).add(unlocked)
        return unlocked

    def _clean_display_name(self, display_name: str | None) -> str:
        name = (display_name or "").strip()
        if not name:
            raise ProfileNameRequired()
        return name

    def check_new_passphrase(
        self,
        passphrase: str,
        *,
        display_name: str | None = None,
        username: str | None = None,
        server_url: str | None = None,
        check_strength: bool = True,
    ) -> None:
        """Raise `PassphraseTooShort` or `WeakPassphrase` for a passphrase that may not be set; the names
        are what an attacker would try first. For screens that check before starting a long operation
        (a sign-in); create, change and recovery check again themselves."""
        self._check_passphrase_length(passphrase)
        if check_strength and not self._allow_weak:
            self._check_strength(passphrase, profile_user_inputs(display_name, username, server_url))

    def _check_passphrase_length(self, passphrase: str) -> None:
        if passphrase_length(passphrase) < self.min_passphrase_length:
            raise PassphraseTooShort(min_length=self.min_passphrase_length)

    def _check_strength_for(self, header: ProfileHeader, passphrase: str) -> None:
        if not self._allow_weak:
            inputs = profile_user_inputs(
                header.display_name, header.account.username, header.account.server_url
            )
            self._check_strength(passphrase, inputs)

    def _check_strength(self, passphrase: str, user_inputs: tuple[str, ...]) -> None:
        verdict = check_passphrase_strength(passphrase, user_inputs)
        if not verdict.acceptable:
            raise WeakPassphrase(
                reason=verdict.reason_key,
                suggestions=list(verdict.suggestion_keys),
                score=verdict.score,
                min_score=MIN_SCORE,
            )

    def _check_not_delayed(self, directory: Path, header: ProfileHeader) -> ProfileHeader:
        now = self.clock()
        effective = self.backoff.effective_locked_until(header.locked_until, now)
        if effective is None:
            return header
        if effective != header.locked_until:
            # The clock went backwards past the stored time: never wait longer than the cap.
            write_header(directory, replace(header, locked_until=effective))
        raise UnlockDelayed(seconds_remaining=self.backoff.seconds_remaining(effective, now))

    def _unwrap_with_passphrase(self, directory: Path, header: ProfileHeader, passphrase: str) -> bytes:
        """The data key; a failure is counted in the header (surviving restarts) before it is raised."""
        profile_id = header.profile_id
        kek = derive_passphrase_kek(passphrase, header.keys.passphrase_salt, header.keys.kdf)
        try:
            data_key = unwrap_key(
                kek, header.keys.passphrase_wrap, profile_id=profile_id, purpose=PURPOSE_PASSPHRASE
            )
        except KeyUnwrapFailed:
            now = self.clock()
            failures = header.failed_unlocks + 1
            locked_until = self.backoff.locked_until(failures, now)
            write_header(directory, replace(header, failed_unlocks=failures, locked_until=locked_until))
            log.info("profile %s: wrong passphrase (%d in a row)", profile_id, failures)
            raise WrongPassphrase(
                profile_id=profile_id,
                failures=failures,
                seconds_until_next_attempt=self.backoff.seconds_remaining(locked_until, now),
            ) from None
        if header.failed_unlocks or header.locked_until is not None:
            write_header(directory, replace(header, failed_unlocks=0, locked_until=None))
        return data_key

    def _open_database(self, directory: Path, header: ProfileHeader, data_key: bytes) -> tuple[Engine, bytes]:
        """An engine on the profile's database at the current schema, and the key that opened it (the new
        one when this finished an interrupted re-key)."""
        from liaison_desktop.store.cipher_database import open_encrypted_engine
        from liaison_desktop.store.schema import upgrade_to_head

        path = directory / DATABASE_NAME
        if not path.is_file():
            raise ProfileDamaged(profile_id=header.profile_id, reason="missing")
        try:
            engine = open_encrypted_engine(path, data_key)
        except NotADatabase:
            engine, data_key = self._open_after_interrupted_rekey(directory, header, data_key)
        except _database_errors():
            raise ProfileDamaged(profile_id=header.profile_id, reason="unreadable") from None
        else:
            if header.pending_rekey is not None:
                # Interrupted before SQLCipher re-encrypted anything: the old key still rules.
                write_header(directory, replace(header, pending_rekey=None))
        try:
            # Before any migration writes to it: a damaged file is reported, not made worse.
            self._check_health(directory, engine, data_key)
            upgrade_to_head(engine)
        except _database_errors():
            engine.dispose()
            raise ProfileDamaged(profile_id=header.profile_id, reason="malformed") from None
        except BaseException:
            engine.dispose()
            raise
        return engine, data_key

    def _check_health(self, directory: Path, engine: Engine, data_key: bytes) -> None:
        """The bounded integrity check (`profile_health`); remembers where a partial check stopped."""
        header = read_header(directory)
        try:
            report = check_at_unlock(
                engine,
                directory / DATABASE_NAME,
                data_key,
                start_page=header.health_next_page,
                budget=self.health_budget,
            )
        except ProfileDamaged as damaged:
            log.warning("profile %s: damaged pages found at unlock", header.profile_id)
            raise ProfileDamaged(**{**damaged.params, "profile_id": header.profile_id}) from None
        if report.next_page != header.health_next_page:
            write_header(directory, replace(header, health_next_page=report.next_page))

    def _settle_pending_rekey(self, directory: Path, data_key: bytes) -> tuple[ProfileHeader, bytes]:
        """The header with no re-key pending, and the key the database is under.

        Re-wrapping while a re-key is pending would wrap the old key while the pending slots (wrapped
        under the old secrets) get promoted later: settle first, by opening the database once.
        """
        header = read_header(directory)
        if header.pending_rekey is None:
            return header, data_key
        engine, data_key = self._open_database(directory, header, data_key)
        engine.dispose()
        return read_header(directory), data_key

    def _open_after_interrupted_rekey(
        self, directory: Path, header: ProfileHeader, old_key: bytes
    ) -> tuple[Engine, bytes]:
        pending = header.pending_rekey
        if pending is None:
            raise ProfileDamaged(profile_id=header.profile_id, reason="not_a_database")
        from liaison_desktop.store.cipher_database import open_encrypted_engine

        new_key = self._current_key(header, old_key)
        try:
            engine = open_encrypted_engine(directory / DATABASE_NAME, new_key)
        except (NotADatabase, *_database_errors()):
            raise ProfileDamaged(profile_id=header.profile_id, reason="not_a_database") from None
        # The recovery key made for the new slots was never shown to anyone: ask for a new one.
        self._promote_rekey(directory, header, needs_new_recovery_key=True)
        log.info("profile %s: finished an interrupted re-key", header.profile_id)
        return engine, new_key

    def _current_key(self, header: ProfileHeader, key: bytes) -> bytes:
        """`key`, or the new key of a pending re-key if `key` is the old one it was wrapped under."""
        if header.pending_rekey is None:
            return key
        try:
            return unwrap_key(
                key,
                header.pending_rekey.new_key_under_old_key,
                profile_id=header.profile_id,
                purpose=PURPOSE_REKEY,
            )
        except KeyUnwrapFailed:
            return key

    def _promote_rekey(
        self, directory: Path, header: ProfileHeader, *, needs_new_recovery_key: bool = False
    ) -> None:
        assert header.pending_rekey is not None
        write_header(
            directory,
            replace(
                header,
                keys=header.pending_rekey.slots,
                pending_rekey=None,
                needs_new_recovery_key=needs_new_recovery_key,
            ),
        )

    def _sqlcipher_rekey(self, engine: Engine, new_key: bytes) -> None:
        """`PRAGMA rekey` on a connection of the old engine, which is then disposed of.

        Every pooled connection was opened by a connect hook holding the old key, so none may survive.
        """
        from liaison_desktop.store.cipher_database import key_pragma

        connection = engine.raw_connection()
        try:
            cursor = connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                # Fold the WAL in first, so no frame under the old key is left beside the file.
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.execute(key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey", 1))
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                cursor.close()
        finally:
            connection.close()
            engine.dispose()

    def _new_slots(
        self, profile_id: str, data_key: bytes, passphrase: str, recovery_key: str, params: Argon2Params
    ) -> KeySlots:
        passphrase_salt, recovery_salt = new_salt(), new_salt()
        passphrase_kek = derive_passphrase_kek(passphrase, passphrase_salt, params)
        recovery_kek = derive_recovery_kek(recovery_key, recovery_salt, profile_id)
        return KeySlots(
            kdf=params,
            passphrase_salt=passphrase_salt,
            passphrase_wrap=wrap_key(
                passphrase_kek, data_key, profile_id=profile_id, purpose=PURPOSE_PASSPHRASE
            ),
            recovery_salt=recovery_salt,
            recovery_wrap=wrap_key(recovery_kek, data_key, profile_id=profile_id, purpose=PURPOSE_RECOVERY),
        )

    def _rewrap_passphrase(
        self, profile_id: str, slots: KeySlots, data_key: bytes, passphrase: str
    ) -> KeySlots:
        """New salt and the store's current Argon2 cost: a passphrase change also upgrades old parameters."""
        salt = new_salt()
        kek = derive_passphrase_kek(passphrase, salt, self.params)
        return replace(
            slots,
            kdf=self.params,
            passphrase_salt=salt,
            passphrase_wrap=wrap_key(kek, data_key, profile_id=profile_id, purpose=PURPOSE_PASSPHRASE),
        )


def _restore_leftover_profile_id(path: Path) -> str | None:
    """The profile a restore's leftover directory belongs to (None for anything else)."""
    if not path.is_dir():
        return None
    for prefix in _RESTORE_PREFIXES:
        if path.name.startswith(prefix):
            profile_id = path.name[len(prefix) :].rsplit("-", 1)[0]
            return profile_id if _PROFILE_ID.match(profile_id) else None
    return None


def _is_restore_leftover(path: Path, profile_id: str) -> bool:
    return _restore_leftover_profile_id(path) == profile_id


def _wipe_directory(directory: Path) -> None:
    """Overwrite every file (headers first: they hold the wrapped keys), then delete the tree."""
    files = [path for path in directory.rglob("*") if path.is_file() and not path.is_symlink()]
    files.sort(key=lambda path: path.name != header_path(path.parent).name)
    for path in files:
        _overwrite_with_random_bytes(path)
    shutil.rmtree(directory)
    fsync_directory(directory.parent)


def _overwrite_with_random_bytes(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        written = 0
        while written < size:
            chunk = min(_WIPE_CHUNK, size - written)
            handle.write(secrets.token_bytes(chunk))
            written += chunk
        handle.flush()
        os.fsync(handle.fileno())
