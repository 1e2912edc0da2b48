"""Record an after-action review, or edit one: `PageRef("new_after_action_review")`,
`PageRef("edit_after_action_review", {"id": …})`.

A review records facts and places, not names or personal data, and the form says so above its fields:
the incident's title, date and neighborhood, what happened and the language it is written in, the
lessons learned, and the community briefing held about it, chosen among the team's recent meetings (or
none). A new review also takes the commitments made (Enter in their fields adds one to the list); they
are saved with the review in one transaction (`AfterActionService.create`). An edited review's
commitments live on its page, where they are added and followed.

What the service refuses is said under the field it is about, in words; the form stays with what was
typed. After a save the form closes and the review's page shows. What was typed survives a lock
(`capture_state`); leaving with unsaved text asks first (`may_close`).
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
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.after_action_board import AfterActionBoard, MeetingChoice
from liaison_desktop.services.errors import ValidationFailed
from liaison_desktop.services.meeting_minutes import NewCommitment
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.after_action.labels import meeting_choice_text, review_field_label
from liaison_desktop.ui.contacts.language_picker import OFFERED
from liaison_desktop.ui.discard_on_leave import DiscardOnLeave, DiscardQuestion
from liaison_desktop.ui.error_messages import field_problem_message, message_for
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.meetings.commitment_fields import CommitmentFields
from liaison_desktop.ui.meetings.labels import language_name
from liaison_desktop.ui.meetings.meetings_view import flat_table
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout
from liaison_protocol.records import FieldProblem

REVIEW = "after_action_review"
TEXT_FIELDS = ("title", "neighborhood", "what_happened", "lessons")
FORM_FIELDS = (*TEXT_FIELDS, "incident_on", "what_happened_language", "briefing_meeting_id")


def review_problem_message(problem: FieldProblem) -> str:
    """What is wrong with one field of a review, in words, with what to do instead."""
    if problem.field == "title" and problem.key == "field.required":
        return _("Give the review a title: the kind of incident and the street, for example.")
    return field_problem_message(problem.key, problem.args)


def field_description(name: str) -> str:
    """What a field is for, as a screen reader says it after the field's name (a problem replaces it)."""
    descriptions = {
        "title": _("The kind of incident and the street, in a few words"),
        "incident_on": _("The day the incident happened"),
        "neighborhood": _("Where it happened"),
        "what_happened": _("Facts and places, not names"),
        "what_happened_language": _("The language what happened is written in"),
        "lessons": _("What the team will do differently"),
        "briefing_meeting_id": _("The meeting held with the community about the incident"),
    }
    return descriptions.get(name, "")


