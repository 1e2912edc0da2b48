"""The import preview as a Qt item model: one line per row of the file, with its problems and the
contact it may duplicate, and what will be done with it.

Problems and undecided duplicates are said in words in their own columns (and drawn in the danger
color), so nothing depends on seeing colors. The whole preview is in memory already (the service read
the file), so the model is a plain table over it; decisions are read from the plan when drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from liaison_desktop.services.contact_csv_import import ImportPlan, PreviewRow
from liaison_desktop.ui import theme
from liaison_desktop.ui.contacts.csv_words import (
    decision_label,
    duplicate_sentences,
    duplicate_short,
    problems_text,
    row_label,
    row_name,
)
from liaison_desktop.ui.i18n import _, format_number
from liaison_desktop.ui.phone_display import display_phone
from liaison_desktop.ui.text_direction import isolate_ltr

Index = QModelIndex | QPersistentModelIndex

ROW, NAME, PHONE, EMAIL, PROBLEMS, DUPLICATE, DECISION = range(7)


def _phone(row: PreviewRow) -> str:
    if row.fields.get("phone"):
        return display_phone(row.fields["phone"])
    typed = row.typed.get("phone")
    return isolate_ltr(str(typed)) if typed else ""


def _email(row: PreviewRow) -> str:
    value = row.fields.get("email") or row.typed.get("email")
    return isolate_ltr(str(value)) if value else ""


_HEADERS: list[Callable[[], str]] = [
    lambda: _("Row"),
    lambda: _("Name"),
    lambda: _("Phone"),
    lambda: _("Email"),
    lambda: _("Problems"),
    lambda: _("Likely duplicate"),
    lambda: _("What to do"),
]


class CsvPreviewModel(QAbstractTableModel):
    def __init__(self, plan: ImportPlan, parent: Any = None) -> None:
        super().__init__(parent)
        self._plan = plan
        self._rows = plan.preview.rows
        self._lines = {row.index: row.line for row in self._rows}

    @property
    def plan(self) -> ImportPlan:
        return self._plan

    def row_at(self, position: int) -> PreviewRow:
        return self._rows[position]

    def decision_changed(self, position: int | None = None) -> None:
        """Redraw the decision of one row (or of every row)."""
        first, last = (0, len(self._rows) - 1) if position is None else (position, position)
        if last >= first:
            self.dataChanged.emit(self.index(first, DECISION), self.index(last, DECISION))

    def _text(self, row: PreviewRow, column: int) -> str:
        if column == ROW:
            return row_label(row.line)
        if column == NAME:
            return row_name(row.fields or row.typed)
        if column == PHONE:
            return _phone(row)
        if column == EMAIL:
            return _email(row)
        if column == PROBLEMS:
            return problems_text(row)
        if column == DUPLICATE:
            return duplicate_short(row)
        if not row.importable:
            return _("Not imported")
        return decision_label(self._plan.decision(row.index), row, self._lines)

    # -- Qt model --------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole and column == ROW:
            return format_number(row.line)  # the column says "Row"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == PROBLEMS and row.problems:
                return problems_text(row)
            if column == DUPLICATE and row.is_duplicate:
                return duplicate_sentences(row)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            undecided = column == DECISION and row.is_duplicate and self._plan.decision(row.index) is None
            if (column == PROBLEMS and row.problems) or undecided:
                return QColor(theme.colors().danger)
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.index
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]()
        return None
