"""The warning a new contact gets when it looks like someone already in the list: what was typed beside
the existing contact, field by field, with the fields that match marked, and the three ways on.

"Same" and "Alike" are said in words in their own column (and the rows are tinted), so the match does
not depend on seeing colors. Names are compared with the duplicate finder's own measure, across
spellings and scripts; phones and e-mails after the same normalisation the service stores them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from babel.lists import format_list
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.services.contact_fields import normalize_email, normalize_phone
from liaison_desktop.services.duplicates import (
    NAME_THRESHOLD,
    SAME_EMAIL,
    SAME_PHONE,
    SIMILAR_NAME,
    DuplicateMatch,
    part_similarity,
)
from liaison_desktop.services.record_labels import record_label
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.i18n import _, base_language, language, ngettext
from liaison_desktop.ui.phone_display import display_phone
from liaison_desktop.ui.record_words import community_role_label, language_names
from liaison_desktop.ui.sync.labels import field_label
from liaison_desktop.ui.text_direction import align_with_layout

COMPARED_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "phone",
    "email",
    "languages",
    "interpreter_needed",
    "neighborhood",
    "organization",
    "community_role",
)
NAME_FIELDS = ("given_name", "family_name", "preferred_name")
FIELD_COLUMN, TYPED_COLUMN, EXISTING_COLUMN, MATCH_COLUMN = range(4)
MAX_COLUMN_CHARACTERS = 40


class Likeness(StrEnum):
    SAME = "same"
    ALIKE = "alike"
    DIFFERENT = "different"


@dataclass(frozen=True)
class Candidate:
    """An existing contact the duplicate finder offered, with its record."""

    match: DuplicateMatch
    record: dict[str, Any]


@dataclass(frozen=True)
class ComparedField:
    field: str
    typed: Any
    existing: Any
    likeness: Likeness


def _empty(value: Any) -> bool:
    return value in (None, "", [], False)


def as_stored(field: str, value: Any, region: str) -> Any:
    """A typed phone or e-mail as the service would store it (as typed when it would refuse it)."""
    if field == "phone" and isinstance(value, str):
        return normalize_phone("phone", value, region)[0] or value
    if field == "email" and isinstance(value, str):
        return normalize_email("email", value)[0] or value
    return value


def likeness(field: str, typed: Any, existing: Any, region: str) -> Likeness:
    """How far the typed value of `field` matches the existing contact's."""
    if _empty(typed) or _empty(existing):
        return Likeness.DIFFERENT
    if field in NAME_FIELDS:
        score = part_similarity(typed, existing)
        if score >= 100:
            return Likeness.SAME
        return Likeness.ALIKE if score >= NAME_THRESHOLD else Likeness.DIFFERENT
    typed = as_stored(field, typed, region)
    if field == "languages":
        if set(typed) == set(existing):
            return Likeness.SAME
        return Likeness.ALIKE if set(typed) & set(existing) else Likeness.DIFFERENT
    elif isinstance(typed, str) and isinstance(existing, str):
        typed, existing = typed.casefold(), existing.casefold()
    return Likeness.SAME if typed == existing else Likeness.DIFFERENT


def compare(typed: dict[str, Any], existing: dict[str, Any], region: str) -> list[ComparedField]:
    """The fields either side has a value for, in the form's order."""
    return [
        ComparedField(
            name,
            as_stored(name, typed.get(name), region),
            existing.get(name),
            likeness(name, typed.get(name), existing.get(name), region),
        )
        for name in COMPARED_FIELDS
        if not (_empty(typed.get(name)) and _empty(existing.get(name)))
    ]


def shown_value(field: str, value: Any) -> str:
    if _empty(value):
        return "" if field != "interpreter_needed" else _("No")
    if field == "phone":
        return display_phone(value)
    if field == "languages":
        return language_names(value)
    if field == "interpreter_needed":
        return _("Yes")
    if field == "community_role":
        return community_role_label(value)
    return str(value)


def reasons_text(match: DuplicateMatch) -> str:
    words = {
        SAME_PHONE: _("the same phone number"),
        SAME_EMAIL: _("the same email address"),
        SIMILAR_NAME: _("a similar name"),
    }
    found = [words[reason] for reason in match.reasons if reason in words]
    if not found:
        return ""
    return _("It has {reasons}.").format(reasons=format_list(found, locale=base_language(language())))


