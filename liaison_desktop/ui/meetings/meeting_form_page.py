"""Record a meeting, or correct one: `PageRef("new_meeting")`, `PageRef("edit_meeting", {"id": …})`. Its
kind, date and place, the languages spoken, attendance as a count with the facilitators and the
organizations present (never a list of the residents who came), the concerns raised and the language
they were written in, and (for a new meeting) the commitments made there, each with its owner and due date.

Commitments are collected in a list on the form (Enter in their fields adds one) and saved with the
meeting (`services/meeting_minutes.record_meeting`, which checks every one before writing anything). An
edited meeting saves only the fields the person changed, so a colleague's concurrent edit of another field
is not overwritten by the value this form happened to show; its commitments are added and changed on the
meeting's page, where translations are added beside the original too. After the save the form closes and
the meeting's page opens. What was typed survives a lock (`capture_state`); leaving with unsaved text asks
first (`may_close`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.errors import ValidationFailed
from liaison_desktop.services.meeting_minutes import NewCommitment, record_meeting
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.contacts.language_picker import OFFERED, LanguagePicker
from liaison_desktop.ui.discard_on_leave import DiscardOnLeave, DiscardQuestion
from liaison_desktop.ui.error_messages import field_problem_message, message_for
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.meetings.commitment_fields import CommitmentFields
from liaison_desktop.ui.meetings.labels import language_name
from liaison_desktop.ui.meetings.meeting_page import fact_label
from liaison_desktop.ui.meetings.meetings_view import flat_table
from liaison_desktop.ui.record_words import meeting_kind_label
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout
from liaison_protocol.records import MEETING_KINDS

MAX_ATTENDANCE = 100_000
FORM_FIELDS = (
    "kind",
    "title",
    "held_on",
    "place",
    "neighborhood",
    "languages",
    "attendance_count",
    "facilitators",
    "organizations",
    "concerns",
    "concerns_language",
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _date_of(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class MeetingFormPage(DiscardOnLeave, QWidget):
    def __init__(self, context: ScreenContext, meeting: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.setObjectName("meeting_form_page")
        self._context = context
        self.meeting_id: str | None = meeting["id"] if meeting else None
        self.commitments: list[NewCommitment] = []
        self._busy = False
        self._closing = False
        self._focused_once = False
        self.discard_box: QMessageBox | None = None

        self.title_label = QLabel(_("Edit meeting") if meeting else _("New meeting"))
        self.title_label.setObjectName("new_meeting_title")
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)

        self.kind_box = QComboBox()
        self.kind_box.setObjectName("meeting_kind")
        for kind in MEETING_KINDS:
            self.kind_box.addItem(meeting_kind_label(kind), kind)
        self.name_field = QLineEdit()
        self.name_field.setObjectName("meeting_name")
        self.date_field = QDateEdit(QDate.currentDate())
        self.date_field.setObjectName("meeting_date")
        self.date_field.setCalendarPopup(True)
        self.place_field = QLineEdit()
        self.place_field.setObjectName("meeting_place")
        self.neighborhood_field = QLineEdit()
        self.neighborhood_field.setObjectName("meeting_neighborhood")
        self.languages_list = LanguagePicker()
        self.languages_list.setObjectName("meeting_languages")
        self.attendance_field = QSpinBox()
        self.attendance_field.setObjectName("meeting_attendance")
        self.attendance_field.setRange(0, MAX_ATTENDANCE)
        self.attendance_field.setSpecialValueText(_("Not counted"))
        self.facilitators_field = QPlainTextEdit()
        self.facilitators_field.setObjectName("meeting_facilitators")
        self.facilitators_field.setTabChangesFocus(True)
        self.facilitators_field.setPlaceholderText(_("One per line: who led or hosted the meeting."))
        self.facilitators_field.setMaximumHeight(self.facilitators_field.fontMetrics().lineSpacing() * 4)
        self.organizations_field = QPlainTextEdit()
        self.organizations_field.setObjectName("meeting_organizations")
        self.organizations_field.setTabChangesFocus(True)
        self.organizations_field.setPlaceholderText(
            _("One per line: the organizations that came, never the residents who came.")
        )
        self.organizations_field.setMaximumHeight(self.organizations_field.fontMetrics().lineSpacing() * 4)
        self.concerns_field = QPlainTextEdit()
        self.concerns_field.setObjectName("meeting_concerns_field")
        self.concerns_field.setTabChangesFocus(True)
        self.concerns_field.setMaximumHeight(self.concerns_field.fontMetrics().lineSpacing() * 7)
        self.concerns_language_box = QComboBox()
        self.concerns_language_box.setObjectName("concerns_language")
        self.concerns_language_box.addItem(_("Not said"), None)
        for code in sorted(OFFERED, key=lambda code: language_name(code).casefold()):
            self.concerns_language_box.addItem(language_name(code), code)
        self.concerns_language_box.setCurrentIndex(
            max(0, self.concerns_language_box.findData(base_language(language())))
        )

        self.commitment_model = QStandardItemModel(0, 3, self)
        self.commitment_model.setHorizontalHeaderLabels([_("Commitment"), _("Owner"), _("Due")])
        self.commitments_table = flat_table("new_meeting_commitments", self.commitment_model, (60, 20))
        self.commitments_table.setMinimumHeight(4 * self.commitments_table.fontMetrics().lineSpacing())
        self.commitment_fields = CommitmentFields()
        self.commitment_fields.submitted.connect(self.add_commitment)
        self.remove_button = QPushButton(theme.icon("delete"), _("Remo&ve commitment"))
        self.remove_button.setObjectName("remove_commitment")
        self.remove_button.setAccessibleName(visible_words(self.remove_button.text()))
        self.remove_button.clicked.connect(self.remove_commitment)
        self.remove_button.setEnabled(False)

        self.error_label = QLabel()
        self.error_label.setObjectName("new_meeting_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()
        self.cancel_button = QPushButton(_("&Cancel"))
        self.cancel_button.setObjectName("cancel_meeting")
        self.cancel_button.setAccessibleName(visible_words(self.cancel_button.text()))
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button = QPushButton(theme.icon("save"), _("&Save meeting"))
        self.save_button.setObjectName("save_meeting")
        self.save_button.setAccessibleName(visible_words(self.save_button.text()))
        theme.set_button_kind(self.save_button, theme.ButtonKind.PRIMARY)
        self.save_button.clicked.connect(self.save)

        form = QFormLayout()
        for text, field in (
            (_("&Kind"), self.kind_box),
            (_("&Title"), self.name_field),
            (_("&Date"), self.date_field),
            (_("&Place"), self.place_field),
            (_("Neighbor&hood"), self.neighborhood_field),
            (_("&Languages spoken"), self.languages_list),
            (_("Atte&ndance (people)"), self.attendance_field),
            (_("&Facilitators"), self.facilitators_field),
            (_("Or&ganizations present"), self.organizations_field),
            (_("Concerns &raised"), self.concerns_field),
            (_("Concerns written &in"), self.concerns_language_box),
        ):
            label = QLabel(text)
            name_from_label(label, field)
            form.addRow(label, field)
        for line in (self.name_field, self.place_field, self.neighborhood_field):
            line.returnPressed.connect(self.save)
        commitments_label = QLabel(_("Co&mmitments made"))
        theme.set_text_role(commitments_label, theme.TextRole.SUBHEADING)
        align_with_layout(commitments_label)
        name_from_label(commitments_label, self.commitments_table)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)

        self.commitments_panel = QWidget()
        commitments = QVBoxLayout(self.commitments_panel)
        commitments.setContentsMargins(0, 0, 0, 0)
        commitments.addWidget(commitments_label)
        commitments.addWidget(self.commitments_table)
        commitments.addLayout(remove_row)
        commitments.addWidget(self.commitment_fields)
        if self.meeting_id is not None:
            self.commitments_panel.hide()  # hide() only: shown before it has a parent, it would be a window

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(theme.spacing().s, 0, theme.spacing().s, 0)  # clear of the scroll bar
        body.addLayout(form)
        body.addWidget(self.commitments_panel)
        body.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setWidget(content)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(scroller, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self._baseline = self.values()
        if meeting is not None:
            self.set_values(meeting)
            self._baseline = self.values()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._focused_once:
            self._focused_once = True
            self.kind_box.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the commitments list ----------------------------------------------------------------------------

    def add_commitment(self, commitment: NewCommitment) -> None:
        self.commitments.append(commitment)
        self._show_commitments(len(self.commitments) - 1)
        self.commitment_fields.clear()

    def remove_commitment(self) -> None:
        row = self.commitments_table.currentIndex().row()
        if 0 <= row < len(self.commitments):
            del self.commitments[row]
            self._show_commitments(min(row, len(self.commitments) - 1))

    def _show_commitments(self, current: int) -> None:
        self.commitment_model.removeRows(0, self.commitment_model.rowCount())
        for commitment in self.commitments:
            due = format_date(commitment.due_on) if commitment.due_on else _("No due date")
            self.commitment_model.appendRow(
                [
                    QStandardItem(commitment.description.strip()),
                    QStandardItem(commitment.owner.strip()),
                    QStandardItem(due),
                ]
            )
        if 0 <= current < len(self.commitments):
            self.commitments_table.setCurrentIndex(self.commitment_model.index(current, 0))
        self.remove_button.setEnabled(bool(self.commitments))

    # -- values ------------------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Every field as the service takes it: texts trimmed, an empty field as None."""
        found: dict[str, Any] = {
            "kind": self.kind_box.currentData(),
            "held_on": self.date_field.date().toPython(),
            "title": self.name_field.text().strip() or None,
            "place": self.place_field.text().strip() or None,
            "neighborhood": self.neighborhood_field.text().strip() or None,
            "concerns": self.concerns_field.toPlainText().strip() or None,
            "languages": self.languages_list.codes() or None,
            "attendance_count": self.attendance_field.value() or None,
            "facilitators": _lines(self.facilitators_field.toPlainText()) or None,
            "organizations": _lines(self.organizations_field.toPlainText()) or None,
        }
        found["concerns_language"] = self.concerns_language_box.currentData() if found["concerns"] else None
        return found

    def fields(self) -> dict[str, Any]:
        """The meeting's fields as typed (empty ones left out)."""
        return {name: value for name, value in self.values().items() if value is not None}

    def set_values(self, meeting: dict[str, Any]) -> None:
        if meeting.get("kind") in MEETING_KINDS:
            self.kind_box.setCurrentIndex(self.kind_box.findData(meeting["kind"]))
        for name, field in (
            ("title", self.name_field),
            ("place", self.place_field),
            ("neighborhood", self.neighborhood_field),
        ):
            field.setText(meeting.get(name) or "")
            field.setCursorPosition(0)
        day = _date_of(meeting.get("held_on"))
        if day is not None:
            self.date_field.setDate(QDate(day.year, day.month, day.day))
        self.languages_list.set_codes(
            [code for code in meeting.get("languages") or [] if isinstance(code, str)]
        )
        self.attendance_field.setValue(min(int(meeting.get("attendance_count") or 0), MAX_ATTENDANCE))
        for name, text_field in (
            ("facilitators", self.facilitators_field),
            ("organizations", self.organizations_field),
        ):
            text_field.setPlainText("\n".join(meeting.get(name) or []))
        self.concerns_field.setPlainText(meeting.get("concerns") or "")
        if meeting.get("concerns"):
            self.concerns_language_box.setCurrentIndex(
                max(0, self.concerns_language_box.findData(meeting.get("concerns_language")))
            )

    def edited_fields(self) -> set[str]:
        values = self.values()
        return {name for name in FORM_FIELDS if values[name] != self._baseline.get(name)}

    # -- saving ------------------------------------------------------------------------------------------

    def save(self) -> None:
        if self._busy:
            return
        if self.meeting_id is None and self.commitment_fields.has_typed():
            # A commitment typed and not yet added would be lost without a word: add it first.
            self.commitment_fields.submit()
            if self.commitment_fields.has_typed():
                return
        workspace, meeting_id = self._context.session.workspace, self.meeting_id
        if meeting_id is None:
            fields, commitments = self.fields(), list(self.commitments)

            def work() -> str:
                return record_meeting(workspace, fields, commitments)

        else:
            changes = {name: self.values()[name] for name in self.edited_fields()}

            def work() -> str:
                if changes:
                    workspace.meetings.update(meeting_id, changes)
                return meeting_id

        self._set_busy(True)
        self.error_label.hide()
        self._context.runner.run(work, self._saved, self._failed, owner=self)

    def _saved(self, meeting_id: str) -> None:
        self._set_busy(False)
        self._closing = True
        navigator = self._context.navigator
        if navigator.current_page is self:
            navigator.back()
        navigator.open_page(PageRef("meeting", {"id": meeting_id}))

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ValidationFailed):
            lines = [_("Nothing was saved. Correct these, then save again.")]
            for problem in error.problems:
                lines.append(
                    _("{field}: {problem}").format(
                        field=self._field_name(error.record_type, problem.field),
                        problem=field_problem_message(problem.key, problem.args),
                    )
                )
            self._show_error("\n".join(lines))
        else:
            self._show_error(message_for(error))

    @staticmethod
    def _field_name(record_type: str, field: str) -> str:
        if record_type == "commitment":
            return {"description": _("Commitment"), "owner": _("Owner"), "due_on": _("Due")}.get(field, field)
        names = {
            "title": _("Title"),
            "concerns": _("Concerns raised"),
            "concerns_language": _("Concerns written in"),
        }
        if field in names:
            return names[field]
        try:
            return fact_label(field)
        except KeyError:
            return field

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    # -- leaving -----------------------------------------------------------------------------------------

    def has_unsaved_text(self) -> bool:
        if self._closing:
            return False
        if self.meeting_id is not None:
            return bool(self.edited_fields())
        typed = (
            self.name_field,
            self.place_field,
            self.neighborhood_field,
        )
        return (
            any(field.text().strip() for field in typed)
            or bool(self.concerns_field.toPlainText().strip())
            or bool(self.facilitators_field.toPlainText().strip())
            or bool(self.organizations_field.toPlainText().strip())
            or self.attendance_field.value() > 0
            or bool(self.commitments)
            or self.commitment_fields.has_typed()
        )

    def discard_question(self) -> DiscardQuestion:
        return DiscardQuestion(
            "discard_meeting_confirmation",
            _("Discard this meeting?"),
            _("What you typed about this meeting has not been saved."),
        )

    # -- surviving a lock or a language switch -----------------------------------------------------------

    def capture_state(self) -> ScreenState:
        return {
            "kind": self.kind_box.currentData(),
            "title": self.name_field.text(),
            "held_on": self.date_field.date().toString(Qt.DateFormat.ISODate),
            "place": self.place_field.text(),
            "neighborhood": self.neighborhood_field.text(),
            "languages": self.languages_list.codes(),
            "attendance": self.attendance_field.value(),
            "facilitators": self.facilitators_field.toPlainText(),
            "organizations": self.organizations_field.toPlainText(),
            "concerns": self.concerns_field.toPlainText(),
            "concerns_language": self.concerns_language_box.currentData(),
            "commitments": [
                {
                    "description": c.description,
                    "owner": c.owner,
                    "due_on": c.due_on.isoformat() if c.due_on else None,
                }
                for c in self.commitments
            ],
            "commitment": self.commitment_fields.capture_state(),
        }

    def restore_state(self, state: ScreenState) -> None:
        if state.get("kind") in MEETING_KINDS:
            self.kind_box.setCurrentIndex(self.kind_box.findData(state["kind"]))
        for key, field in (
            ("title", self.name_field),
            ("place", self.place_field),
            ("neighborhood", self.neighborhood_field),
        ):
            if isinstance(state.get(key), str):
                field.setText(state[key])
        for key, text_field in (
            ("facilitators", self.facilitators_field),
            ("organizations", self.organizations_field),
            ("concerns", self.concerns_field),
        ):
            if isinstance(state.get(key), str):
                text_field.setPlainText(state[key])
        if isinstance(state.get("held_on"), str):
            day = QDate.fromString(state["held_on"], Qt.DateFormat.ISODate)
            if day.isValid():
                self.date_field.setDate(day)
        if isinstance(state.get("languages"), list):
            self.languages_list.set_codes([code for code in state["languages"] if isinstance(code, str)])
        if isinstance(state.get("attendance"), int):
            self.attendance_field.setValue(state["attendance"])
        if "concerns_language" in state:
            self.concerns_language_box.setCurrentIndex(
                max(0, self.concerns_language_box.findData(state["concerns_language"]))
            )
        for entry in state.get("commitments") or []:
            if isinstance(entry, dict) and isinstance(entry.get("description"), str):
                due = entry.get("due_on")
                self.commitments.append(
                    NewCommitment(
                        entry["description"],
                        str(entry.get("owner") or ""),
                        dt.date.fromisoformat(due) if isinstance(due, str) else None,
                    )
                )
        self._show_commitments(len(self.commitments) - 1)
        if isinstance(state.get("commitment"), dict):
            self.commitment_fields.restore_state(state["commitment"])


def build_new_meeting_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    if not may_write_type(context.session.role, "meeting"):
        return None
    return MeetingFormPage(context)


def build_edit_meeting_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    meeting_id = ref.args.get("id")
    if not isinstance(meeting_id, str) or not may_write_type(context.session.role, "meeting"):
        return None
    try:
        meeting = context.session.workspace.meetings.get(meeting_id)
    except Exception:  # noqa: BLE001 - deleted by a sync (or not readable): the navigator skips the page
        return None
    return MeetingFormPage(context, meeting)
