"""Checking each device's audit-event hash chain on push (`liaison_protocol.audit_chain`).

A pushed event is always stored (an audit trail must not lose events), with its `chain_status` and
`chain_problems`; every problem is also a `client_audit_finding` in the server's own trail, naming the
device, the event's id and sequence and the problem, never the event's contents. The head moves forward
with every event that claims a later place, so one dropped, altered or back-dated event is one finding,
not a finding for every event after it.

Events without a sequence come from clients older than the chain: stored as `unchained`; a finding only
when the device already chains (a forger leaving the chain out, or a downgraded client).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_protocol.audit_chain import (
    CLOCK_TOLERANCE_MS,
    GENESIS,
    ChainProblem,
    ChainStatus,
    event_hash,
)
from liaison_protocol.server_audit import ServerAuditAction
from liaison_server import server_audit
from liaison_server.models import AuditChainHead

_HEX_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass
class _Head:
    sequence: int
    hash: str
    at_ms: int | None
    row: AuditChainHead | None


class ChainChecker:
    """One push's view of one device's chain: loaded (and locked) on first use, written at the end."""

    def __init__(self, session: Session, device_id: str, user_id: str, now_ms: int) -> None:
        self._session = session
        self._device_id = device_id
        self._user_id = user_id
        self._now_ms = now_ms
        self._head: _Head | None = None
        self._moved = False

    def _load(self) -> _Head:
        if self._head is None:
            row = self._session.scalars(
                select(AuditChainHead).where(AuditChainHead.device_id == self._device_id).with_for_update()
            ).one_or_none()
            if row is None:
                self._head = _Head(0, GENESIS, None, None)
            else:
                self._head = _Head(row.last_sequence, row.last_hash, row.last_at_ms, row)
        return self._head

    def check(self, record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """The server fields of a new event (`chain_status`, `chain_problems`); records its findings."""
        head = self._load()
        sequence = fields.get("sequence")
        problems: list[ChainProblem] = []
        if sequence is None:
            if head.sequence == 0:
                return {"chain_status": ChainStatus.UNCHAINED.value, "chain_problems": []}
            problems.append(ChainProblem.UNCHAINED_AFTER_CHAIN)
        elif sequence <= head.sequence:
            problems.append(ChainProblem.REPLAYED)  # earlier hashes are not kept: nothing more to check
        else:
            claimed = fields.get("hash")
            if sequence != head.sequence + 1:
                problems.append(ChainProblem.GAP)
            elif fields.get("prev_hash") != head.hash:
                problems.append(ChainProblem.BROKEN_LINK)
            prev_hash = fields.get("prev_hash")
            if (
                not isinstance(claimed, str)
                or not isinstance(prev_hash, str)
                or not _HEX_HASH.fullmatch(claimed)
                or event_hash(record_id, fields, sequence, prev_hash) != claimed
            ):
                problems.append(ChainProblem.ALTERED)
            at_ms = _at_ms(fields.get("at"))
            dated_ok = True
            if at_ms is not None and head.at_ms is not None and at_ms < head.at_ms - CLOCK_TOLERANCE_MS:
                problems.append(ChainProblem.BACKDATED)
                dated_ok = False
            if at_ms is not None and at_ms > self._now_ms + CLOCK_TOLERANCE_MS:
                problems.append(ChainProblem.FUTURE_DATED)
                dated_ok = False
            head.sequence = sequence
            head.hash = claimed if isinstance(claimed, str) else ""
            if dated_ok and at_ms is not None and (head.at_ms is None or at_ms > head.at_ms):
                head.at_ms = at_ms
            self._moved = True
        for problem in problems:
            server_audit.record(
                self._session,
                ServerAuditAction.CLIENT_AUDIT_FINDING,
                self._now_ms,
                actor_user_id=self._user_id,
                actor_device_id=self._device_id,
                event_id=record_id,
                sequence=sequence,
                problem=problem.value,
            )
        status = ChainStatus.FLAGGED if problems else ChainStatus.VERIFIED
        if sequence is None and not problems:
            status = ChainStatus.UNCHAINED
        return {"chain_status": status.value, "chain_problems": [p.value for p in problems]}

    def save(self) -> None:
        """Write the head where this push left it (in the push's transaction)."""
        head = self._head
        if head is None or not self._moved:
            return
        if head.row is None:
            head.row = AuditChainHead(device_id=self._device_id)
            self._session.add(head.row)
        head.row.last_sequence = head.sequence
        head.row.last_hash = head.hash
        head.row.last_at_ms = head.at_ms
        head.row.updated_ms = self._now_ms


def _at_ms(value: Any) -> int | None:
    """An event's `at` (validated ISO 8601 with offset) in epoch milliseconds."""
    try:
        return int(dt.datetime.fromisoformat(value).timestamp() * 1000)
    except (TypeError, ValueError):
        return None
