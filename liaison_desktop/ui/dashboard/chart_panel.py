"""One chart of the Dashboard with the same numbers as a table: a "Chart" and a "Table" tab beside the
chart's title (in the title's row, so the chart keeps the height).

The table is for everyone who does not read the picture: a screen reader reads it cell by cell, a
keyboard reaches it (Tab to the tabs, an arrow key to "Table", Tab into it) and it is named after the
chart. A flat tree view rather than a table view: no unnamed row headers for a screen reader.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.ui import theme
from liaison_desktop.ui.dashboard.charts import RENDER_HINT
from liaison_desktop.ui.flat_tree import flat_tree
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
        self.heading.setWordWrap(True)  # two panels share the width: a long title wraps, never widens
        align_with_layout(self.heading)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addWidget(self.heading, 1)
        self.caption = QLabel()
        self.caption.setObjectName(f"dashboard_{key}_caption")
        self.caption.setWordWrap(True)
        theme.set_text_role(self.caption, theme.TextRole.CAPTION)
        align_with_layout(self.caption)
        self.caption_row = QHBoxLayout()  # the caption, and the chart's own choices after it
        self.caption_row.setContentsMargins(0, 0, 0, 0)
        self.caption_row.addWidget(self.caption, 1)

        self.chart_view = QChartView()
        self.chart_view.setObjectName(f"dashboard_{key}_chart")
        self.chart_view.setRenderHint(RENDER_HINT)
        self.chart_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chart_view.setAccessibleName(_("{chart}: chart").format(chart=title))
        self.chart_view.setAccessibleDescription(_("The same numbers are in the Table tab."))
        # As tall as the panel gives it, not as tall as the chart would like: four charts share a screen.
        self.chart_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.chart_view.setMinimumSize(200, 150)
        self.model = QStandardItemModel(0, 0, self)
        self.table = flat_tree(f"dashboard_{key}_table", self.model, _("{chart}: table").format(chart=title))
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.chart_view)
        self.stack.addWidget(self.table)
        self.switch = QTabBar()
        self.switch.setObjectName(f"dashboard_{key}_switch")
        self.switch.setDocumentMode(True)
        self.switch.setDrawBase(False)
        self.switch.addTab(_("Chart"))
        self.switch.addTab(_("Table"))
        self.switch.setAccessibleName(_("{chart}: chart or table").format(chart=title))
        self.switch.currentChanged.connect(self.stack.setCurrentIndex)
        self.header.addWidget(self.switch)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.spacing().s)
        layout.addLayout(self.header)
        layout.addLayout(self.caption_row)
        layout.addWidget(self.stack, 1)

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
        self.switch.setCurrentIndex(TABLE_TAB)

    def focus_chain(self) -> list[QWidget]:
        return [self.switch, self.table]
