"""The profiles on this laptop, as the start screen and the unlock screen need them.

Listing reads only the plaintext headers (name, server, user name, last sync): nothing is decrypted
before someone types a passphrase. Opening a profile returns a ready `Session`; it costs an Argon2
derivation and a database open, so screens run it through their background runner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from liaison_desktop.store.profile_header import ProfileHeader
from liaison_desktop.store.profile_keys import DEFAULT_PARAMS, OWASP_MINIMUM
from liaison_desktop.store.profiles import LaptopProfiles, UnlockedProfile

from .backups import Backups
from .demo import Demo
from .errors import ProfileNameTaken
from .session import Session


@dataclass(frozen=True)
class ProfileSummary:
    """What the picker shows of a profile."""

    profile_id: str
    display_name: str
    server_url: str | None
    username: str | None
    role: str | None
    last_sync_at: dt.datetime | None
    is_demo: bool


def _summary(header: ProfileHeader, demo_ids: frozenset[str]) -> ProfileSummary:
    last_sync = None
    if header.account.last_sync_at:
        try:
            last_sync = dt.datetime.fromisoformat(header.account.last_sync_at)
        except ValueError:
            last_sync = None
    return ProfileSummary(
        profile_id=header.profile_id,
        display_name=header.display_name,
        server_url=header.account.server_url,
        username=header.account.username,
        role=header.account.role,
        last_sync_at=last_sync,
        is_demo=header.profile_id in demo_ids,
    )


def name_key(name: str) -> str:
    """Names compare without case and surrounding or repeated spaces ("amina  haddad" = "Amina Haddad")."""
    return " ".join(name.split()).casefold()


class ProfileDirectory:
    """All profiles under one data directory, and the demo world that may live beside them."""

    def __init__(
        self,
        store: LaptopProfiles,
        *,
        interface_locale: str = "en",
        device_name: str = "",
        start_sync: bool = True,
    ) -> None:
        self.store = store
        self.interface_locale = interface_locale
        self.device_name = device_name
        self.start_sync = start_sync
        # The laptop clock the sessions' offline lease reads (tests pass a controlled one).
        self.wall_ms: Callable[[], int] | None = None

    @classmethod
    def at(cls, data_dir: Path, *, minimum_key_cost: bool = False, **options: Any) -> ProfileDirectory:
        """The profiles under `data_dir` (created if missing). `minimum_key_cost` uses OWASP's minimum
        Argon2 cost instead of the default: only for throwaway data (screenshots)."""
        params = OWASP_MINIMUM if minimum_key_cost else DEFAULT_PARAMS
        return cls(LaptopProfiles(data_dir, params=params), **options)

    @cached_property
    def demo(self) -> Demo:
        """The demo world (three profiles and a local server) of this data directory."""
        return Demo(self)

    @cached_property
    def backups(self) -> Backups:
        """The profiles' backups (one object per directory: it keeps one snapshot per profile at a time)."""
        return Backups(self.store)

    @property
    def data_dir(self) -> Path:
        """The data directory: profiles live in its `profiles/` folder, the laptop settings beside it."""
        return self.store.root.parent

    @property
    def min_passphrase_length(self) -> int:
        return self.store.min_passphrase_length

    def summaries(self) -> list[ProfileSummary]:
        return [_summary(header, self.demo.profile_ids()) for header in self.store.list_profiles()]

    def summary(self, profile_id: str) -> ProfileSummary:
        return _summary(self.store.header(profile_id), self.demo.profile_ids())

    def unreadable_count(self) -> int:
        return len(self.unreadable_profiles())

    def unreadable_profiles(self) -> list[str]:
        """Ids of the profiles whose key file (`profile.json`) is damaged: not listed, but repairable from
        a backup (the damaged-profile screen)."""
        return self.store.unreadable_profiles()

    def check_name_free(self, name: str) -> None:
        wanted = name_key(name)
        if any(name_key(header.display_name) == wanted for header in self.store.list_profiles()):
            raise ProfileNameTaken(name=" ".join(name.split()))

    def open(self, profile_id: str, passphrase: str) -> Session:
        """Unlock with the passphrase and open the session (raises the store's unlock errors)."""
        return self.session_for(self.store.unlock(profile_id, passphrase))

    def open_with_recovery_key(self, profile_id: str, recovery_key: str, new_passphrase: str) -> Session:
        """A forgotten passphrase: unlock with the recovery key and set `new_passphrase` in one step."""
        return self.session_for(self.store.unlock_with_recovery_key(profile_id, recovery_key, new_passphrase))

    def session_for(self, unlocked: UnlockedProfile) -> Session:
        try:
            session = Session(
                self.store,
                unlocked,
                interface_locale=self.interface_locale,
                start_sync=self.start_sync,
                device_name=self.device_name,
                wall_ms=self.wall_ms,
            )
        except BaseException:
            unlocked.close()
            raise
        session.is_demo = unlocked.profile_id in self.demo.profile_ids()
        return session

    def wipe(self, profile_id: str) -> None:
        """Erase a profile from this laptop (its unsynced changes with it)."""
        self.store.wipe(profile_id)
