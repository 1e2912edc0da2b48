"""Words the encounter screens share: a note's heading, where its review stands, the Notes groups, the
languages offered, and what is wrong with a draft, in the interface language (built when called).

The kinds of encounter and the short status words are shared (`ui/record_words`), so a
note is called the same on a contact's timeline, in the Notes list and on its own page.
"""

from __future__ import annotations

import datetime as dt

from liaison_desktop.i18n.formatting import format_date, format_datetime
from liaison_desktop.services import languages
from liaison_desktop.services.encounter_board import DRAFTS, RETURNED, SUBMITTED
from liaison_desktop.services.encounter_sheet import EncounterAdditions
from liaison_desktop.ui.contacts.language_picker import OFFERED
from liaison_desktop.ui.error_messages import field_problem_message
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.record_words import encounter_kind_label
from liaison_desktop.ui.sync.labels import field_label
from liaison_desktop.ui.text_direction import isolate
from liaison_protocol.records import FieldProblem


def group_label(group: str) -> str:
    names = {
        DRAFTS: _("Drafts"),
        RETURNED: _("Returned by a supervisor"),
        SUBMITTED: _("Submitted"),
    }
    return names.get(group, group)


def encounter_heading(kind: str, occurred_at: dt.datetime) -> str:
    """ "Home visit on Mar 3, 2026": what a note is called where its text is not shown."""
    return _("{kind} on {date}").format(
        kind=encounter_kind_label(kind), date=isolate(format_date(occurred_at))
    )


def language_name(code: str | None) -> str:
    """A language code as its name in the interface language; "" for none."""
    return languages.display_name(code, base_language(language())) if code else ""


def offered_languages(also: list[str | None] | None = None) -> list[tuple[str, str]]:
    """(name, code) of the languages a note's fields offer, by name, with any code a record already
    holds, so nothing stored is ever hidden."""
    codes = set(OFFERED) | {code for code in also or [] if code}
    locale = base_language(language())
    return sorted(
        ((languages.display_name(code, locale), code) for code in codes), key=lambda p: p[0].casefold()
    )


def review_sentence(additions: EncounterAdditions) -> str:
    """Where a note stands, for its page: a draft, submitted and waiting, approved, or returned with the
    supervisor's comment."""
    if additions.status != "submitted":
        return _("Draft: only you can see it. It saves itself as you type.")
    review = additions.latest_review
    if additions.review_status == "returned" and review is not None:
        when = isolate(format_datetime(review.reviewed_at))
        if review.comment:
            return _(
                "Returned by a supervisor on {date}:\n“{comment}”\nAmend the note to answer; it then goes back "
                "for review."
            ).format(date=when, comment=isolate(review.comment))
        return _(
            "Returned by a supervisor on {date}. Amend the note to answer; it then goes back for review."
        ).format(date=when)
    if additions.review_status == "approved" and review is not None:
        when = isolate(format_datetime(review.reviewed_at))
        if review.comment:
            return _("Approved by a supervisor on {date}:\n“{comment}”").format(
                date=when, comment=isolate(review.comment)
            )
        return _("Approved by a supervisor on {date}.").format(date=when)
    if review is not None and review.decision == "returned":
        return _("Submitted, awaiting review again: you amended it after it was returned.")
    return _("Submitted, awaiting review by a supervisor.")


def draft_problem_message(problem: FieldProblem) -> str:
    """One thing wrong with a draft, with the field it is in."""
    if problem.key == "encounter.unknown_participant":
        return _("Someone at this encounter is no longer in the contacts list. Remove them, then try again.")
    if problem.key in {"language.unknown", "language.malformed"}:
        message = _("This language is not known.")
    else:
        message = field_problem_message(problem.key, problem.args)
    return _("{field}: {problem}").format(field=field_label(problem.field), problem=message)
