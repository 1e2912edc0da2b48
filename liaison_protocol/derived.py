"""Fields derived from other records, computed identically by the server and every device.

A referral's status comes from its timeline of `referral_event`s; an encounter's review status from its
reviews and correcting amendments. Both sides replay the same records with these functions, so a
device that applies a pulled page reaches the very value the server stored, whatever order the
records arrived in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .records import is_valid_referral_transition

# An amendment with this reason adds a translation: it is not a correction of the note.
TRANSLATION_REASON = "translation"


@dataclass(frozen=True)
class TimelineEvent:
    record_id: str
    hlc: str
    from_status: str
    to_status: str


def replay_referral(events: Iterable[TimelineEvent]) -> tuple[str, dict[str, bool]]:
    """The referral's status, and which events took effect, replaying its timeline in clock order.

    Only an event that starts from the status reached so far takes effect, so two concurrent changes
    from the same status (one device sends, another withdraws) resolve the same way everywhere and in
    every arrival order: the earlier by clock wins; the other stays in the timeline, not effective.
    """
    status = "draft"
    effective: dict[str, bool] = {}
    for event in sorted(events, key=lambda e: (e.hlc, e.record_id)):
        takes = event.from_status == status and is_valid_referral_transition(
            event.from_status, event.to_status
        )
        effective[event.record_id] = takes
        if takes:
            status = event.to_status
    return status, effective


@dataclass(frozen=True)
class ReviewDecision:
    record_id: str
    hlc: str
    decision: str


def review_status(reviews: Iterable[ReviewDecision], correction_hlcs: Iterable[str]) -> str:
    """`pending` until reviewed; then the latest review's decision, except that a returned encounter
    corrected (amended, not merely translated) after the return is pending again: back in the queue."""
    ordered = sorted(reviews, key=lambda r: (r.hlc, r.record_id))
    if not ordered:
        return "pending"
    latest = ordered[-1]
    if latest.decision == "returned" and any(stamp > latest.hlc for stamp in correction_hlcs):
        return "pending"
    return latest.decision
