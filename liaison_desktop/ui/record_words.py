"""Words for the choices records hold, shared by every section that shows them: community roles,
consents, language lists, and the kinds and statuses of encounters, meetings and feedback, in the
interface language (built when called). One place, so a note is called the same on a contact's timeline,
on Home, in the Notes list and on its own page."""

from __future__ import annotations

from babel.lists import format_list

from liaison_desktop.services import languages
from liaison_desktop.services.referral_board import ConsentState
from liaison_desktop.ui.i18n import _, base_language, language


def language_names(codes: list[str] | None) -> str:
    """ "Arabic, English and Somali" in the interface language; an odd code shows as itself."""
    ui_locale = base_language(language())
    names = [languages.display_name(code, ui_locale) for code in codes or []]
    return format_list(names, locale=ui_locale) if names else ""


def community_role_label(role: str) -> str:
    names = {
        "resident": _("Resident"),
        "faith_leader": _("Faith leader"),
        "business_owner": _("Business owner"),
        "school_staff": _("School staff"),
        "community_organizer": _("Community organizer"),
        "youth_leader": _("Youth leader"),
        "health_worker": _("Health worker"),
        "elder": _("Elder"),
        "other": _("Other"),
    }
    return names.get(role, role)


def consent_method_label(method: str) -> str:
    """How a consent was given, as the end of "Given on {date}, …"."""
    names = {
        "verbal": _("verbally"),
        "written": _("in writing"),
        "electronic": _("electronically"),
        "through_interpreter": _("through an interpreter"),
    }
    return names.get(method, method)


def consent_status(state: ConsentState) -> str:
    """Whether a consent counts today, and if not why, in a few words."""
    if state.in_force:
        return _("In force")
    if state.reason == "refused":
        return _("Not in force: refused")
    if state.reason == "expired":
        return _("Not in force: expired")
    return _("Not recorded")


def encounter_kind_label(kind: str) -> str:
    names = {
        "field_visit": _("Field visit"),
        "school": _("School"),
        "faith_center": _("Faith center"),
        "community_event": _("Community event"),
        "phone": _("Phone call"),
        "walk_in": _("Walk-in"),
        "business": _("Business"),
        "home_visit": _("Home visit"),
        "other": _("Other"),
    }
    return names.get(kind, kind)


def encounter_status_label(status: str, review_status: str) -> str:
    """A note's state as its author follows it: a draft, or submitted and where its review stands."""
    if status != "submitted":
        return _("Draft")
    names = {
        "approved": _("Submitted, approved"),
        "returned": _("Returned for changes"),
    }
    return names.get(review_status, _("Submitted, awaiting review"))


def meeting_kind_label(kind: str) -> str:
    names = {
        "town_hall": _("Town hall"),
        "listening_session": _("Listening session"),
        "mediated_exchange": _("Mediated exchange"),
        "neighborhood_council": _("Neighborhood council"),
        "community_briefing": _("Community briefing"),
    }
    return names.get(kind, kind)


def sentiment_label(sentiment: str) -> str:
    names = {
        "positive": _("Positive"),
        "neutral": _("Neutral"),
        "negative": _("Negative"),
        "mixed": _("Mixed"),
    }
    return names.get(sentiment, sentiment)


def feedback_status_label(status: str) -> str:
    names = {"new": _("New"), "seen": _("Seen"), "answered": _("Answered")}
    return names.get(status, status)
