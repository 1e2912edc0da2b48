"""Words the supervisor's review screens share, in the interface language (built when called): who wrote
a note, its flags, the queue's count and where a review stands for the supervisor."""

from __future__ import annotations

from liaison_desktop.i18n.formatting import format_datetime
from liaison_desktop.services.encounter_sheet import EncounterAdditions, ReviewNote
from liaison_desktop.services.review_board import QueueRow
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.text_direction import isolate, isolate_ltr

ADVERSE, FOLLOW_UP, OVERDUE = "adverse", "follow_up", "overdue"
FLAG_FILTERS = (ADVERSE, OVERDUE, FOLLOW_UP)


def officer_label(officer_id: str, name: str | None = None) -> str:
    """An officer as the queue names them: by the display name the team roster gives (sent by the server
    with each sync); one the roster does not know (a server without rosters, an account that left the
    team) is told apart by the start of their account's id, the same on every screen and laptop."""
    if name:
        return name
    if not officer_id:
        return _("Unknown officer")
    return _("Officer {code}").format(code=isolate_ltr(officer_id[:8]))


def flag_filter_label(flag: str) -> str:
    names = {
        ADVERSE: _("Adverse interaction"),
        OVERDUE: _("Follow-up overdue"),
        FOLLOW_UP: _("Follow-up needed"),
    }
    return names.get(flag, flag)


def flags_text(row: QueueRow) -> str:
    """A row's flags, the most pressing first; "" for none."""
    flags = []
    if row.adverse:
        flags.append(_("Adverse interaction"))
    if row.overdue:
        flags.append(_("Follow-up overdue"))
    elif row.follow_up:
        flags.append(_("Follow-up needed"))
    return _(", ").join(flags)


def queue_count(shown: int, waiting: int) -> str:
    """ "3 of 12 notes awaiting review" (or "12 notes awaiting review" when nothing is filtered out)."""
    if shown == waiting:
        return ngettext("{count} note awaiting review.", "{count} notes awaiting review.", waiting).format(
            count=format_number(waiting)
        )
    return ngettext(
        "{shown} of {count} note awaiting review.", "{shown} of {count} notes awaiting review.", waiting
    ).format(shown=format_number(shown), count=format_number(waiting))


def decision_label(decision: str) -> str:
    return {"approved": _("Approved"), "returned": _("Returned")}.get(decision, decision)


def review_line(review: ReviewNote) -> str:
    """One earlier review: "Returned on Mar 3, 2026, 10:04 — “Name the clinic”"."""
    when = isolate(format_datetime(review.reviewed_at))
    if review.comment:
        return _("{decision} on {date}: “{comment}”").format(
            decision=decision_label(review.decision), date=when, comment=isolate(review.comment)
        )
    return _("{decision} on {date}").format(decision=decision_label(review.decision), date=when)


def supervisor_review_sentence(additions: EncounterAdditions) -> str:
    """Where the note's review stands, said to the supervisor reading it."""
    latest = additions.latest_review
    if additions.review_status == "approved" and latest is not None:
        return _("Approved on {date}.").format(date=isolate(format_datetime(latest.reviewed_at)))
    if additions.review_status == "returned" and latest is not None:
        return _("Returned to the officer on {date}; not amended since.").format(
            date=isolate(format_datetime(latest.reviewed_at))
        )
    if latest is not None and latest.decision == "returned":
        return _("Amended by the officer after it was returned: awaiting your review again.")
    return _("Awaiting your review.")
