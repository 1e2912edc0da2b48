"""The fields of the contact form, each with its message underneath: what is typed, what is wrong.

A value is checked by the same rules the contacts service applies (`prepare_contact`, the protocol's
`check_fields`) when the person leaves the field and again on Save, so a wrong phone number is pointed
out where it was typed, in words, before anything is written. The service checks again when it writes;
its `ValidationFailed` is shown the same way. There is deliberately no field for immigration status or
any other protected characteristic: the record has none (see `liaison_protocol.records`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import phonenumbers
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.services.contact_fields import prepare_contact
from liaison_desktop.services.errors import ValidationFailed
from liaison_desktop.services.record_checks import validate
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.contacts.field_messages import contact_problem_message
from liaison_desktop.ui.contacts.language_picker import LanguagePicker
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.record_words import community_role_label
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.text_direction import align_with_layout
from liaison_protocol.records import COMMUNITY_ROLES, RECORD_TYPES, TEXT_LIMIT, FieldProblem

RECORD = "contact"
TEXT_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "phone",
    "email",
    "neighborhood",
    "organization",
)
FORM_FIELDS = (*TEXT_FIELDS, "languages", "interpreter_needed", "community_role")
# Checked as soon as the person leaves them: a typo there is easy to miss and costly later.
CHECKED_ON_LEAVING = ("phone", "email")
EXAMPLE_EMAIL = "name@example.org"


def check_contact(fields: dict[str, Any], region: str, *, creating: bool) -> list[FieldProblem]:
    """The problems the contacts service would find in `fields` (nothing is read or written)."""
    cleaned, problems = prepare_contact(fields, region)
    try:
        validate(RECORD, cleaned, creating=creating, problems=problems)
    except ValidationFailed as failure:
        return failure.problems
    return []


def editable_phone(stored: str | None) -> str:
    """A stored E.164 number as a person edits it (+1 202-555-0143); as stored if it does not parse."""
    if not stored:
        return ""
    try:
        parsed = phonenumbers.parse(stored, None)
    except phonenumbers.NumberParseException:
        return stored
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def same_value(a: Any, b: Any) -> bool:
    """Equal as a form sees them: an empty text, an empty list and no value are all "nothing"."""
    empty = (None, "", [], False)
    if a in empty and b in empty:
        return True
    return a == b


def _example_phone(region: str) -> str:
    example = phonenumbers.example_number(region)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL) if example else ""


class ContactFormFields(QWidget):
    edited = Signal()

    def __init__(self, region: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contact_form_fields")
        self.region = region
        self.inputs: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}

        self.given_field = self._line("given_name")
        self.family_field = self._line("family_name")
        self.preferred_field = self._line("preferred_name")
        self.phone_field = self._line("phone")
        self.email_field = self._line("email")
        # Numbers and addresses read left to right in every language (digits would be reordered).
        for field in (self.phone_field, self.email_field):
            field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.phone_field.setPlaceholderText(_example_phone(region))
        self.email_field.setPlaceholderText(EXAMPLE_EMAIL)  # not-ui-text: an address, alike in every language
        self.languages_list = LanguagePicker()
        self.languages_list.setObjectName("contact_languages")
        self.inputs["languages"] = self.languages_list
        self.interpreter_box = QCheckBox(_("&Interpreter needed"))
        self.interpreter_box.setObjectName("contact_interpreter_needed")
        self.interpreter_box.setAccessibleName(visible_words(self.interpreter_box.text()))
        self.inputs["interpreter_needed"] = self.interpreter_box
        self.neighborhood_field = self._line("neighborhood")
        self.organization_field = self._line("organization")
        self.role_box = QComboBox()
        self.role_box.setObjectName("contact_community_role")
        self.role_box.addItem(_("Not recorded"), None)
        for role in COMMUNITY_ROLES:
            self.role_box.addItem(community_role_label(role), role)
        self.inputs["community_role"] = self.role_box

        required_note = QLabel(_("Only the given name is required."))
        theme.set_text_role(required_note, theme.TextRole.CAPTION)
        align_with_layout(required_note)
        person = self._form(
            (
                (_("&Given name"), "given_name"),
                (_("Fa&mily name"), "family_name"),
                (_("&Preferred name"), "preferred_name"),
                (_("P&hone"), "phone"),
                (_("&Email"), "email"),
            )
        )
        community = self._form(
            (
                (_("Lang&uages spoken"), "languages"),
                (None, "interpreter_needed"),
                (_("&Neighborhood"), "neighborhood"),
                (_("&Organization"), "organization"),
                (_("Community &role"), "community_role"),
            )
        )
        columns = QHBoxLayout()
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(theme.spacing().xl)
        columns.addLayout(person, 1)
        columns.addLayout(community, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(required_note)
        layout.addLayout(columns)
        layout.addStretch(1)

        self.languages_list.changed.connect(self.edited)
        self.interpreter_box.toggled.connect(self.edited)
        self.role_box.currentIndexChanged.connect(self.edited)
        for name in CHECKED_ON_LEAVING:
            field = self.inputs[name]
            assert isinstance(field, QLineEdit)
            field.editingFinished.connect(lambda name=name: self.check_on_leaving(name))

    def _line(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(f"contact_{name}")
        spec = RECORD_TYPES[RECORD].fields[name]
        field.setMaxLength(spec.max_length or TEXT_LIMIT)
        field.textEdited.connect(self.edited)
        field.textEdited.connect(lambda _text, name=name: self.clear_problem(name))
        self.inputs[name] = field
        return field

    def _form(self, rows: Iterable[tuple[str | None, str]]) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, name in rows:
            field = self.inputs[name]
            message = QLabel()
            message.setObjectName(f"contact_{name}_problem")
            message.setWordWrap(True)
            theme.set_text_role(message, theme.TextRole.ERROR)
            align_with_layout(message)
            message.hide()
            self.messages[name] = message
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(theme.spacing().xs)
            column.addWidget(field)
            column.addWidget(message)
            if text is None:
                form.addRow(cell)
            else:
                label = QLabel(text)
                name_from_label(label, field)
                form.addRow(label, cell)
        return form

    # -- values ------------------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Every field as the contacts service takes it (texts trimmed, nothing typed as None)."""
        found: dict[str, Any] = {}
        for name in TEXT_FIELDS:
            field = self.inputs[name]
            assert isinstance(field, QLineEdit)
            found[name] = field.text().strip() or None
        found["languages"] = self.languages_list.codes()
        found["interpreter_needed"] = self.interpreter_box.isChecked()
        found["community_role"] = self.role_box.currentData()
        return found

    def typed(self) -> dict[str, Any]:
        """What a new contact is made of: the fields something was entered in."""
        return {name: value for name, value in self.values().items() if not same_value(value, None)}

    def set_values(self, record: dict[str, Any]) -> None:
        """Show `record`'s values in the fields it has (a field it lacks is left as it is)."""
        for name in TEXT_FIELDS:
            if name not in record:
                continue
            field = self.inputs[name]
            assert isinstance(field, QLineEdit)
            value = record[name]
            field.setText(editable_phone(value) if name == "phone" else (value or ""))
            field.setCursorPosition(0)
        if "languages" in record:
            self.languages_list.set_codes(list(record["languages"] or []))
        if "interpreter_needed" in record:
            self.interpreter_box.setChecked(bool(record["interpreter_needed"]))
        if "community_role" in record:
            index = self.role_box.findData(record["community_role"])
            self.role_box.setCurrentIndex(max(index, 0))

    def focus_first(self) -> None:
        self.given_field.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- problems ----------------------------------------------------------------------------------------

    def show_problems(self, problems: Iterable[FieldProblem]) -> list[FieldProblem]:
        """Each problem under its field (the first field with one gets the focus); returns those that
        belong to no field of the form, for the page to say."""
        self.clear_problems()
        elsewhere: list[FieldProblem] = []
        first: QWidget | None = None
        for problem in problems:
            if problem.field not in self.messages:
                elsewhere.append(problem)
                continue
            self._show(problem)
            first = first or self.inputs[problem.field]
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return elsewhere

    def _show(self, problem: FieldProblem) -> None:
        text = contact_problem_message(problem)
        message = self.messages[problem.field]
        message.setText(text)
        message.show()
        self.inputs[problem.field].setAccessibleDescription(text)

    def clear_problem(self, name: str) -> None:
        message = self.messages.get(name)
        if message is not None and message.isVisibleTo(self):
            message.clear()
            message.hide()
            self.inputs[name].setAccessibleDescription("")

    def clear_problems(self) -> None:
        for name in self.messages:
            self.clear_problem(name)

    def problem_fields(self) -> list[str]:
        return [name for name, message in self.messages.items() if message.isVisibleTo(self)]

    def check_on_leaving(self, name: str) -> None:
        value = self.values()[name]
        self.clear_problem(name)
        if value is None:
            return
        for problem in check_contact({name: value}, self.region, creating=False):
            if problem.field == name:
                self._show(problem)

    # -- surviving a lock ----------------------------------------------------------------------------------

    def capture_state(self) -> ScreenState:
        state: ScreenState = {}
        for name in TEXT_FIELDS:
            field = self.inputs[name]
            assert isinstance(field, QLineEdit)
            state[name] = field.text()
        state["languages"] = self.languages_list.codes()
        state["interpreter_needed"] = self.interpreter_box.isChecked()
        state["community_role"] = self.role_box.currentData()
        return state

    def restore_state(self, state: ScreenState) -> None:
        for name in TEXT_FIELDS:
            field = self.inputs[name]
            if isinstance(state.get(name), str) and isinstance(field, QLineEdit):
                field.setText(state[name])
        codes = state.get("languages")
        if isinstance(codes, list):
            self.languages_list.set_codes([code for code in codes if isinstance(code, str)])
        if isinstance(state.get("interpreter_needed"), bool):
            self.interpreter_box.setChecked(state["interpreter_needed"])
        role = state.get("community_role")
        if role is None or isinstance(role, str):
            self.role_box.setCurrentIndex(max(self.role_box.findData(role), 0))
