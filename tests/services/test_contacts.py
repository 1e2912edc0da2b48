"""Contacts: names in any script, E.164 phones, validated languages and consents, no immigration field."""

from __future__ import annotations

import pytest

from liaison_desktop.services.errors import LikelyDuplicates, NotAllowed, ValidationFailed

from .conftest import consent


def test_contact_names_in_any_script_are_stored_as_typed(officer):
    contact_id = officer.contacts.create(
        {"given_name": "فاطمة", "family_name": "الزهراء", "preferred_name": "Fátima"}
    )
    stored = officer.contacts.get(contact_id)
    assert (stored["given_name"], stored["family_name"], stored["preferred_name"]) == (
        "فاطمة",
        "الزهراء",
        "Fátima",
    )


def test_given_name_is_required(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.contacts.create({"family_name": "Nguyen"})
    assert failure.value.keys_by_field() == {"given_name": ["field.required"]}


def test_phone_is_normalized_to_e164_with_the_default_region(officer):
    contact_id = officer.contacts.create({"given_name": "Luis", "phone": "(202) 555-0187"})
    assert officer.contacts.get(contact_id)["phone"] == "+12025550187"


def test_phone_with_a_country_code_keeps_its_country(officer):
    contact_id = officer.contacts.create({"given_name": "Luis", "phone": "+52 55 1234 5678"})
    assert officer.contacts.get(contact_id)["phone"] == "+525512345678"


@pytest.mark.parametrize("phone", ["555-0143", "not a number", "+1 202"])
def test_invalid_phone_is_refused_with_its_message_key(officer, phone):
    with pytest.raises(ValidationFailed) as failure:
        officer.contacts.create({"given_name": "Luis", "phone": phone})
    problem = failure.value.problems[0]
    assert (problem.field, problem.key, problem.args["region"]) == ("phone", "contact.invalid_phone", "US")


def test_email_is_validated_and_stored_in_lower_case(officer):
    contact_id = officer.contacts.create({"given_name": "Ana", "email": " Ana.Ruiz@Example.ORG "})
    assert officer.contacts.get(contact_id)["email"] == "ana.ruiz@example.org"
    with pytest.raises(ValidationFailed) as failure:
        officer.contacts.create({"given_name": "Ana", "email": "ana.ruiz(at)example"})
    assert failure.value.keys_by_field() == {"email": ["contact.invalid_email"]}


def test_languages_are_validated_and_canonicalized(officer):
    contact_id = officer.contacts.create({"given_name": "Wei", "languages": ["zh-hans", "prs", "es", "es"]})
    assert officer.contacts.get(contact_id)["languages"] == ["zh-Hans", "prs", "es"]
    with pytest.raises(ValidationFailed) as failure:
        officer.contacts.create({"given_name": "Wei", "languages": ["klingon"]})
    assert failure.value.keys_by_field() == {"languages": ["language.malformed"]}


def test_community_role_must_be_one_of_the_known_roles(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.contacts.create({"given_name": "Omar", "community_role": "informant"})
    assert failure.value.keys_by_field() == {"community_role": ["field.not_a_choice"]}


def test_granted_consent_needs_its_method_and_date(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.contacts.create({"given_name": "Omar", "consent_share": {"granted": True}})
    assert failure.value.keys_by_field() == {"consent_share": ["consent.method_required"]}


def test_consent_cannot_expire_before_it_was_given(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.contacts.create(
            {"given_name": "Omar", "consent_contact": consent(given_on="2026-02-01", expires_on="2026-01-01")}
        )
    assert failure.value.keys_by_field() == {"consent_contact": ["consent.expires_before_given"]}


def test_there_is_no_immigration_status_field(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.contacts.create({"given_name": "Omar", "immigration_status": "undocumented"})
    assert failure.value.keys_by_field() == {"immigration_status": ["field.unknown"]}


def test_merged_into_is_set_only_by_a_merge(officer, contact_id):
    with pytest.raises(ValidationFailed) as failure:
        officer.contacts.update(contact_id, {"merged_into": contact_id})
    assert failure.value.keys_by_field() == {"merged_into": ["contact.merge_only"]}


def test_tags_are_trimmed_and_deduplicated(officer):
    contact_id = officer.contacts.create({"given_name": "Omar", "tags": [" youth ", "youth", "", "mosque"]})
    assert officer.contacts.get(contact_id)["tags"] == ["youth", "mosque"]


def test_update_changes_only_the_given_fields_and_queues_them(officer, contact_id, engine):
    from .conftest import outbox_rows

    officer.contacts.update(contact_id, {"neighborhood": "Riverside", "phone": "202-555-0143"})
    last = outbox_rows(engine, "contact")[-1]
    assert last["fields"] == {"neighborhood": "Riverside"}  # the phone was already that number


def test_creating_a_likely_duplicate_warns_until_confirmed(officer, contact_id):
    with pytest.raises(LikelyDuplicates) as warning:
        officer.contacts.create({"given_name": "Aamina", "phone": "+1 202 555 0143"})
    assert [m.contact_id for m in warning.value.matches] == [contact_id]
    assert officer.contacts.create(
        {"given_name": "Aamina", "phone": "+1 202 555 0143"}, allow_duplicates=True
    )


def test_ambassador_can_neither_read_nor_write_contacts(ambassador, contact_id):
    with pytest.raises(NotAllowed):
        ambassador.contacts.get(contact_id)
    with pytest.raises(NotAllowed):
        ambassador.contacts.create({"given_name": "Omar"})


def test_admin_cannot_read_contacts(admin, contact_id):
    with pytest.raises(NotAllowed):
        admin.contacts.page()


def test_deleted_contact_is_a_tombstone_that_syncs(officer, contact_id, engine):
    from liaison_desktop.services.errors import NotFound

    from .conftest import outbox_rows

    officer.contacts.delete(contact_id)
    with pytest.raises(NotFound):
        officer.contacts.get(contact_id)
    assert outbox_rows(engine, "contact")[-1]["op"] == "delete"
