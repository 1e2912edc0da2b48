"""Small per-device values kept in the profile database (the `sync_state` key-value table): the
clock's last stamp and node id, the learned clock offset, sync cursors. Written in the same transaction
as what they describe."""

from __future__ import annotations

from sqlalchemy import Connection, select, text

from .models import sync_state

STATE_HLC = "hlc_last"
STATE_NODE = "hlc_node"
STATE_CLOCK_OFFSET = "clock_offset_ms"


def read_state(connection: Connection, key: str) -> str | None:
    return connection.execute(select(sync_state.c.value).where(sync_state.c.key == key)).scalar_one_or_none()


def write_state(connection: Connection, key: str, value: str) -> None:
    connection.execute(
        text("INSERT INTO sync_state (key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v"),
        {"k": key, "v": value},
    )
