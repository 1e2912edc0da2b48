"""The hash chain of a device's audit events: how an event's place and hash are computed, and the
problems the server records when a pushed chain does not hold.

Each device numbers its own `audit_event` records 1, 2, 3, ... (`sequence`) and links each to the one
before (`prev_hash`; the first links to `GENESIS`). `hash` is SHA-256 over a canonical encoding of the
event's id, its fields, its sequence and the previous hash, so changing any of them after the fact, or
dropping, reordering or replaying an event, shows when the server checks the chain on push. Both sides
compute it here, so they can never disagree on the encoding.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

GENESIS = "0" * 64
"""The `prev_hash` of a device's first chained event."""

CHAINED_FIELDS = ("action", "subject_type", "subject_id", "at", "reason")
"""The fields an event's hash covers (everything a device writes but the chain fields themselves)."""

CLOCK_TOLERANCE_MS = 10 * 60 * 1000
"""How far an event's `at` may lie before the device's last accepted event, or after the server's time,
before it is a finding. Ten minutes: more than the drift of a laptop clock that syncs its time, far less
than a back-dating that would matter (an event moved to another day)."""


class ChainStatus(StrEnum):
    """How the server found a stored event (its server-only `chain_status` field)."""

    VERIFIED = "verified"  # in its place, unaltered, dated within the device's window
    FLAGGED = "flagged"  # stored, with one or more findings (`chain_problems`)
    UNCHAINED = "unchained"  # written by a client from before the chain (no sequence)


class ChainProblem(StrEnum):
    """What the server found wrong with a pushed event; each is recorded as a `client_audit_finding`."""

    GAP = "gap"  # the sequence jumps: events in between were dropped
    BROKEN_LINK = "broken_link"  # the right place, but prev_hash is not the hash of the event before
    ALTERED = "altered"  # the hash does not match the event's fields: changed after it was written
    REPLAYED = "replayed"  # a place the device's chain already passed (a copy, or a rolled-back profile)
    BACKDATED = "backdated"  # dated before the device's last accepted event (minus the tolerance)
    FUTURE_DATED = "future_dated"  # dated after the server's time (plus the tolerance)
    UNCHAINED_AFTER_CHAIN = "unchained_after_chain"  # no sequence from a device that already chains


def event_hash(record_id: str, fields: Mapping[str, Any], sequence: int, prev_hash: str) -> str:
    """The hash of an event at `sequence` after `prev_hash` (hex SHA-256 of a canonical JSON array)."""
    body = [
        "liaison-audit-1",
        record_id,
        *(fields.get(name) for name in CHAINED_FIELDS),
        sequence,
        prev_hash,
    ]
    encoded = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
