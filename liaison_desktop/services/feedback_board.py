"""What the feedback screens read: an ambassador's own feedback with its status, and the supervisors'
board of feedback still waiting for an answer.

`FeedbackService` owns the rules (who reads whose feedback, who answers); this module only orders its
reads for the screens. The board puts what nobody at the precinct has looked at yet first, then the
oldest first, so the feedback that has waited longest is the one in front of the supervisor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .workspace import Workspace

AWAITING_ANSWER = ("new", "seen")
MINE_LIMIT = 200


class FeedbackBoard:
    def __init__(self, workspace: Workspace) -> None:
        self._feedback = workspace.feedback

    def mine(self, limit: int = MINE_LIMIT) -> list[dict[str, Any]]:
        """The caller's own feedback, newest first (the service keeps an ambassador to their own)."""
        return self._feedback.list(limit=limit)

    def awaiting_answer(self) -> list[dict[str, Any]]:
        """Feedback of the team not answered yet: unseen first, then seen; the oldest first in each."""
        waiting = [row for status in AWAITING_ANSWER for row in self._feedback.list(status=status)]
        return sorted(waiting, key=lambda row: (AWAITING_ANSWER.index(row["status"]), row["created_hlc"]))

    def get(self, feedback_id: str) -> dict[str, Any]:
        return self._feedback.get(feedback_id)
