"""Supervisors' reviews of submitted encounters: approve, or return with a comment.

A review is an append-only record; the encounter's `review_status` is derived from its reviews and
amendments and stored with `set_derived` (never pushed). The rule, which the server applies the same
way: no review yet → pending; otherwise the latest review's decision, except that a returned encounter
amended after that return is pending again (the officer answered the return; it is back in the queue).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from liaison_desktop.store.models import record_tables
from liaison_desktop.store.record_store import WriteTxn
from liaison_protocol import derived

from . import languages
from .audit import AuditLog
from .context import ServiceContext
from .errors import NotSubmitted
from .permissions import Access, require_record, require_type
from .record_checks import live_record, validate

RECORD = "review"
PENDING = "pending"
TRANSLATION_REASON = derived.TRANSLATION_REASON

encounter = record_tables["encounter"]
review = record_tables["review"]
amendment = record_tables["amendment"]


def derive_review_status(
    reviews: Iterable[Mapping[str, Any]], amendments: Iterable[Mapping[str, Any]]
) -> str:
    """The review status from an encounter's reviews (id, created_hlc, decision) and correcting
    amendments (created_hlc); a translation appended after submission is not a correction."""
    return derived.review_status(
        (derived.ReviewDecision(r["id"], r["created_hlc"], r["decision"]) for r in reviews),
        [a["created_hlc"] for a in amendments],
    )


def rederive_review_status(txn: WriteTxn, encounter_id: str) -> str:
    """Recompute and store an encounter's review status. Called after a review or an amendment, and by
    sync after pulling either."""
    reviews = (
        txn.connection.execute(
            select(review.c.id, review.c.created_hlc, review.c.decision).where(
                review.c.encounter_id == encounter_id, review.c.deleted.is_(False)
            )
        )
        .mappings()
        .all()
    )
    corrections = (
        txn.connection.execute(
            select(amendment.c.created_hlc).where(
                amendment.c.encounter_id == encounter_id,
                amendment.c.deleted.is_(False),
                (amendment.c.reason.is_(None)) | (amendment.c.reason != TRANSLATION_REASON),
            )
        )
        .mappings()
        .all()
    )
    status = derive_review_status(reviews, corrections)
    txn.set_derived("encounter", encounter_id, {"review_status": status})
    return status


# An encounter holds no follow-up date: a follow-up promised at an encounter this many days ago that is
# still waiting for review is overdue (the supervisor should ask whether it happened).
FOLLOW_UP_DAYS = 7
QUEUE_LIMIT = 1000


@dataclass(frozen=True)
class ReviewQueueFilter:
    """Which submitted notes awaiting review to list; every field given must match. Dates are the day
    the encounter happened where it happened (its own UTC offset), both ends included."""

    officer_id: str | None = None
    neighborhood: str | None = None
    language: str | None = None
    adverse_only: bool = False
    follow_up_only: bool = False
    overdue_only: bool = False
    occurred_from: dt.date | None = None
    occurred_to: dt.date | None = None

    @property
    def narrows(self) -> bool:
        return self != ReviewQueueFilter()


def follow_up_overdue(record: Mapping[str, Any], today: dt.date) -> bool:
    """Whether the encounter asked for a follow-up more than `FOLLOW_UP_DAYS` days before `today`."""
    if not record.get("follow_up_needed"):
        return False
    return (today - _day_of(record)).days > FOLLOW_UP_DAYS


def _day_of(record: Mapping[str, Any]) -> dt.date:
    return dt.datetime.fromisoformat(record["occurred_at"]).date()


def _moment_of(record: Mapping[str, Any]) -> dt.datetime:
    moment = dt.datetime.fromisoformat(record["occurred_at"])
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def queue_order(record: Mapping[str, Any]) -> tuple[bool, bool, dt.datetime, str]:
    """Adverse interactions first, then overdue follow-ups, then oldest first (`overdue_follow_up` is
    set by `ReviewService.queue`)."""
    return (
        not record.get("adverse_interaction"),
        not record.get("overdue_follow_up"),
        _moment_of(record),
        record["id"],
    )


def _awaiting_review() -> Any:
    return select().where(
        encounter.c.status == "submitted",
        encounter.c.review_status == PENDING,
        encounter.c.deleted.is_(False),
    )


class ReviewService:
    def __init__(self, context: ServiceContext, audit: AuditLog) -> None:
        self._context = context
        self._audit = audit

    def review(
        self,
        encounter_id: str,
        decision: str,
        *,
        comment: str | None = None,
        comment_language: str | None = None,
    ) -> str:
        """Record a supervisor's decision (`approved` or `returned`); returns the new review status.
        `NotAllowed` for any other role; `NotSubmitted` for a draft."""
        actor = self._context.actor
        require_type(actor, Access.WRITE, RECORD)
        fields: dict[str, Any] = {"encounter_id": encounter_id, "decision": decision}
        if comment:
            fields["comment"] = comment
        code, problem = languages.check("comment_language", comment_language)
        if code:
            fields["comment_language"] = code
        validate(RECORD, fields, creating=True, problems=[problem] if problem else [])
        with self._context.store.write() as txn:
            subject = live_record(txn, "encounter", encounter_id)
            require_record(actor, Access.READ, "encounter", subject)
            if subject["status"] != "submitted":
                raise NotSubmitted(record_id=encounter_id, status=subject["status"])
            txn.insert(RECORD, fields, team_id=subject["team_id"], owner_id=subject["owner_id"])
            status = rederive_review_status(txn, encounter_id)
        return status

    def reviews_of(self, encounter_id: str) -> list[dict[str, Any]]:
        """An encounter's reviews, oldest first: its author and the supervisors read them."""
        with self._context.store.read() as connection:
            subject = live_record(connection, "encounter", encounter_id)
            require_record(self._context.actor, Access.READ, RECORD, {}, parent=subject)
            rows = connection.execute(
                select(review)
                .where(review.c.encounter_id == encounter_id, review.c.deleted.is_(False))
                .order_by(review.c.created_hlc, review.c.id)
            ).mappings()
            return [dict(row) for row in rows]

    def queue(
        self, where: ReviewQueueFilter | None = None, *, limit: int = QUEUE_LIMIT
    ) -> list[dict[str, Any]]:
        """Submitted encounters awaiting review in `queue_order`, each with `overdue_follow_up`; without
        their notes (opening one is a `view`). Dates, overdue follow-ups and the order are worked out
        here rather than in SQL: `occurred_at` keeps each encounter's own offset, and a team's queue is
        hundreds of rows at most."""
        require_type(self._context.actor, Access.WRITE, RECORD)
        where = where or ReviewQueueFilter()
        columns = [c for c in encounter.c if c.name not in ("summary", "translations")]
        statement = _awaiting_review().add_columns(*columns)
        if where.officer_id:
            statement = statement.where(encounter.c.author_id == where.officer_id)
        if where.neighborhood:
            statement = statement.where(encounter.c.neighborhood == where.neighborhood)
        if where.language:
            statement = statement.where(encounter.c.language == where.language)
        if where.adverse_only:
            statement = statement.where(encounter.c.adverse_interaction.is_(True))
        if where.follow_up_only or where.overdue_only:
            statement = statement.where(encounter.c.follow_up_needed.is_(True))
        with self._context.store.read() as connection:
            rows = [dict(row) for row in connection.execute(statement.limit(QUEUE_LIMIT)).mappings()]
        today = self._context.now().date()
        kept = []
        for row in rows:
            row["overdue_follow_up"] = follow_up_overdue(row, today)
            if where.overdue_only and not row["overdue_follow_up"]:
                continue
            if where.occurred_from and _day_of(row) < where.occurred_from:
                continue
            if where.occurred_to and _day_of(row) > where.occurred_to:
                continue
            kept.append(row)
        return sorted(kept, key=queue_order)[:limit]

    def queue_size(self) -> int:
        """How many submitted encounters await review, whatever a filter would show."""
        require_type(self._context.actor, Access.WRITE, RECORD)
        with self._context.store.read() as connection:
            return int(connection.execute(_awaiting_review().add_columns(func.count())).scalar_one())
