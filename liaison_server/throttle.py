"""Sign-in throttling that a stranger cannot turn against the officer it targets.

The lockout this replaces (five failures lock the account for 15 minutes, even for the right password)
let anyone who knew a username lock its officer out, and its 429-versus-401 told which usernames exist.
Here three counters of failed sign-ins live in `sign_in_throttle`, each under a digest (no typed
username is kept):

- per client address: after `lockout_threshold` failures the address waits before its next attempt is
  even looked at, `throttle_base_s` at first, doubling with each further failure up to `lockout_s`.
  This is what slows a guesser, and a flood, down.
- per username: the same growing delay, but it only holds back addresses that have themselves failed
  against this username recently (the third counter, per address and username). So a guesser who has
  spread over many addresses gets one guess per address while the account is being attacked, and the
  officer, signing in from an address that has not been guessing, is let through to the password check
  and gets in with the right password. Nothing is ever locked for the right user at a clean address.
- per address and username: says which addresses the username's delay applies to.

Unknown usernames go through exactly the same counters (the username digest does not need an account),
and their password is checked against a dummy hash: same status, same body, about the same time as a
wrong password for a real account. A success clears the username's counters and its address's, so an
office where several people mistype does not build up a delay.

A client is its IPv4 address, or its IPv6 /64 (a subscriber gets a whole /64: counting single IPv6
addresses would hand a guesser endless fresh ones). A counter is forgotten once it has seen no failure
for twice the longest delay.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from liaison_server.core.config import Settings
from liaison_server.models import SignInThrottle


def _digest(kind: str, *parts: str) -> str:
    return f"{kind}:" + hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Keys:
    address: str
    username: str
    pair: str

    @classmethod
    def of(cls, address: str, username: str) -> Keys:
        where = throttled_network(address)
        return cls(_digest("a", where), _digest("u", username), _digest("p", where, username))

    def all(self) -> tuple[str, str, str]:
        return (self.address, self.username, self.pair)


def throttled_network(address: str) -> str:
    """What one client is, for counting: an IPv4 address, or an IPv6 address's /64 (one subscriber's
    whole network: counting single IPv6 addresses would give a guesser 2^64 fresh ones)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _forget_after_ms(settings: Settings) -> int:
    return 2 * settings.lockout_s * 1000


def _live(row: SignInThrottle | None, settings: Settings, now_ms: int) -> SignInThrottle | None:
    if row is None or now_ms - row.last_failure_ms > _forget_after_ms(settings):
        return None
    return row


def wait_s(session: Session, settings: Settings, keys: Keys, now_ms: int) -> int:
    """Seconds this attempt must wait before it is looked at (0: check the password now)."""
    rows = {
        row.key: row
        for row in session.scalars(select(SignInThrottle).where(SignInThrottle.key.in_(keys.all())))
    }
    address = _live(rows.get(keys.address), settings, now_ms)
    username = _live(rows.get(keys.username), settings, now_ms)
    pair = _live(rows.get(keys.pair), settings, now_ms)
    until = 0
    if address is not None:
        until = max(until, address.blocked_until_ms)
    if username is not None and pair is not None and pair.failures > 0:
        until = max(until, username.blocked_until_ms)
    return max(0, math.ceil((until - now_ms) / 1000))


def delay_ms(settings: Settings, failures: int) -> int:
    """The wait a run of `failures` earns: none below the threshold, then base, 2 x base, ... up to max."""
    over = failures - settings.lockout_threshold
    if over < 0:
        return 0
    return min(settings.lockout_s, settings.throttle_base_s * 2 ** min(over, 30)) * 1000


def record_failure(session: Session, settings: Settings, keys: Keys, now_ms: int) -> None:
    """Count a failed password check on all three counters (inside the caller's write transaction)."""
    # Created first with "do nothing on conflict": two workers counting the first failure of the same
    # address at once must not both insert it (on PostgreSQL the loser's transaction would be lost).
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(SignInThrottle)
        .values(
            [
                {"key": key, "failures": 0, "last_failure_ms": now_ms, "blocked_until_ms": 0}
                for key in keys.all()
            ]
        )
        .on_conflict_do_nothing(index_elements=["key"])
    )
    rows = {
        row.key: row
        for row in session.scalars(
            select(SignInThrottle).where(SignInThrottle.key.in_(keys.all())).with_for_update()
        )
    }
    for key in keys.all():
        row = rows[key]
        if _live(row, settings, now_ms) is None:
            row.failures = 0
            row.blocked_until_ms = 0
        row.failures += 1
        row.last_failure_ms = now_ms
        wait = delay_ms(settings, row.failures)
        if wait:
            row.blocked_until_ms = now_ms + wait
    session.flush()


def record_success(session: Session, keys: Keys) -> None:
    """The right password: this username's counters and its address's start again."""
    for row in session.scalars(
        select(SignInThrottle).where(SignInThrottle.key.in_(keys.all())).with_for_update()
    ):
        session.delete(row)
    session.flush()


def forget_username(session: Session, username: str) -> None:
    """An administrator reset the password: the username's delay ends (its address counters stay)."""
    row = session.get(SignInThrottle, _digest("u", username))
    if row is not None:
        session.delete(row)
    session.flush()
