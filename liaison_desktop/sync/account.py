"""The signed-in account of a profile: kept inside the encrypted database, never in a plaintext file.

The token is a bearer credential for the server; keeping it in `sync_state` means it is as well protected
as the records it gives access to, and it disappears with them when a profile is wiped. Signing in again
(after a password reset) sends the stored device id, so the server keeps one device entry per laptop.

Signing in is two steps, so a new profile is created only once the server said yes: `authenticate`
(network only: handshake, password, device registration, clock offset) and `remember` (store it in the
profile). `sign_in` does both, for a profile that exists already.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from liaison_desktop.store.actor import Actor
from liaison_desktop.store.device_clock import DeviceClock
from liaison_desktop.store.device_state import read_state, write_state
from liaison_protocol.messages import SignInResponse

from .errors import SyncError
from .http_client import SyncClient

_PREFIX = "account."
_KEYS = (
    "server_url",
    "username",
    "user_id",
    "display_name",
    "role",
    "team_ids",
    "primary_team_id",
    "device_id",
    "token",
    "ca_bundle",
    "max_idle_lock_s",
    "offline_lease_days",
)


class AccountMismatch(SyncError):
    """Another user signed in on this profile. Profiles are per user (DHIS2 and Primero deleted the
    previous user's unsynced work on shared laptops), so the sign-in is not stored."""

    key = "sync.account_mismatch"


@dataclass(frozen=True)
class Account:
    server_url: str
    username: str
    user_id: str
    display_name: str
    role: str
    team_ids: list[str]
    primary_team_id: str | None
    device_id: str
    token: str | None  # None once the server asked for a new sign-in
    ca_bundle: str | None = None  # the private CA bundle this server's certificate is checked against
    # The server's policy: the longest this profile may stay unlocked without input (None: no policy).
    max_idle_lock_s: int | None = None
    # The server's offline lease: days without a sync before the profile's records lock (None: no lease).
    offline_lease_days: int | None = None

    def actor(self) -> Actor:
        """Who writes on this device, for the store."""
        return Actor(user_id=self.user_id, role=self.role, team_id=self.primary_team_id)


def load_account(engine: Engine) -> Account | None:
    """The stored account, or None for a profile that never signed in."""
    with engine.connect() as connection:
        values = {key: read_state(connection, _PREFIX + key) for key in _KEYS}
    if not values["user_id"] or not values["device_id"]:
        return None
    return Account(
        server_url=values["server_url"] or "",
        username=values["username"] or "",
        user_id=values["user_id"],
        display_name=values["display_name"] or "",
        role=values["role"] or "",
        team_ids=json.loads(values["team_ids"] or "[]"),
        primary_team_id=values["primary_team_id"] or None,
        device_id=values["device_id"],
        token=values["token"] or None,
        ca_bundle=values["ca_bundle"] or None,
        max_idle_lock_s=int(values["max_idle_lock_s"]) if values["max_idle_lock_s"] else None,
        offline_lease_days=int(values["offline_lease_days"]) if values["offline_lease_days"] else None,
    )


@dataclass(frozen=True)
class SignedIn:
    """The server's yes, not stored anywhere yet: the sign-in answer and the clock offset learned from it
    (server time minus this laptop's clock, in ms)."""

    response: SignInResponse
    clock_offset_ms: int


def authenticate(
    client: SyncClient,
    username: str,
    password: str,
    *,
    device_name: str = "",
    device_id: str | None = None,
    wall: Callable[[], float] = time.time,
) -> SignedIn:
    """Check the server (`client.check_server`: a Liaison server speaking our protocol), then sign in,
    registering this device (or re-registering `device_id`). Touches no local file, so a refusal leaves
    nothing behind. The new token is kept on `client`.

    Raises what `SyncClient.check_server` raises, then `WrongCredentials`, `LockedOut`,
    `InsecureServerAddress` (plain http to another computer) and the transport errors.
    """
    client.check_server()
    sent_ms = wall() * 1000
    response = client.sign_in(username, password, device_name=device_name, device_id=device_id)
    received_ms = wall() * 1000
    return SignedIn(response, round(response.server_time_ms - (sent_ms + received_ms) / 2))


def remember(
    engine: Engine,
    client: SyncClient,
    username: str,
    signed_in: SignedIn,
    *,
    clock: DeviceClock | None = None,
) -> Account:
    """Store a sign-in in the profile: the account (server address and CA bundle from `client`), the
    token, and the clock offset, so the first edits after sign-in are stamped near true time even on a
    laptop whose clock is wrong. Pass the open store's `clock` when there is one, so its in-memory clock
    learns the offset too. Refuses another user than the one stored (`AccountMismatch`)."""
    previous = load_account(engine)
    response = signed_in.response
    if previous is not None and previous.user_id != response.user.id:
        client.token = previous.token
        raise AccountMismatch()
    _store(engine, client.base_url, client.ca_bundle, username, response)
    clock = clock or DeviceClock(engine)
    with engine.begin() as connection:
        clock.set_offset(connection, signed_in.clock_offset_ms)
    account = load_account(engine)
    assert account is not None
    return account


def sign_in(
    engine: Engine,
    client: SyncClient,
    username: str,
    password: str,
    *,
    device_name: str = "",
    clock: DeviceClock | None = None,
    wall: Callable[[], float] = time.time,
) -> Account:
    """`authenticate` then `remember`, keeping the device id a previous sign-in of this profile stored."""
    previous = load_account(engine)
    signed_in = authenticate(
        client,
        username,
        password,
        device_name=device_name,
        device_id=previous.device_id if previous else None,
        wall=wall,
    )
    return remember(engine, client, username, signed_in, clock=clock)


def _store(
    engine: Engine, server_url: str, ca_bundle: str | None, username: str, response: SignInResponse
) -> None:
    user = response.user
    values = {
        "server_url": server_url,
        "ca_bundle": ca_bundle or "",
        "username": username,
        "user_id": user.id,
        "display_name": user.display_name,
        "role": user.role,
        "team_ids": json.dumps(user.team_ids),
        "primary_team_id": user.primary_team_id or "",
        "device_id": response.device_id,
        "token": response.token,
        "max_idle_lock_s": str(response.policy.max_idle_lock_s or ""),
        "offline_lease_days": str(response.policy.offline_lease_days or ""),
    }
    with engine.begin() as connection:
        for key, value in values.items():
            write_state(connection, _PREFIX + key, value)
