"""Counting and paging contacts for lists of any length (the UI's lazy item model asks for pages).

A page that follows one already shown is found by keyset ("the rows after this one in this order"), not
by OFFSET, so page 500 costs what page 1 costs (a jump far down a list uses an offset once); each order walks an index that ends with its whole sort key (for the default order,
family name, given name: `ix_contact_family_name_given_name_id`). The name filter goes through the
full-text index's title column, so it is accent-insensitive, folds Arabic diacritics, finds Chinese names
by their characters, and never scans the table.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, ColumnElement, String, and_, false, func, or_, select, text, tuple_, type_coerce

from liaison_desktop.store import search_index
from liaison_desktop.store.models import record_tables

contact = record_tables["contact"]


class ContactSort(enum.Enum):
    NAME = "name"  # family name, given name
    NAME_DESC = "name_desc"
    NEIGHBORHOOD = "neighborhood"  # neighborhood, then name
    NEIGHBORHOOD_DESC = "neighborhood_desc"
    LANGUAGES = "languages"  # the language list as stored (so by its first language), then name
    LANGUAGES_DESC = "languages_desc"
    PHONE = "phone"  # the number as stored (E.164 where it could be read), then id
    PHONE_DESC = "phone_desc"
    UPDATED = "updated"  # most recently changed first


def _keys(*columns: str, descending: bool = False) -> tuple[tuple[str, bool], ...]:
    return tuple((column, descending) for column in (*columns, "id"))


# (column, descending) per sort; `id` ends each so that the order is total and a keyset is exact. Each
# order reads an index on exactly these columns (`store.models.RECORD_INDEXES`), forwards when ascending
# and backwards when descending, so no order sorts the table.
_NAME = ("family_name", "given_name")
_SORT_KEYS: dict[ContactSort, tuple[tuple[str, bool], ...]] = {
    ContactSort.NAME: _keys(*_NAME),
    ContactSort.NAME_DESC: _keys(*_NAME, descending=True),
    ContactSort.NEIGHBORHOOD: _keys("neighborhood", *_NAME),
    ContactSort.NEIGHBORHOOD_DESC: _keys("neighborhood", *_NAME, descending=True),
    ContactSort.LANGUAGES: _keys("languages", *_NAME),
    ContactSort.LANGUAGES_DESC: _keys("languages", *_NAME, descending=True),
    ContactSort.PHONE: _keys("phone"),
    ContactSort.PHONE_DESC: _keys("phone", descending=True),
    ContactSort.UPDATED: _keys("updated_hlc", descending=True),
}


@dataclass(frozen=True)
class ContactFilter:
    """What a contact list shows. Empty fields do not filter."""

    name_prefix: str | None = None  # typed text: every word must start a word of the name
    neighborhood: str | None = None
    language: str | None = None
    tag: str | None = None
    include_merged: bool = False
    interpreter_needed: bool | None = None  # True: only those who need one; False: only those who do not
    organization: str | None = None
    community_role: str | None = None

    @property
    def narrows(self) -> bool:
        """Whether the filter leaves out any live contact (what a list says "of N contacts" about)."""
        return any(
            value not in (None, "")
            for value in (
                self.name_prefix,
                self.neighborhood,
                self.language,
                self.tag,
                self.interpreter_needed,
                self.organization,
                self.community_role,
            )
        )


@dataclass(frozen=True)
class ContactChoices:
    """The values a list's filters offer, from the contacts themselves (live, not merged), sorted."""

    neighborhoods: list[str]
    organizations: list[str]
    languages: list[str]


@dataclass(frozen=True)
class ContactRow:
    """What a list row shows; the full record is read when a contact is opened."""

    id: str
    given_name: str
    family_name: str | None
    preferred_name: str | None
    neighborhood: str | None
    phone: str | None
    languages: list[str]
    tags: list[str]
    interpreter_needed: bool | None
    merged_into: str | None
    updated_hlc: str


@dataclass(frozen=True)
class PageCursor:
    """Where the next page starts: the sort key of the last row shown. Opaque to the UI."""

    sort: ContactSort
    values: tuple[Any, ...]


@dataclass(frozen=True)
class ContactPage:
    rows: list[ContactRow]
    next_cursor: PageCursor | None  # None: this was the last page


_ROW_COLUMNS = [contact.c[name] for name in ContactRow.__dataclass_fields__]


def filter_clause(where: ContactFilter) -> ColumnElement[bool]:
    clauses: list[ColumnElement[bool]] = [contact.c.deleted.is_(False)]
    if not where.include_merged:
        clauses.append(contact.c.merged_into.is_(None))
    if where.neighborhood:
        clauses.append(contact.c.neighborhood == where.neighborhood)
    if where.organization:
        clauses.append(contact.c.organization == where.organization)
    if where.community_role:
        clauses.append(contact.c.community_role == where.community_role)
    if where.interpreter_needed is True:
        clauses.append(contact.c.interpreter_needed.is_(True))
    elif where.interpreter_needed is False:
        clauses.append(or_(contact.c.interpreter_needed.is_(False), contact.c.interpreter_needed.is_(None)))
    if where.language:
        clauses.append(
            text(
                "EXISTS (SELECT 1 FROM json_each(contact.languages) WHERE json_each.value = :f_language)"
            ).bindparams(f_language=where.language)
        )
    if where.tag:
        clauses.append(
            text("EXISTS (SELECT 1 FROM json_each(contact.tags) WHERE json_each.value = :f_tag)").bindparams(
                f_tag=where.tag
            )
        )
    if where.name_prefix:
        query = search_index.build_query(where.name_prefix)
        if query is None:
            clauses.append(false())
        else:
            clauses.append(
                text(
                    "contact.id IN (SELECT d.record_id FROM search_index "
                    "JOIN search_doc d ON d.rowid = search_index.rowid "
                    "WHERE search_index MATCH :f_match AND d.record_type = 'contact')"
                ).bindparams(f_match=f"title : ({query})")
            )
    return and_(*clauses)


