"""Hybrid logical clock timestamps (Kulkarni et al., 2014).

A timestamp is (wall milliseconds, counter, node). It is encoded as a fixed-width string so that plain
string comparison is clock order, with the node id as the final tie-breaker; both SQL and Python can sort
it without parsing. Never show one to a person as a time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

# A remote timestamp further ahead of our wall clock than this is not allowed to drag our clock forward:
# one device with a wrong clock must not push every other device into the future.
MAX_FORWARD_DRIFT_MS = 5 * 60 * 1000

_PATTERN = re.compile(r"^(\d{13})-(\d{6})-([0-9a-z]{1,32})$")
MAX_COUNTER = 999_999


class InvalidTimestamp(ValueError):
    """A string that is not an encoded hybrid logical clock timestamp."""


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:06d}-{self.node}"

    @staticmethod
    def parse(text: str) -> Timestamp:
        match = _PATTERN.match(text or "")
        if not match:
            raise InvalidTimestamp(text)
        return Timestamp(int(match.group(1)), int(match.group(2)), match.group(3))

    def __str__(self) -> str:
        return self.encode()


def is_valid(text: object) -> bool:
    return isinstance(text, str) and bool(_PATTERN.match(text))


def wall_ms_of(text: str) -> int:
    return Timestamp.parse(text).wall_ms


class HybridClock:
    """One node's clock. `now()` for local events, `observe()` for timestamps received from elsewhere.

    `offset_ms` corrects a wrong system clock: the sync engine learns it from the server's time and
    persists it, so a laptop whose clock is a day off still stamps edits near true time.
    """

    def __init__(
        self,
        node: str,
        last: str | None = None,
        offset_ms: int = 0,
        wall: Callable[[], float] = time.time,
    ) -> None:
        if not re.fullmatch(r"[0-9a-z]{1,32}", node):
            raise ValueError("node id must be 1-32 lowercase letters or digits")
        self.node = node
        self.offset_ms = offset_ms
        self._wall = wall
        parsed = Timestamp.parse(last) if last else None
        self._wall_ms = parsed.wall_ms if parsed else 0
        self._counter = parsed.counter if parsed else 0

    def physical_ms(self) -> int:
        return int(self._wall() * 1000) + self.offset_ms

    def now(self) -> str:
        physical = self.physical_ms()
        if physical > self._wall_ms:
            self._wall_ms, self._counter = physical, 0
        else:
            self._tick()
        return self.last()

    def observe(self, remote: str) -> str:
        """Merge a received timestamp so that our next local event orders after it."""
        other = Timestamp.parse(remote)
        physical = self.physical_ms()
        remote_wall = min(other.wall_ms, physical + MAX_FORWARD_DRIFT_MS)
        remote_counter = other.counter if remote_wall == other.wall_ms else 0
        top = max(self._wall_ms, remote_wall, physical)
        if top == self._wall_ms == remote_wall:
            self._counter = max(self._counter, remote_counter)
            self._tick()
        elif top == self._wall_ms:
            self._tick()
        elif top == remote_wall:
            self._wall_ms, self._counter = top, remote_counter
            self._tick()
        else:
            self._wall_ms, self._counter = top, 0
        return self.last()

    def _tick(self) -> None:
        if self._counter >= MAX_COUNTER:
            self._wall_ms, self._counter = self._wall_ms + 1, 0
        else:
            self._counter += 1

    def last(self) -> str:
        return Timestamp(self._wall_ms, self._counter, self.node).encode()


def clamp_to(text: str, now_ms: int, max_ahead_ms: int = MAX_FORWARD_DRIFT_MS) -> str:
    """`text`, its wall time pulled back to at most `max_ahead_ms` past `now_ms`.

    The server applies this to incoming timestamps: a laptop whose clock runs days ahead would otherwise
    win every concurrent edit until real time caught up.
    """
    stamp = Timestamp.parse(text)
    limit = now_ms + max_ahead_ms
    if stamp.wall_ms <= limit:
        return text
    return Timestamp(limit, stamp.counter, stamp.node).encode()
