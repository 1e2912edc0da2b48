"""Feedback that ambassadors carry from residents to the precinct, and the supervisors' answers.

Feedback is anonymous by default. It names a contact only with that person's recorded consent
(`contact_consent` granted and in force), else `ConsentMissing`; the consent is kept on the feedback
itself because the ambassador who hears it cannot read the team's contacts. An ambassador reads and edits
only their own feedback; supervisors read all of the team's, mark it seen and answer it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from liaison_desktop.store.models import record_tables
from liaison_protocol.records import FieldProblem, consent_is_in_force

from . import languages
from .audit import AuditLog
from .contact_fields import check_consent
from .context import ServiceContext
from .errors import ConsentMissing, NotAllowed
from .permissions import Access, reads_only_own, require_record, require_type
from .record_checks import live_record, validate

RECORD = "feedback"
# What the ambassador writes; status and answer belong to supervisors.
_AUTHOR_FIELDS = frozenset(
    {"topic", "sentiment", "text", "text_language", "neighborhood", "contact_id", "contact_consent"}
)

feedback = record_tables["feedback"]


class FeedbackService:
    def __init__(self, context: ServiceContext, audit: AuditLog) -> None:
        self._context = context
        self._audit = audit

    def record(self, fields: dict[str, Any]) -> str:
        """New feedback (status `new`). Anonymous unless `contact_id` is given with a consent in force."""
        actor = self._context.actor
        require_type(actor, Access.WRITE, RECORD)
        cleaned = self._clean(fields, creating=True)
        cleaned["status"] = "new"
        self._check_link(cleaned)
        with self._context.store.write() as txn:
            record_id = txn.insert(RECORD, cleaned, owner_id=actor.user_id)
            self._audit.record(txn, "created", RECORD, record_id)
        return record_id

    def update(self, feedback_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """The author's edits of their own feedback (topic, text, link, ...)."""
        cleaned = self._clean(changes, creating=False)
        with self._context.store.write() as txn:
            current = live_record(txn, RECORD, feedback_id)
            self._require_author(current)
            self._check_link({**current, **cleaned})
            updated = txn.update(RECORD, feedback_id, cleaned)
            self._audit.record(txn, "changed", RECORD, feedback_id)
        return updated

    def link_contact(self, feedback_id: str, contact_id: str, consent: dict[str, Any]) -> dict[str, Any]:
        return self.update(feedback_id, {"contact_id": contact_id, "contact_consent": consent})

    def mark_seen(self, feedback_id: str) -> dict[str, Any]:
        return self._answerer_update(feedback_id, {"status": "seen"}, only_if_new=True)

    def answer(self, feedback_id: str, text: str, language: str | None = None) -> dict[str, Any]:
        code, problem = languages.check("answer_language", language)
        changes = {"status": "answered", "answer": text, **({"answer_language": code} if code else {})}
        validate(RECORD, changes, creating=False, problems=[problem] if problem else [])
        return self._answerer_update(feedback_id, changes)

    def get(self, feedback_id: str) -> dict[str, Any]:
        with self._context.store.read() as connection:
            record = live_record(connection, RECORD, feedback_id)
        require_record(self._context.actor, Access.READ, RECORD, record)
        return record

    def list(
        self, *, status: str | None = None, limit: int = 200, before_hlc: str | None = None
    ) -> list[dict[str, Any]]:
        """Newest first. An ambassador gets only their own; a supervisor the team's."""
        actor = self._context.actor
        require_type(actor, Access.READ, RECORD)
        statement = select(feedback).where(feedback.c.deleted.is_(False))
        if reads_only_own(actor.role, RECORD):
            statement = statement.where(
                (feedback.c.owner_id == actor.user_id)
                | (feedback.c.owner_id.is_(None) & (feedback.c.author_id == actor.user_id))
            )
        if status:
            statement = statement.where(feedback.c.status == status)
        if before_hlc:
            statement = statement.where(feedback.c.created_hlc < before_hlc)
        with self._context.store.read() as connection:
            rows = connection.execute(
                statement.order_by(feedback.c.created_hlc.desc()).limit(limit)
            ).mappings()
            return [dict(row) for row in rows]

    def _answerer_update(
        self, feedback_id: str, changes: dict[str, Any], *, only_if_new: bool = False
    ) -> dict[str, Any]:
        actor = self._context.actor
        if actor.role != "supervisor":
            raise NotAllowed(role=actor.role, action="answer", record_type=RECORD)
        with self._context.store.write() as txn:
            current = live_record(txn, RECORD, feedback_id)
            if only_if_new and current["status"] != "new":
                return current
            updated = txn.update(RECORD, feedback_id, changes)
            self._audit.record(txn, "changed", RECORD, feedback_id)
        return updated

    def _require_author(self, record: dict[str, Any]) -> None:
        actor = self._context.actor
        require_record(actor, Access.WRITE, RECORD, record)
        if (
            actor.role != "ambassador"
            and (record.get("owner_id") or record.get("author_id")) != actor.user_id
        ):
            # Supervisors answer feedback; they do not rewrite what an ambassador recorded.
            raise NotAllowed(role=actor.role, action="write", record_type=RECORD)

    def _check_link(self, fields: dict[str, Any]) -> None:
        if not fields.get("contact_id"):
            return
        if not consent_is_in_force(fields.get("contact_consent"), self._context.today()):
            raise ConsentMissing(consent="contact_consent", contact_id=fields["contact_id"])

    def _clean(self, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        require_type(self._context.actor, Access.WRITE, RECORD)
        cleaned = dict(fields)
        problems = [
            FieldProblem(name, "feedback.not_editable") for name in fields if name not in _AUTHOR_FIELDS
        ]
        if "text_language" in cleaned:
            cleaned["text_language"], problem = languages.check("text_language", cleaned["text_language"])
            problems += [problem] if problem else []
        if cleaned.get("contact_consent") is not None:
            problem = check_consent("contact_consent", cleaned["contact_consent"])
            problems += [problem] if problem else []
        validate(RECORD, cleaned, creating=creating, problems=problems)
        return cleaned
