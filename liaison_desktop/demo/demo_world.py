"""The demo world: a local sync server with three accounts and their three profiles, already synced.

A newcomer with no profile gets an officer, an ambassador and a supervisor of one fictional team, each
with a profile on this laptop (passphrase `liaison-demo`). The officer's profile holds the sample records
(contacts, encounters, referrals, meetings), the ambassador's their own feedback, and every profile has
synced, so each already shows what its role may see: the supervisor everything of the team, the
ambassador only the service directory and their own feedback. Edit in one profile, switch user, and the
change arrives: real sync, against a real server (`demo_server`), with nothing leaving the laptop.

Everything is made the way the app makes it for real use: profiles by the store, sign-in by the sync
package, records by the services, sync by the sync engine. Only the server's accounts are made by its
`seed` command, as an administrator would.

On disk, beside the profiles: `<data_dir>/demo-server/` holds the server's SQLite database and log, and
`demo.json`, which lists the demo's profiles and the server's port. On the next app start
`start_existing_demo` starts the server again on that port; should it be taken, the server gets another
one and each demo profile is signed in again at the new address (see `demo_server` for why the port is
kept). Creating the world is all or nothing: a failure removes the profiles and the server it made.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_desktop.store.profile_errors import ProfileError
from liaison_desktop.store.profiles import LaptopProfiles, UnlockedProfile
from liaison_desktop.sync.errors import SyncError

from .demo_server import DemoServer, seed_accounts, server_directory, start_demo_server
from .sample_data import DEMO_PASSPHRASE

if TYPE_CHECKING:
    # The sync client and engine (requests, the wire models) are imported where a demo profile signs in
    # or syncs: the start screen asks this module only which profiles are the demo's.
    from liaison_desktop.sync.account import Account
    from liaison_desktop.sync.http_client import SyncClient

log = logging.getLogger(__name__)

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSPHRASE",
    "DEMO_PASSWORD",
    "DemoAccount",
    "DemoProfile",
    "DemoProgress",
    "DemoWorld",
    "create_demo_world",
    "demo_profile_ids",
    "demo_world_exists",
    "start_existing_demo",
]

MANIFEST_NAME = "demo.json"
MANIFEST_FORMAT = 1
DEMO_TEAM = "Demo Precinct"
# The demo accounts' server password: public like the passphrase (one thing for a newcomer to remember,
# also when a demo profile is asked to sign in again). The server is reachable from this laptop only.
DEMO_PASSWORD = DEMO_PASSPHRASE


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    person: str  # the fictional person's name, as the server knows them
    profile_name: str  # the profile's name on the start screen


# Order matters: the officer writes the shared records and the ambassador their feedback before the
# supervisor's first sync, so the supervisor's profile holds both.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("officer", "daniel.demo", "Daniel Reyes", "Daniel Reyes (officer, demo)"),
    DemoAccount("ambassador", "amal.demo", "Amal Farouk", "Amal Farouk (ambassador, demo)"),
    DemoAccount("supervisor", "helen.demo", "Helen Novak", "Helen Novak (supervisor, demo)"),
)

# Progress steps (message keys the UI translates), in order; `role` says whose profile a step is about.
STEP_ACCOUNTS = "demo.step.accounts"
STEP_SERVER = "demo.step.server"
STEP_PROFILE = "demo.step.profile"
STEP_RECORDS = "demo.step.records"
STEP_SYNC = "demo.step.sync"
_STEPS_PER_PROFILE = 3  # profile, records, sync


@dataclass(frozen=True)
class DemoProgress:
    step: str
    done: int  # steps finished before this one
    total: int
    role: str | None = None


ProgressCallback = Callable[[DemoProgress], None]


@dataclass(frozen=True)
class DemoProfile:
    profile_id: str
    role: str
    username: str
    display_name: str


class DemoWorld:
    """The running demo: its server and its profiles. `stop()` stops the server (the profiles stay)."""

    passphrase = DEMO_PASSPHRASE
    password = DEMO_PASSWORD

    def __init__(self, server: DemoServer, profiles: tuple[DemoProfile, ...]) -> None:
        self.server = server
        self.profiles = profiles

    @property
    def url(self) -> str:
        """The server's address, as stored in every demo profile."""
        return self.server.url

    @property
    def profile_ids(self) -> frozenset[str]:
        return frozenset(profile.profile_id for profile in self.profiles)

    def profile(self, role: str) -> DemoProfile:
        """The demo profile of `role` ("officer", "ambassador", "supervisor"); KeyError if it was removed."""
        for profile in self.profiles:
            if profile.role == role:
                return profile
        raise KeyError(role)

    def stop(self) -> None:
        self.server.stop()


# -- the manifest -------------------------------------------------------------------------------------


