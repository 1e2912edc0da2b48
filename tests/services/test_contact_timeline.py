"""A contact's timeline: their encounters, referrals, meetings and linked feedback, newest first, read
only as far as the person's role may read, and never with an encounter's note."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from liaison_desktop.services.contact_timeline import contact_timeline
from liaison_desktop.services.errors import NotAllowed

from .conftest import TODAY, consent

NOTE = "The family described the landlord's threats in detail"


def _encounter(workspace, contact_id: str, occurred_at: str, *, kind: str = "home_visit") -> str:
    return workspace.encounters.create_draft(
        {"occurred_at": occurred_at, "kind": kind, "participant_ids": [contact_id], "summary": NOTE}
    )


def _meeting(workspace, held_on: str, facilitators: list[str], title: str = "Eastside town hall") -> str:
    return workspace.meetings.create(
        {"kind": "town_hall", "title": title, "held_on": held_on, "facilitators": facilitators}
    )


def test_encounters_referrals_and_meetings_are_listed_newest_first(officer, contact_id, service_id):
    older = _encounter(officer, contact_id, "2020-02-01T10:00:00-05:00")
    newer = _encounter(officer, contact_id, "2020-05-01T10:00:00-05:00", kind="phone")
    meeting_id = _meeting(officer, "2021-06-01", ["Officer Diaz", "Amina Yusuf"])
    referral_id = officer.referrals.create(contact_id, service_id)

    entries = contact_timeline(officer, contact_id)

    assert [(e.kind, e.record_id) for e in entries] == [
        ("referral", referral_id),
        ("meeting", meeting_id),
        ("encounter", newer),
        ("encounter", older),
    ]
    assert entries[0].title == "Eastside Tenant Help Desk" and entries[0].status == "draft"
    assert (entries[1].title, entries[1].detail, entries[1].on) == (
        "Eastside town hall",
        "town_hall",
        dt.date(2021, 6, 1),
    )
    assert (entries[2].detail, entries[2].status, entries[2].on) == ("phone", "draft", dt.date(2020, 5, 1))


def test_an_encounters_note_is_never_on_the_timeline(officer, contact_id):
    _encounter(officer, contact_id, "2020-02-01T10:00:00-05:00")

    (entry,) = contact_timeline(officer, contact_id)

    assert all(NOTE not in str(value) for value in dataclasses.asdict(entry).values())


def test_other_peoples_records_stay_off_the_timeline(officer, contact_id, service_id):
    someone_else = officer.contacts.create({"given_name": "Rosa", "family_name": "Lima"})
    _encounter(officer, someone_else, "2020-02-01T10:00:00-05:00")
    officer.referrals.create(someone_else, service_id)
    _meeting(officer, "2021-06-01", ["Rosa Lima"])

    assert contact_timeline(officer, contact_id) == []


def test_a_deleted_referral_and_a_deleted_draft_are_not_listed(officer, contact_id, service_id):
    draft = _encounter(officer, contact_id, "2020-02-01T10:00:00-05:00")
    officer.encounters.delete_draft(draft)
    referral_id = officer.referrals.create(contact_id, service_id)
    with officer.store.write() as txn:
        txn.delete("referral", referral_id)

    assert contact_timeline(officer, contact_id) == []


def test_an_officer_sees_only_their_own_encounters_and_a_supervisor_the_teams(
    officer, other_officer, supervisor, contact_id
):
    mine = _encounter(officer, contact_id, "2020-02-01T10:00:00-05:00")
    theirs = _encounter(other_officer, contact_id, "2020-03-01T10:00:00-05:00")

    assert [e.record_id for e in contact_timeline(officer, contact_id)] == [mine]
    assert [e.record_id for e in contact_timeline(supervisor, contact_id)] == [theirs, mine]


def test_linked_feedback_is_on_a_supervisors_timeline_and_never_an_officers(
    ambassador, supervisor, officer, contact_id
):
    feedback_id = ambassador.feedback.record(
        {
            "topic": "Street lighting",
            "sentiment": "negative",
            "text": "She is afraid to walk home after dark",
            "contact_id": contact_id,
            "contact_consent": consent(),
        }
    )

    (entry,) = contact_timeline(supervisor, contact_id)
    assert (entry.kind, entry.record_id, entry.title, entry.detail, entry.status) == (
        "feedback",
        feedback_id,
        "Street lighting",
        "negative",
        "new",
    )
    assert "afraid" not in str(dataclasses.asdict(entry))
    assert contact_timeline(officer, contact_id) == []


def test_an_open_referral_past_its_follow_up_date_is_marked_overdue(officer, contact_id, service_id):
    late = officer.referrals.create(contact_id, service_id, follow_up_on=TODAY - dt.timedelta(days=3))
    on_time = officer.referrals.create(contact_id, service_id, follow_up_on=TODAY + dt.timedelta(days=3))
    closed = officer.referrals.create(contact_id, service_id, follow_up_on=TODAY - dt.timedelta(days=3))
    officer.referrals.change_status(closed, "withdrawn")

    overdue = {e.record_id: e.overdue for e in contact_timeline(officer, contact_id)}

    assert overdue == {late: True, on_time: False, closed: False}


def test_records_still_naming_a_contact_merged_into_this_one_are_on_its_timeline(officer, contact_id):
    duplicate = officer.contacts.create(
        {"given_name": "Amina", "family_name": "Yusef"}, allow_duplicates=True
    )
    submitted = _encounter(officer, duplicate, "2020-02-01T10:00:00-05:00")
    officer.encounters.submit(submitted)  # immutable: the merge cannot re-point it
    officer.merger.merge(contact_id, duplicate)

    (entry,) = contact_timeline(officer, contact_id)

    assert (entry.record_id, entry.status, entry.review_status) == (submitted, "submitted", "pending")


def test_a_meeting_is_listed_when_a_facilitator_is_written_as_the_contacts_full_name(officer):
    known_by = officer.contacts.create({"given_name": "Farah", "preferred_name": "Imam Farah"})
    named = _meeting(officer, "2021-06-01", ["Officer Diaz", "Imam Farah"])
    _meeting(officer, "2021-07-01", ["Farah Ahmed"], title="Another Farah")

    assert [e.record_id for e in contact_timeline(officer, known_by)] == [named]


def test_an_ambassador_may_not_read_a_contacts_timeline(ambassador, contact_id):
    with pytest.raises(NotAllowed):
        contact_timeline(ambassador, contact_id)
