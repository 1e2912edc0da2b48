"""Words for what the sync panels show: record types, field names and stored values.

The panels are about records of any type, so they name a type and a field the way a person reads them
("Contact", "Family name"), never by their stored names ("family_name"). Built when called, so the
interface language in force is the one used.
"""

from __future__ import annotations

from typing import Any

from liaison_desktop.ui.i18n import _, format_number
from liaison_desktop.ui.phone_display import display_phone, looks_like_e164

# Longest value shown in a summary line; the full text is in the editors.
SUMMARY_LENGTH = 300


def record_type_label(record_type: str) -> str:
    labels = {
        "contact": _("Contact"),
        "service": _("Service"),
        "referral": _("Referral"),
        "referral_event": _("Referral step"),
        "encounter": _("Encounter"),
        "amendment": _("Amendment"),
        "meeting": _("Meeting"),
        "commitment": _("Commitment"),
        "feedback": _("Feedback"),
        "review": _("Review"),
        "audit_event": _("Audit entry"),
        "conflict": _("Conflict"),
    }
    return labels.get(record_type, record_type)


def field_label(field: str) -> str:
    """A field's name as a form shows it; the same name means the same thing in every record type."""
    labels = {
        "given_name": _("Given name"),
        "family_name": _("Family name"),
        "preferred_name": _("Preferred name"),
        "languages": _("Languages"),
        "phone": _("Phone"),
        "email": _("Email"),
        "neighborhood": _("Neighborhood"),
        "address": _("Address"),
        "organization": _("Organization"),
        "community_role": _("Community role"),
        "interpreter_needed": _("Interpreter needed"),
        "consent_contact": _("Consent to be contacted"),
        "consent_share": _("Consent to share details"),
        "tags": _("Tags"),
        "notes": _("Notes"),
        "name": _("Name"),
        "provider": _("Provider"),
        "category": _("Category"),
        "hours": _("Opening hours"),
        "eligibility": _("Eligibility"),
        "how_to_reach": _("How to reach"),
        "website": _("Website"),
        "reason": _("Reason"),
        "follow_up_on": _("Follow up on"),
        "outcome": _("Outcome"),
        "note": _("Note"),
        "occurred_at": _("Date and time"),
        "place": _("Place"),
        "kind": _("Kind"),
        "summary": _("Summary"),
        "follow_up_needed": _("Follow-up needed"),
        "title": _("Title"),
        "held_on": _("Held on"),
        "facilitators": _("Facilitators"),
        "attendance_count": _("Attendance"),
        "concerns": _("Concerns"),
        "description": _("Description"),
        "owner": _("Owner"),
        "due_on": _("Due on"),
        "status": _("Status"),
        "topic": _("Topic"),
        "sentiment": _("Sentiment"),
        "text": _("Text"),
        "answer": _("Answer"),
        "comment": _("Comment"),
        "decision": _("Decision"),
    }
    return labels.get(field, field.replace("_", " ").capitalize())


def value_text(value: Any, *, limit: int | None = SUMMARY_LENGTH) -> str:
    """A stored value as text: lists joined, yes/no, an empty value said as such."""
    if value is None or value == "" or value == []:
        text = _("(empty)")
    elif isinstance(value, bool):
        text = _("Yes") if value else _("No")
    elif isinstance(value, int | float):
        text = format_number(value)
    elif isinstance(value, list):
        text = ", ".join(value_text(item, limit=None) for item in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{field_label(str(k))}: {value_text(v, limit=None)}" for k, v in value.items())
    elif isinstance(value, str) and looks_like_e164(value):
        text = display_phone(value)
    else:
        text = str(value)
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text
