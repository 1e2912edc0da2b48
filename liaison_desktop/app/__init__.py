"""The session layer: everything a screen needs, and nothing about how it is put together.

`ui/` imports only this package, `services`, `liaison_protocol` and Qt (a test parses every module under
`ui/` to keep it so). Qt-free: listeners are plain callables, and slow calls (unlock, sign-in, reads of
many rows) are made by the UI's runner on a background thread.
"""

from __future__ import annotations

from liaison_desktop.services.conflicts import ConflictView
from liaison_desktop.store.profile_errors import (
    ProfileDamaged,
    ProfileHeaderDamaged,
    UnlockDelayed,
    WrongPassphrase,
)
from liaison_desktop.store.record_writer import ChangeSet
from liaison_desktop.store.search_index import SearchHit
from liaison_desktop.sync.engine import SyncProgress
from liaison_desktop.sync.refused_changes import RefusedChange, RefusedChanges
from liaison_desktop.sync.worker import SyncState
from liaison_desktop.sync.worker import WorkerStatus as SyncStatus

from .demo import DEMO_PASSPHRASE, is_demo_name, start_demo
from .errors import NotSignedIn, ProfileNameTaken
from .profile_directory import ProfileDirectory, ProfileSummary
from .session import Session
from .sign_in import NewProfile, SignInRequest, add_profile_by_sign_in, check_server_address

__all__ = [
    "DEMO_PASSPHRASE",
    "is_demo_name",
    "start_demo",
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
]
