"""What the referral screens read: my referrals with overdue follow-ups first, the directory filtered for
a referral (open now included), and why a contact's consent to share is not in force."""

from __future__ import annotations

import datetime as dt

from liaison_desktop.services.directory import DirectoryFilter
from liaison_desktop.services.referral_board import ReferralBoard, consent_state

from .conftest import NOW, TODAY, consent


def _sent(workspace, contact_id, service_id, follow_up_on):
    referral_id = workspace.referrals.create(contact_id, service_id, follow_up_on=follow_up_on)
    workspace.referrals.send(referral_id)
    return referral_id


def test_my_referrals_list_overdue_follow_ups_first_with_names(officer, contact_id, service_id):
    later = _sent(officer, contact_id, service_id, TODAY + dt.timedelta(days=5))
    overdue = _sent(officer, contact_id, service_id, TODAY - dt.timedelta(days=2))

    rows = ReferralBoard(officer).mine()

    assert [row.id for row in rows] == [overdue, later]
    assert [row.overdue for row in rows] == [True, False]
    assert rows[0].contact_name == "Amina Yusuf" and rows[0].service_name == "Eastside Tenant Help Desk"
    assert rows[0].status == "sent"


def test_a_closed_referral_is_never_overdue(officer, contact_id, service_id):
    referral_id = _sent(officer, contact_id, service_id, TODAY - dt.timedelta(days=2))
    officer.referrals.change_status(referral_id, "declined")

    assert [row.overdue for row in ReferralBoard(officer).mine()] == [False]


def test_my_referrals_leave_out_a_colleagues(officer, other_officer, contact_id, service_id):
    _sent(other_officer, contact_id, service_id, TODAY - dt.timedelta(days=2))
    mine = _sent(officer, contact_id, service_id, TODAY + dt.timedelta(days=2))

    assert [row.id for row in ReferralBoard(officer).mine()] == [mine]


def test_open_now_keeps_only_services_whose_hours_say_they_are_open(officer):
    open_id = officer.directory.create(
        {"name": "Day desk", "category": "housing", "hours": "Mon–Fri 9:00–17:00"}
    )
    officer.directory.create({"name": "Evening desk", "category": "housing", "hours": "Mon–Fri 18:00–21:00"})
    officer.directory.create({"name": "By appointment", "category": "housing", "hours": "By appointment"})
    tuesday_noon = dt.datetime(2026, 3, 10, 12, 0)

    found = ReferralBoard(officer).services(DirectoryFilter(category="housing"), open_at=tuesday_noon)

    assert [entry["id"] for entry in found] == [open_id]


def test_consent_to_share_says_why_it_is_not_in_force():
    assert consent_state(None, TODAY).reason == "missing"
    assert consent_state({"granted": False}, TODAY).reason == "refused"
    expired = consent_state(consent(expires_on="2026-03-01"), TODAY)
    assert (expired.in_force, expired.reason, expired.expired_on) == (False, "expired", dt.date(2026, 3, 1))
    assert consent_state(consent(expires_on=TODAY.isoformat()), TODAY).in_force


def test_the_board_reads_a_contacts_consent_as_the_send_step_will(officer):
    contact_id = officer.contacts.create({"given_name": "Rosa"})
    board = ReferralBoard(officer)
    assert board.consent(contact_id).reason == "missing"

    officer.contacts.update(contact_id, {"consent_share": consent()})

    assert board.consent(contact_id).in_force
    assert NOW.date() == board.today()
