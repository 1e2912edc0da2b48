"""Exporting the contacts a list shows to a CSV file a spreadsheet opens as it is.

The file is UTF-8 with a byte-order mark, comma-separated with CRLF line ends: Excel reads Arabic and
Chinese correctly only with the mark, and every spreadsheet program reads that form. Its columns are the
ones the import understands (`contact_csv_columns.FIELDS`), headed in the interface language, so an
exported file can be imported again, on this laptop or another. Phones are written grouped with their
country code, languages as codes (`ar, en`), yes/no and community roles as words of that language.

A value a spreadsheet would run as a formula (=, +, -, @ first) gets an apostrophe first, which the import
removes again. The file is written beside its destination and renamed into place, so a failed export
never leaves half a file; the audit event `exported` (with the count, never the contents) is recorded
before the rename, with the purpose the person gave, so no export file exists that the audit trail does not know of.

The file leaves the encrypted profile: the screen says so. Consents are not exported (a consent is given
to this team, with its date and method, and is not for a partner's spreadsheet), nor are merged contacts.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import phonenumbers
from sqlalchemy import func, select

from liaison_desktop.store.models import record_tables

from .audit import AuditLog, with_purpose
from .contact_csv_columns import FIELDS, ROLE_WORDS, YES_NO, escape_formula, export_header
from .contact_list import ContactFilter, filter_clause
from .context import ServiceContext
from .permissions import Access, require_type

if TYPE_CHECKING:
    from .workspace import Workspace

RECORD = "contact"
REPORT_EVERY = 500

Progress = Callable[[int, int], None]


def _phone(value: str) -> str:
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def cell(field: str, value: Any, language: str) -> str:
    """One field's value as an export writes it (before formula escaping)."""
    if value is None or value == []:
        return ""
    if field == "phone":
        return _phone(value)
    if field in ("languages", "tags"):
        return ", ".join(value)
    if field == "interpreter_needed":
        yes, no = YES_NO.get(language, YES_NO["en"])
        return yes if value else no
    if field == "community_role":
        words = ROLE_WORDS.get(value, {})
        return (words.get(language) or words.get("en") or (value,))[0]
    return str(value)


class ContactCsvExporter:
    def __init__(self, context: ServiceContext, audit: AuditLog) -> None:
        self._context = context
        self._audit = audit

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> ContactCsvExporter:
        return cls(workspace.context, workspace.audit)

    def export(
        self,
        path: Path,
        *,
        where: ContactFilter | None = None,
        language: str = "en",
        progress: Progress | None = None,
        reason: str | None = None,
    ) -> int:
        """Write the contacts `where` selects (the list's filter; every live contact by default), sorted
        as the list sorts them, to `path`. Returns how many were written. `reason` is the purpose the person
        gave (the screen asks for one), kept in the audit event after the count."""
        require_type(self._context.actor, Access.READ, RECORD)
        contact = record_tables[RECORD]
        condition = filter_clause(where or ContactFilter())
        statement = (
            select(*(contact.c[name] for name in FIELDS))
            .where(condition)
            .order_by(contact.c.family_name, contact.c.given_name, contact.c.id)
        )
        path = Path(path)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed or removed
            "w",
            encoding="utf-8-sig",
            newline="",
            dir=path.parent,
            prefix=".export-",
            suffix=".csv",
            delete=False,
        )
        temporary = Path(handle.name)
        try:
            with handle:
                writer = csv.writer(handle)
                writer.writerow([export_header(name, language) for name in FIELDS])
                count = 0
                with self._context.store.read() as connection:
                    total = connection.execute(
                        select(func.count()).select_from(contact).where(condition)
                    ).scalar_one()
                    for row in connection.execute(statement).mappings():
                        writer.writerow([escape_formula(cell(name, row[name], language)) for name in FIELDS])
                        count += 1
                        if progress is not None and count % REPORT_EVERY == 0:
                            progress(count, total)
                handle.flush()
                os.fsync(handle.fileno())
            self._audit.record_now(
                "exported", RECORD, None, reason=with_purpose(f"export of {count} contacts", reason)
            )
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        if progress is not None:
            progress(count, count)
        return count
