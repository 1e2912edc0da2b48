"""The list of records every section shows: a flat tree view rather than a table.

Qt keeps a QTableView's vertical header in the accessibility tree even when it is hidden, so a screen
reader met one unnamed "row header" per row; a tree view has no row headers and its rows are read as
cells under the column headers. Whole rows are selected, nothing is edited in place, and Tab leaves the
list (the arrow keys move within it).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView


def flat_tree(name: str, model: QAbstractItemModel, accessible_name: str | None = None) -> QTreeView:
    view = QTreeView()
    view.setObjectName(name)
    if accessible_name is not None:
        view.setAccessibleName(accessible_name)
    view.setRootIsDecorated(False)
    view.setItemsExpandable(False)
    view.setUniformRowHeights(True)
    view.setAllColumnsShowFocus(True)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    return view
