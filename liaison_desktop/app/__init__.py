"""The session layer: everything a screen needs, and nothing about how it is put together.

`ui/` imports only this package, `services`, `liaison_protocol` and Qt (a test parses every module under
`ui/` to keep it so). Qt-free: listeners are plain callables, and slow calls (unlock, sign-in, reads of
many rows) are made by the UI's runner on a background thread.
"""

from __future__ import annotations

from liaison_desktop.services.conflicts import ConflictView
from liaison_desktop.store.passphrase_strength import MIN_SCORE as MIN_PASSPHRASE_SCORE
from liaison_desktop.store.passphrase_strength import StrengthVerdict as PassphraseVerdict
from liaison_desktop.store.passphrase_strength import check_passphrase_strength, profile_user_inputs
from liaison_desktop.store.profile_errors import (
    BackupNotFound,
    BackupUnreadable,
    BackupWriteFailed,
    InvalidRecoveryKey,
    PassphraseTooShort,
    ProfileClosed,
    ProfileDamaged,
    ProfileHeaderDamaged,
    ProfileMustBeLocked,
    UnlockDelayed,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from liaison_desktop.store.record_writer import ChangeSet
from liaison_desktop.store.search_index import SearchHit
from liaison_desktop.sync.engine import SyncProgress
from liaison_desktop.sync.refused_changes import RefusedChange, RefusedChanges
from liaison_desktop.sync.worker import SyncState
from liaison_desktop.sync.worker import WorkerStatus as SyncStatus

from .backups import BACKUP_FILE_SUFFIX, BackupInfo, Backups
from .demo import DEMO_PASSPHRASE, Demo, DemoProgress
from .errors import NotSignedIn, ProfileNameTaken
from .idle_lock import (
    DEFAULT_IDLE_LOCK_MINUTES,
    MAX_IDLE_LOCK_MINUTES,
    MIN_IDLE_LOCK_MINUTES,
    effective_idle_lock_s,
)
from .laptop_settings import LaptopSettings, load_laptop_settings, save_laptop_settings
from .profile_directory import ProfileDirectory, ProfileSummary
from .session import Session
from .sign_in import NewProfile, SignInRequest, add_profile_by_sign_in, check_server_address

__all__ = [
    "DEMO_PASSPHRASE",
    "Demo",
    "DemoProgress",
    "ChangeSet",
    "ConflictView",
    "NewProfile",
    "NotSignedIn",
    "ProfileDamaged",
    "ProfileDirectory",
    "ProfileHeaderDamaged",
    "ProfileNameTaken",
    "ProfileSummary",
    "RefusedChange",
    "RefusedChanges",
    "SearchHit",
    "Session",
    "SignInRequest",
    "SyncProgress",
    "SyncState",
    "SyncStatus",
    "UnlockDelayed",
    "WrongPassphrase",
    "add_profile_by_sign_in",
    "check_server_address",
    # locking, keys, laptop settings
    "MIN_PASSPHRASE_SCORE",
    "PassphraseVerdict",
    "check_passphrase_strength",
    "profile_user_inputs",
    "InvalidRecoveryKey",
    "PassphraseTooShort",
    "WeakPassphrase",
    "WrongRecoveryKey",
    "DEFAULT_IDLE_LOCK_MINUTES",
    "MAX_IDLE_LOCK_MINUTES",
    "MIN_IDLE_LOCK_MINUTES",
    "effective_idle_lock_s",
    "LaptopSettings",
    "load_laptop_settings",
    "save_laptop_settings",
    "BACKUP_FILE_SUFFIX",
    "BackupInfo",
    "Backups",
    "BackupNotFound",
    "BackupUnreadable",
    "BackupWriteFailed",
    "ProfileClosed",
    "ProfileMustBeLocked",
]
