"""Typing one commitment: what was promised, who will do it, by when (or no date), and the button that adds
it. Used by the new-meeting page (the commitment joins the form's list) and a meeting's page (it is
saved at once). Enter in a text field adds, as the button does; a commitment without words is refused
here, under the fields, before anything is written.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.services.meeting_minutes import NewCommitment, commitment_problems
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.error_messages import field_problem_message
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.text_direction import align_with_layout

DUE_AFTER_DAYS = 14


class CommitmentFields(QWidget):
    submitted = Signal(object)  # a NewCommitment that passed the checks

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.description_field = QLineEdit()
        self.description_field.setObjectName("commitment_description")
        self.owner_field = QLineEdit()
        self.owner_field.setObjectName("commitment_owner")
        self.due_field = QDateEdit(QDate.currentDate().addDays(DUE_AFTER_DAYS))
        self.due_field.setObjectName("commitment_due")
        self.due_field.setCalendarPopup(True)
        self.no_due_box = QCheckBox(_("No due dat&e"))
        self.no_due_box.setObjectName("commitment_no_due")
        self.no_due_box.setAccessibleName(visible_words(self.no_due_box.text()))
        self.no_due_box.toggled.connect(lambda checked: self.due_field.setEnabled(not checked))
        self.add_button = QPushButton(theme.icon("add"), _("&Add commitment"))
        self.add_button.setObjectName("add_commitment")
        self.add_button.setAccessibleName(visible_words(self.add_button.text()))
        self.add_button.clicked.connect(self.submit)
        for widget, description in (
            (self.description_field, _("One promise, in a sentence; Enter adds it")),
            (self.owner_field, _("Who will keep the promise")),
            (self.due_field, _("The day it should be done by")),
            (self.no_due_box, _("The promise has no date")),
        ):
            widget.setAccessibleDescription(description)
        self.error_label = QLabel()
        self.error_label.setObjectName("commitment_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()
        for field in (self.description_field, self.owner_field):
            field.returnPressed.connect(self.submit)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        for text, field in (
            (_("&What was promised"), self.description_field),
            (_("&Owner"), self.owner_field),
        ):
            label = QLabel(text)
            name_from_label(label, field)
            form.addRow(label, field)
        due = QHBoxLayout()
        due.addWidget(self.due_field)
        due.addWidget(self.no_due_box)
        due.addStretch(1)
        due.addWidget(self.add_button)
        due_label = QLabel(_("D&ue on"))
        name_from_label(due_label, self.due_field)
        form.addRow(due_label, due)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error_label)

    def commitment(self) -> NewCommitment:
        due: dt.date | None = None if self.no_due_box.isChecked() else self.due_field.date().toPython()
        return NewCommitment(self.description_field.text(), self.owner_field.text(), due)

    def submit(self) -> None:
        """Check what was typed and hand it on; say under the fields what is missing."""
        commitment = self.commitment()
        problems = commitment_problems(commitment)
        if problems:
            problem = problems[0]
            if problem.field == "description" and problem.key == "field.required":
                self.show_error(_("Write what was promised first."))
            else:
                self.show_error(field_problem_message(problem.key, problem.args))
            (self.description_field if problem.field == "description" else self.owner_field).setFocus()
            return
        self.error_label.hide()
        self.submitted.emit(commitment)

    def clear(self) -> None:
        """Ready for the next one: the owner and date stay (a meeting's promises often share them)."""
        self.description_field.clear()
        self.error_label.hide()
        self.description_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def set_busy(self, busy: bool) -> None:
        self.add_button.setEnabled(not busy)

    def has_typed(self) -> bool:
        return bool(self.description_field.text().strip())

    # -- surviving a lock or a language switch -----------------------------------------------------------

    def capture_state(self) -> ScreenState:
        return {
            "description": self.description_field.text(),
            "owner": self.owner_field.text(),
            "due_on": self.due_field.date().toString(Qt.DateFormat.ISODate),
            "no_due": self.no_due_box.isChecked(),
        }

    def restore_state(self, state: ScreenState) -> None:
        for key, field in (("description", self.description_field), ("owner", self.owner_field)):
            if isinstance(state.get(key), str):
                field.setText(state[key])
        if isinstance(state.get("due_on"), str):
            day = QDate.fromString(state["due_on"], Qt.DateFormat.ISODate)
            if day.isValid():
                self.due_field.setDate(day)
        self.no_due_box.setChecked(bool(state.get("no_due")))
