"""The Review queue section (supervisors): the submitted notes awaiting review across their teams, adverse
interactions first, then overdue follow-ups, then oldest first; filters for officer, neighborhood,
dates, language and flags; "N of M" above the list and a sentence instead of it when it is empty. Enter
opens the note for review (`review_note_page`), which goes on to the next row of this list.

The list never reads what a note says (`services/review_board`); it is read off the UI thread, again
when a filter changes and when "records changed" names encounters, amendments or reviews, whether made
here or brought by a sync (an amended note comes back to the queue that way).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_datetime
from liaison_desktop.services.review_board import QueueChoices, QueuePage, QueueRow, ReviewBoard
from liaison_desktop.services.reviews import ReviewQueueFilter
from liaison_desktop.services.team_roster import ROSTER
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import visible_words
from liaison_desktop.ui.encounters.labels import language_name
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.flat_tree import flat_tree
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.record_words import encounter_kind_label
from liaison_desktop.ui.reviews.labels import (
    ADVERSE,
    FLAG_FILTERS,
    FOLLOW_UP,
    OVERDUE,
    flag_filter_label,
    flags_text,
    officer_label,
    queue_count,
)
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout

WATCHED_KINDS = frozenset({"encounter", "amendment", "review"})
ID_ROLE = Qt.ItemDataRole.UserRole
# A date box at its minimum shows "Any date": QDateEdit has no empty value.
NO_DATE = QDate(2000, 1, 1)


class DayBox(QDateEdit):
    """A date filter. Tab leaves it, as it leaves every other control: a QDateEdit would keep Tab for
    moving between its day, month and year (and, showing "Any date", never let it go); the arrow keys
    and typing still move within it."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt's name
        return QWidget.focusNextPrevChild(self, next)


def _day(box: QDateEdit) -> dt.date | None:
    date = box.date()
    return None if date == NO_DATE else dt.date(date.year(), date.month(), date.day())


