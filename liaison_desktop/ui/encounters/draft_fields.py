"""The fields of a draft note: what kind of encounter, when and where, in which language and whether an
interpreter helped, whether it needs a follow-up or was an adverse interaction, who it was with, and the
note itself.

The note is written in a language of its own ("Note written in"): often the language spoken, but through
an interpreter an officer usually writes in theirs. Until the person chooses it, it follows the language
spoken. `values()` is what the encounters service stores; there is deliberately no field for immigration
status or any other protected characteristic (the record has none, see `liaison_protocol.records`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.services.encounter_board import Person
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.encounters.labels import offered_languages
from liaison_desktop.ui.encounters.people_picker import PeoplePicker
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.record_words import encounter_kind_label
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.text_direction import align_with_layout
from liaison_protocol.records import ENCOUNTER_KINDS

DEFAULT_KIND = "field_visit"
NOTE_LINES = 8
# A Qt date-time format's sections and the literal text between them.
_FORMAT_TOKENS = re.compile(r"('[^']*'|AP|Ap|aP|ap|A|a|d+|M+|y+|h+|H+|m+|s+|z+|t+|.)")


def local_moment(value: str | None) -> dt.datetime:
    """A stored time as the laptop's local time (now, when there is none or it does not parse)."""
    try:
        return dt.datetime.fromisoformat(value).astimezone() if value else dt.datetime.now().astimezone()
    except ValueError:
        return dt.datetime.now().astimezone()


def reading_order_format(display_format: str) -> str:
    """The display format that makes a date-time editor read as the locale writes it. In a right-to-left
    application Qt lays the editor's sections out in reverse (17:30 reads "30:17", "5:30 م" reads
    "م 30:5"); given the format reversed, it comes out the right way round."""
    if not QGuiApplication.isRightToLeft():
        return display_format
    return "".join(reversed(_FORMAT_TOKENS.findall(display_format)))


def _qt_moment(moment: dt.datetime) -> QDateTime:
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))


