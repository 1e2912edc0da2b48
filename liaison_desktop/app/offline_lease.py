"""The offline lease: a signed-in profile that has not completed a sync for the server's number of days
(`DevicePolicy.offline_lease_days`, 14 by default) keeps its records locked until it does.

Why: revoking a laptop erases it only when it next reaches the server. A lost laptop, or one kept
offline by someone who left, would otherwise stay readable for ever; the lease bounds that to days.

Time comes from the laptop's clock, which its user can set. Setting it back must not extend the lease,
so the highest time ever seen is kept beside the time of the last sync, and a check counts from the
later of "now" and that highest time. That alone would still let someone set the clock back again and
again (time would stand still at the highest value), so a clock found more than `ROLLBACK_TOLERANCE_MS`
behind the highest time seen ends the lease at once: all the rollbacks together gain at most that much.
A completed sync restarts both from the current time: reaching the server is the proof the lease asks
for, and it also cures a clock that had once been set far ahead (or back).

Both values live in the encrypted profile database (`sync_state`), not in the plaintext header, so they
cannot be edited without the passphrase. Profiles that never signed in, or whose server sets no lease,
have none.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from liaison_desktop.store.device_state import read_state, write_state

STATE_CONTACT_MS = "lease.last_sync_ms"  # laptop time of the last completed sync (or of the lease's start)
STATE_HIGHEST_MS = "lease.highest_seen_ms"  # the latest laptop time seen since then
DAY_MS = 24 * 3600 * 1000
# A day: more than NTP or a dual-boot laptop's local-time clock ever moves a clock back by mistake.
ROLLBACK_TOLERANCE_MS = DAY_MS


def _wall_ms() -> int:
    return int(time.time() * 1000)


@dataclass(frozen=True)
class LeaseStatus:
    """Where a profile's lease stands. `expires_at_ms` is in laptop time; None without a lease."""

    expired: bool
    expires_at_ms: int | None


class OfflineLease:
    """The lease of one open profile. `days` is the server's policy from the last sign-in (None: none)."""

    def __init__(self, engine: Engine, days: int | None, *, wall_ms: Callable[[], int] = _wall_ms) -> None:
        self._engine = engine
        self.days = days
        self._wall_ms = wall_ms

    def check(self) -> LeaseStatus:
        """Is the lease still running? Remembers the current time if it is the highest seen yet. A
        profile checked for the first time (signed in before leases existed) starts its lease now."""
        if not self.days:
            return LeaseStatus(expired=False, expires_at_ms=None)
        now = self._wall_ms()
        with self._engine.begin() as connection:
            contact = _read_ms(connection, STATE_CONTACT_MS)
            highest = _read_ms(connection, STATE_HIGHEST_MS)
            if contact is None:
                contact = highest = now
                write_state(connection, STATE_CONTACT_MS, str(now))
            effective_now = max(now, highest or now, contact)
            if effective_now != highest:
                write_state(connection, STATE_HIGHEST_MS, str(effective_now))
        expires_at = contact + self.days * DAY_MS
        rolled_back = now < effective_now - ROLLBACK_TOLERANCE_MS
        return LeaseStatus(expired=rolled_back or effective_now >= expires_at, expires_at_ms=expires_at)

    def renew(self) -> None:
        """A sync completed: the lease runs again from now (and forgets a clock once set ahead)."""
        now = self._wall_ms()
        with self._engine.begin() as connection:
            write_state(connection, STATE_CONTACT_MS, str(now))
            write_state(connection, STATE_HIGHEST_MS, str(now))


def _read_ms(connection: Connection, key: str) -> int | None:
    value = read_state(connection, key)
    return int(value) if value else None