class ReviewQueueView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_queue_view")
        self._context = context
        self._board = ReviewBoard(context.session.workspace)
        self.page: QueuePage | None = None
        self.loaded_once = False
        self._pending_state: ScreenState | None = None
        self._generation = 0

        self.summary_label = QLabel(_("Loading the review queue…"))
        self.summary_label.setObjectName("review_queue_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)
        self._build_filters()

        self.model = QStandardItemModel(0, 6, self)
        self.model.setHorizontalHeaderLabels(
            [_("When"), _("Officer"), _("Neighborhood"), _("Language"), _("Kind"), _("Flags")]
        )
        self.table = flat_tree("review_queue_table", self.model, _("Notes awaiting review"))
        self.table.setAccessibleDescription(_("Enter opens the note for review"))
        self.table.activated.connect(self._open)
        # Each column as wide as what it holds (dates and names are short; the queue is hundreds of rows
        # at most), the flags taking the rest.
        header = self.table.header()
        for column in range(self.model.columnCount() - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("review_queue_empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        align_with_layout(self.empty_label)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.list_stack, 1)
        self.reload()

    def _build_filters(self) -> None:
        self.filter_bar = QWidget(self)
        self.filter_bar.setObjectName("review_queue_filters")
        self.officer_box = self._choice_box("review_officer_filter", _("Officer"))
        self.neighborhood_box = self._choice_box("review_neighborhood_filter", _("Neighborhood"))
        self.language_box = self._choice_box("review_language_filter", _("Language"))
        self.flag_box = self._choice_box("review_flag_filter", _("Flags"))
        self.flag_box.addItem(_("Any flags"), None)
        for flag in FLAG_FILTERS:
            self.flag_box.addItem(flag_filter_label(flag), flag)
        self._fill_choices(QueueChoices([], [], []))
        self.from_box = self._date_box("review_from_filter", _("From"))
        self.to_box = self._date_box("review_to_filter", _("To"))
        for box in (self.officer_box, self.neighborhood_box, self.language_box, self.flag_box):
            box.currentIndexChanged.connect(self._filters_changed)
        for date_box in (self.from_box, self.to_box):
            date_box.dateChanged.connect(self._filters_changed)
        self.clear_button = QPushButton(_("C&lear filters"), self.filter_bar)
        self.clear_button.setObjectName("clear_review_filters")
        self.clear_button.setAccessibleName(visible_words(self.clear_button.text()))
        self.clear_button.clicked.connect(self.clear_filters)
        self.clear_button.setEnabled(False)
        grid = QGridLayout(self.filter_bar)
        grid.setContentsMargins(0, 0, 0, 0)
        controls = (
            self.officer_box,
            self.neighborhood_box,
            self.language_box,
            self.flag_box,
            self.from_box,
            self.to_box,
        )
        for column, box in enumerate(controls):
            label = QLabel(box.accessibleName(), self.filter_bar)  # each box's name, shown above it
            label.setBuddy(box)
            grid.addWidget(label, 0, column)
            grid.addWidget(box, 1, column)
            grid.setColumnStretch(column, 1 if column < 4 else 0)
        clear_row = QHBoxLayout()
        clear_row.addStretch(1)
        clear_row.addWidget(self.clear_button)
        grid.addLayout(clear_row, 2, 0, 1, len(controls))

    def _choice_box(self, name: str, accessible_name: str) -> QComboBox:
        box = QComboBox(self.filter_bar)
        box.setObjectName(name)
        box.setAccessibleName(accessible_name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(10)
        return box

    def _date_box(self, name: str, accessible_name: str) -> DayBox:
        box = DayBox(self.filter_bar)
        box.setObjectName(name)
        box.setAccessibleName(accessible_name)
        box.setCalendarPopup(True)
        box.setMinimumDate(NO_DATE)
        box.setSpecialValueText(_("Any date"))
        box.setDate(NO_DATE)
        return box

    def _fill_choices(self, choices: QueueChoices) -> None:
        """Offer the values of the notes waiting, keeping what each box shows."""
        for box, anything, values in (
            (
                self.officer_box,
                _("All officers"),
                [(officer_label(v, choices.officer_names.get(v)), v) for v in choices.officer_ids],
            ),
            (self.neighborhood_box, _("All neighborhoods"), [(v, v) for v in choices.neighborhoods]),
            (self.language_box, _("All languages"), [(language_name(v), v) for v in choices.languages]),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(anything, None)
            if current is not None and current not in {value for _label, value in values}:
                values.append((current, current))
            for label, value in sorted(values, key=lambda item: item[0].casefold()):
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(current)) if current is not None else 0)
            box.blockSignals(False)

    # -- reading ---------------------------------------------------------------------------------------

    def current_filter(self) -> ReviewQueueFilter:
        flag = self.flag_box.currentData()
        return ReviewQueueFilter(
            officer_id=self.officer_box.currentData(),
            neighborhood=self.neighborhood_box.currentData(),
            language=self.language_box.currentData(),
            adverse_only=flag == ADVERSE,
            overdue_only=flag == OVERDUE,
            follow_up_only=flag == FOLLOW_UP,
            occurred_from=_day(self.from_box),
            occurred_to=_day(self.to_box),
        )

    def reload(self) -> None:
        # Reads run two at a time: a filter changed twice quickly must not show the older answer last.
        self._generation += 1
        board, where, generation = self._board, self.current_filter(), self._generation
        self._context.runner.run(
            lambda: board.page(where),
            lambda page: self._show(page) if generation == self._generation else None,
            self._failed,
            owner=self,
        )

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & (WATCHED_KINDS | {ROSTER}):
            self.reload()

    def _filters_changed(self) -> None:
        self.clear_button.setEnabled(self.current_filter().narrows)
        self.reload()

    def clear_filters(self) -> None:
        for box in (self.officer_box, self.neighborhood_box, self.language_box, self.flag_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for date_box in (self.from_box, self.to_box):
            date_box.blockSignals(True)
            date_box.setDate(NO_DATE)
            date_box.blockSignals(False)
        self._filters_changed()

    def _show(self, page: QueuePage) -> None:
        current = self.current_id()
        self.page = page
        self.loaded_once = True
        self._fill_choices(page.choices)
        self.model.removeRows(0, self.model.rowCount())
        danger = QColor(theme.colors().danger)
        for row in page.rows:
            items = [
                QStandardItem(text)
                for text in (
                    format_datetime(row.occurred_at),
                    officer_label(row.officer_id, row.officer_name),
                    row.neighborhood,
                    language_name(row.language),
                    encounter_kind_label(row.kind),
                    flags_text(row),
                )
            ]
            items[0].setData(row.id, ID_ROLE)
            if row.adverse or row.overdue:
                items[-1].setForeground(danger)
            self.model.appendRow(items)
        if not self.select(current) and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.summary_label.setText(queue_count(len(page.rows), page.waiting))
        self._show_empty(page)
        if self._pending_state is not None:
            state, self._pending_state = self._pending_state, None
            self.restore_state(state)

    def _show_empty(self, page: QueuePage) -> None:
        if page.rows:
            self.list_stack.setCurrentWidget(self.table)
            return
        if page.waiting:
            self.empty_label.setText(
                _("No note awaiting review matches these filters. Choose Clear filters to see them all.")
            )
        else:
            self.empty_label.setText(
                _("No note is awaiting review. Notes your officers submit appear here after the next sync.")
            )
        self.list_stack.setCurrentWidget(self.empty_label)

    def _failed(self, error: BaseException) -> None:
        self.summary_label.setText(message_for(error))

    # -- rows ------------------------------------------------------------------------------------------

    def ids(self) -> list[str]:
        """The notes the list shows, in order."""
        return [self.model.item(row, 0).data(ID_ROLE) for row in range(self.model.rowCount())]

    def rows(self) -> list[QueueRow]:
        return list(self.page.rows) if self.page is not None else []

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None

    def select(self, encounter_id: str | None) -> bool:
        if not encounter_id:
            return False
        for row in range(self.model.rowCount()):
            if self.model.item(row, 0).data(ID_ROLE) == encounter_id:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def _open(self, index: QModelIndex) -> None:
        encounter_id = index.siblingAtColumn(0).data(ID_ROLE)
        if encounter_id:
            self.open_note(encounter_id)

    def open_note(self, encounter_id: str) -> None:
        """The note's review page, which goes on to the notes listed after it."""
        shown = self.ids()
        after = shown[shown.index(encounter_id) + 1 :] if encounter_id in shown else []
        self._context.navigator.open_page(PageRef("review_note", {"id": encounter_id, "queue": after}))

    def focus_chain(self) -> list[QWidget]:
        """This screen's controls in Tab order (`ui/shell/tab_order.py`); hidden ones are skipped."""
        return [
            self.officer_box,
            self.neighborhood_box,
            self.language_box,
            self.flag_box,
            self.from_box,
            self.to_box,
            self.clear_button,
            self.table,
        ]

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        where = self.current_filter()
        return {
            "id": self.current_id(),
            "focused": self.table.hasFocus(),
            "officer": where.officer_id,
            "neighborhood": where.neighborhood,
            "language": where.language,
            "flag": self.flag_box.currentData(),
            "from": where.occurred_from.isoformat() if where.occurred_from else None,
            "to": where.occurred_to.isoformat() if where.occurred_to else None,
        }

    def restore_state(self, state: ScreenState) -> None:
        if not self.loaded_once:
            self._pending_state = state
            return
        changed = False
        for box, key in (
            (self.officer_box, "officer"),
            (self.neighborhood_box, "neighborhood"),
            (self.language_box, "language"),
            (self.flag_box, "flag"),
        ):
            value = state.get(key)
            if isinstance(value, str) and box.findData(value) >= 0 and box.currentData() != value:
                box.blockSignals(True)
                box.setCurrentIndex(box.findData(value))
                box.blockSignals(False)
                changed = True
        for date_box, key in ((self.from_box, "from"), (self.to_box, "to")):
            value = state.get(key)
            if isinstance(value, str):
                date_box.blockSignals(True)
                date_box.setDate(QDate.fromString(value, Qt.DateFormat.ISODate))
                date_box.blockSignals(False)
                changed = True
        if changed:
            self.clear_button.setEnabled(self.current_filter().narrows)
            self._pending_state = {"id": state.get("id"), "focused": state.get("focused")}
            self.loaded_once = False
            self.reload()
            return
        if isinstance(state.get("id"), str):
            self.select(state["id"])
        if state.get("focused"):
            self.table.setFocus()
