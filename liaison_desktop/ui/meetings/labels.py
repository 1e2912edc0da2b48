"""Words for meetings and the commitments made at them, in the interface language (built when called)."""

from __future__ import annotations

from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services import languages
from liaison_desktop.services.meeting_board import CommitmentRow
from liaison_desktop.ui.i18n import _, base_language, format_number, language, ngettext
from liaison_protocol.records import COMMITMENT_STATUSES


def commitment_status_label(status: str) -> str:
    names = {
        "open": _("Open"),
        "in_progress": _("In progress"),
        "done": _("Done"),
        "dropped": _("Dropped"),
    }
    return names.get(status, status)


def commitment_statuses() -> list[tuple[str, str]]:
    """(label, status) in the lifecycle's order: open, in progress, done, dropped."""
    return [(commitment_status_label(status), status) for status in COMMITMENT_STATUSES]


def due_text(row: CommitmentRow) -> str:
    """When a commitment is due, and whether that has passed while it is still open."""
    if row.due_on is None:
        return _("No due date")
    if row.overdue:
        return _("{date} (overdue)").format(date=format_date(row.due_on))
    return format_date(row.due_on)


def attendance_text(count: int | None) -> str:
    if count is None:
        return _("Not counted")
    return ngettext("{count} person", "{count} people", count).format(count=format_number(count))


def open_commitments_text(open_count: int, overdue: int) -> str:
    """A meeting's promises still to keep: "2 open, 1 overdue"."""
    if not open_count:
        return _("None open")
    opened = ngettext("{count} open", "{count} open", open_count).format(count=format_number(open_count))
    if not overdue:
        return opened
    return _("{open}, {overdue} overdue").format(open=opened, overdue=format_number(overdue))


def language_name(code: str) -> str:
    """A language's name in the interface language (pickers, translations of a record's text)."""
    return languages.display_name(code, base_language(language()))