def _date_of(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


class AfterActionFormPage(DiscardOnLeave, QWidget):
    def __init__(self, context: ScreenContext, review: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.setObjectName("after_action_form_page")
        self._context = context
        self._board = AfterActionBoard(context.session.workspace)
        self.review_id: str | None = review["id"] if review else None
        self.commitments: list[NewCommitment] = []
        self.choices: list[MeetingChoice] | None = None  # the briefings offered, once read
        self._briefing_wanted: str | None = review.get("briefing_meeting_id") if review else None
        self._busy = False
        self._closing = False
        self._focused_once = False
        self.discard_box: QMessageBox | None = None

        self.title_label = QLabel(_("Edit after-action review") if review else _("New after-action review"))
        self.title_label.setObjectName("after_action_form_title")
        self.title_label.setWordWrap(True)
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)
        self.privacy_note = QLabel(
            _(
                "A review records facts and places, not names or personal data. Write “a resident” or "
                "“the shop owner”, never a person's name, home address or phone number."
            )
        )
        self.privacy_note.setObjectName("after_action_privacy_note")
        self.privacy_note.setWordWrap(True)
        theme.set_tone(self.privacy_note, theme.Tone.INFO)
        align_with_layout(self.privacy_note)

        self.name_field = QLineEdit()
        self.name_field.setObjectName("after_action_title_field")
        self.date_field = QDateEdit(QDate.currentDate())
        self.date_field.setObjectName("after_action_incident_on")
        self.date_field.setCalendarPopup(True)
        self.neighborhood_field = QLineEdit()
        self.neighborhood_field.setObjectName("after_action_neighborhood")
        self.what_happened_field = QPlainTextEdit()
        self.what_happened_field.setObjectName("after_action_what_happened_field")
        self.what_happened_field.setTabChangesFocus(True)
        self.what_happened_field.setPlaceholderText(
            _("What happened, where and when, and how the community reacted.")
        )
        self.what_happened_field.setMaximumHeight(self.what_happened_field.fontMetrics().lineSpacing() * 8)
        self.language_box = QComboBox()
        self.language_box.setObjectName("after_action_what_happened_language")
        self.language_box.addItem(_("Not said"), None)
        for code in sorted(OFFERED, key=lambda code: language_name(code).casefold()):
            self.language_box.addItem(language_name(code), code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(base_language(language()))))
        self.lessons_field = QPlainTextEdit()
        self.lessons_field.setObjectName("after_action_lessons_field")
        self.lessons_field.setTabChangesFocus(True)
        self.lessons_field.setPlaceholderText(_("What the team will do differently next time."))
        self.lessons_field.setMaximumHeight(self.lessons_field.fontMetrics().lineSpacing() * 6)
        self.briefing_box = QComboBox()
        self.briefing_box.setObjectName("after_action_briefing")
        self.briefing_box.addItem(_("None"), None)
        # A long meeting name must not widen the form past the window: the box shows what fits.
        self.briefing_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.briefing_box.setMinimumContentsLength(24)
        self.inputs: dict[str, QWidget] = {
            "title": self.name_field,
            "incident_on": self.date_field,
            "neighborhood": self.neighborhood_field,
            "what_happened": self.what_happened_field,
            "what_happened_language": self.language_box,
            "lessons": self.lessons_field,
            "briefing_meeting_id": self.briefing_box,
        }
        self.messages: dict[str, QLabel] = {}
        for name, field in self.inputs.items():
            field.setAccessibleDescription(field_description(name))

        form = QFormLayout()
        for text, name in (
            (_("&Title"), "title"),
            (_("Incident &date"), "incident_on"),
            (_("Neighbor&hood"), "neighborhood"),
            (_("What ha&ppened"), "what_happened"),
            (_("La&nguage"), "what_happened_language"),
            (_("&Lessons learned"), "lessons"),
            (_("Community &briefing"), "briefing_meeting_id"),
        ):
            label = QLabel(text)
            name_from_label(label, self.inputs[name])
            form.addRow(label, self._with_message(name))
        for line in (self.name_field, self.neighborhood_field):
            line.returnPressed.connect(self.save)

        # The commitments made (a new review only: an existing one's are added on its page).
        self.commitment_model = QStandardItemModel(0, 3, self)
        self.commitment_model.setHorizontalHeaderLabels([_("Commitment"), _("Owner"), _("Due")])
        self.commitments_table = flat_table("new_after_action_commitments", self.commitment_model, (60, 20))
        self.commitments_table.setMinimumHeight(4 * self.commitments_table.fontMetrics().lineSpacing())
        self.commitments_table.setAccessibleDescription(_("Saved with the review"))
        self.commitment_fields = CommitmentFields()
        self.commitment_fields.add_button.setAccessibleDescription(_("Adds the commitment to the list below"))
        self.commitment_fields.submitted.connect(self.add_commitment)
        self.remove_button = QPushButton(theme.icon("delete"), _("Remo&ve commitment"))
        self.remove_button.setObjectName("remove_after_action_commitment")
        self.remove_button.setAccessibleName(visible_words(self.remove_button.text()))
        self.remove_button.setAccessibleDescription(_("Takes the chosen commitment off the list"))
        self.remove_button.clicked.connect(self.remove_commitment)
        self.remove_button.setEnabled(False)
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
        commitments.addWidget(self.commitment_fields)
        commitments.addWidget(self.commitments_table)
        commitments.addLayout(remove_row)
        if self.review_id is not None:
            self.commitments_panel.hide()  # hide() only: shown before it has a parent, it would be a window

        self.error_label = QLabel()
        self.error_label.setObjectName("after_action_form_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()
        self.cancel_button = QPushButton(_("&Cancel"))
        self.cancel_button.setObjectName("cancel_after_action_review")
        self.cancel_button.setAccessibleName(visible_words(self.cancel_button.text()))
        self.cancel_button.setAccessibleDescription(_("Leaves the form without saving"))
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button = QPushButton(theme.icon("save"), _("&Save review"))
        self.save_button.setObjectName("save_after_action_review")
        self.save_button.setAccessibleName(visible_words(self.save_button.text()))
        self.save_button.setAccessibleDescription(_("Saves the review and shows its page"))
        theme.set_button_kind(self.save_button, theme.ButtonKind.PRIMARY)
        self.save_button.clicked.connect(self.save)

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(theme.spacing().s, 0, theme.spacing().s, 0)  # clear of the scroll bar
        body.addWidget(self.privacy_note)
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
        if review is not None:
            self.set_values(review)
            self._baseline = {**self.values(), "briefing_meeting_id": self._briefing_wanted}
        self._read_choices()

    def _with_message(self, name: str) -> QWidget:
        """The field with the line under it that says what is wrong with it."""
        message = QLabel()
        message.setObjectName(f"after_action_{name}_problem")
        message.setWordWrap(True)
        theme.set_text_role(message, theme.TextRole.ERROR)
        align_with_layout(message)
        message.hide()
        self.messages[name] = message
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(theme.spacing().xs)
        column.addWidget(self.inputs[name])
        column.addWidget(message)
        return cell

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._focused_once:
            self._focused_once = True
            self.name_field.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the briefing ------------------------------------------------------------------------------------

    def _read_choices(self) -> None:
        board, keep = self._board, self._briefing_wanted
        self._context.runner.run(
            lambda: board.briefing_choices(keep), self._show_choices, self._failed, owner=self
        )

    def _show_choices(self, choices: list[MeetingChoice]) -> None:
        self.choices = choices
        wanted = self.briefing_value()
        self.briefing_box.blockSignals(True)
        self.briefing_box.clear()
        self.briefing_box.addItem(_("None"), None)
        for choice in choices:
            self.briefing_box.addItem(meeting_choice_text(choice), choice.id)
        self.briefing_box.setCurrentIndex(max(0, self.briefing_box.findData(wanted)))
        self.briefing_box.blockSignals(False)
        self._briefing_wanted = None

    def briefing_value(self) -> str | None:
        """The meeting chosen as the briefing; until the meetings are read, the one the form started with."""
        if self._briefing_wanted is not None or self.choices is None:
            return self._briefing_wanted
        return self.briefing_box.currentData()

    def select_briefing(self, meeting_id: str | None) -> None:
        if self.choices is None:
            self._briefing_wanted = meeting_id
        else:
            self.briefing_box.setCurrentIndex(max(0, self.briefing_box.findData(meeting_id)))

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
        """Every field as the service takes it (texts trimmed, nothing typed as None)."""
        found: dict[str, Any] = {
            "title": self.name_field.text().strip() or None,
            "incident_on": self.date_field.date().toPython(),
            "neighborhood": self.neighborhood_field.text().strip() or None,
            "what_happened": self.what_happened_field.toPlainText().strip() or None,
            "lessons": self.lessons_field.toPlainText().strip() or None,
            "briefing_meeting_id": self.briefing_value(),
        }
        found["what_happened_language"] = self.language_box.currentData() if found["what_happened"] else None
        return found

    def set_values(self, review: dict[str, Any]) -> None:
        for name, field in (("title", self.name_field), ("neighborhood", self.neighborhood_field)):
            field.setText(review.get(name) or "")
            field.setCursorPosition(0)
        for name, text_field in (
            ("what_happened", self.what_happened_field),
            ("lessons", self.lessons_field),
        ):
            text_field.setPlainText(review.get(name) or "")
        day = _date_of(review.get("incident_on"))
        if day is not None:
            self.date_field.setDate(QDate(day.year, day.month, day.day))
        if review.get("what_happened"):
            self.language_box.setCurrentIndex(
                max(0, self.language_box.findData(review.get("what_happened_language")))
            )
        self.select_briefing(review.get("briefing_meeting_id"))

    def edited_fields(self) -> set[str]:
        values = self.values()
        return {name for name in FORM_FIELDS if values[name] != self._baseline.get(name)}

    # -- saving ------------------------------------------------------------------------------------------

    def save(self) -> None:
        if self._busy:
            return
        if self.commitment_fields.isVisibleTo(self) and self.commitment_fields.has_typed():
            # A commitment typed and not yet added would be lost without a word: add it first.
            self.commitment_fields.submit()
            if self.commitment_fields.has_typed():
                return
        self.clear_problems()
        self.error_label.hide()
        after_action, review_id = self._context.session.workspace.after_action, self.review_id
        values = self.values()
        if review_id is None:
            fields = {name: value for name, value in values.items() if value is not None}
            promised = [
                {
                    "description": c.description.strip(),
                    "owner": c.owner.strip() or None,
                    "due_on": c.due_on,
                }
                for c in self.commitments
            ]

            def work() -> str:
                return after_action.create(fields, promised)

        else:
            changes = {name: values[name] for name in self.edited_fields()}

            def work() -> str:
                if changes:
                    after_action.update(review_id, changes)
                return review_id

        self._set_busy(True)
        self._context.runner.run(work, self._saved, self._failed, owner=self)

    def _saved(self, review_id: str) -> None:
        self._set_busy(False)
        self._closing = True
        navigator = self._context.navigator
        if navigator.current_page is self:
            navigator.back()
        navigator.open_page(PageRef("after_action_review", {"id": review_id}))

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ValidationFailed):
            self._refuse(error)
        else:
            self._show_error(message_for(error))

    def _refuse(self, error: ValidationFailed) -> None:
        """Each problem under its field (the first such field gets the keyboard); the others, such as a
        commitment's, in the message under the form."""
        lines = [_("Nothing was saved. Correct what is marked, then save again.")]
        first: QWidget | None = None
        for problem in error.problems:
            if error.record_type == REVIEW and problem.field in self.messages:
                text = review_problem_message(problem)
                self.messages[problem.field].setText(text)
                self.messages[problem.field].show()
                self.inputs[problem.field].setAccessibleDescription(text)
                first = first or self.inputs[problem.field]
            else:
                lines.append(
                    _("{field}: {problem}").format(
                        field=review_field_label(problem.field),
                        problem=field_problem_message(problem.key, problem.args),
                    )
                )
        self._show_error("\n".join(lines))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def problem_fields(self) -> list[str]:
        return [name for name, message in self.messages.items() if message.isVisibleTo(self)]

    def clear_problems(self) -> None:
        for name, message in self.messages.items():
            message.clear()
            message.hide()
            self.inputs[name].setAccessibleDescription(field_description(name))

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
        if self.review_id is not None:
            return bool(self.edited_fields())
        values = self.values()
        typed = any(values[name] for name in TEXT_FIELDS)
        return typed or bool(self.commitments) or self.commitment_fields.has_typed()

    def discard_question(self) -> DiscardQuestion:
        return DiscardQuestion(
            "discard_after_action_confirmation",
            _("Discard this review?"),
            _("What you typed in this review has not been saved."),
        )

    # -- surviving a lock or a language switch -----------------------------------------------------------

    def capture_state(self) -> ScreenState:
        return {
            "title": self.name_field.text(),
            "incident_on": self.date_field.date().toString(Qt.DateFormat.ISODate),
            "neighborhood": self.neighborhood_field.text(),
            "what_happened": self.what_happened_field.toPlainText(),
            "what_happened_language": self.language_box.currentData(),
            "lessons": self.lessons_field.toPlainText(),
            "briefing_meeting_id": self.briefing_value(),
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
        for key, field in (("title", self.name_field), ("neighborhood", self.neighborhood_field)):
            if isinstance(state.get(key), str):
                field.setText(state[key])
        for key, text_field in (("what_happened", self.what_happened_field), ("lessons", self.lessons_field)):
            if isinstance(state.get(key), str):
                text_field.setPlainText(state[key])
        if isinstance(state.get("incident_on"), str):
            day = QDate.fromString(state["incident_on"], Qt.DateFormat.ISODate)
            if day.isValid():
                self.date_field.setDate(day)
        if "what_happened_language" in state:
            self.language_box.setCurrentIndex(
                max(0, self.language_box.findData(state["what_happened_language"]))
            )
        if "briefing_meeting_id" in state:
            wanted = state["briefing_meeting_id"]
            self.select_briefing(wanted if isinstance(wanted, str) else None)
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


def build_new_after_action_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    if not may_write_type(context.session.role, REVIEW):
        return None
    return AfterActionFormPage(context)


def build_edit_after_action_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    review_id = ref.args.get("id")
    if not isinstance(review_id, str) or not may_write_type(context.session.role, REVIEW):
        return None
    try:
        review = context.session.workspace.after_action.get(review_id)
    except Exception:  # noqa: BLE001 - deleted by a sync: the navigator skips the page
        return None
    return AfterActionFormPage(context, review)