def _manifest_path(data_dir: Path) -> Path:
    return server_directory(data_dir) / MANIFEST_NAME


@dataclass(frozen=True)
class _Manifest:
    port: int
    complete: bool  # False while the world is being made (or if making it was interrupted)
    profiles: list[DemoProfile]


def _read_manifest(data_dir: Path) -> _Manifest | None:
    try:
        document = json.loads(_manifest_path(data_dir).read_text(encoding="utf-8"))
        return _Manifest(
            port=int(document["port"]),
            complete=document["complete"] is True,
            profiles=[DemoProfile(**entry) for entry in document["profiles"]],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_manifest(data_dir: Path, port: int, profiles: tuple[DemoProfile, ...], *, complete: bool) -> None:
    document = {
        "format": MANIFEST_FORMAT,
        "port": port,
        "complete": complete,
        "profiles": [asdict(profile) for profile in profiles],
    }
    path = _manifest_path(data_dir)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, indent=2), encoding="utf-8")
    os.replace(temporary, path)


def _remaining(profiles: LaptopProfiles, listed: list[DemoProfile]) -> tuple[DemoProfile, ...]:
    present = {header.profile_id for header in profiles.list_profiles()}
    return tuple(profile for profile in listed if profile.profile_id in present)


def demo_world_exists(profiles: LaptopProfiles, data_dir: Path) -> bool:
    """Whether a demo world was made here and at least one of its profiles is still on this laptop."""
    manifest = _read_manifest(data_dir)
    return manifest is not None and manifest.complete and bool(_remaining(profiles, manifest.profiles))


def demo_profile_ids(data_dir: Path) -> frozenset[str]:
    """The ids of the demo's profiles (to show the public passphrase beside them); nothing is started."""
    manifest = _read_manifest(data_dir)
    return frozenset(profile.profile_id for profile in manifest.profiles) if manifest else frozenset()


# -- making and starting the world --------------------------------------------------------------------


def create_demo_world(
    profiles: LaptopProfiles,
    data_dir: Path,
    progress: ProgressCallback | None = None,
    *,
    server_env: Mapping[str, str] | None = None,
) -> DemoWorld:
    """Start the demo server, create its team and accounts, and make, fill and sync the three profiles.

    Network and Argon2: run it off the UI thread. If a demo world already exists it is started instead
    (`start_existing_demo`). `server_env` adds server settings (tests lower its Argon2 cost); the
    profiles' own key-derivation cost is the `LaptopProfiles`'s.
    """
    data_dir = Path(data_dir)
    if demo_world_exists(profiles, data_dir):
        return start_existing_demo(profiles, data_dir, server_env=server_env)
    notify = progress or (lambda _progress: None)
    total = 2 + _STEPS_PER_PROFILE * len(DEMO_ACCOUNTS)
    _remove_unfinished_demo(profiles, data_dir)
    made: list[DemoProfile] = []
    server: DemoServer | None = None
    try:
        notify(DemoProgress(STEP_ACCOUNTS, 0, total))
        seed_accounts(data_dir, _seed_document(), env=server_env)
        notify(DemoProgress(STEP_SERVER, 1, total))
        server = start_demo_server(data_dir, env=server_env)
        for index, demo_account in enumerate(DEMO_ACCOUNTS):
            done = 2 + index * _STEPS_PER_PROFILE
            notify(DemoProgress(STEP_PROFILE, done, total, demo_account.role))
            unlocked = _create_profile(profiles, demo_account, server.url)
            try:
                made.append(
                    DemoProfile(
                        unlocked.profile_id,
                        demo_account.role,
                        demo_account.username,
                        demo_account.profile_name,
                    )
                )
                # Listed before it is filled: should the app die now, the next attempt finds and removes it.
                _write_manifest(data_dir, server.port, tuple(made), complete=False)
                _fill_and_sync(profiles, unlocked, server.url, demo_account, notify, done, total)
            finally:
                unlocked.close()
        world = DemoWorld(server, tuple(made))
        _write_manifest(data_dir, server.port, world.profiles, complete=True)
    except BaseException:
        if server is not None:
            server.stop()
        for profile in made:
            profiles.wipe(profile.profile_id)
        _remove_unfinished_demo(profiles, data_dir)
        raise
    log.info("demo world created with %d profiles", len(made))
    return world


def _remove_unfinished_demo(profiles: LaptopProfiles, data_dir: Path) -> None:
    """Remove what an interrupted or failed attempt left, or an old demo whose profiles are all gone:
    demo data only. Starting afresh also keeps a new officer profile from pulling a second copy of the
    sample records."""
    manifest = _read_manifest(data_dir)
    for profile in _remaining(profiles, manifest.profiles) if manifest else ():
        profiles.wipe(profile.profile_id)
    shutil.rmtree(server_directory(data_dir), ignore_errors=True)