def _key(name: str) -> ColumnElement[Any]:
    """A sort column as SQLite orders it: a JSON list (languages) as its stored text, which is also what a
    cursor holds and what its index is on."""
    column = contact.c[name]
    return type_coerce(column, String) if isinstance(column.type, JSON) else column


def _after(sort: ContactSort, values: tuple[Any, ...]) -> ColumnElement[bool]:
    """Rows strictly after `values` in the sort order.

    Normally one row-value comparison, `(family_name, given_name, id) > (:f, :g, :i)`, which SQLite reads
    as a range of the index on those columns, so a page costs what its rows cost instead of a sort of the
    whole table (bench figure 2). It is exact when the cursor holds no NULL and all keys go one way: a row
    with a NULL key compares as NULL and is left out, which is right where NULLs sort first (ascending)
    and cannot happen where the columns are NOT NULL (the descending "updated" order). Otherwise (a cursor
    on a contact without a family name or neighborhood) the comparison is spelled out, (a > x) or (a = x
    and b > y) ..., with SQLite's NULL placement (first when ascending, last when descending); those rows
    come first in the index, so that scan stays short.
    """
    keys = _SORT_KEYS[sort]
    columns = [_key(name) for name, _ in keys]
    directions = {descending for _, descending in keys}
    if None not in values and len(directions) == 1:
        descending = directions.pop()
        if not descending:
            return tuple_(*columns) > tuple_(*values)
        if not any(contact.c[name].nullable for name, _ in keys):
            return tuple_(*columns) < tuple_(*values)
    alternatives: list[ColumnElement[bool]] = []
    for position, (name, descending) in enumerate(keys):
        column, value = _key(name), values[position]
        equal_before = [
            _key(n).is_(values[i]) if values[i] is None else _key(n) == values[i]
            for i, (n, _) in enumerate(keys[:position])
        ]
        if descending:
            beyond = false() if value is None else or_(column < value, column.is_(None))
        else:
            beyond = column.is_not(None) if value is None else column > value
        alternatives.append(and_(*equal_before, beyond) if equal_before else beyond)
    return or_(*alternatives)


def choices(connection: Any) -> ContactChoices:
    """Distinct neighborhoods, organizations and languages of the contacts on this laptop. Each is read
    off an index that starts with its column, the index alone: asking only for listed contacts (not
    deleted, not merged) looked up every row, which read the whole table into memory on a profile of
    100,000 contacts (bench figure 9). A value only a removed contact had gives an empty list, which says
    so. A language list is stored as one JSON text, so the distinct lists are read and split here."""

    def distinct(name: str) -> list[Any]:
        column = contact.c[name]
        statement = select(column).where(column.is_not(None)).distinct()
        return [value for (value,) in connection.execute(statement) if value not in (None, "", [])]

    codes = {code for codes in distinct("languages") for code in codes if code}
    return ContactChoices(
        neighborhoods=sorted(distinct("neighborhood"), key=str.casefold),
        organizations=sorted(distinct("organization"), key=str.casefold),
        languages=sorted(codes),
    )


def count(connection: Any, where: ContactFilter) -> int:
    return connection.execute(
        select(func.count()).select_from(contact).where(filter_clause(where))
    ).scalar_one()


def page(
    connection: Any,
    where: ContactFilter,
    sort: ContactSort,
    limit: int,
    after: PageCursor | None,
    offset: int = 0,
) -> ContactPage:
    """`limit` rows after the cursor `after`, or after skipping `offset` rows from the top.

    The cursor is how a list goes on from a page it holds (its cost does not grow with the depth); the
    offset is for a jump into the middle of a long list (the scroll bar dragged to row 90,000), where
    SQLite walks the order's index up to that row: a few milliseconds per hundred thousand entries."""
    if after is not None and after.sort is not sort:
        raise ValueError("a cursor continues the order it was made for")
    if after is not None and offset:
        raise ValueError("a page starts after a cursor or at an offset, not both")
    keys = _SORT_KEYS[sort]
    order = [_key(name).desc() if descending else _key(name) for name, descending in keys]
    condition = filter_clause(where)
    if after is not None:
        condition = and_(condition, _after(sort, after.values))
    statement = select(*_ROW_COLUMNS, *(_key(n) for n, _ in keys)).where(condition).order_by(*order)
    rows = connection.execute(statement.limit(limit + 1).offset(offset or None)).all()
    more = len(rows) > limit
    shown = rows[:limit]
    width = len(_ROW_COLUMNS)
    result = [_row(row[:width]) for row in shown]
    cursor = PageCursor(sort, tuple(shown[-1][width:])) if more and shown else None
    return ContactPage(result, cursor)


def _row(values: Any) -> ContactRow:
    row = dict(zip(ContactRow.__dataclass_fields__, values, strict=True))
    row["languages"] = row["languages"] or []
    row["tags"] = row["tags"] or []
    return ContactRow(**row)
