"""Words for a referral's status, a service's category and a consent refusal, in the interface language."""

from __future__ import annotations

from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.referral_board import ConsentState
from liaison_desktop.ui.i18n import _


def status_label(status: str) -> str:
    names = {
        "draft": _("Draft"),
        "sent": _("Sent"),
        "accepted": _("Accepted"),
        "completed": _("Completed"),
        "declined": _("Declined"),
        "no_show": _("Did not attend"),
        "withdrawn": _("Withdrawn"),
    }
    return names.get(status, status)


def category_label(category: str) -> str:
    names = {
        "housing": _("Housing"),
        "health": _("Health"),
        "mental_health": _("Mental health"),
        "legal_aid": _("Legal aid"),
        "language_classes": _("Language classes"),
        "employment": _("Employment"),
        "education": _("Education"),
        "social_services": _("Social services"),
        "victim_support": _("Victim support"),
        "food": _("Food"),
        "youth": _("Youth"),
        "elder_care": _("Elder care"),
    }
    return names.get(category, category)


def consent_refusal(state: ConsentState) -> str:
    """Why the referral cannot be sent, and what to do: the words the form shows under its Send button."""
    if state.reason == "expired" and state.expired_on is not None:
        return _(
            "This contact's consent to share their details ended on {date}. Ask them again and record "
            "their answer on their page before sending."
        ).format(date=format_date(state.expired_on))
    if state.reason == "refused":
        return _(
            "This contact did not agree to have their details shared with a service, so the referral "
            "cannot be sent. You can still give them the slip."
        )
    return _(
        "No consent to share this contact's details is recorded. Ask them, and record their answer on "
        "their page before sending."
    )
