"""Contact lists page lazily by keyset, filter by name prefix, neighborhood, language and tag."""

from __future__ import annotations

import pytest

from liaison_desktop.services.contact_list import ContactFilter, ContactSort

NAMES = [
    ("Ana", "Ruiz", "Riverside", ["es"], ["parent"]),
    ("José", "García", "Riverside", ["es"], []),
    ("محمد", "حسن", "Eastside", ["ar"], ["mosque"]),
    ("Amina", "Yusuf", "Eastside", ["so", "ar"], ["mosque"]),
    ("小明", "王", "Chinatown", ["zh-Hans"], []),
    ("Lan", "Nguyễn", "Chinatown", ["vi"], ["business"]),
    ("Omar", None, "Eastside", ["ar"], []),
]


@pytest.fixture
def contacts(officer):
    return officer.contacts.import_many(
        [
            {"given_name": g, "family_name": f, "neighborhood": n, "languages": langs, "tags": tags}
            for g, f, n, langs, tags in NAMES
        ]
    )


def _all_pages(officer, where=None, sort=ContactSort.NAME, limit=2):
    rows, cursor = [], None
    while True:
        page = officer.contacts.page(where, sort=sort, limit=limit, after=cursor)
        rows += page.rows
        cursor = page.next_cursor
        if cursor is None:
            return rows


def test_pages_by_name_visit_every_contact_once_in_order(officer, contacts):
    rows = _all_pages(officer)
    assert len(rows) == len(NAMES) and len({r.id for r in rows}) == len(NAMES)
    keys = [(r.family_name or "", r.given_name) for r in rows]
    assert rows[0].family_name is None  # no family name sorts first, like SQLite's NULL
    assert keys[1:] == sorted(keys[1:])


def test_pages_by_neighborhood_and_by_update_visit_every_contact_once(officer, contacts):
    by_place = _all_pages(officer, sort=ContactSort.NEIGHBORHOOD)
    assert [r.neighborhood for r in by_place] == sorted(r.neighborhood for r in by_place)
    by_update = _all_pages(officer, sort=ContactSort.UPDATED, limit=3)
    assert len({r.id for r in by_update}) == len(NAMES)
    assert [r.updated_hlc for r in by_update] == sorted((r.updated_hlc for r in by_update), reverse=True)


def test_a_page_at_an_offset_is_the_same_rows_as_paging_there_and_goes_on_by_cursor(officer, contacts):
    everyone = _all_pages(officer)
    jumped = officer.contacts.page(limit=2, offset=3)
    assert [r.id for r in jumped.rows] == [r.id for r in everyone[3:5]]
    following = officer.contacts.page(limit=2, after=jumped.next_cursor)
    assert [r.id for r in following.rows] == [r.id for r in everyone[5:7]]


def test_count_matches_the_filter(officer, contacts):
    assert officer.contacts.count() == 7
    assert officer.contacts.count(ContactFilter(neighborhood="Eastside")) == 3
    assert officer.contacts.count(ContactFilter(language="ar")) == 3
    assert officer.contacts.count(ContactFilter(tag="mosque")) == 2


def test_name_prefix_is_accent_insensitive_and_works_in_arabic_and_chinese(officer, contacts):
    def names(prefix):
        return sorted(r.given_name for r in officer.contacts.page(ContactFilter(name_prefix=prefix)).rows)

    assert names("jos") == ["José"]
    assert names("nguyen") == ["Lan"]
    assert names("مح") == ["محمد"]
    assert names("小明") == ["小明"]


def test_name_prefix_does_not_match_notes(officer):
    officer.contacts.create({"given_name": "Rosa", "notes": "Introduced by Marisol at the clinic"})
    assert officer.contacts.count(ContactFilter(name_prefix="marisol")) == 0


def test_merged_contacts_are_hidden_unless_asked_for(officer, contacts):
    officer.merger.merge(contacts[3], contacts[2])
    assert officer.contacts.count() == 6
    assert officer.contacts.count(ContactFilter(include_merged=True)) == 7


def test_a_cursor_only_continues_its_own_order(officer, contacts):
    page = officer.contacts.page(limit=2)
    with pytest.raises(ValueError):
        officer.contacts.page(sort=ContactSort.UPDATED, after=page.next_cursor)