class DuplicateComparison(QWidget):
    open_existing = Signal(str)
    merge_into = Signal(str)
    create_anyway = Signal()
    back_to_form = Signal()

    def __init__(self, region: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate_comparison")
        self.region = region
        self.candidates: list[Candidate] = []
        self.typed: dict[str, Any] = {}

        self.heading_label = QLabel()
        self.heading_label.setObjectName("duplicate_heading")
        self.heading_label.setWordWrap(True)
        theme.set_text_role(self.heading_label, theme.TextRole.SUBHEADING)
        align_with_layout(self.heading_label)
        self.reasons_label = QLabel()
        self.reasons_label.setObjectName("duplicate_reasons")
        self.reasons_label.setWordWrap(True)
        align_with_layout(self.reasons_label)
        self.choice_label = QLabel(_("Co&mpare with"))
        self.choice_box = QComboBox()
        self.choice_box.setObjectName("duplicate_choice")
        name_from_label(self.choice_label, self.choice_box)
        self.choice_box.currentIndexChanged.connect(self._show_current)

        self.table = QTreeWidget()
        self.table.setObjectName("duplicate_table")
        self.table.setAccessibleName(_("What you typed beside the existing contact"))
        self.table.setColumnCount(4)
        self.table.setHeaderLabels([_("Field"), _("What you typed"), _("Existing contact"), _("Match")])
        self.table.setRootIsDecorated(False)
        self.table.setItemsExpandable(False)
        self.table.setUniformRowHeights(True)
        self.table.setAllColumnsShowFocus(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.header().setStretchLastSection(True)

        self.merge_note = QLabel(
            _(
                "Merge into it: the existing contact keeps its details and takes the ones it lacks from "
                "what you typed; what you typed stays in its history."
            )
        )
        self.merge_note.setWordWrap(True)
        theme.set_text_role(self.merge_note, theme.TextRole.CAPTION)
        align_with_layout(self.merge_note)

        self.open_button = self._button(
            _("&Open the existing contact"), "open_existing", theme.icon("contact")
        )
        self.merge_button = self._button(_("Merge &into it"), "merge_into", None)
        self.create_button = self._button(_("Create &anyway"), "create_anyway", theme.icon("add"))
        self.back_button = self._button(_("&Back to the form"), "back_to_form", theme.icon("back"))
        theme.set_button_kind(self.open_button, theme.ButtonKind.PRIMARY)
        self.open_button.clicked.connect(lambda: self.open_existing.emit(self.current_id() or ""))
        self.merge_button.clicked.connect(lambda: self.merge_into.emit(self.current_id() or ""))
        self.create_button.clicked.connect(self.create_anyway)
        self.back_button.clicked.connect(self.back_to_form)

        self.error_label = QLabel()
        self.error_label.setObjectName("duplicate_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()

        choice = QHBoxLayout()
        choice.addWidget(self.choice_label)
        choice.addWidget(self.choice_box, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.reasons_label)
        layout.addLayout(choice)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.merge_note)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _button(self, text: str, name: str, icon: Any) -> QPushButton:
        button = QPushButton(icon, text) if icon is not None else QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(visible_words(text))
        return button

    def show_candidates(self, typed: dict[str, Any], candidates: list[Candidate]) -> None:
        self.typed = dict(typed)
        self.candidates = list(candidates)
        self.error_label.hide()
        self.heading_label.setText(
            ngettext(
                "{count} contact you already have may be this person.",
                "{count} contacts you already have may be this person.",
                len(candidates),
            ).format(count=len(candidates))
        )
        self.choice_box.blockSignals(True)
        self.choice_box.clear()
        for candidate in candidates:
            self.choice_box.addItem(
                record_label("contact", candidate.record) or "", candidate.match.contact_id
            )
        self.choice_box.setCurrentIndex(0)
        self.choice_box.blockSignals(False)
        several = len(candidates) > 1
        self.choice_label.setVisible(several)
        self.choice_box.setVisible(several)
        self._show_current()

    def current(self) -> Candidate | None:
        index = self.choice_box.currentIndex()
        return self.candidates[index] if 0 <= index < len(self.candidates) else None

    def current_id(self) -> str | None:
        candidate = self.current()
        return candidate.match.contact_id if candidate is not None else None

    def rows(self) -> list[ComparedField]:
        candidate = self.current()
        return compare(self.typed, candidate.record, self.region) if candidate is not None else []

    def _show_current(self) -> None:
        candidate = self.current()
        self.table.clear()
        if candidate is None:
            self.reasons_label.clear()
            return
        self.reasons_label.setText(reasons_text(candidate.match))
        self.table.headerItem().setText(
            EXISTING_COLUMN, record_label("contact", candidate.record) or _("Existing contact")
        )
        colors = theme.colors()
        highlight, on_highlight = QBrush(QColor(colors.info_surface)), QBrush(QColor(colors.on_info_surface))
        words = {Likeness.SAME: _("Same"), Likeness.ALIKE: _("Alike"), Likeness.DIFFERENT: ""}
        for row in self.rows():
            item = QTreeWidgetItem(
                [
                    field_label(row.field),
                    shown_value(row.field, row.typed),
                    shown_value(row.field, row.existing),
                    words[row.likeness],
                ]
            )
            item.setData(FIELD_COLUMN, Qt.ItemDataRole.UserRole, row.field)
            if row.likeness is not Likeness.DIFFERENT:
                font = item.font(FIELD_COLUMN)
                font.setBold(True)
                for column in range(4):
                    item.setBackground(column, highlight)
                    item.setForeground(column, on_highlight)
                    item.setFont(column, font)
            self.table.addTopLevelItem(item)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns as wide as what they show (bold included), within bounds measured in characters so
        they follow the font size."""
        char_width = self.table.fontMetrics().averageCharWidth()
        header = self.table.header()
        for column in (FIELD_COLUMN, TYPED_COLUMN, EXISTING_COLUMN):
            self.table.resizeColumnToContents(column)
            wanted = self.table.columnWidth(column) + 2 * char_width
            lowest = max(12 * char_width, header.sectionSizeHint(column))
            self.table.setColumnWidth(column, min(max(wanted, lowest), MAX_COLUMN_CHARACTERS * char_width))

    def highlighted_fields(self) -> list[str]:
        """The fields shown as matching (what a test, and a person, look at)."""
        return [row.field for row in self.rows() if row.likeness is not Likeness.DIFFERENT]

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def set_busy(self, busy: bool) -> None:
        for button in (self.open_button, self.merge_button, self.create_button, self.back_button):
            button.setEnabled(not busy)
