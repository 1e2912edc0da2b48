"""Words for after-action reviews, in the interface language (built when called). A review's commitments
share the meetings' words for a status and a due date (`ui/meetings/labels.py`)."""

from __future__ import annotations

from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.after_action import FollowThrough
from liaison_desktop.services.after_action_board import MeetingChoice
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.record_words import meeting_kind_label
from liaison_desktop.ui.text_direction import isolate


def review_status_label(status: str) -> str:
    names = {"open": _("Open"), "closed": _("Closed")}
    return names.get(status, status)


def follow_through_text(counts: FollowThrough) -> str:
    """How a review's promises stand: "2 of 3 commitments done, 1 overdue"."""
    total = counts.done + counts.dropped + counts.open
    if not total:
        return _("No commitments")
    text = ngettext("{done} of {count} commitment done", "{done} of {count} commitments done", total).format(
        done=format_number(counts.done), count=format_number(total)
    )
    if counts.dropped:
        text = _("{follow_through}, {count} dropped").format(
            follow_through=text, count=format_number(counts.dropped)
        )
    if counts.overdue:
        text = _("{follow_through}, {count} overdue").format(
            follow_through=text, count=format_number(counts.overdue)
        )
    return text


def meeting_choice_text(meeting: MeetingChoice) -> str:
    """A meeting as a review names it: "Briefing at the market (Community briefing, Mar 9, 2026)"."""
    kind = meeting_kind_label(meeting.kind)
    title = isolate(meeting.title or kind)
    if meeting.held_on is None:
        return title
    return _("{title} ({kind}, {date})").format(
        title=title, kind=kind, date=isolate(format_date(meeting.held_on))
    )


def review_field_label(field: str) -> str:
    """A review's or a commitment's field, as a message about it names it."""
    names = {
        "title": _("Title"),
        "incident_on": _("Incident date"),
        "neighborhood": _("Neighborhood"),
        "what_happened": _("What happened"),
        "what_happened_language": _("Language"),
        "briefing_meeting_id": _("Community briefing"),
        "lessons": _("Lessons learned"),
        "translations": _("Translations"),
        "status": _("Status"),
        "description": _("Commitment"),
        "owner": _("Owner"),
        "due_on": _("Due"),
    }
    return names.get(field, field)
