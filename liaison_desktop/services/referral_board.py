"""What the referral screens read: my referrals (overdue follow-ups first), the directory filtered for a
referral, whether a contact's consent to share is in force and why not.

`ReferralService` and `DirectoryService` own the rules and the writes; this module only assembles their
reads into rows a screen can show without a query of its own (names instead of ids, the overdue flag).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from liaison_desktop.store.models import record_tables

from .directory import DirectoryFilter
from .opening_hours import is_open_at
from .permissions import Access, require_type
from .record_labels import record_label
from .referral_lifecycle import OPEN_STATUSES

if TYPE_CHECKING:
    from .workspace import Workspace

referral = record_tables["referral"]
contact = record_tables["contact"]
service = record_tables["service"]


@dataclass(frozen=True)
class ReferralRow:
    id: str
    contact_id: str
    contact_name: str
    service_name: str
    status: str
    follow_up_on: dt.date | None
    overdue: bool


@dataclass(frozen=True)
class ConsentState:
    """Whether the contact's consent to share is in force today, and if not why: `missing` (never
    recorded), `refused` (recorded as not granted) or `expired` (with the day it ended)."""

    in_force: bool
    reason: str | None = None
    expired_on: dt.date | None = None


def consent_state(consent: dict[str, Any] | None, today: dt.date) -> ConsentState:
    if not consent:
        return ConsentState(False, "missing")
    if not consent.get("granted"):
        return ConsentState(False, "refused")
    expires = consent.get("expires_on")
    if expires and dt.date.fromisoformat(expires) < today:
        return ConsentState(False, "expired", dt.date.fromisoformat(expires))
    return ConsentState(True)


class ReferralBoard:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def today(self) -> dt.date:
        return self._workspace.context.today()

    def mine(self, *, limit: int = 500) -> list[ReferralRow]:
        """The referrals this person made: overdue follow-ups first (oldest due first, as
        `ReferralService.overdue_follow_ups` orders them), then the others, newest first."""
        require_type(self._workspace.actor, Access.READ, "referral")
        me = self._workspace.actor.user_id
        overdue = [
            row for row in self._workspace.referrals.overdue_follow_ups() if row.get("author_id") == me
        ]
        overdue_ids = {row["id"] for row in overdue}
        with self._workspace.store.read() as connection:
            others = [
                dict(row)
                for row in connection.execute(
                    select(referral)
                    .where(referral.c.author_id == me, referral.c.deleted.is_(False))
                    .order_by(referral.c.created_hlc.desc())
                    .limit(limit)
                ).mappings()
                if row["id"] not in overdue_ids
            ]
            records = (overdue + others)[:limit]
            contacts = self._by_id(connection, contact, {r["contact_id"] for r in records})
            services = self._by_id(connection, service, {r["service_id"] for r in records})
        return [
            ReferralRow(
                id=r["id"],
                contact_id=r["contact_id"],
                contact_name=record_label("contact", contacts.get(r["contact_id"])) or "",
                service_name=record_label("service", services.get(r["service_id"])) or "",
                status=r.get("status") or "draft",
                follow_up_on=dt.date.fromisoformat(r["follow_up_on"]) if r.get("follow_up_on") else None,
                overdue=r["id"] in overdue_ids,
            )
            for r in records
        ]

    def services(
        self, where: DirectoryFilter | None = None, *, open_at: dt.datetime | None = None
    ) -> list[dict[str, Any]]:
        """The directory's services matching `where`; with `open_at`, only those whose hours say for
        certain they are open then (see `opening_hours`)."""
        found = self._workspace.directory.find(where)
        if open_at is None:
            return found
        return [entry for entry in found if is_open_at(entry.get("hours"), open_at) is True]

    def neighborhoods(self) -> list[str]:
        """The neighborhoods the directory's services are in, for the filter's choices."""
        return sorted(
            {entry["neighborhood"] for entry in self._workspace.directory.find() if entry.get("neighborhood")}
        )

    def consent(self, contact_id: str) -> ConsentState:
        """The contact's consent to share, as the send step will judge it today."""
        record = self._workspace.contacts.get(contact_id)
        return consent_state(record.get("consent_share"), self.today())

    def is_open(self, status: str) -> bool:
        return status in OPEN_STATUSES

    @staticmethod
    def _by_id(connection: Any, table: Any, ids: set[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        rows = connection.execute(select(table).where(table.c.id.in_(sorted(ids)))).mappings()
        return {row["id"]: dict(row) for row in rows}
