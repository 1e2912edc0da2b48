"""One chart of the Dashboard with the same numbers as a table: two tabs, "Chart" and "Table".

The table is for everyone who does not read the picture: a screen reader reads it cell by cell, a
keyboard reaches it (Tab to the tab bar, arrow to "Table", Tab into it; Ctrl+Tab and Ctrl+Shift+Tab
switch tabs from inside) and it is named after the chart. A flat tree view rather than a table view:
no unnamed row headers for a screen reader.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.ui import theme
from liaison_desktop.ui.dashboard.charts import RENDER_HINT
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.text_direction import align_with_layout

CHART_TAB, TABLE_TAB = 0, 1


class ChartPanel(QWidget):
    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"dashboard_{key}")
        self.title = title
        self.heading = QLabel(title)
        self.heading.setObjectName(f"dashboard_{key}_title")
        theme.set_text_role(self.heading, theme.TextRole.SUBHEADING)
        align_with_layout(self.heading)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addWidget(self.heading, 1)
        self.caption = QLabel()
        self.caption.setObjectName(f"dashboard_{key}_caption")
        self.caption.setWordWrap(True)
        theme.set_text_role(self.caption, theme.TextRole.CAPTION)
        align_with_layout(self.caption)

        self.chart_view = QChartView()
        self.chart_view.setObjectName(f"dashboard_{key}_chart")
        self.chart_view.setRenderHint(RENDER_HINT)
        self.chart_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chart_view.setAccessibleName(_("{chart}: chart").format(chart=title))
        self.chart_view.setAccessibleDescription(_("The same numbers are in the Table tab."))
        self.chart_view.setMinimumHeight(180)
        self.model = QStandardItemModel(0, 0, self)
        self.table = QTreeView()
        self.table.setObjectName(f"dashboard_{key}_table")
        self.table.setAccessibleName(_("{chart}: table").format(chart=title))
        self.table.setRootIsDecorated(False)
        self.table.setItemsExpandable(False)
        self.table.setUniformRowHeights(True)
        self.table.setAllColumnsShowFocus(True)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.tabs = QTabWidget()
        self.tabs.setObjectName(f"dashboard_{key}_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.chart_view, _("Chart"))
        self.tabs.addTab(self.table, _("Table"))
        self.tabs.tabBar().setAccessibleName(_("{chart}: chart or table").format(chart=title))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.spacing().s)
        layout.addLayout(self.header)
        layout.addWidget(self.caption)
        layout.addWidget(self.tabs, 1)

    def show_numbers(self, chart: QChart, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Draw `chart` and put the same numbers in the table (first column the row's name, the others
        numbers, aligned at the end as numbers are)."""
        previous = self.chart_view.chart()
        self.chart_view.setChart(chart)
        if previous is not None:
            previous.deleteLater()
        self.model.clear()
        self.model.setHorizontalHeaderLabels(list(columns))
        for values in rows:
            items = [QStandardItem(text) for text in values]
            for item in items[1:]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        for column in range(len(columns)):
            self.table.resizeColumnToContents(column)

    def cell(self, row: int, column: int) -> str:
        return str(self.model.index(row, column).data() or "")

    def show_table(self) -> None:
        self.tabs.setCurrentIndex(TABLE_TAB)

    def focus_chain(self) -> list[QWidget]:
        return [self.tabs.tabBar(), self.table]
