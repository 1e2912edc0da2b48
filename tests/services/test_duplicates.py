"""Likely duplicates: same phone, same e-mail, or the same name across spellings and scripts."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from liaison_desktop.services.duplicates import SAME_EMAIL, SAME_PHONE, SIMILAR_NAME, name_similarity


def _ids(matches):
    return [m.contact_id for m in matches]


def test_same_phone_in_another_format_is_a_duplicate(officer):
    existing = officer.contacts.create({"given_name": "Rosa", "phone": "202-555-0161"})
    matches = officer.contacts.likely_duplicates({"given_name": "Someone", "phone": "+1 (202) 555 0161"})
    assert _ids(matches) == [existing] and matches[0].reasons == (SAME_PHONE,)


def test_same_email_in_another_case_is_a_duplicate(officer):
    existing = officer.contacts.create({"given_name": "Rosa", "email": "rosa.m@example.org"})
    matches = officer.contacts.likely_duplicates({"given_name": "R.", "email": "ROSA.M@example.org"})
    assert _ids(matches) == [existing] and matches[0].reasons == (SAME_EMAIL,)


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        (("Mohammed", "Hassan"), ("Muhammad", "Hasan")),
        (("Mohamed", "Hassan"), ("Mohammed", "Hassan")),
        (("محمد", "حسن"), ("Mohammed", "Hassan")),
        (("مُحَمَّد", "حسن"), ("Muhammad", "Hassan")),
        (("José", "García"), ("Jose", "Garcia")),
        (("Nguyễn", "Thị Lan"), ("Nguyen", "Thi Lan")),
        (("Lan", "Nguyen Thi"), ("Nguyen Thi", "Lan")),  # given and family entered the other way round
        (("فاطمة", "علي"), ("Fatima", "Ali")),
        (("Youssef", "Abdi"), ("Yusuf", "Abdi")),
        (("Мухаммед", "Али"), ("Muhammad", "Ali")),
        (("小明", "王"), ("Xiaoming", "Wang")),
    ],
)
def test_transliterated_name_is_a_duplicate(officer, stored, typed):
    existing = officer.contacts.create({"given_name": stored[0], "family_name": stored[1]})
    matches = officer.contacts.likely_duplicates({"given_name": typed[0], "family_name": typed[1]})
    assert _ids(matches) == [existing]
    assert matches[0].reasons == (SIMILAR_NAME,)


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        (("Mahmoud", "Hassan"), ("Mohammed", "Hassan")),  # siblings share a family name
        (("Fatima", "Hassan"), ("Mohammed", "Hassan")),
        (("Maria", "Lopez"), ("Chen", "Wei")),
        (("Ali", "Omar"), ("Eli", "Omar")),
        (("Ana", "Ruiz"), ("Anh", "Tran")),
    ],
)
def test_clearly_different_names_are_not_duplicates(officer, stored, typed):
    officer.contacts.create({"given_name": stored[0], "family_name": stored[1]})
    assert officer.contacts.likely_duplicates({"given_name": typed[0], "family_name": typed[1]}) == []


def test_phone_and_name_together_score_above_either_alone(officer):
    existing = officer.contacts.create(
        {"given_name": "Muhammad", "family_name": "Hasan", "phone": "202-555-0199"}
    )
    both = officer.contacts.likely_duplicates(
        {"given_name": "Mohammed", "family_name": "Hassan", "phone": "2025550199"}
    )
    assert _ids(both) == [existing]
    assert both[0].reasons == (SAME_PHONE, SIMILAR_NAME) and both[0].score == 100


def test_merged_and_deleted_contacts_are_not_offered(officer):
    kept = officer.contacts.create({"given_name": "Rosa", "family_name": "Mendez"})
    merged = officer.contacts.create({"given_name": "Rosa", "family_name": "Méndez"}, allow_duplicates=True)
    officer.merger.merge(kept, merged)
    officer.contacts.delete(kept)
    assert officer.contacts.likely_duplicates({"given_name": "Rosa", "family_name": "Mendez"}) == []


def test_name_similarity_is_symmetric_for_transliterations():
    a = {"given_name": "محمد", "family_name": "حسن"}
    b = {"given_name": "Mohammed", "family_name": "Hassan"}
    assert name_similarity(a, b) == name_similarity(b, a) >= 85


def test_a_duplicate_is_found_among_100k_contacts(officer, engine):
    """Candidates are pre-filtered in SQL (indexed phone/e-mail, name blocks); the pre-filter must not
    lose the true match in a realistic team's 100,000 contacts. (Its speed is a benchmark's business:
    timed assertions do not belong in unit tests on shared machines.)"""
    given = [
        "Ana",
        "José",
        "Maria",
        "Luis",
        "Wei",
        "Lan",
        "Omar",
        "Amina",
        "Fatima",
        "Yusuf",
        "Ahmed",
        "Sofia",
        "Carlos",
        "Hoa",
        "Minh",
        "Abdi",
        "Hodan",
        "Pedro",
        "Elena",
        "Kofi",
    ]
    family = [
        "Ruiz",
        "García",
        "Lopez",
        "Nguyen",
        "Tran",
        "Chen",
        "Wang",
        "Hassan",
        "Ali",
        "Abdi",
        "Farah",
        "Mendez",
        "Santos",
        "Osei",
        "Diaz",
        "Pham",
        "Liu",
        "Ibrahim",
        "Warsame",
        "Morales",
    ]
    rows = [
        {
            "id": str(uuid.UUID(int=i)),
            "given_name": given[i % 20],
            "family_name": family[(i // 20) % 20] + str(i),
            "phone": f"+1202555{i:04d}"[:12] if i % 3 == 0 else None,
            "created_hlc": "0",
            "updated_hlc": "0",
            "deleted": False,
        }
        for i in range(100_000)
    ]
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO contact (id, given_name, family_name, phone, created_hlc, updated_hlc, deleted) "
                "VALUES (:id, :given_name, :family_name, :phone, :created_hlc, :updated_hlc, :deleted)"
            ),
            rows,
        )
    target = officer.contacts.create({"given_name": "Mohammed", "family_name": "Al-Rashid"})
    matches = officer.contacts.likely_duplicates(
        {"given_name": "Muhammad", "family_name": "Al Rashid", "phone": "+1 202 555 0300"}
    )
    assert target in _ids(matches)


def test_many_lookups_at_once_give_the_same_answers_as_one_at_a_time(officer):
    """An import's preview reads every contact once (`find_many`); it must find exactly what `find` does."""
    officer.contacts.import_many(
        [
            {"given_name": "Mohammed", "family_name": "Haddad", "phone": "+16175550101"},
            {"given_name": "Muhammad", "family_name": "Hadad"},
            {"given_name": "محمد", "family_name": "حداد"},
            {"given_name": "Amina", "email": "amina@example.org"},
            {"given_name": "Yusuf", "family_name": "Amina"},
            {"given_name": "王小明"},
            {"given_name": "Xiaoming", "family_name": "Wang"},
            {"given_name": "Omar"},
        ]
    )
    typed = [
        {"given_name": "Mohamed", "family_name": "Haddad"},
        {"given_name": "Someone", "phone": "(617) 555-0101"},
        {"given_name": "Amina", "family_name": "Yusuf"},
        {"given_name": "x", "email": "AMINA@example.org"},
        {"given_name": "Wang", "family_name": "Xiaoming"},
        {"given_name": "Omar", "family_name": "Farah"},
        {"given_name": "Nobody", "family_name": "Matches"},
        {"family_name": "Only a family name"},
    ] * 3  # more rows than BULK_FROM, so the bulk path runs
    finder = officer.duplicates
    assert finder.find_many(typed) == [finder.find(fields) for fields in typed]
    assert any(finder.find_many(typed)), "the comparison is not vacuous"
