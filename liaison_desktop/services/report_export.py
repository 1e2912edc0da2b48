"""Writing a report (`ReportDocument`) to a CSV file, and the audit of files that leave the laptop.

The CSV file is written as the contact export writes its: UTF-8 with a byte-order mark (Excel reads
Arabic and Chinese right only with it), CRLF line ends, a value a spreadsheet would run as a formula
behind an apostrophe, written beside its destination and renamed into place, so a failed export leaves
no half file. A team report names officers, so writing one records the audit event `exported` (what and
how many lines, never the contents) before the file appears; a public summary holds nothing personal
and is not audited. The PDF is drawn by the screen (it needs Qt) and calls `audit_export` the same way.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from pathlib import Path

from liaison_desktop.i18n.catalogs import _

from .audit import AuditLog, with_purpose
from .contact_csv_columns import escape_formula
from .report_layout import ReportDocument

SUBJECT = "team_report"


def audit_export(
    audit: AuditLog, document: ReportDocument, file_kind: str, reason: str | None = None
) -> None:
    """Record that `document` left the laptop as a `file_kind` file, when it holds personal data, with
    the purpose the person gave (`reason`; the screen asks for one)."""
    if document.personal:
        lines = sum(len(section.lines) for section in document.sections)
        detail = f"team report {file_kind} of {lines} lines"
        audit.record_now("exported", SUBJECT, None, reason=with_purpose(detail, reason))


def write_csv(document: ReportDocument, path: Path, audit: AuditLog, reason: str | None = None) -> Path:
    """The document as a CSV file at `path`: its title and period, then one row per line."""
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed or removed
        "w", encoding="utf-8-sig", newline="", dir=path.parent, prefix=".export-", suffix=".csv", delete=False
    )
    temporary = Path(handle.name)
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow([escape_formula(document.title)])
            writer.writerow([escape_formula(document.period)])
            for note in document.notes:
                writer.writerow([escape_formula(note)])
            writer.writerow([_("Section"), _("Line"), _("Value")])
            for row in document.rows():
                writer.writerow([escape_formula(value) for value in row])
            handle.flush()
            os.fsync(handle.fileno())
        audit_export(audit, document, "csv", reason)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return path
