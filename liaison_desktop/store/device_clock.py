"""The device's hybrid logical clock, persisted so a clock set backwards after a restart cannot reorder
edits."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

from sqlalchemy import Connection, Engine

from liaison_protocol.hlc import HybridClock

from .device_state import STATE_CLOCK_OFFSET, STATE_HLC, STATE_NODE, read_state, write_state


class DeviceClock:
    """The device's hybrid logical clock, persisted in `sync_state` by every transaction that ticks it.

    The node id is generated on first use and kept in the profile database, so a copied disk image of
    another laptop would need this very database to collide.
    """

    def __init__(self, engine: Engine, wall: Callable[[], float] = time.time) -> None:
        self._lock = threading.Lock()
        with engine.begin() as connection:
            node = read_state(connection, STATE_NODE)
            if node is None:
                node = uuid.uuid4().hex
                write_state(connection, STATE_NODE, node)
            last = read_state(connection, STATE_HLC)
            offset = int(read_state(connection, STATE_CLOCK_OFFSET) or 0)
        self._clock = HybridClock(node, last=last, offset_ms=offset, wall=wall)

    @property
    def node(self) -> str:
        return self._clock.node

    def tick(self, connection: Connection) -> str:
        return self.tick_many(connection, 1)[0]

    def tick_many(self, connection: Connection, count: int) -> list[str]:
        """`count` increasing timestamps, persisting only the last (same transaction as their use)."""
        with self._lock:
            stamps = [self._clock.now() for _ in range(count)]
        if stamps:
            write_state(connection, STATE_HLC, stamps[-1])
        return stamps

    def observe(self, connection: Connection, remote: str) -> None:
        with self._lock:
            stamp = self._clock.observe(remote)
        write_state(connection, STATE_HLC, stamp)

    def set_offset(self, connection: Connection, offset_ms: int) -> None:
        with self._lock:
            self._clock.offset_ms = offset_ms
        write_state(connection, STATE_CLOCK_OFFSET, str(offset_ms))

    @property
    def offset_ms(self) -> int:
        return self._clock.offset_ms