class DraftFields(QWidget):
    edited = Signal()  # anything typed or chosen: the page saves a moment later

    def __init__(self, contacts: Any, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draft_fields")
        self._loading = False
        self._note_language_chosen = False

        self.kind_box = QComboBox()
        self.kind_box.setObjectName("encounter_kind")
        for kind in ENCOUNTER_KINDS:
            self.kind_box.addItem(encounter_kind_label(kind), kind)
        self.kind_box.setCurrentIndex(self.kind_box.findData(DEFAULT_KIND))
        self.when_field = QDateTimeEdit(_qt_moment(dt.datetime.now().astimezone()))
        self.when_field.setObjectName("encounter_when")
        self.when_field.setDisplayFormat(
            reading_order_format(QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat))
        )
        self.when_field.setCalendarPopup(True)
        self.place_field = QLineEdit()
        self.place_field.setObjectName("encounter_place")
        self.neighborhood_field = QLineEdit()
        self.neighborhood_field.setObjectName("encounter_neighborhood")
        self.language_box = self._language_box("encounter_language")
        self.note_language_box = self._language_box("encounter_note_language")
        self.interpreter_box = self._check_box(_("&Interpreter used"), "encounter_interpreter_used")
        self.follow_up_box = self._check_box(_("Follow-up &needed"), "encounter_follow_up_needed")
        self.adverse_box = self._check_box(_("&Adverse interaction"), "encounter_adverse_interaction")
        self.adverse_box.setToolTip(_("Something in this encounter went badly between police and residents."))
        self.people = PeoplePicker(contacts, runner)
        self.note_label = QLabel(_("No&te"))
        align_with_layout(self.note_label)
        self.note_field = QPlainTextEdit()
        self.note_field.setObjectName("encounter_note")
        self.note_field.setTabChangesFocus(True)
        self.note_field.setMinimumHeight(NOTE_LINES * self.note_field.fontMetrics().lineSpacing())
        name_from_label(self.note_label, self.note_field)

        facts = QFormLayout()
        for text, field in (
            (_("&Kind"), self.kind_box),
            (_("&Date and time"), self.when_field),
            (_("&Place"), self.place_field),
            (_("Neig&hborhood"), self.neighborhood_field),
            (_("Language sp&oken"), self.language_box),
            (_("Note &written in"), self.note_language_box),
        ):
            label = QLabel(text)
            name_from_label(label, field)
            facts.addRow(label, field)
        facts.addRow(self.interpreter_box)
        facts.addRow(self.follow_up_box)
        facts.addRow(self.adverse_box)
        top = QHBoxLayout()
        top.addLayout(facts, 1)
        top.addWidget(self.people, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note_field, 1)

        self.kind_box.currentIndexChanged.connect(self._edited)
        self.when_field.dateTimeChanged.connect(self._edited)
        self.place_field.textEdited.connect(self._edited)
        self.neighborhood_field.textEdited.connect(self._edited)
        self.language_box.currentIndexChanged.connect(self._spoken_changed)
        self.note_language_box.activated.connect(self._note_language_picked)
        self.note_language_box.currentIndexChanged.connect(self._edited)
        for box in (self.interpreter_box, self.follow_up_box, self.adverse_box):
            box.toggled.connect(self._edited)
        self.people.changed.connect(self._edited)
        self.note_field.textChanged.connect(self._edited)

    def _language_box(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.addItem(_("Not recorded"), None)
        for shown, code in offered_languages():
            box.addItem(shown, code)
        return box

    def _check_box(self, text: str, name: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(name)
        box.setAccessibleName(visible_words(text))
        return box

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    def _spoken_changed(self) -> None:
        if not self._loading and not self._note_language_chosen:
            self._choose(self.note_language_box, self.language_box.currentData())
        self._edited()

    def _note_language_picked(self) -> None:
        self._note_language_chosen = True

    @staticmethod
    def _choose(box: QComboBox, code: str | None) -> None:
        index = box.findData(code)
        if index < 0 and code:
            box.addItem(code, code)  # a code this laptop does not offer: shown as itself, never dropped
            index = box.count() - 1
        box.setCurrentIndex(max(index, 0))

    # -- values ----------------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What the encounters service stores for this draft."""
        moment = self.when_field.dateTime().toPython().astimezone()
        note = self.note_field.toPlainText()
        return {
            "kind": self.kind_box.currentData(),
            "occurred_at": moment.isoformat(timespec="minutes"),
            "place": self.place_field.text().strip() or None,
            "neighborhood": self.neighborhood_field.text().strip() or None,
            "language": self.language_box.currentData(),
            "summary_language": self.note_language_box.currentData(),
            "interpreter_used": self.interpreter_box.isChecked(),
            "follow_up_needed": self.follow_up_box.isChecked(),
            "adverse_interaction": self.adverse_box.isChecked(),
            "participant_ids": self.people.ids(),
            "summary": note if note.strip() else None,
        }

    def has_note(self) -> bool:
        return bool(self.note_field.toPlainText().strip())

    def set_values(self, record: dict[str, Any], people: list[Person]) -> None:
        """Show a stored draft (without announcing an edit)."""
        self._loading = True
        try:
            kind = record.get("kind")
            self.kind_box.setCurrentIndex(max(self.kind_box.findData(kind), 0))
            self.when_field.setDateTime(_qt_moment(local_moment(record.get("occurred_at"))))
            self.place_field.setText(record.get("place") or "")
            self.neighborhood_field.setText(record.get("neighborhood") or "")
            self._choose(self.language_box, record.get("language"))
            self._choose(self.note_language_box, record.get("summary_language"))
            self._note_language_chosen = record.get("summary_language") != record.get("language")
            self.interpreter_box.setChecked(bool(record.get("interpreter_used")))
            self.follow_up_box.setChecked(bool(record.get("follow_up_needed")))
            self.adverse_box.setChecked(bool(record.get("adverse_interaction")))
            self.people.set_people(people)
            if self.note_field.toPlainText() != (record.get("summary") or ""):
                self.note_field.setPlainText(record.get("summary") or "")
        finally:
            self._loading = False

    def focus_first(self) -> None:
        self.note_field.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- surviving a lock or a language switch ---------------------------------------------------------

    def capture_state(self) -> ScreenState:
        values = self.values()
        cursor = self.note_field.textCursor()
        return {
            "values": values,
            "people": [{"id": person.id, "name": person.name} for person in self.people.people()],
            "note_language_chosen": self._note_language_chosen,
            "cursor": cursor.position(),
            "search": self.people.search_field.text(),
        }

    def restore_state(self, state: ScreenState) -> None:
        values = state.get("values")
        people = state.get("people")
        if isinstance(values, dict):
            chosen = [
                Person(entry["id"], entry.get("name") or "")
                for entry in people or []
                if isinstance(entry, dict) and isinstance(entry.get("id"), str)
            ]
            self.set_values({**values, "summary": values.get("summary") or ""}, chosen)
        if isinstance(state.get("note_language_chosen"), bool):
            self._note_language_chosen = state["note_language_chosen"]
        if isinstance(state.get("search"), str):
            self.people.search_field.setText(state["search"])
        position = state.get("cursor")
        if isinstance(position, int):
            cursor = self.note_field.textCursor()
            cursor.setPosition(min(position, len(self.note_field.toPlainText())))
            self.note_field.setTextCursor(cursor)
