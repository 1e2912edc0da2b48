"""Community meetings (town halls, listening sessions, ...) and the commitments made at them.

Commitments are records of their own (owner, due date, status) so that each promise is tracked until it
is done or dropped: `open_commitments` and `overdue_commitments` feed the boards where nothing may fall
through the cracks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from liaison_desktop.store.models import record_tables
from liaison_protocol.records import FieldProblem

from . import languages
from .audit import AuditLog
from .contact_fields import clean_text_list
from .context import ServiceContext
from .permissions import Access, require_type
from .record_checks import live_record, validate
from .translations import keep_translation

MEETING, COMMITMENT = "meeting", "commitment"
OPEN_COMMITMENT_STATUSES = ("open", "in_progress")

meeting = record_tables["meeting"]
commitment = record_tables["commitment"]


def _iso(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()}


class MeetingService:
    def __init__(self, context: ServiceContext, audit: AuditLog) -> None:
        self._context = context
        self._audit = audit

    def create(self, fields: dict[str, Any]) -> str:
        require_type(self._context.actor, Access.WRITE, MEETING)
        cleaned = self._clean(fields, creating=True)
        with self._context.store.write() as txn:
            record_id = txn.insert(MEETING, cleaned)
            self._audit.record(txn, "created", MEETING, record_id)
        return record_id

    def update(self, meeting_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        require_type(self._context.actor, Access.WRITE, MEETING)
        cleaned = self._clean(changes, creating=False)
        with self._context.store.write() as txn:
            live_record(txn, MEETING, meeting_id)
            updated = txn.update(MEETING, meeting_id, cleaned)
            self._audit.record(txn, "changed", MEETING, meeting_id)
        return updated

    def add_translation(self, meeting_id: str, language: str, text: str) -> None:
        """Keep a translation of the concerns beside the original."""
        keep_translation(self._context, MEETING, meeting_id, language, text)

    def get(self, meeting_id: str) -> dict[str, Any]:
        require_type(self._context.actor, Access.READ, MEETING)
        with self._context.store.read() as connection:
            return live_record(connection, MEETING, meeting_id)

    def add_commitment(
        self,
        meeting_id: str,
        description: str,
        *,
        owner: str | None = None,
        due_on: dt.date | None = None,
        status: str = "open",
    ) -> str:
        require_type(self._context.actor, Access.WRITE, COMMITMENT)
        fields = _iso(
            {
                "meeting_id": meeting_id,
                "description": description,
                "owner": owner,
                "due_on": due_on,
                "status": status,
            }
        )
        fields = {k: v for k, v in fields.items() if v is not None}
        validate(COMMITMENT, fields, creating=True)
        with self._context.store.write() as txn:
            parent = live_record(txn, MEETING, meeting_id)
            record_id = txn.insert(COMMITMENT, fields, team_id=parent["team_id"])
            self._audit.record(txn, "created", COMMITMENT, record_id)
        return record_id

    def update_commitment(self, commitment_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        require_type(self._context.actor, Access.WRITE, COMMITMENT)
        fields = _iso(changes)
        problems = [FieldProblem("meeting_id", "commitment.meeting_fixed")] if "meeting_id" in fields else []
        validate(COMMITMENT, fields, creating=False, problems=problems)
        with self._context.store.write() as txn:
            live_record(txn, COMMITMENT, commitment_id)
            updated = txn.update(COMMITMENT, commitment_id, fields)
            self._audit.record(txn, "changed", COMMITMENT, commitment_id)
        return updated

    def set_commitment_status(self, commitment_id: str, status: str) -> dict[str, Any]:
        return self.update_commitment(commitment_id, {"status": status})

    def commitments_of(self, meeting_id: str) -> list[dict[str, Any]]:
        require_type(self._context.actor, Access.READ, COMMITMENT)
        with self._context.store.read() as connection:
            rows = connection.execute(
                select(commitment)
                .where(commitment.c.meeting_id == meeting_id, commitment.c.deleted.is_(False))
                .order_by(commitment.c.due_on, commitment.c.created_hlc)
            ).mappings()
            return [dict(row) for row in rows]

    def open_commitments(self, *, limit: int = 500) -> list[dict[str, Any]]:
        """Commitments not yet done or dropped, soonest due first (no due date last)."""
        return self._commitments(None, limit)

    def overdue_commitments(self, today: dt.date | None = None, *, limit: int = 500) -> list[dict[str, Any]]:
        """Open commitments whose due date has passed."""
        return self._commitments((today or self._context.today()).isoformat(), limit)

    def _commitments(self, due_before: str | None, limit: int) -> list[dict[str, Any]]:
        require_type(self._context.actor, Access.READ, COMMITMENT)
        statement = select(commitment).where(
            commitment.c.status.in_(OPEN_COMMITMENT_STATUSES), commitment.c.deleted.is_(False)
        )
        if due_before is not None:
            statement = statement.where(commitment.c.due_on < due_before)
        with self._context.store.read() as connection:
            rows = connection.execute(
                statement.order_by(commitment.c.due_on.is_(None), commitment.c.due_on, commitment.c.id).limit(
                    limit
                )
            ).mappings()
            return [dict(row) for row in rows]

    def _clean(self, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        cleaned = _iso(fields)
        problems: list[FieldProblem] = []
        if "translations" in cleaned:
            problems.append(FieldProblem("translations", "meeting.use_add_translation"))
        for name in ("facilitators", "organizations"):
            if name in cleaned:
                cleaned[name] = clean_text_list(cleaned[name])
        if "languages" in cleaned:
            cleaned["languages"], problem = languages.check_list("languages", cleaned["languages"])
            problems += [problem] if problem else []
        if "concerns_language" in cleaned:
            cleaned["concerns_language"], problem = languages.check(
                "concerns_language", cleaned["concerns_language"]
            )
            problems += [problem] if problem else []
        validate(MEETING, cleaned, creating=creating, problems=problems)
        return cleaned
