"""What the feedback screens read: an ambassador's own feedback with its status, and the supervisors'
board of feedback still waiting for an answer.

`FeedbackService` owns the rules (who reads whose feedback, who answers); this module only turns its reads
into rows a screen shows as they are (the moment it was recorded, read from its clock stamp) and orders
them. The board puts what nobody at the precinct has looked at yet first, then the oldest first, so the
feedback that has waited longest is the one in front of the supervisor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from liaison_protocol.hlc import wall_ms_of

if TYPE_CHECKING:
    from .workspace import Workspace

AWAITING_ANSWER = ("new", "seen")
MINE_LIMIT = 200


@dataclass(frozen=True)
class FeedbackRow:
    id: str
    topic: str
    sentiment: str
    text: str
    text_language: str | None
    neighborhood: str
    linked: bool  # names a resident (with their recorded consent)
    status: str  # new, seen, answered
    answer: str
    answer_language: str | None
    recorded_at: dt.datetime  # UTC, from the record's clock stamp

    @classmethod
    def of(cls, record: dict[str, Any]) -> FeedbackRow:
        return cls(
            id=record["id"],
            topic=record.get("topic") or "",
            sentiment=record.get("sentiment") or "",
            text=record.get("text") or "",
            text_language=record.get("text_language"),
            neighborhood=record.get("neighborhood") or "",
            linked=bool(record.get("contact_id")),
            status=record.get("status") or "new",
            answer=record.get("answer") or "",
            answer_language=record.get("answer_language"),
            recorded_at=dt.datetime.fromtimestamp(wall_ms_of(record["created_hlc"]) / 1000, dt.UTC),
        )


class FeedbackBoard:
    def __init__(self, workspace: Workspace) -> None:
        self._feedback = workspace.feedback

    def mine(self, limit: int = MINE_LIMIT) -> list[FeedbackRow]:
        """The caller's own feedback, newest first (the service keeps an ambassador to their own)."""
        return [FeedbackRow.of(record) for record in self._feedback.list(limit=limit)]

    def awaiting_answer(self) -> list[FeedbackRow]:
        """Feedback of the team not answered yet: unseen first, then seen; the oldest first in each."""
        waiting = [record for status in AWAITING_ANSWER for record in self._feedback.list(status=status)]
        waiting.sort(key=lambda record: (AWAITING_ANSWER.index(record["status"]), record["created_hlc"]))
        return [FeedbackRow.of(record) for record in waiting]

    def get(self, feedback_id: str) -> FeedbackRow:
        return FeedbackRow.of(self._feedback.get(feedback_id))
