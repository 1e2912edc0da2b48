"""Recording a meeting as the new-meeting page submits it: the meeting and the commitments made there.

Every commitment is checked before anything is written, so a commitment the rules refuse never leaves a
meeting saved without the rest of what was promised at it. Attendance is a count (and the facilitators and
organizations present), never a list of the residents who came.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from liaison_protocol.records import FieldProblem, check_fields

from .errors import ValidationFailed
from .meetings import COMMITMENT

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(frozen=True)
class NewCommitment:
    description: str
    owner: str = ""
    due_on: dt.date | None = None


def _fields(commitment: NewCommitment) -> dict[str, Any]:
    fields: dict[str, Any] = {"description": commitment.description.strip()}
    if commitment.owner.strip():
        fields["owner"] = commitment.owner.strip()
    if commitment.due_on is not None:
        fields["due_on"] = commitment.due_on.isoformat()
    return fields


def commitment_problems(commitment: NewCommitment) -> list[FieldProblem]:
    """What is wrong with a commitment before it is added to a form (a description is required)."""
    fields = _fields(commitment)
    problems = check_fields(COMMITMENT, fields, creating=False)
    if fields["description"]:
        return problems
    return [FieldProblem("description", "field.required")] + [p for p in problems if p.field != "description"]


def record_meeting(workspace: Workspace, fields: dict[str, Any], commitments: list[NewCommitment]) -> str:
    """Create the meeting, then its commitments (each `open`); returns the meeting's id.

    `ValidationFailed` for the commitments (record type "commitment") before anything is written; the
    meeting's own problems come from `MeetingService.create`, also before anything is written."""
    problems = [problem for commitment in commitments for problem in commitment_problems(commitment)]
    if problems:
        raise ValidationFailed(COMMITMENT, problems)
    meeting_id = workspace.meetings.create(fields)
    for commitment in commitments:
        cleaned = _fields(commitment)
        workspace.meetings.add_commitment(
            meeting_id, cleaned["description"], owner=cleaned.get("owner"), due_on=commitment.due_on
        )
    return meeting_id
