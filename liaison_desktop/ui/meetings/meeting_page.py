"""One meeting: its kind, date and place, the languages spoken, attendance as a count with the facilitators
and organizations (never a list of the residents who came), the concerns raised with a translation
beside the original, and the commitments made there: who owns each, when it is due, where it stands.
Under its facts, the after-action reviews whose community briefing this meeting was, each opening its
review.

A commitment's status changes from the keyboard (choose the row, then the status, then Change status);
new commitments and translations are saved at once. Everything is read off the UI thread and read again
when "records changed" names this meeting or any commitment; a meeting deleted by a sync closes its page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.errors import NotFound
from liaison_desktop.services.meeting_board import MeetingBoard, MeetingDetails
from liaison_desktop.services.meetings import MeetingService
from liaison_desktop.services.permissions import may_read_type, may_write_type
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.after_action.labels import review_status_label
from liaison_desktop.ui.contacts.language_picker import OFFERED
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.meetings.commitment_fields import CommitmentFields
from liaison_desktop.ui.meetings.commitment_page_actions import CommitmentPageActions
from liaison_desktop.ui.meetings.labels import (
    attendance_text,
    commitment_status_label,
    commitment_statuses,
    due_text,
    language_name,
)
from liaison_desktop.ui.meetings.meetings_view import flat_table, table_row
from liaison_desktop.ui.record_words import language_names, meeting_kind_label
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout, isolate

_FACTS = (
    "kind",
    "held_on",
    "place",
    "neighborhood",
    "languages",
    "attendance_count",
    "facilitators",
    "organizations",
)


def fact_label(field: str) -> str:
    return {
        "kind": _("Kind"),
        "held_on": _("Date"),
        "place": _("Place"),
        "neighborhood": _("Neighborhood"),
        "languages": _("Languages spoken"),
        "attendance_count": _("Attendance"),
        "facilitators": _("Facilitators"),
        "organizations": _("Organizations present"),
    }[field]


def fact_text(field: str, meeting: dict[str, Any]) -> str:
    """A fact as the page shows it; "" hides its row."""
    value = meeting.get(field)
    if field == "attendance_count":
        return attendance_text(value)
    if value is None or value == "" or value == []:
        return ""
    if field == "kind":
        return meeting_kind_label(value)
    if field == "held_on":
        return format_date(dt.date.fromisoformat(value))
    if field == "languages":
        return language_names(value)
    if field in ("facilitators", "organizations"):
        return ", ".join(value)
    return str(value)


def suggested_translation_language(meeting: dict[str, Any], interface: str) -> str:
    """The language a translation is most likely wanted in: the interface's, else one spoken at the meeting,
    never the one the concerns were written in, and one without a translation yet where possible."""
    written_in = meeting.get("concerns_language")
    done = set(meeting.get("translations") or {})
    candidates = [interface, *(meeting.get("languages") or []), "en"]
    for code in candidates:
        if code in OFFERED and code != written_in and code not in done:
            return code
    return next((code for code in candidates if code in OFFERED and code != written_in), interface)


def briefed_review_text(review: dict[str, Any]) -> str:
    """A review this meeting was the briefing for: "Stop on Main St, Mar 8, 2026: Open"."""
    status = review_status_label(review.get("status") or "open")
    day = review.get("incident_on")
    return _("{title}, {date}: {status}").format(
        title=isolate(review.get("title") or ""),
        date=isolate(format_date(dt.date.fromisoformat(day))) if day else "",
        status=status,
    )


def _text_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop)
    return label


class MeetingPage(CommitmentPageActions, QWidget):
    def __init__(self, context: ScreenContext, meeting_id: str) -> None:
        super().__init__()
        self.setObjectName("meeting_page")
        self._context = context
        self._board = MeetingBoard(context.session.workspace)
        self.meeting_id = meeting_id
        self.details: MeetingDetails | None = None
        self._select_commitment: str | None = None
        self._closing = False
        role = context.session.role
        self.writable = may_write_type(role, "commitment")

        self.title_label = QLabel(_("Meeting"))
        self.title_label.setObjectName("meeting_title")
        self.title_label.setWordWrap(True)
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)
        self.edit_button = QPushButton(theme.icon("edit"), _("E&dit meeting"))
        self.edit_button.setObjectName("edit_meeting")
        self.edit_button.setAccessibleName(visible_words(self.edit_button.text()))
        self.edit_button.setAccessibleDescription(_("Correct the meeting's details and concerns"))
        self.edit_button.clicked.connect(self.edit)
        if not may_write_type(role, "meeting"):
            self.edit_button.hide()  # hide() only: shown before it has a parent, it would be a window

        self.facts = QFormLayout()
        self.fact_values: dict[str, QLabel] = {}
        for field in _FACTS:
            value = _text_label(f"meeting_{field}")
            align_with_layout(value)
            self.fact_values[field] = value
            self.facts.addRow(QLabel(fact_label(field)), value)
            self.facts.setRowVisible(value, False)

        # The after-action reviews whose community briefing this meeting was, each opening its review.
        self.reviews_list = QListWidget()
        self.reviews_list.setObjectName("meeting_reviews")
        self.reviews_list.setAccessibleDescription(_("Enter opens the review"))
        self.reviews_list.itemActivated.connect(self._open_review)
        self.reviews_heading = QLabel(_("After-action reviews &briefed at this meeting"))
        self.reviews_heading.setObjectName("meeting_reviews_heading")
        theme.set_text_role(self.reviews_heading, theme.TextRole.SUBHEADING)
        align_with_layout(self.reviews_heading)
        name_from_label(self.reviews_heading, self.reviews_list)
        self.reads_reviews = may_read_type(role, "after_action_review")
        for widget in (self.reviews_heading, self.reviews_list):
            widget.hide()  # until a review names this meeting

        # The concerns raised, and a translation beside them.
        concerns_heading = QLabel(_("Concerns raised"))
        theme.set_text_role(concerns_heading, theme.TextRole.SUBHEADING)
        align_with_layout(concerns_heading)
        self.original_caption = QLabel(_("Original"))
        theme.set_text_role(self.original_caption, theme.TextRole.CAPTION)
        align_with_layout(self.original_caption)
        self.original_text = _text_label("meeting_concerns")
        self.translation_box = QComboBox()
        self.translation_box.setObjectName("translation_shown")
        self.translation_box.currentIndexChanged.connect(self._show_translation)
        translation_label = QLabel(_("T&ranslation shown"))
        theme.set_text_role(translation_label, theme.TextRole.CAPTION)
        name_from_label(translation_label, self.translation_box)
        self.translation_text = _text_label("meeting_translation")
        original = QVBoxLayout()
        original.addWidget(self.original_caption)
        original.addWidget(self.original_text, 1)
        self._translation_choice = QWidget()
        shown_row = QHBoxLayout(self._translation_choice)
        shown_row.setContentsMargins(0, 0, 0, 0)
        shown_row.addWidget(translation_label)
        shown_row.addWidget(self.translation_box, 1)
        translated = QVBoxLayout()
        translated.addWidget(self._translation_choice)
        translated.addWidget(self.translation_text, 1)
        side_by_side = QHBoxLayout()
        side_by_side.addLayout(original, 1)
        side_by_side.addLayout(translated, 1)

        self.language_box = QComboBox()
        self.language_box.setObjectName("translation_language")
        ui_locale = base_language(language())
        for code in sorted(OFFERED, key=lambda code: language_name(code).casefold()):
            self.language_box.addItem(language_name(code), code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(ui_locale)))
        self._language_chosen = False  # until the person chooses, the page suggests one (see _show)
        self.language_box.activated.connect(lambda _index: setattr(self, "_language_chosen", True))
        self.language_box.currentIndexChanged.connect(self._offer_existing_translation)
        self.translation_field = QPlainTextEdit()
        self.translation_field.setObjectName("translation_text")
        self.translation_field.setTabChangesFocus(True)
        self.translation_field.setMaximumHeight(self.translation_field.fontMetrics().lineSpacing() * 5)
        self.save_translation_button = QPushButton(theme.icon("language"), _("Sa&ve translation"))
        self.save_translation_button.setObjectName("save_translation")
        self.save_translation_button.setAccessibleName(visible_words(self.save_translation_button.text()))
        self.save_translation_button.clicked.connect(self.save_translation)
        translate_form = QFormLayout()
        for text, field in (
            (_("Translate &into"), self.language_box),
            (_("Translated &text"), self.translation_field),
        ):
            label = QLabel(text)
            name_from_label(label, field)
            translate_form.addRow(label, field)
        translate_buttons = QHBoxLayout()
        translate_buttons.addStretch(1)
        translate_buttons.addWidget(self.save_translation_button)
        self.translate_panel = QWidget()
        translate_layout = QVBoxLayout(self.translate_panel)
        translate_layout.setContentsMargins(0, 0, 0, 0)
        translate_layout.addLayout(translate_form)
        translate_layout.addLayout(translate_buttons)
        translate_heading = QLabel(_("New translation"))
        theme.set_text_role(translate_heading, theme.TextRole.CAPTION)
        align_with_layout(translate_heading)
        for widget in (translate_heading, self.translate_panel):
            # hide() only: showing a control before it has a parent would open it as a window
            if not may_write_type(role, "meeting"):
                widget.hide()

        # The commitments made at the meeting.
        self.commitment_model = QStandardItemModel(0, 4, self)
        self.commitment_model.setHorizontalHeaderLabels([_("Commitment"), _("Owner"), _("Due"), _("Status")])
        self.commitments_table = flat_table("meeting_commitments", self.commitment_model, (60, 20, 28))
        self._fit_commitments_table(0)
        self.commitments_table.selectionModel().currentRowChanged.connect(self._commitment_chosen)
        commitments_label = QLabel(_("Co&mmitments"))
        theme.set_text_role(commitments_label, theme.TextRole.SUBHEADING)
        align_with_layout(commitments_label)
        name_from_label(commitments_label, self.commitments_table)
        self.status_box = QComboBox()
        self.status_box.setObjectName("commitment_status")
        for text, status in commitment_statuses():
            self.status_box.addItem(text, status)
        self.change_button = QPushButton(theme.icon("check"), _("&Change status"))
        self.change_button.setObjectName("change_commitment_status")
        self.change_button.setAccessibleName(visible_words(self.change_button.text()))
        self.change_button.clicked.connect(self.change_status)
        status_label = QLabel(_("&Status"))
        name_from_label(status_label, self.status_box)
        self.status_panel = QWidget()
        status_row = QHBoxLayout(self.status_panel)
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.addWidget(status_label)
        status_row.addWidget(self.status_box)
        status_row.addWidget(self.change_button)
        status_row.addStretch(1)
        self.commitment_fields = CommitmentFields()
        self.commitment_fields.submitted.connect(self.add_commitment)
        new_heading = QLabel(_("New commitment"))
        theme.set_text_role(new_heading, theme.TextRole.CAPTION)
        align_with_layout(new_heading)
        for widget in (self.status_panel, self.commitment_fields, new_heading):
            if not self.writable:
                widget.hide()

        self.error_label = QLabel()
        self.error_label.setObjectName("meeting_page_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(theme.spacing().s, 0, theme.spacing().s, 0)  # clear of the scroll bar
        body.addLayout(self.facts)
        body.addWidget(self.reviews_heading)
        body.addWidget(self.reviews_list)
        body.addWidget(concerns_heading)
        body.addLayout(side_by_side)
        body.addWidget(commitments_label)
        body.addWidget(self.commitments_table)
        body.addWidget(self.status_panel)
        body.addWidget(new_heading)
        body.addWidget(self.commitment_fields)
        body.addWidget(translate_heading)
        body.addWidget(self.translate_panel)
        body.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setWidget(content)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroller, 1)
        layout.addWidget(self.error_label)
        context.bridge.records_changed.connect(self.on_records_changed)
        self.reload()

    # -- reading ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        board, meeting_id = self._board, self.meeting_id
        self._context.runner.run(lambda: board.details(meeting_id), self._show, self._failed, owner=self)
        self._read_reviews()

    def _read_reviews(self) -> None:
        if not self.reads_reviews:
            return
        after_action, meeting_id = self._context.session.workspace.after_action, self.meeting_id
        self._context.runner.run(
            lambda: after_action.of_briefing(meeting_id), self._show_reviews, self._failed, owner=self
        )

    def on_records_changed(self, changes: ChangeSet) -> None:
        if self.meeting_id in changes.ids_by_kind.get("meeting", set()) or "commitment" in changes.kinds:
            self.reload()
        elif "after_action_review" in changes.kinds:
            self._read_reviews()

    def _show_reviews(self, reviews: list[dict[str, Any]]) -> None:
        current = self.reviews_list.currentRow()
        self.reviews_list.clear()
        for review in reviews:
            item = QListWidgetItem(briefed_review_text(review))
            item.setData(Qt.ItemDataRole.UserRole, review["id"])
            self.reviews_list.addItem(item)
        if reviews:
            self.reviews_list.setCurrentRow(min(max(current, 0), len(reviews) - 1))
            rows_height = sum(self.reviews_list.sizeHintForRow(r) for r in range(self.reviews_list.count()))
            self.reviews_list.setFixedHeight(rows_height + 2 * self.reviews_list.frameWidth())
        self.reviews_heading.setVisible(bool(reviews))
        self.reviews_list.setVisible(bool(reviews))

    def _open_review(self, item: QListWidgetItem) -> None:
        review_id = item.data(Qt.ItemDataRole.UserRole)
        if review_id:
            self._context.navigator.open_page(PageRef("after_action_review", {"id": review_id}))

    def _show(self, details: MeetingDetails) -> None:
        self.details = details
        meeting = details.meeting
        kind = meeting_kind_label(meeting.get("kind") or "")
        self.title_label.setText(meeting.get("title") or kind)
        for field, value in self.fact_values.items():
            text = fact_text(field, meeting)
            value.setText(text)
            self.facts.setRowVisible(value, bool(text))
        self._show_concerns(meeting)
        self._show_commitments(details)

    def _show_concerns(self, meeting: dict[str, Any]) -> None:
        concerns = meeting.get("concerns") or ""
        written_in = meeting.get("concerns_language")
        self.original_caption.setText(
            _("Original, in {language}").format(language=language_name(written_in))
            if written_in
            else _("Original")
        )
        self.original_text.setText(concerns or _("No concerns were recorded at this meeting."))
        translations: dict[str, str] = meeting.get("translations") or {}
        if not self._language_chosen:
            suggested = suggested_translation_language(meeting, base_language(language()))
            self.language_box.setCurrentIndex(max(0, self.language_box.findData(suggested)))
        shown = self.translation_box.currentData() or base_language(language())
        self.translation_box.blockSignals(True)
        self.translation_box.clear()
        for code in sorted(translations, key=lambda code: language_name(code).casefold()):
            self.translation_box.addItem(language_name(code), code)
        self.translation_box.setCurrentIndex(max(0, self.translation_box.findData(shown)))
        self.translation_box.blockSignals(False)
        self._translation_choice.setVisible(bool(translations))
        self._show_translation()

    def _show_translation(self) -> None:
        translations = (self.details.meeting.get("translations") if self.details else None) or {}
        code = self.translation_box.currentData()
        if code in translations:
            self.translation_text.setText(translations[code])
        elif self.details is not None and self.details.meeting.get("concerns"):
            self.translation_text.setText(_("No translation yet. Add one below, beside the original."))
        else:
            self.translation_text.setText("")

    def _show_commitments(self, details: MeetingDetails) -> None:
        chosen = self._select_commitment or self.selected_commitment_id()
        self._select_commitment = None
        self.commitment_model.removeRows(0, self.commitment_model.rowCount())
        for row in details.commitments:
            items = table_row(
                [row.description, row.owner, due_text(row), commitment_status_label(row.status)],
                row.id,
                row.overdue,
            )
            self.commitment_model.appendRow(items)
        self._fit_commitments_table(len(details.commitments))
        if not details.commitments:
            return
        ids = [row.id for row in details.commitments]
        index = ids.index(chosen) if chosen in ids else 0
        self.commitments_table.setCurrentIndex(self.commitment_model.index(index, 0))
        self._commitment_chosen()

    def _fit_commitments_table(self, rows: int) -> None:
        """As tall as its rows (three to ten): the page scrolls, not a box inside it."""
        table = self.commitments_table
        row_height = table.sizeHintForRow(0) if rows else table.fontMetrics().lineSpacing() + 8
        shown = min(max(rows, 3), 10)
        table.setFixedHeight(table.header().sizeHint().height() + shown * row_height + 2 * table.frameWidth())

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, NotFound) and getattr(error, "params", {}).get("record_type") == "meeting":
            self._close_deleted()
            return
        self.change_button.setEnabled(True)
        self.save_translation_button.setEnabled(True)
        self.commitment_fields.set_busy(False)
        self.error_label.setText(message_for(error))
        self.error_label.show()

    def _close_deleted(self) -> None:
        if self._closing:
            return
        self._closing = True
        meeting_id = self.meeting_id
        self._context.navigator.close_pages_of(
            lambda ref: ref.kind in ("meeting", "edit_meeting") and ref.args.get("id") == meeting_id
        )

    def edit(self) -> None:
        self._context.navigator.open_page(PageRef("edit_meeting", {"id": self.meeting_id}))

    # -- what `CommitmentPageActions` acts on -----------------------------------------------------------

    def _record_id(self) -> str:
        return self.meeting_id

    def _commitments_service(self) -> MeetingService:
        return self._context.session.workspace.meetings

    def _record_translations(self) -> dict[str, str]:
        return (self.details.meeting.get("translations") if self.details else None) or {}


def build_meeting_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    meeting_id = ref.args.get("id")
    if not isinstance(meeting_id, str):
        return None
    try:
        context.session.workspace.meetings.get(meeting_id)
    except Exception:  # noqa: BLE001 - deleted by a sync (or not readable): the navigator skips the page
        return None
    return MeetingPage(context, meeting_id)