def start_existing_demo(
    profiles: LaptopProfiles, data_dir: Path, *, server_env: Mapping[str, str] | None = None
) -> DemoWorld:
    """Start the server of the demo made earlier, on the port its profiles know when it is free.

    On another port, each remaining demo profile that still opens with the demo passphrase is signed in
    again at the new address (same device, outbox kept); one whose passphrase was changed keeps the old
    address and shows "offline" until it is signed in again. Raises `FileNotFoundError` without a demo.
    """
    data_dir = Path(data_dir)
    manifest = _read_manifest(data_dir)
    if manifest is None:
        raise FileNotFoundError(_manifest_path(data_dir))
    remaining = _remaining(profiles, manifest.profiles)
    server = start_demo_server(data_dir, port=manifest.port, env=server_env)
    try:
        if server.port != manifest.port:
            log.info("demo: port %d was taken; the demo server now listens on %d", manifest.port, server.port)
            for profile in remaining:
                _point_at(profiles, profile, server.url)
        _write_manifest(data_dir, server.port, remaining, complete=True)
    except BaseException:
        server.stop()
        raise
    return DemoWorld(server, remaining)


# -- one profile --------------------------------------------------------------------------------------


def _seed_document() -> dict[str, Any]:
    return {
        "teams": [DEMO_TEAM],
        "users": [
            {
                "username": demo_account.username,
                "role": demo_account.role,
                "teams": [DEMO_TEAM],
                "display_name": demo_account.person,
                "password": DEMO_PASSWORD,
            }
            for demo_account in DEMO_ACCOUNTS
        ],
    }


def _device_name(role: str) -> str:
    return f"Liaison demo ({role})"


def _create_profile(profiles: LaptopProfiles, demo_account: DemoAccount, server_url: str) -> UnlockedProfile:
    # The demo passphrase is weak on purpose (it is printed on the start screen).
    unlocked, _recovery_key = profiles.create_profile(
        demo_account.profile_name,
        DEMO_PASSPHRASE,
        server_url=server_url,
        username=demo_account.username,
        check_strength=False,
    )
    return unlocked


def _fill_and_sync(
    profiles: LaptopProfiles,
    unlocked: UnlockedProfile,
    server_url: str,
    demo_account: DemoAccount,
    notify: ProgressCallback,
    done: int,
    total: int,
) -> None:
    """Sign the new profile in, write its role's sample records and sync it."""
    from liaison_desktop.store.record_store import RecordStore
    from liaison_desktop.sync.engine import SyncEngine
    from liaison_desktop.sync.http_client import SyncClient

    from .sample_data import fill_ambassador_feedback, fill_demo_records

    role = demo_account.role
    client = SyncClient(server_url)
    try:
        signed_in = _sign_in(profiles, unlocked, client, demo_account.username, role)
        store = RecordStore(unlocked.engine, signed_in.actor())
        notify(DemoProgress(STEP_RECORDS, done + 1, total, role))
        if role == "officer":
            fill_demo_records(store)
        elif role == "ambassador":
            fill_ambassador_feedback(store)
        notify(DemoProgress(STEP_SYNC, done + 2, total, role))
        SyncEngine(store, client).run_once()
    finally:
        client.close()


def _sign_in(
    profiles: LaptopProfiles, unlocked: UnlockedProfile, client: SyncClient, username: str, role: str
) -> Account:
    """Sign in (the account goes inside the encrypted database) and note who it is in the header."""
    from liaison_desktop.sync import account as accounts

    signed_in = accounts.sign_in(
        unlocked.engine, client, username, DEMO_PASSWORD, device_name=_device_name(role)
    )
    profiles.update_header(
        unlocked.profile_id,
        server_url=signed_in.server_url,
        user_id=signed_in.user_id,
        role=signed_in.role,
        team_id=signed_in.primary_team_id,
        device_id=signed_in.device_id,
    )
    return signed_in


def _point_at(profiles: LaptopProfiles, profile: DemoProfile, server_url: str) -> None:
    """Sign a demo profile in at the server's new address; skipped (and logged) when it no longer opens
    with the demo passphrase or the sign-in fails."""
    try:
        unlocked = profiles.unlock(profile.profile_id, DEMO_PASSPHRASE)
    except ProfileError as error:
        log.warning(
            "demo: profile %s not moved to the new server address (%s)", profile.profile_id, error.key
        )
        return
    from liaison_desktop.sync.http_client import SyncClient

    try:
        with SyncClient(server_url) as client:
            _sign_in(profiles, unlocked, client, profile.username, profile.role)
    except SyncError as error:
        log.warning("demo: profile %s could not sign in again (%s)", profile.profile_id, error.key)
    finally:
        unlocked.close()
