"""Words of the feedback screens: where a piece of feedback stands as its ambassador follows it, what is
wrong with a value typed, and the languages offered for a text or an answer."""

from __future__ import annotations

from liaison_desktop.services import languages
from liaison_desktop.ui.contacts.language_picker import OFFERED
from liaison_desktop.ui.error_messages import field_problem_message
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_protocol.records import FieldProblem


def status_for_author(status: str) -> str:
    """The ambassador's words: they recorded it, the precinct saw it, the precinct answered."""
    names = {
        "new": _("Recorded"),
        "seen": _("Seen by the precinct"),
        "answered": _("Answered"),
    }
    return names.get(status, status)


def status_on_board(status: str) -> str:
    """The supervisor's words on the board: nobody has opened it yet, or it waits for its answer."""
    return {"new": _("Not seen yet"), "seen": _("Seen, not answered")}.get(status, status)


def language_choices() -> list[tuple[str, str]]:
    """(name, code) of the languages a resident's words or an answer may be in, by name in the
    interface language."""
    ui_locale = base_language(language())
    return sorted(
        ((languages.display_name(code, ui_locale), code) for code in OFFERED),
        key=lambda pair: pair[0].casefold(),
    )


def feedback_problem_message(problem: FieldProblem) -> str:
    """What is wrong with one value of the feedback form, with what to do instead."""
    if problem.key == "consent.method_required":
        return _("Choose how the resident gave their consent.")
    if problem.key == "consent.date_required":
        return _("Enter the date the resident gave their consent.")
    if problem.key == "field.required" and problem.field == "topic":
        return _("Enter a topic: a few words on what it is about.")
    if problem.key == "field.required" and problem.field == "sentiment":
        return _("Choose how the residents feel about it.")
    if problem.key == "field.not_reference":
        return _("This is not a resident's reference. Copy it from the officer's contact page.")
    return field_problem_message(problem.key, problem.args)


def field_name(field: str) -> str:
    names = {
        "topic": _("Topic"),
        "sentiment": _("How residents feel"),
        "text": _("What was said"),
        "text_language": _("Language"),
        "neighborhood": _("Neighborhood"),
        "contact_id": _("Resident's reference"),
        "contact_consent": _("Consent"),
        "answer": _("Answer"),
        "answer_language": _("Language of the answer"),
    }
    return names.get(field, field)
