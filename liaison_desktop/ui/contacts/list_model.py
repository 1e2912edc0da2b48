"""The contacts list as a lazy Qt item model: pages of 200 rows from the contacts service, on demand.

Qt asks `canFetchMore`/`fetchMore` as the view scrolls near the end, so a list of 100,000 contacts costs
one page to open and one keyset query per page after that (the service pages by "rows after this one",
never OFFSET). The total count comes from a separate cheap count, for the header line. Every read runs on
the runner's background thread; a generation number drops pages that arrive after a newer reload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from babel.lists import format_list
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from liaison_desktop.services import languages
from liaison_desktop.services.contact_list import ContactPage, ContactRow, PageCursor
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.phone_display import display_phone
from liaison_desktop.ui.runner import Runner

PAGE_SIZE = 200

Index = QModelIndex | QPersistentModelIndex


class ContactPages(Protocol):
    """What the model needs from the contacts service (`ContactService` fits)."""

    def count(self) -> int: ...

    def page(self, *, limit: int = ..., after: PageCursor | None = ...) -> ContactPage: ...


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


class ContactListModel(QAbstractTableModel):
    """`loaded` is emitted after each reload has delivered its first page (the count is then known)."""

    loaded = Signal()

    def __init__(
        self, source: ContactPages, runner: Runner, *, page_size: int = PAGE_SIZE, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._runner = runner
        self._page_size = page_size
        self._rows: list[ContactRow] = []
        self._next: PageCursor | None = None
        self._exhausted = True
        self._fetching = False
        self._generation = 0
        self.total: int | None = None

    # -- loading ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Start again from the first page (after a change to contacts, or a sync), in the background;
        the rows shown stay until the new first page arrives, so the list does not flicker empty."""
        self._generation += 1
        generation = self._generation
        source, size = self._source, self._page_size
        self._fetching = True
        self._runner.run(
            lambda: (source.count(), source.page(limit=size, after=None)),
            lambda result: self._first_page(generation, *result),
            lambda error: self._failed(generation, error),
            owner=self,
        )

    def _first_page(self, generation: int, total: int, first: ContactPage) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self.total = total
        self._rows = list(first.rows)
        self._next = first.next_cursor
        self._exhausted = first.next_cursor is None
        self._fetching = False
        self.endResetModel()
        self.loaded.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False  # the profile was locked meanwhile, or a read failed: keep what shows

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt's API
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802 - Qt's API
        if parent.isValid() or self._exhausted or self._fetching:
            return
        generation = self._generation
        source, size, after = self._source, self._page_size, self._next
        self._fetching = True
        self._runner.run(
            lambda: source.page(limit=size, after=after),
            lambda page: self._next_page(generation, page),
            lambda error: self._failed(generation, error),
            owner=self,
        )

    def _next_page(self, generation: int, page: ContactPage) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if page.rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._next = page.next_cursor
        self._exhausted = page.next_cursor is None

    # -- Qt model --------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
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
