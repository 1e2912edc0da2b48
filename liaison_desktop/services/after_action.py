"""After-action reviews: after an incident, a rapid review the team keeps and follows through.

A review says what happened, without personal data by default (the form asks for places and facts, not
names), which community briefing was held about it (a meeting of this team), and the lessons learned.
Its commitments are records of their own with an owner, a due date and a status, like a meeting's, so
that each promise made after an incident is tracked until it is done or dropped, and shows on the home
screen when it falls due. Reviews are team records: they sync and are scoped like meetings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from liaison_desktop.store.bulk_rows import new_ids
from liaison_desktop.store.models import record_tables
from liaison_protocol.records import FieldProblem

from . import languages
from .audit import AuditLog
from .context import ServiceContext
from .errors import ValidationFailed
from .meetings import OPEN_COMMITMENT_STATUSES
from .permissions import Access, require_type
from .record_checks import live_record, validate
from .translations import keep_translation

REVIEW, COMMITMENT = "after_action_review", "after_action_commitment"

review = record_tables[REVIEW]
commitment = record_tables[COMMITMENT]


def _iso(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()}


class AfterActionService:
    def __init__(self, context: ServiceContext, audit: AuditLog) -> None:
        self._context = context
        self._audit = audit

    def create(self, fields: dict[str, Any], commitments: list[dict[str, Any]] | None = None) -> str:
        """A new review (status open) with its commitments, in one transaction: every commitment is
        checked before anything is written, so a bad row leaves nothing half-saved."""
        require_type(self._context.actor, Access.WRITE, REVIEW)
        cleaned = self._clean({"status": "open", **fields}, creating=True)
        record_id = new_ids(1)[0]  # known before the commitments are checked, which name it
        promised = [
            self._clean_commitment({**c, "review_id": record_id}, creating=True) for c in commitments or []
        ]
        with self._context.store.write() as txn:
            self._check_briefing(txn, cleaned)
            txn.insert(REVIEW, cleaned, record_id=record_id)
            for fields_of_commitment in promised:
                txn.insert(COMMITMENT, fields_of_commitment)
            self._audit.record(txn, "created", REVIEW, record_id)
        return record_id

    def update(self, review_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        require_type(self._context.actor, Access.WRITE, REVIEW)
        cleaned = self._clean(changes, creating=False)
        with self._context.store.write() as txn:
            live_record(txn, REVIEW, review_id)
            self._check_briefing(txn, cleaned)
            updated = txn.update(REVIEW, review_id, cleaned)
            self._audit.record(txn, "changed", REVIEW, review_id)
        return updated

    def add_translation(self, review_id: str, language: str, text: str) -> None:
        """Keep a translation of what happened beside the original, never in its place."""
        keep_translation(self._context, REVIEW, review_id, language, text)

    def get(self, review_id: str) -> dict[str, Any]:
        require_type(self._context.actor, Access.READ, REVIEW)
        with self._context.store.read() as connection:
            return live_record(connection, REVIEW, review_id)

    def recent(self, *, limit: int = 500) -> list[dict[str, Any]]:
        """Reviews, open ones first, then the most recent incident first."""
        require_type(self._context.actor, Access.READ, REVIEW)
        with self._context.store.read() as connection:
            rows = connection.execute(
                select(review)
                .where(review.c.deleted.is_(False))
                .order_by((review.c.status == "closed"), review.c.incident_on.desc(), review.c.id)
                .limit(limit)
            ).mappings()
            return [dict(row) for row in rows]

    def of_briefing(self, meeting_id: str) -> list[dict[str, Any]]:
        """The reviews whose community briefing was this meeting (shown on the meeting's page)."""
        require_type(self._context.actor, Access.READ, REVIEW)
        with self._context.store.read() as connection:
            rows = connection.execute(
                select(review)
                .where(review.c.briefing_meeting_id == meeting_id, review.c.deleted.is_(False))
                .order_by(review.c.incident_on.desc())
            ).mappings()
            return [dict(row) for row in rows]

    def add_commitment(
        self,
        review_id: str,
        description: str,
        *,
        owner: str | None = None,
        due_on: dt.date | None = None,
        status: str = "open",
    ) -> str:
        require_type(self._context.actor, Access.WRITE, COMMITMENT)
        fields = self._clean_commitment(
            {
                "review_id": review_id,
                "description": description,
                "owner": owner,
                "due_on": due_on,
                "status": status,
            },
            creating=True,
        )
        with self._context.store.write() as txn:
            parent = live_record(txn, REVIEW, review_id)
            record_id = txn.insert(COMMITMENT, fields, team_id=parent["team_id"])
            self._audit.record(txn, "created", COMMITMENT, record_id)
        return record_id

    def update_commitment(self, commitment_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        require_type(self._context.actor, Access.WRITE, COMMITMENT)
        problems = [FieldProblem("review_id", "commitment.review_fixed")] if "review_id" in changes else []
        fields = self._clean_commitment(changes, creating=False, problems=problems)
        with self._context.store.write() as txn:
            live_record(txn, COMMITMENT, commitment_id)
            updated = txn.update(COMMITMENT, commitment_id, fields)
            self._audit.record(txn, "changed", COMMITMENT, commitment_id)
        return updated

    def set_commitment_status(self, commitment_id: str, status: str) -> dict[str, Any]:
        return self.update_commitment(commitment_id, {"status": status})

    def commitments_of(self, review_id: str) -> list[dict[str, Any]]:
        """A review's commitments, soonest due first (no due date last)."""
        require_type(self._context.actor, Access.READ, COMMITMENT)
        with self._context.store.read() as connection:
            rows = connection.execute(
                select(commitment)
                .where(commitment.c.review_id == review_id, commitment.c.deleted.is_(False))
                .order_by(commitment.c.due_on.is_(None), commitment.c.due_on, commitment.c.created_hlc)
            ).mappings()
            return [dict(row) for row in rows]

    def overdue_commitments(self, today: dt.date | None = None, *, limit: int = 500) -> list[dict[str, Any]]:
        """Open commitments of every review whose due date has passed, the longest overdue first."""
        require_type(self._context.actor, Access.READ, COMMITMENT)
        cutoff = (today or self._context.today()).isoformat()
        with self._context.store.read() as connection:
            rows = connection.execute(
                select(commitment)
                .where(
                    commitment.c.status.in_(OPEN_COMMITMENT_STATUSES),
                    commitment.c.due_on < cutoff,
                    commitment.c.deleted.is_(False),
                )
                .order_by(commitment.c.due_on, commitment.c.id)
                .limit(limit)
            ).mappings()
            return [dict(row) for row in rows]

    def follow_through(self, review_id: str, today: dt.date | None = None) -> FollowThrough:
        """How the review's promises stand: done, dropped, open, and open past their due date."""
        day = (today or self._context.today()).isoformat()
        counts = FollowThrough()
        for row in self.commitments_of(review_id):
            status = row.get("status") or "open"
            if status == "done":
                counts.done += 1
            elif status == "dropped":
                counts.dropped += 1
            else:
                counts.open += 1
                counts.overdue += bool(row.get("due_on") and row["due_on"] < day)
        return counts

    def _check_briefing(self, txn: Any, fields: dict[str, Any]) -> None:
        """The briefing must be a meeting this device holds (of the team), not any id."""
        meeting_id = fields.get("briefing_meeting_id")
        if meeting_id is None:
            return
        found = txn.get("meeting", meeting_id)
        if found is None or found["deleted"]:
            raise ValidationFailed(
                REVIEW, [FieldProblem("briefing_meeting_id", "after_action.unknown_meeting")]
            )

    def _clean(self, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        cleaned = _iso(fields)
        problems: list[FieldProblem] = []
        if "translations" in cleaned:
            problems.append(FieldProblem("translations", "after_action.use_add_translation"))
        for name in ("title", "neighborhood", "what_happened", "lessons"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = cleaned[name].strip() or None
        if "what_happened_language" in cleaned:
            cleaned["what_happened_language"], problem = languages.check(
                "what_happened_language", cleaned["what_happened_language"]
            )
            problems += [problem] if problem else []
        validate(REVIEW, cleaned, creating=creating, problems=problems)
        return cleaned

    @staticmethod
    def _clean_commitment(
        fields: dict[str, Any], *, creating: bool, problems: list[FieldProblem] | None = None
    ) -> dict[str, Any]:
        cleaned = {k: v for k, v in _iso(fields).items() if v is not None or not creating}
        if creating:
            cleaned.setdefault("status", "open")
        if isinstance(cleaned.get("description"), str):
            cleaned["description"] = cleaned["description"].strip()
        if isinstance(cleaned.get("owner"), str):
            cleaned["owner"] = cleaned["owner"].strip() or None
        validate(COMMITMENT, cleaned, creating=creating, problems=list(problems or []))
        return cleaned


@dataclass
class FollowThrough:
    """Counts of a review's commitments by where they stand."""

    done: int = 0
    dropped: int = 0
    open: int = 0
    overdue: int = 0
