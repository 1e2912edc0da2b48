"""The session layer: everything a screen needs, and nothing about how it is put together.

`ui/` imports only this package, `services`, `liaison_protocol` and Qt (a test parses every module under
`ui/` to keep it so). Qt-free: listeners are plain callables, and slow calls (unlock, sign-in, reads of
many rows) are made by the UI's runner on a background thread.

Importing the package costs nothing: a name is imported from its module the first time it is asked for
(PEP 562 `__getattr__`). The start screen needs only the profile list and the laptop settings, so it no
longer pays for the sync client, the services and the wire models, which only an unlocked profile uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liaison_desktop.services.conflicts import ConflictView
    from liaison_desktop.store.change_hub import ChangeSet
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
    from liaison_desktop.store.search_index import SearchHit
    from liaison_desktop.sync.engine import SyncProgress
    from liaison_desktop.sync.refused_changes import RefusedChange, RefusedChanges
    from liaison_desktop.sync.worker import WorkerState
    from liaison_desktop.sync.worker import WorkerStatus as SyncStatus

    from .backups import BACKUP_FILE_SUFFIX, BackupInfo, Backups
    from .demo import DEMO_PASSPHRASE, Demo, DemoProgress
    from .errors import NotSignedIn, OfflineLeaseExpired, ProfileNameTaken
    from .idle_lock import (
        DEFAULT_IDLE_LOCK_MINUTES,
        MAX_IDLE_LOCK_MINUTES,
        MIN_IDLE_LOCK_MINUTES,
        effective_idle_lock_s,
    )
    from .laptop_settings import LaptopSettings, load_laptop_settings, save_laptop_settings
    from .offline_lease import LeaseStatus
    from .profile_directory import ProfileDirectory, ProfileSummary
    from .session import Session
    from .sign_in import NewProfile, SignInRequest, add_profile_by_sign_in, check_server_address

# name -> (module, name there): where each public name comes from.
_EXPORTS: dict[str, tuple[str, str]] = {
    "ConflictView": ("liaison_desktop.services.conflicts", "ConflictView"),
    "MIN_PASSPHRASE_SCORE": ("liaison_desktop.store.passphrase_strength", "MIN_SCORE"),
    "PassphraseVerdict": ("liaison_desktop.store.passphrase_strength", "StrengthVerdict"),
    "check_passphrase_strength": ("liaison_desktop.store.passphrase_strength", "check_passphrase_strength"),
    "profile_user_inputs": ("liaison_desktop.store.passphrase_strength", "profile_user_inputs"),
    "BackupNotFound": ("liaison_desktop.store.profile_errors", "BackupNotFound"),
    "BackupUnreadable": ("liaison_desktop.store.profile_errors", "BackupUnreadable"),
    "BackupWriteFailed": ("liaison_desktop.store.profile_errors", "BackupWriteFailed"),
    "InvalidRecoveryKey": ("liaison_desktop.store.profile_errors", "InvalidRecoveryKey"),
    "PassphraseTooShort": ("liaison_desktop.store.profile_errors", "PassphraseTooShort"),
    "ProfileClosed": ("liaison_desktop.store.profile_errors", "ProfileClosed"),
    "ProfileDamaged": ("liaison_desktop.store.profile_errors", "ProfileDamaged"),
    "ProfileHeaderDamaged": ("liaison_desktop.store.profile_errors", "ProfileHeaderDamaged"),
    "ProfileMustBeLocked": ("liaison_desktop.store.profile_errors", "ProfileMustBeLocked"),
    "UnlockDelayed": ("liaison_desktop.store.profile_errors", "UnlockDelayed"),
    "WeakPassphrase": ("liaison_desktop.store.profile_errors", "WeakPassphrase"),
    "WrongPassphrase": ("liaison_desktop.store.profile_errors", "WrongPassphrase"),
    "WrongRecoveryKey": ("liaison_desktop.store.profile_errors", "WrongRecoveryKey"),
    "ChangeSet": ("liaison_desktop.store.change_hub", "ChangeSet"),
    "SearchHit": ("liaison_desktop.store.search_index", "SearchHit"),
    "SyncProgress": ("liaison_desktop.sync.engine", "SyncProgress"),
    "RefusedChange": ("liaison_desktop.sync.refused_changes", "RefusedChange"),
    "RefusedChanges": ("liaison_desktop.sync.refused_changes", "RefusedChanges"),
    "WorkerState": ("liaison_desktop.sync.worker", "WorkerState"),
    "SyncStatus": ("liaison_desktop.sync.worker", "WorkerStatus"),
    "BACKUP_FILE_SUFFIX": ("liaison_desktop.app.backups", "BACKUP_FILE_SUFFIX"),
    "BackupInfo": ("liaison_desktop.app.backups", "BackupInfo"),
    "Backups": ("liaison_desktop.app.backups", "Backups"),
    "DEMO_PASSPHRASE": ("liaison_desktop.app.demo", "DEMO_PASSPHRASE"),
    "Demo": ("liaison_desktop.app.demo", "Demo"),
    "DemoProgress": ("liaison_desktop.app.demo", "DemoProgress"),
    "NotSignedIn": ("liaison_desktop.app.errors", "NotSignedIn"),
    "OfflineLeaseExpired": ("liaison_desktop.app.errors", "OfflineLeaseExpired"),
    "LeaseStatus": ("liaison_desktop.app.offline_lease", "LeaseStatus"),
    "ProfileNameTaken": ("liaison_desktop.app.errors", "ProfileNameTaken"),
    "DEFAULT_IDLE_LOCK_MINUTES": ("liaison_desktop.app.idle_lock", "DEFAULT_IDLE_LOCK_MINUTES"),
    "MAX_IDLE_LOCK_MINUTES": ("liaison_desktop.app.idle_lock", "MAX_IDLE_LOCK_MINUTES"),
    "MIN_IDLE_LOCK_MINUTES": ("liaison_desktop.app.idle_lock", "MIN_IDLE_LOCK_MINUTES"),
    "effective_idle_lock_s": ("liaison_desktop.app.idle_lock", "effective_idle_lock_s"),
    "LaptopSettings": ("liaison_desktop.app.laptop_settings", "LaptopSettings"),
    "load_laptop_settings": ("liaison_desktop.app.laptop_settings", "load_laptop_settings"),
    "save_laptop_settings": ("liaison_desktop.app.laptop_settings", "save_laptop_settings"),
    "ProfileDirectory": ("liaison_desktop.app.profile_directory", "ProfileDirectory"),
    "ProfileSummary": ("liaison_desktop.app.profile_directory", "ProfileSummary"),
    "Session": ("liaison_desktop.app.session", "Session"),
    "NewProfile": ("liaison_desktop.app.sign_in", "NewProfile"),
    "SignInRequest": ("liaison_desktop.app.sign_in", "SignInRequest"),
    "add_profile_by_sign_in": ("liaison_desktop.app.sign_in", "add_profile_by_sign_in"),
    "check_server_address": ("liaison_desktop.app.sign_in", "check_server_address"),
}

__all__ = [
    "DEMO_PASSPHRASE",
    "Demo",
    "DemoProgress",
    "ChangeSet",
    "ConflictView",
    "NewProfile",
    "NotSignedIn",
    "OfflineLeaseExpired",
    "LeaseStatus",
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
    "WorkerState",
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


def __getattr__(name: str) -> Any:
    """Import a public name on first use, and keep it so the next lookup is a plain attribute."""
    try:
        module, original = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), original)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
