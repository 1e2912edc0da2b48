"""Referrals: consent to share before sending, only valid transitions, every change in the timeline."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison_desktop.services.errors import ConsentMissing, InvalidTransition, NotAllowed
from liaison_desktop.services.referral_lifecycle import derive_status
from liaison_protocol.records import REFERRAL_STATUSES, REFERRAL_TRANSITIONS

from .conftest import TODAY, consent

PATH_TO = {  # a valid route from draft to each status
    "draft": [],
    "sent": ["sent"],
    "accepted": ["sent", "accepted"],
    "completed": ["sent", "accepted", "completed"],
    "declined": ["sent", "declined"],
    "no_show": ["sent", "accepted", "no_show"],
    "withdrawn": ["withdrawn"],
}


@pytest.fixture
def referral_id(officer, contact_id, service_id):
    return officer.referrals.create(
        contact_id,
        service_id,
        reason="Eviction notice",
        reason_language="en",
        follow_up_on=TODAY + dt.timedelta(days=7),
    )


def test_a_new_referral_is_a_draft_with_an_empty_timeline(officer, referral_id):
    assert officer.referrals.get(referral_id)["status"] == "draft"
    assert officer.referrals.timeline(referral_id) == []


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(REFERRAL_STATUSES, repeat=2)))
def test_every_transition_is_allowed_exactly_when_the_lifecycle_allows_it(
    officer, contact_id, service_id, from_status, to_status
):
    referral_id = officer.referrals.create(contact_id, service_id)
    for step in PATH_TO[from_status]:
        officer.referrals.change_status(referral_id, step)
    if to_status in REFERRAL_TRANSITIONS[from_status]:
        assert officer.referrals.change_status(referral_id, to_status) == to_status
    else:
        with pytest.raises(InvalidTransition) as refusal:
            officer.referrals.change_status(referral_id, to_status)
        assert refusal.value.params == {"from_status": from_status, "to_status": to_status}
        assert officer.referrals.get(referral_id)["status"] == from_status


def test_each_change_is_an_event_in_the_timeline(officer, referral_id):
    officer.referrals.send(referral_id, note="Called the desk")
    officer.referrals.change_status(referral_id, "accepted")
    timeline = officer.referrals.timeline(referral_id)
    assert [(e["from_status"], e["to_status"]) for e in timeline] == [("draft", "sent"), ("sent", "accepted")]
    assert timeline[0]["note"] == "Called the desk"
    assert all(e["effective"] for e in timeline)


def test_status_is_derived_and_never_queued_as_an_edit(officer, referral_id, engine):
    from .conftest import outbox_rows

    officer.referrals.send(referral_id)
    assert all("status" not in row["fields"] for row in outbox_rows(engine, "referral"))
    assert [row["fields"]["to_status"] for row in outbox_rows(engine, "referral_event")] == ["sent"]


def test_sending_needs_consent_to_share(officer, service_id):
    contact_id = officer.contacts.create({"given_name": "Rosa", "consent_contact": consent()})
    referral_id = officer.referrals.create(contact_id, service_id)
    with pytest.raises(ConsentMissing) as refusal:
        officer.referrals.send(referral_id)
    assert refusal.value.params == {"consent": "consent_share", "contact_id": contact_id}
    assert officer.referrals.get(referral_id)["status"] == "draft"


def test_refused_consent_does_not_count(officer, service_id):
    contact_id = officer.contacts.create({"given_name": "Rosa", "consent_share": {"granted": False}})
    with pytest.raises(ConsentMissing):
        officer.referrals.send(officer.referrals.create(contact_id, service_id))


def test_expired_consent_does_not_count(officer, service_id):
    contact_id = officer.contacts.create(
        {
            "given_name": "Rosa",
            "consent_share": consent(expires_on=(TODAY - dt.timedelta(days=1)).isoformat()),
        }
    )
    with pytest.raises(ConsentMissing):
        officer.referrals.send(officer.referrals.create(contact_id, service_id))


def test_consent_expiring_today_still_counts(officer, service_id):
    contact_id = officer.contacts.create(
        {"given_name": "Rosa", "consent_share": consent(expires_on=TODAY.isoformat())}
    )
    assert officer.referrals.send(officer.referrals.create(contact_id, service_id)) == "sent"


def test_withdrawing_needs_no_consent(officer, service_id):
    contact_id = officer.contacts.create({"given_name": "Rosa"})
    assert (
        officer.referrals.change_status(officer.referrals.create(contact_id, service_id), "withdrawn")
        == "withdrawn"
    )


def test_contact_and_service_are_fixed_once_sent(officer, referral_id, service_id):
    from liaison_desktop.services.errors import ValidationFailed

    officer.referrals.send(referral_id)
    other_service = officer.directory.create({"name": "Legal clinic", "category": "legal_aid"})
    with pytest.raises(ValidationFailed) as failure:
        officer.referrals.update(referral_id, {"service_id": other_service})
    assert failure.value.keys_by_field() == {"service_id": ["referral.fixed_after_sending"]}


def test_outcome_and_follow_up_can_be_recorded(officer, referral_id):
    updated = officer.referrals.update(
        referral_id, {"outcome": "Housing found", "follow_up_on": dt.date(2026, 4, 1)}
    )
    assert (updated["outcome"], updated["follow_up_on"]) == ("Housing found", "2026-04-01")


def test_overdue_follow_ups_are_open_referrals_past_their_date(officer, contact_id, service_id):
    late = officer.referrals.create(contact_id, service_id, follow_up_on=TODAY - dt.timedelta(days=2))
    closed = officer.referrals.create(contact_id, service_id, follow_up_on=TODAY - dt.timedelta(days=3))
    officer.referrals.change_status(closed, "withdrawn")
    officer.referrals.create(contact_id, service_id, follow_up_on=TODAY)
    assert [r["id"] for r in officer.referrals.overdue_follow_ups(TODAY)] == [late]


def test_ambassador_cannot_see_or_move_referrals(ambassador, officer, referral_id):
    with pytest.raises(NotAllowed):
        ambassador.referrals.get(referral_id)
    with pytest.raises(NotAllowed):
        ambassador.referrals.change_status(referral_id, "withdrawn")


def _event(i, frm, to):
    return {"id": f"e{i}", "created_hlc": f"{i:013d}-000000-n", "from_status": frm, "to_status": to}


def test_concurrent_changes_only_the_first_in_clock_order_takes_effect():
    events = [_event(1, "draft", "sent"), _event(3, "sent", "withdrawn"), _event(2, "sent", "declined")]
    derived = derive_status(events)
    assert derived.status == "declined"
    assert derived.effective == {"e1": True, "e2": True, "e3": False}


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.permutations(
        [
            _event(1, "draft", "sent"),
            _event(2, "sent", "accepted"),
            _event(3, "accepted", "completed"),
            _event(4, "sent", "declined"),
        ]
    )
)
def test_derived_status_does_not_depend_on_the_order_events_arrive_in(events):
    assert derive_status(events).status == "completed"


@given(
    st.lists(st.tuples(st.sampled_from(REFERRAL_STATUSES), st.sampled_from(REFERRAL_STATUSES)), max_size=12)
)
def test_derived_status_is_always_reachable_through_valid_moves(pairs):
    events = [_event(i, frm, to) for i, (frm, to) in enumerate(pairs)]
    status = "draft"
    for event in events:
        if event["from_status"] == status and event["to_status"] in REFERRAL_TRANSITIONS[status]:
            status = event["to_status"]
    assert derive_status(events).status == status
