"""How long a profile stays closed after wrong passphrases.

The delay is persisted in the profile header (failure count and a "locked until" wall-clock time), so
quitting and restarting the app does not reset it. It slows down a person guessing at the lock screen of a
borrowed laptop; it is not what protects a stolen disk (an attacker with the files runs Argon2 directly),
which is why the Argon2id cost matters more than this policy.

Time is wall-clock seconds (`time.time`), not a monotonic clock, because it must mean the same thing after
a restart. A clock set backwards could make the remaining delay look longer than any delay we ever impose,
so a stored "locked until" further ahead than the cap is pulled back to now + cap (and re-saved).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]
"""Wall-clock seconds since the epoch; injectable so tests move time instead of sleeping."""

system_clock: Clock = time.time


@dataclass(frozen=True)
class BackoffPolicy:
    """`free_attempts` failures cost nothing; each further failure doubles the wait, up to `cap_seconds`.

    Defaults: the 3rd, 4th, 5th ... wrong passphrase in a row wait 5, 10, 20 ... seconds, capped at 15
    minutes (reached after about ten failures), which keeps a typo harmless and puts a guesser at the lock
    screen well inside the "lock out after at most 5 attempts" advice (CJIS, NIST 800-63B).
    """

    free_attempts: int = 2
    first_delay_seconds: float = 5.0
    cap_seconds: float = 15 * 60.0

    def delay_after(self, failures: int) -> float:
        """Seconds to wait after the `failures`-th consecutive failure (0 while attempts are free)."""
        if failures <= self.free_attempts:
            return 0.0
        exponent = failures - self.free_attempts - 1
        # Bound the exponent before computing: 2 ** 10_000 would overflow a float.
        if exponent >= 64:
            return self.cap_seconds
        return min(self.first_delay_seconds * 2**exponent, self.cap_seconds)

    def locked_until(self, failures: int, now: float) -> float | None:
        delay = self.delay_after(failures)
        return now + delay if delay > 0 else None

    def effective_locked_until(self, locked_until: float | None, now: float) -> float | None:
        """The stored time, or now + cap when the clock moved backwards past it; None once it has passed."""
        if locked_until is None or now >= locked_until:
            return None
        return min(locked_until, now + self.cap_seconds)

    def seconds_remaining(self, locked_until: float | None, now: float) -> int:
        """Whole seconds left before the next attempt is allowed (0: go ahead)."""
        effective = self.effective_locked_until(locked_until, now)
        return 0 if effective is None else math.ceil(effective - now)


DEFAULT_POLICY = BackoffPolicy()
