"""Who an encounter was with: type a name, pick the contact, as many as were there.

The search goes through the contacts service's name filter (the full-text index: accent-insensitive,
Arabic and Chinese names included), off the UI thread, a moment after the last key.
Up and Down in the search field move through the matches, Enter there (or on a match, or a double
click) adds the contact under the cursor, Delete or "Remove person" takes a chosen one out again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.services.contact_list import ContactFilter, ContactRow
from liaison_desktop.services.encounter_board import Person
from liaison_desktop.services.record_labels import record_label
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.text_direction import align_with_layout

ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_DELAY_MS = 250
MATCH_LIMIT = 8
VISIBLE_ROWS = 3


def _list(name: str) -> QListWidget:
    listing = QListWidget()
    listing.setObjectName(name)
    listing.setTabKeyNavigation(False)
    listing.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    listing.setMinimumHeight(VISIBLE_ROWS * listing.fontMetrics().lineSpacing() * 3 // 2)
    return listing


class PeoplePicker(QWidget):
    changed = Signal()

    def __init__(self, contacts: Any, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("people_picker")
        self._contacts = contacts
        self._runner = runner
        self._people: list[Person] = []
        self._add_when_found = False  # Enter came before the matches: add the first one when they come
        self.search_label = QLabel(_("&Search contacts to add"))
        align_with_layout(self.search_label)
        self.search_field = QLineEdit()
        self.search_field.setObjectName("people_search")
        self.search_field.setPlaceholderText(_("Type a name, then press Enter"))
        name_from_label(self.search_label, self.search_field)
        self.matches_label = QLabel(_("Matching &contacts"))
        align_with_layout(self.matches_label)
        self.matches = _list("people_matches")
        name_from_label(self.matches_label, self.matches)
        self.chosen_label = QLabel(_("People at this &encounter"))
        align_with_layout(self.chosen_label)
        self.chosen = _list("people_chosen")
        name_from_label(self.chosen_label, self.chosen)
        self.remove_button = QPushButton(theme.icon("close"), _("&Remove person"))
        self.remove_button.setObjectName("remove_person")
        self.remove_button.setAccessibleName(visible_words(self.remove_button.text()))
        self.remove_button.setEnabled(False)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search)
        self.search_field.textEdited.connect(lambda _text: self._search_timer.start())
        self.search_field.returnPressed.connect(self.add_current_match)
        self.search_field.installEventFilter(self)
        self.matches.itemActivated.connect(lambda _item: self.add_current_match())
        self.chosen.installEventFilter(self)
        self.chosen.currentRowChanged.connect(lambda row: self.remove_button.setEnabled(row >= 0))
        self.remove_button.clicked.connect(self.remove_current)

        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_label)
        layout.addWidget(self.search_field)
        layout.addWidget(self.matches_label)
        layout.addWidget(self.matches)
        layout.addWidget(self.chosen_label)
        layout.addWidget(self.chosen)
        layout.addLayout(remove_row)
        self._show_matches([])

    # -- the people chosen -----------------------------------------------------------------------------

    def people(self) -> list[Person]:
        return list(self._people)

    def ids(self) -> list[str]:
        return [person.id for person in self._people]

    def set_people(self, people: list[Person]) -> None:
        self._people = list({person.id: person for person in people}.values())
        self._show_chosen()

    def add(self, person: Person) -> None:
        if person.id in self.ids():
            return
        self._people.append(person)
        self._show_chosen()
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.chosen.currentRow()
        if not 0 <= row < len(self._people):
            return
        del self._people[row]
        self._show_chosen()
        if self._people:
            self.chosen.setCurrentRow(min(row, len(self._people) - 1))
        self.changed.emit()

    def _show_chosen(self) -> None:
        self.chosen.clear()
        for person in self._people:
            item = QListWidgetItem(theme.icon("user"), person.name)
            item.setData(ID_ROLE, person.id)
            self.chosen.addItem(item)
        self.remove_button.setEnabled(self.chosen.currentRow() >= 0)

    # -- finding contacts ------------------------------------------------------------------------------

    def search(self) -> None:
        self._search_timer.stop()
        text = self.search_field.text().strip()
        if not text:
            self._add_when_found = False
            self._show_matches([])
            return
        contacts = self._contacts
        self._runner.run(
            lambda: contacts.page(ContactFilter(name_prefix=text), limit=MATCH_LIMIT).rows,
            self._show_matches,
            self._search_failed,
            owner=self,
        )

    def _show_matches(self, rows: list[ContactRow]) -> None:
        self.matches.clear()
        chosen = set(self.ids())
        for row in rows:
            if row.id in chosen:
                continue
            item = QListWidgetItem(record_label("contact", vars(row)) or "")
            item.setData(ID_ROLE, row.id)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)
            if self._add_when_found:
                self._add_when_found = False
                self.add_current_match()
            return
        self._add_when_found = False
        if self.search_field.text().strip():
            self._hint(_("No contact has this name."))
        else:
            self._hint(_("Type a name above to find a contact."))

    def _search_failed(self, _error: BaseException) -> None:
        self._add_when_found = False
        self._show_matches([])

    def _hint(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.matches.addItem(item)

    def add_current_match(self) -> None:
        if self._search_timer.isActive():
            self._add_when_found = True  # Enter before the search ran: add what it finds first
            self.search()
            return
        item = self.matches.currentItem()
        contact_id = item.data(ID_ROLE) if item is not None else None
        if not contact_id:
            return
        self.add(Person(contact_id, item.text()))
        self.search_field.clear()
        self._show_matches([])
        self.search_field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search_field and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = self.matches.currentRow() + step
                if (
                    0 <= row < self.matches.count()
                    and self.matches.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
                ):
                    self.matches.setCurrentRow(row)
                return True
            if watched is self.chosen and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_current()
                return True
        return super().eventFilter(watched, event)
