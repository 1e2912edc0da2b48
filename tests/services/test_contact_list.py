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


# Contacts whose sort columns repeat and are sometimes empty, so keysets cross ties and NULLs both ways.
SORTED = [
    {"given_name": "Ana", "family_name": "Ruiz", "neighborhood": "Riverside", "languages": ["es"],
     "phone": "+12025550101", "organization": "Riverside Tenants", "community_role": "resident",
     "interpreter_needed": True},
    {"given_name": "Bea", "family_name": "Ruiz", "neighborhood": None, "languages": ["es", "en"],
     "phone": None, "organization": None, "community_role": "faith_leader", "interpreter_needed": False},
    {"given_name": "Carl", "family_name": None, "neighborhood": "Eastside", "languages": [],
     "phone": "+12025550101", "organization": "Riverside Tenants", "community_role": None},
    {"given_name": "Dina", "family_name": "Abadi", "neighborhood": "Eastside", "languages": ["ar"],
     "phone": "+12025550199", "organization": "Eastside Mosque", "community_role": "faith_leader",
     "interpreter_needed": True},
    {"given_name": "Eli", "family_name": "Abadi", "neighborhood": None, "languages": ["ar"],
     "phone": None, "organization": None, "community_role": None},
    {"given_name": "Fay", "family_name": None, "neighborhood": "Riverside", "languages": None,
     "phone": "+12025550150", "organization": "Eastside Mosque", "community_role": "resident"},
]  # fmt: skip


@pytest.fixture
def sortable(officer):
    return officer.contacts.import_many([dict(row) for row in SORTED])


def _sql_key(value):
    """SQLite's order: NULL first, then text."""
    return (value is not None, value)


@pytest.mark.parametrize(
    ("sort", "column", "descending"),
    [
        (ContactSort.NAME_DESC, "family_name", True),
        (ContactSort.NEIGHBORHOOD_DESC, "neighborhood", True),
        (ContactSort.LANGUAGES, "languages", False),
        (ContactSort.LANGUAGES_DESC, "languages", True),
        (ContactSort.PHONE, "phone", False),
        (ContactSort.PHONE_DESC, "phone", True),
    ],
)
def test_each_new_sort_visits_every_contact_once_in_its_order(officer, sortable, sort, column, descending):
    for limit in (1, 2, 4):
        rows = _all_pages(officer, sort=sort, limit=limit)
        assert sorted(r.id for r in rows) == sorted(sortable), f"every contact once, pages of {limit}"
        assert rows == officer.contacts.page(sort=sort, limit=100).rows, "paged as one page orders them"
    values = [getattr(r, column) for r in rows]
    if column == "languages":  # by the list as stored, so by its first language
        firsts = [r.languages[0] for r in rows if r.languages]
        assert firsts == sorted(firsts, reverse=descending)
        return
    assert values == sorted(values, key=_sql_key, reverse=descending)


def test_descending_name_is_the_name_order_reversed(officer, sortable):
    ascending = _all_pages(officer, sort=ContactSort.NAME)
    descending = _all_pages(officer, sort=ContactSort.NAME_DESC, limit=3)
    assert [r.id for r in descending] == [r.id for r in reversed(ascending)]


def test_filter_by_interpreter_needed(officer, sortable):
    needs = officer.contacts.page(ContactFilter(interpreter_needed=True), limit=100).rows
    assert sorted(r.given_name for r in needs) == ["Ana", "Dina"]
    assert officer.contacts.count(ContactFilter(interpreter_needed=False)) == 4, "unrecorded counts as no"


def test_filter_by_organization(officer, sortable):
    rows = officer.contacts.page(ContactFilter(organization="Eastside Mosque"), limit=100).rows
    assert sorted(r.given_name for r in rows) == ["Dina", "Fay"]


def test_filter_by_community_role(officer, sortable):
    assert officer.contacts.count(ContactFilter(community_role="faith_leader")) == 2
    assert officer.contacts.count(ContactFilter(community_role="resident")) == 2


def test_filters_apply_together_with_a_sort(officer, sortable):
    where = ContactFilter(
        neighborhood="Riverside", community_role="resident", organization="Riverside Tenants"
    )
    assert officer.contacts.count(where) == 1
    rows = _all_pages(
        officer, where=ContactFilter(organization="Riverside Tenants"), sort=ContactSort.PHONE_DESC, limit=1
    )
    assert sorted(r.given_name for r in rows) == ["Ana", "Carl"]
    assert rows[0].id > rows[1].id, "the same phone: id breaks the tie, descending too"


def test_filter_choices_are_the_distinct_values_in_use(officer, sortable):
    choices = officer.contacts.filter_choices()
    assert choices.neighborhoods == ["Eastside", "Riverside"]
    assert choices.organizations == ["Eastside Mosque", "Riverside Tenants"]
    assert choices.languages == ["ar", "en", "es"]


def test_a_filter_narrows_only_when_it_has_a_value():
    assert not ContactFilter().narrows
    assert ContactFilter(interpreter_needed=True).narrows and ContactFilter(organization="X").narrows
