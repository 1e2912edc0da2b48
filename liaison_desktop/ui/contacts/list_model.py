"""The contacts list as a lazy Qt item model: pages of 200 rows from the contacts service, on demand.

The model has as many rows as there are contacts (one cheap count), so the scroll bar is the whole list
and can be dragged to row 90,000; a row is read when the view first asks for it, with the rest of its
page. The page after one already held is read by keyset ("the rows after this one", as cheap at the
end as at the top), any other by offset. Every read runs on the runner's background thread, a page at a
time per page; a generation number drops pages that arrive after a newer reload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from babel.lists import format_list
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from liaison_desktop.services import languages
from liaison_desktop.services.contact_list import (
    ContactChoices,
    ContactFilter,
    ContactPage,
    ContactRow,
    ContactSort,
    PageCursor,
)
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.phone_display import display_phone
from liaison_desktop.ui.runner import Runner

PAGE_SIZE = 200

Index = QModelIndex | QPersistentModelIndex


class ContactPages(Protocol):
    """What the model needs from the contacts service (`ContactService` fits)."""

    def count(self, where: ContactFilter | None = ...) -> int: ...

    def page(
        self,
        where: ContactFilter | None = ...,
        *,
        sort: ContactSort = ...,
        limit: int = ...,
        after: PageCursor | None = ...,
        offset: int = ...,
    ) -> ContactPage: ...

    def filter_choices(self) -> ContactChoices: ...


def display_name(row: ContactRow) -> str:
    name = " ".join(part for part in (row.given_name, row.family_name) if part)
    if row.preferred_name:
        name = f"{name} ({row.preferred_name})"
    return name


def _language_names(codes: list[str]) -> str:
    ui_locale = base_language(language())
    names = []
    for code in codes:
        try:
            names.append(languages.display_name(code, ui_locale))
        except Exception:  # an odd code from another device still shows as its code
            names.append(code)
    return format_list(names, locale=ui_locale) if names else ""


def _phone(row: ContactRow) -> str:
    return display_phone(row.phone) if row.phone else ""


_COLUMNS: list[tuple[Callable[[], str], Callable[[ContactRow], str]]] = [
    (lambda: _("Name"), display_name),
    (lambda: _("Languages"), lambda row: _language_names(row.languages)),
    (lambda: _("Neighborhood"), lambda row: row.neighborhood or ""),
    (lambda: _("Phone"), _phone),
]


# Per column, its order ascending and descending (a header click or the Sort by box picks one).
COLUMN_SORTS: list[tuple[ContactSort, ContactSort]] = [
    (ContactSort.NAME, ContactSort.NAME_DESC),
    (ContactSort.LANGUAGES, ContactSort.LANGUAGES_DESC),
    (ContactSort.NEIGHBORHOOD, ContactSort.NEIGHBORHOOD_DESC),
    (ContactSort.PHONE, ContactSort.PHONE_DESC),
]


def sort_for(column: int, descending: bool) -> ContactSort:
    return COLUMN_SORTS[column][1 if descending else 0]


def column_of(sort: ContactSort) -> tuple[int, bool]:
    """The column a sort is on and whether it is descending (the default order for any other sort)."""
    for column, pair in enumerate(COLUMN_SORTS):
        if sort in pair:
            return column, sort is pair[1]
    return 0, False


class ContactListModel(QAbstractTableModel):
    """`loaded` is emitted after each reload has delivered its first page (the count is then known);
    `page_arrived(first_row, last_row)` after any page, once its rows show."""

    loaded = Signal()
    page_arrived = Signal(int, int)

    def __init__(
        self, source: ContactPages, runner: Runner, *, page_size: int = PAGE_SIZE, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._runner = runner
        self._page_size = page_size
        self._pages: dict[int, list[ContactRow]] = {}
        self._cursors: dict[int, PageCursor | None] = {}  # after page n: where page n + 1 starts
        self._loading: set[int] = set()
        self._generation = 0
        self._rows = 0
        self.total: int | None = None  # the contacts the filter lets through
        self.overall: int | None = None  # all the contacts a list could show (the total without a filter)
        self.where = ContactFilter()
        self.sort_order = ContactSort.NAME

    def set_query(self, where: ContactFilter, sort: ContactSort) -> None:
        """Show the contacts `where` lets through in the order `sort`; read again only if either changed."""
        if where == self.where and sort is self.sort_order:
            return
        self.where, self.sort_order = where, sort
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt's sort (a header click on a view with sorting enabled): the same rows, read in that order."""
        if 0 <= column < len(COLUMN_SORTS):
            self.set_query(self.where, sort_for(column, order == Qt.SortOrder.DescendingOrder))

    # -- loading ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Start again from the first page (after a change to contacts, or a sync), in the background;
        the rows shown stay until the new first page arrives, so the list does not flicker empty."""
        self._generation += 1
        generation = self._generation
        source, size, where, sort = self._source, self._page_size, self.where, self.sort_order

        def read() -> tuple[int, int, ContactPage]:
            total = source.count(where)
            overall = source.count(ContactFilter()) if where.narrows else total
            return total, overall, source.page(where, sort=sort, limit=size, after=None)

        self._loading = {0}
        self._runner.run(
            read,
            lambda result: self._first_page(generation, *result),
            lambda error: self._failed(generation, 0, error),
            owner=self,
        )

    def _first_page(self, generation: int, total: int, overall: int, first: ContactPage) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self.total = total
        self.overall = overall
        # The count and the page are read apart: should a contact arrive between them, the rows the first
        # page proves are there count too.
        self._rows = max(total, len(first.rows))
        self._pages = {0: list(first.rows)}
        self._cursors = {0: first.next_cursor}
        self._loading.discard(0)
        self.endResetModel()
        self.loaded.emit()

    def _failed(self, generation: int, number: int, error: BaseException) -> None:
        if generation == self._generation:
            self._loading.discard(number)  # locked meanwhile, or a read failed: asked again when shown

    def is_loaded(self, row: int) -> bool:
        """Whether `row` shows its contact (False while its page is being read)."""
        page = self._pages.get(row // self._page_size)
        return page is not None and row % self._page_size < len(page)

    def _ensure_page(self, number: int) -> None:
        if number in self._pages or number in self._loading or number * self._page_size >= self._rows:
            return
        self._loading.add(number)
        generation, source, size = self._generation, self._source, self._page_size
        where, sort = self.where, self.sort_order
        after = self._cursors.get(number - 1)
        if after is not None:
            read = lambda: source.page(where, sort=sort, limit=size, after=after)  # noqa: E731
        else:
            read = lambda: source.page(where, sort=sort, limit=size, offset=number * size)  # noqa: E731
        self._runner.run(
            read,
            lambda page: self._page_read(generation, number, page),
            lambda error: self._failed(generation, number, error),
            owner=self,
        )

    def _page_read(self, generation: int, number: int, page: ContactPage) -> None:
        if generation != self._generation:
            return
        self._loading.discard(number)
        self._pages[number] = list(page.rows)
        self._cursors[number] = page.next_cursor
        if page.rows:
            first = number * self._page_size
            last = min(first + len(page.rows), self._rows) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(_COLUMNS) - 1))
                self.page_arrived.emit(first, last)

    # -- Qt model --------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        number, offset = divmod(index.row(), self._page_size)
        page = self._pages.get(number)
        if page is None:
            self._ensure_page(number)  # the row fills in when its page arrives (`dataChanged`)
            return None
        if offset >= len(page):
            return None  # a contact deleted since the count: the next reload drops the row
        row = page[offset]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_COLUMNS)
        ):
            return _COLUMNS[section][0]()
        return None
