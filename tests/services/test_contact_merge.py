"""Merging two contacts keeps both histories and reaches the server as ordinary edits."""

from __future__ import annotations

import pytest

from liaison_desktop.services.errors import AlreadyMerged, ValidationFailed

from .conftest import consent, outbox_rows


@pytest.fixture
def pair(officer):
    kept = officer.contacts.create(
        {"given_name": "Mohammed", "family_name": "Hassan", "languages": ["ar"], "tags": ["mosque"]}
    )
    other = officer.contacts.create(
        {
            "given_name": "محمد",
            "family_name": "حسن",
            "phone": "202-555-0171",
            "languages": ["ar", "so"],
            "tags": ["youth"],
            "consent_share": consent(),
        },
        allow_duplicates=True,
    )
    return kept, other


def test_kept_contact_takes_the_fields_it_lacks(officer, pair):
    kept, other = pair
    result = officer.merger.merge(kept, other)
    record = officer.contacts.get(kept)
    assert record["given_name"] == "Mohammed"  # its own values win
    assert record["phone"] == "+12025550171"
    assert record["languages"] == ["ar", "so"] and record["tags"] == ["mosque", "youth"]
    assert record["consent_share"]["granted"] is True
    assert set(result.filled_fields) == {"phone", "languages", "tags", "consent_share"}


def test_merged_contact_is_kept_readable_and_points_to_the_kept_one(officer, pair):
    kept, other = pair
    officer.merger.merge(kept, other)
    merged = officer.contacts.get(other)
    assert merged["merged_into"] == kept and merged["deleted"] is False
    assert officer.contacts.resolve(other)["id"] == kept


def test_referrals_are_repointed_as_queued_edits(officer, pair, service_id, engine):
    kept, other = pair
    referral_id = officer.referrals.create(other, service_id, reason="Rent arrears")
    officer.merger.merge(kept, other)
    assert officer.referrals.get(referral_id)["contact_id"] == kept
    edits = [row for row in outbox_rows(engine, "referral") if row["record_id"] == referral_id]
    assert edits[-1]["op"] == "upsert" and edits[-1]["fields"] == {"contact_id": kept}


def test_merge_queues_edits_and_never_a_delete(officer, pair, engine):
    kept, other = pair
    before = len(outbox_rows(engine))
    officer.merger.merge(kept, other)
    queued = outbox_rows(engine)[before:]
    assert all(row["op"] == "upsert" for row in queued)
    assert {"record_id": other, "fields": {"merged_into": kept}} in [
        {"record_id": r["record_id"], "fields": r["fields"]} for r in queued
    ]


def test_draft_encounters_are_repointed_but_submitted_ones_keep_their_participants(officer, pair):
    kept, other = pair
    draft = officer.encounters.create_draft(
        {"occurred_at": "2026-03-01T10:00:00+00:00", "kind": "field_visit", "participant_ids": [other]}
    )
    submitted = officer.encounters.create_draft(
        {"occurred_at": "2026-03-02T10:00:00+00:00", "kind": "school", "participant_ids": [other, kept]}
    )
    officer.encounters.submit(submitted)
    result = officer.merger.merge(kept, other)
    assert result.repointed["encounter"] == [draft]
    assert officer.encounters.view(draft)["participant_ids"] == [kept]
    assert officer.encounters.view(submitted)["participant_ids"] == [other, kept]


def test_merge_is_audited(officer, supervisor, pair):
    kept, other = pair
    officer.merger.merge(kept, other)
    assert [e["action"] for e in supervisor.audit.events_about(other)][0] == "merged"


def test_a_merged_contact_cannot_be_merged_or_edited_again(officer, pair):
    kept, other = pair
    officer.merger.merge(kept, other)
    with pytest.raises(AlreadyMerged):
        officer.merger.merge(kept, other)
    with pytest.raises(AlreadyMerged):
        officer.contacts.update(other, {"neighborhood": "Riverside"})


def test_a_contact_cannot_be_merged_into_itself(officer, pair):
    with pytest.raises(ValidationFailed):
        officer.merger.merge(pair[0], pair[0])
