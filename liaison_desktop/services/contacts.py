"""Contacts: the people an officer works with, in any script, with their consents.

Creating one warns of likely duplicates (`LikelyDuplicates`) unless the person confirmed they want a new
contact anyway; bulk imports (`import_many`) skip that check and write in one transaction through the
writer's fast path. There is no field for immigration status, by design: the protocol refuses any field
it does not declare, so one cannot be added through a form either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from liaison_desktop.store.record_store import WriteTxn
from liaison_protocol.records import consent_is_in_force

from . import contact_list
from .audit import AuditLog
from .contact_fields import prepare_contact
from .contact_list import ContactChoices, ContactFilter, ContactPage, ContactSort, PageCursor
from .context import ServiceContext
from .duplicates import DuplicateFinder, DuplicateMatch
from .errors import AlreadyMerged, LikelyDuplicates
from .permissions import Access, require_type
from .record_checks import live_record, validate

RECORD = "contact"


def consent_to_share_in_force(contact: dict[str, Any], on: dt.date) -> bool:
    """Whether details may be shared with a service provider today (granted and not expired)."""
    return consent_is_in_force(contact.get("consent_share"), on)


class ContactService:
    def __init__(self, context: ServiceContext, audit: AuditLog, duplicates: DuplicateFinder) -> None:
        self._context = context
        self._audit = audit
        self._duplicates = duplicates

    def _clean(self, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        cleaned, problems = prepare_contact(fields, self._context.settings.default_phone_region)
        validate(RECORD, cleaned, creating=creating, problems=problems)
        return cleaned

    def likely_duplicates(
        self, fields: dict[str, Any], *, exclude_id: str | None = None
    ) -> list[DuplicateMatch]:
        """What the form shows while a contact is typed in (also used by `create`)."""
        require_type(self._context.actor, Access.READ, RECORD)
        return self._duplicates.find(fields, exclude_ids=[exclude_id] if exclude_id else [])

    def create(self, fields: dict[str, Any], *, allow_duplicates: bool = False) -> str:
        """A new contact's id. Raises `ValidationFailed`, or `LikelyDuplicates` (with the matches) unless
        `allow_duplicates` says the person saw the warning and wants a new contact anyway."""
        require_type(self._context.actor, Access.WRITE, RECORD)
        cleaned = self._clean(fields, creating=True)
        if not allow_duplicates:
            matches = self._duplicates.find(cleaned)
            if matches:
                raise LikelyDuplicates(matches)
        with self._context.store.write() as txn:
            record_id = txn.insert(RECORD, cleaned)
            self._audit.record(txn, "created", RECORD, record_id)
        return record_id

    def import_many(self, rows: list[dict[str, Any]]) -> list[str]:
        """Create many contacts in one transaction (an import): every row is validated first, and either
        all are stored or none. No duplicate warning: an import is reviewed as a whole beforehand."""
        require_type(self._context.actor, Access.WRITE, RECORD)
        cleaned = [self._clean(row, creating=True) for row in rows]
        with self._context.store.write() as txn:
            ids = txn.insert_many(RECORD, cleaned, checked=True)  # `_clean` ran the protocol's checks
            self._audit.record(txn, "created", RECORD, None, reason=f"import of {len(ids)} contacts")
        return ids

    def update(self, contact_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        require_type(self._context.actor, Access.WRITE, RECORD)
        cleaned = self._clean(changes, creating=False)
        with self._context.store.write() as txn:
            current = self._editable(txn, contact_id)
            updated = txn.update(RECORD, contact_id, cleaned)
            if updated["updated_hlc"] != current["updated_hlc"]:
                self._audit.record(txn, "changed", RECORD, contact_id)
        return updated

    def delete(self, contact_id: str) -> None:
        """Tombstone a contact. Its referrals and encounters keep their history."""
        require_type(self._context.actor, Access.WRITE, RECORD)
        with self._context.store.write() as txn:
            live_record(txn, RECORD, contact_id)
            txn.delete(RECORD, contact_id)
            self._audit.record(txn, "deleted", RECORD, contact_id)

    def get(self, contact_id: str) -> dict[str, Any]:
        """The contact, merged or not (a merged contact's page points to the one it was merged into)."""
        require_type(self._context.actor, Access.READ, RECORD)
        with self._context.store.read() as connection:
            return live_record(connection, RECORD, contact_id)

    def resolve(self, contact_id: str) -> dict[str, Any]:
        """The contact that now stands for `contact_id`, following `merged_into` (references on records
        that cannot be edited, such as submitted encounters, still name the merged contact)."""
        seen: set[str] = set()
        record = self.get(contact_id)
        while record.get("merged_into") and record["id"] not in seen:
            seen.add(record["id"])
            record = self.get(record["merged_into"])
        return record

    def count(self, where: ContactFilter | None = None) -> int:
        require_type(self._context.actor, Access.READ, RECORD)
        with self._context.store.read() as connection:
            return contact_list.count(connection, where or ContactFilter())

    def filter_choices(self) -> ContactChoices:
        """What the list's filters offer: the neighborhoods, organizations and languages in use."""
        require_type(self._context.actor, Access.READ, RECORD)
        with self._context.store.read() as connection:
            return contact_list.choices(connection)

    def page(
        self,
        where: ContactFilter | None = None,
        *,
        sort: ContactSort = ContactSort.NAME,
        limit: int = 200,
        after: PageCursor | None = None,
        offset: int = 0,
    ) -> ContactPage:
        """One page of a contact list; pass the previous page's `next_cursor` to get the next, or an
        `offset` to start further down (a jump)."""
        require_type(self._context.actor, Access.READ, RECORD)
        with self._context.store.read() as connection:
            return contact_list.page(connection, where or ContactFilter(), sort, limit, after, offset)

    @staticmethod
    def _editable(txn: WriteTxn, contact_id: str) -> dict[str, Any]:
        current = live_record(txn, RECORD, contact_id)
        if current.get("merged_into"):
            raise AlreadyMerged(record_id=contact_id, merged_into=current["merged_into"])
        return current
