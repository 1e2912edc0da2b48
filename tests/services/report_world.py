"""A team's records with distinctive names and texts, for the report tests to search their output for."""

from __future__ import annotations

import datetime as dt

from liaison_desktop.services.report_layout import ReportWords
from liaison_desktop.services.workspace import Workspace

from .conftest import consent
from .test_encounters import DRAFT

CONTACT_GIVEN, CONTACT_FAMILY = "Zephyrine", "Quillfeather"
NOTE_TEXT = "Spoke about the flooded basement at Marigold Court"
PLACE = "Back room of the Lantern bakery"
REFERRAL_REASON = "Landlord Bartholomew Oakes refuses repairs"
MEETING_TITLE = "Harbor listening night"
MEETING_CONCERNS = "Parents worried about the Crestview crossing"
COMMITMENT = "Repaint the Crestview crosswalk"
FEEDBACK_TOPIC = "Streetlights near Willowbrook"
FEEDBACK_TEXT = "Nobody answers at the Willowbrook desk"
SECRETS = (
    CONTACT_GIVEN,
    CONTACT_FAMILY,
    NOTE_TEXT,
    PLACE,
    REFERRAL_REASON,
    MEETING_TITLE,
    MEETING_CONCERNS,
    COMMITMENT,
    FEEDBACK_TOPIC,
    FEEDBACK_TEXT,
    "Eastside",  # a neighborhood as typed: the public summary leaves it out
)

# Whole ISO weeks around the fixed `NOW` (2026-03-10) and the real clock that stamps `created_hlc`.
START, END = dt.date(2026, 1, 5), dt.date(2027, 12, 26)

WORDS = ReportWords(
    value_label=lambda dimension, key: f"{dimension}:{key}",
    number=str,
    percent=lambda share: f"{share:.0%}",
    date=dt.date.isoformat,
)


def seed(officer: Workspace, ambassador: Workspace) -> None:
    """Seven notes (six field visits, one adverse home visit), one referral sent, one meeting with a
    commitment, one feedback."""
    contact = officer.contacts.create(
        {
            "given_name": CONTACT_GIVEN,
            "family_name": CONTACT_FAMILY,
            "consent_contact": consent(),
            "consent_share": consent(),
        }
    )
    for index in range(7):
        note = officer.encounters.create_draft(
            {
                **DRAFT,
                "kind": "home_visit" if index == 0 else "field_visit",
                "summary": NOTE_TEXT,
                "place": PLACE,
                "adverse_interaction": index == 0,
                "participant_ids": [contact],
            }
        )
        officer.encounters.submit(note)
    service = officer.directory.create({"name": "Harbor Tenant Desk", "category": "housing"})
    referral = officer.referrals.create(contact, service, reason=REFERRAL_REASON)
    officer.referrals.send(referral)
    meeting = officer.meetings.create(
        {
            "kind": "listening_session",
            "title": MEETING_TITLE,
            "held_on": "2026-03-04",
            "concerns": MEETING_CONCERNS,
            "attendance_count": 40,
        }
    )
    officer.meetings.add_commitment(meeting, COMMITMENT, due_on=dt.date(2026, 3, 1))
    ambassador.feedback.record({"topic": FEEDBACK_TOPIC, "sentiment": "negative", "text": FEEDBACK_TEXT})
