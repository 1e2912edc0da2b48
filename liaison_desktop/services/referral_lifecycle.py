"""A referral's status, derived from its timeline the way the server derives it.

The status is never edited: each change is an append-only `referral_event` (from, to, note). Two devices
may both move a referral on while offline (one marks it declined, the other withdrawn), so the status is
recomputed from all events known: sorted by `created_hlc` (id breaks ties), an event takes effect only if
its `from_status` is the status at that point and the move is allowed; otherwise it is kept in the
timeline but marked not effective. Every device and the server applying this to the same events reach
the same status.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from liaison_protocol import derived
from liaison_protocol.records import REFERRAL_TRANSITIONS

INITIAL_STATUS = "draft"
FINAL_STATUSES = frozenset(status for status, nexts in REFERRAL_TRANSITIONS.items() if not nexts)
# Statuses in which a follow-up is still owed (a final status needs none).
OPEN_STATUSES = frozenset(REFERRAL_TRANSITIONS) - FINAL_STATUSES


@dataclass(frozen=True)
class Derived:
    status: str
    effective: dict[str, bool]  # event id → whether it took effect


def derive_status(events: Iterable[Mapping[str, Any]]) -> Derived:
    """The status after `events` (each with id, created_hlc, from_status, to_status)."""
    status, effective = derived.replay_referral(
        derived.TimelineEvent(e["id"], e["created_hlc"], e["from_status"], e["to_status"]) for e in events
    )
    return Derived(status, effective)


def allowed_next(status: str) -> frozenset[str]:
    """What the UI offers as the next steps from `status`."""
    return REFERRAL_TRANSITIONS.get(status, frozenset())
