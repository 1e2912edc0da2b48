"""One after-action review: `PageRef("after_action_review", {"id": …})`. The incident's date and
neighborhood, whether the review is open or closed, what happened in the language it was written in with
a translation beside it (never in its place), the lessons learned, the community briefing held about it
(a button that opens the meeting's page), and the commitments made: who owns each, when it is due (the
overdue in red), where it stands, and how they stand together ("2 of 3 commitments done, 1 overdue").

A commitment's status changes as on a meeting's page: choose the row, then the status, then Change
status (keyboard or mouse). New commitments and translations are saved at once; Edit review opens the
form, Close review and Reopen review change the review's status. Everything is read off the UI thread
and read again when "records changed" names this review, any review commitment or a meeting; a review
deleted by a sync closes its page.
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
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.after_action import AfterActionService
from liaison_desktop.services.after_action_board import AfterActionBoard, ReviewDetails
from liaison_desktop.services.errors import NotFound
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.after_action.labels import (
    follow_through_text,
    meeting_choice_text,
    review_status_label,
)
from liaison_desktop.ui.after_action.reviews_view import stretch_column
from liaison_desktop.ui.contacts.language_picker import OFFERED
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.meetings.commitment_fields import CommitmentFields
from liaison_desktop.ui.meetings.commitment_page_actions import CommitmentPageActions
from liaison_desktop.ui.meetings.labels import (
    commitment_status_label,
    commitment_statuses,
    due_text,
    language_name,
)
from liaison_desktop.ui.meetings.meetings_view import flat_table, table_row
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout

REVIEW, COMMITMENT = "after_action_review", "after_action_commitment"
_FACTS = ("incident_on", "neighborhood", "status")


def fact_label(field: str) -> str:
    return {
        "incident_on": _("Incident date"),
        "neighborhood": _("Neighborhood"),
        "status": _("Status"),
        "briefing": _("Community briefing"),
    }[field]


def fact_text(field: str, details: ReviewDetails) -> str:
    """A fact as the page shows it; "" hides its row."""
    review = details.review
    if field == "incident_on":
        return format_date(dt.date.fromisoformat(review["incident_on"])) if review.get("incident_on") else ""
    if field == "status":
        return review_status_label(review.get("status") or "open")
    return str(review.get(field) or "")


def suggested_translation_language(review: dict[str, Any], interface: str) -> str:
    """The interface's language unless what happened is written in it; then English, then any offered
    language without a translation yet."""
    written_in = review.get("what_happened_language")
    done = set(review.get("translations") or {})
    for code in (interface, "en", *OFFERED):
        if code in OFFERED and code != written_in and code not in done:
            return code
    return interface


def _text_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop)
    return label


def _heading(text: str, role: theme.TextRole = theme.TextRole.SUBHEADING) -> QLabel:
    label = QLabel(text)
    theme.set_text_role(label, role)
    align_with_layout(label)
    return label


def _button(icon: str, text: str, name: str, description: str) -> QPushButton:
    button = QPushButton(theme.icon(icon), text)
    button.setObjectName(name)
    button.setAccessibleName(visible_words(text))
    button.setAccessibleDescription(description)
    return button


class AfterActionPage(CommitmentPageActions, QWidget):
    def __init__(self, context: ScreenContext, review_id: str) -> None:
        super().__init__()
        self.setObjectName("after_action_page")
        self._context = context
        self._board = AfterActionBoard(context.session.workspace)
        self.review_id = review_id
        self.details: ReviewDetails | None = None
        self._select_commitment: str | None = None
        self._closing = False
        role = context.session.role
        self.writable = may_write_type(role, REVIEW)

        self.title_label = QLabel(_("After-action review"))
        self.title_label.setObjectName("after_action_title")
        self.title_label.setWordWrap(True)
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)
        self.edit_button = _button(
            "edit", _("E&dit review"), "edit_after_action_review", _("Change the review's facts and lessons")
        )
        self.edit_button.clicked.connect(self.edit)
        self.close_button = _button(
            "check", _("C&lose review"), "close_after_action_review", _("Mark the review as closed")
        )
        self.close_button.clicked.connect(lambda: self.set_status("closed"))
        self.reopen_button = _button(
            "undo", _("Reo&pen review"), "reopen_after_action_review", _("Mark the review as open again")
        )
        self.reopen_button.clicked.connect(lambda: self.set_status("open"))
        self.actions_panel = QWidget()
        actions = QHBoxLayout(self.actions_panel)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addStretch(1)
        for button in (self.edit_button, self.close_button, self.reopen_button):
            actions.addWidget(button)
        self.reopen_button.hide()
        if not self.writable:
            self.actions_panel.hide()  # hide() only: shown before it has a parent, it would be a window

        self.facts = QFormLayout()
        self.fact_values: dict[str, QLabel] = {}
        for field in _FACTS:
            value = _text_label(f"after_action_{field}")
            align_with_layout(value)
            self.fact_values[field] = value
            self.facts.addRow(QLabel(fact_label(field)), value)
            self.facts.setRowVisible(value, False)
        # The briefing's name wraps in a label; the button beside it stays short in every language.
        self.briefing_label = _text_label("after_action_briefing")
        align_with_layout(self.briefing_label)
        self.briefing_button = _button(
            "meeting", _("Open the &briefing"), "open_briefing", _("Opens the meeting's page")
        )
        self.briefing_button.clicked.connect(self.open_briefing)
        briefing_cell = QWidget()
        briefing_row = QHBoxLayout(briefing_cell)
        briefing_row.setContentsMargins(0, 0, 0, 0)
        briefing_row.addWidget(self.briefing_label, 1)
        briefing_row.addWidget(self.briefing_button, 0, Qt.AlignmentFlag.AlignTop)
        self.briefing_button.hide()
        self.facts.addRow(QLabel(fact_label("briefing")), briefing_cell)

        # What happened, and a translation beside it.
        self.original_caption = _heading(_("Original"), theme.TextRole.CAPTION)
        self.original_text = _text_label("after_action_what_happened")
        self.translation_box = QComboBox()
        self.translation_box.setObjectName("after_action_translation_shown")
        self.translation_box.currentIndexChanged.connect(self._show_translation)
        self.translation_box.setAccessibleDescription(_("The translation shown beside the original"))
        translation_label = QLabel(_("T&ranslation shown"))
        theme.set_text_role(translation_label, theme.TextRole.CAPTION)
        name_from_label(translation_label, self.translation_box)
        self.translation_text = _text_label("after_action_translation")
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
        self.lessons_text = _text_label("after_action_lessons")
        align_with_layout(self.lessons_text)

        self.language_box = QComboBox()
        self.language_box.setObjectName("after_action_translation_language")
        for code in sorted(OFFERED, key=lambda code: language_name(code).casefold()):
            self.language_box.addItem(language_name(code), code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(base_language(language()))))
        self._language_chosen = False  # until the person chooses, the page suggests one (see _show)
        self.language_box.activated.connect(lambda _index: setattr(self, "_language_chosen", True))
        self.language_box.currentIndexChanged.connect(self._offer_existing_translation)
        self.language_box.setAccessibleDescription(_("The language of the new translation"))
        self.translation_field = QPlainTextEdit()
        self.translation_field.setObjectName("after_action_translation_text")
        self.translation_field.setTabChangesFocus(True)
        self.translation_field.setAccessibleDescription(_("What happened, in the language chosen above"))
        self.translation_field.setMaximumHeight(self.translation_field.fontMetrics().lineSpacing() * 5)
        self.save_translation_button = _button(
            "language",
            _("Sa&ve translation"),
            "save_after_action_translation",
            _("Keeps the translation beside what happened"),
        )
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
        translate_layout.addWidget(_heading(_("New translation"), theme.TextRole.CAPTION))
        translate_layout.addLayout(translate_form)
        translate_layout.addLayout(translate_buttons)
        if not self.writable:
            self.translate_panel.hide()

        # The commitments made after the incident.
        self.commitment_model = QStandardItemModel(0, 4, self)
        self.commitment_model.setHorizontalHeaderLabels([_("Commitment"), _("Owner"), _("Due"), _("Status")])
        self.commitments_table = flat_table("after_action_commitments", self.commitment_model, (60, 20, 28))
        stretch_column(self.commitments_table, 0)
        self._fit_commitments_table(0)
        self.commitments_table.selectionModel().currentRowChanged.connect(self._commitment_chosen)
        commitments_label = _heading(_("Co&mmitments"))
        name_from_label(commitments_label, self.commitments_table)
        self.commitments_table.setAccessibleDescription(
            _("Choose a commitment, then change its status below")
        )
        self.follow_through_label = _heading("", theme.TextRole.CAPTION)
        self.follow_through_label.setObjectName("after_action_follow_through")
        self.follow_through_label.setWordWrap(True)
        self.status_box = QComboBox()
        self.status_box.setObjectName("after_action_commitment_status")
        self.status_box.setAccessibleDescription(_("The status the chosen commitment will take"))
        for text, status in commitment_statuses():
            self.status_box.addItem(text, status)
        self.change_button = _button(
            "check",
            _("&Change status"),
            "change_after_action_commitment_status",
            _("Gives the chosen commitment the status chosen beside it"),
        )
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
        self.commitment_fields.add_button.setAccessibleDescription(_("Saves the commitment at once"))
        self.commitment_fields.submitted.connect(self.add_commitment)
        self.new_commitment_panel = QWidget()
        new_layout = QVBoxLayout(self.new_commitment_panel)
        new_layout.setContentsMargins(0, 0, 0, 0)
        new_layout.addWidget(_heading(_("New commitment"), theme.TextRole.CAPTION))
        new_layout.addWidget(self.commitment_fields)
        for widget in (self.status_panel, self.new_commitment_panel):
            if not may_write_type(role, COMMITMENT):
                widget.hide()

        self.error_label = QLabel()
        self.error_label.setObjectName("after_action_page_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(theme.spacing().s, 0, theme.spacing().s, 0)  # clear of the scroll bar
        body.addLayout(self.facts)
        body.addWidget(_heading(_("What happened")))
        body.addLayout(side_by_side)
        body.addWidget(_heading(_("Lessons learned")))
        body.addWidget(self.lessons_text)
        body.addWidget(commitments_label)
        body.addWidget(self.follow_through_label)
        body.addWidget(self.commitments_table)
        body.addWidget(self.status_panel)
        body.addWidget(self.new_commitment_panel)
        body.addWidget(self.translate_panel)
        body.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setWidget(content)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.actions_panel, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroller, 1)
        layout.addWidget(self.error_label)
        context.bridge.records_changed.connect(self.on_records_changed)
        self.reload()

    # -- reading ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        board, review_id = self._board, self.review_id
        self._context.runner.run(lambda: board.details(review_id), self._show, self._failed, owner=self)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if (
            self.review_id in changes.ids_by_kind.get(REVIEW, set())
            or COMMITMENT in changes.kinds
            or "meeting" in changes.kinds
        ):
            self.reload()

    def _show(self, details: ReviewDetails) -> None:
        self.details = details
        review = details.review
        self.title_label.setText(review.get("title") or _("After-action review"))
        for field, value in self.fact_values.items():
            text = fact_text(field, details)
            value.setText(text)
            self.facts.setRowVisible(value, bool(text))
        closed = review.get("status") == "closed"
        self.close_button.setVisible(not closed)
        self.reopen_button.setVisible(closed)
        self.close_button.setEnabled(True)
        self.reopen_button.setEnabled(True)
        self._show_briefing(details)
        self._show_what_happened(review)
        self.lessons_text.setText(review.get("lessons") or _("No lessons were recorded yet."))
        self._show_commitments(details)

    def _show_briefing(self, details: ReviewDetails) -> None:
        briefing = details.briefing
        if briefing is None:
            self.briefing_label.setText(
                _("The meeting named as the briefing is no longer on this computer.")
                if details.review.get("briefing_meeting_id")
                else _("No community briefing was named for this review.")
            )
        else:
            self.briefing_label.setText(meeting_choice_text(briefing))
        self.briefing_button.setVisible(briefing is not None)

    def _show_what_happened(self, review: dict[str, Any]) -> None:
        written_in = review.get("what_happened_language")
        self.original_caption.setText(
            _("Original, in {language}").format(language=language_name(written_in))
            if written_in
            else _("Original")
        )
        self.original_text.setText(review.get("what_happened") or _("What happened was not recorded yet."))
        translations: dict[str, str] = review.get("translations") or {}
        if not self._language_chosen:
            suggested = suggested_translation_language(review, base_language(language()))
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
        review = self.details.review if self.details else {}
        translations = review.get("translations") or {}
        code = self.translation_box.currentData()
        if code in translations:
            self.translation_text.setText(translations[code])
        elif review.get("what_happened"):
            self.translation_text.setText(_("No translation yet. Add one below, beside the original."))
        else:
            self.translation_text.setText("")

    def _show_commitments(self, details: ReviewDetails) -> None:
        chosen = self._select_commitment or self.selected_commitment_id()
        self._select_commitment = None
        self.follow_through_label.setText(follow_through_text(details.follow_through))
        self.commitment_model.removeRows(0, self.commitment_model.rowCount())
        for row in details.commitments:
            items = table_row(
                [row.description, row.owner, due_text(row), commitment_status_label(row.status)],
                row.id,
                row.overdue,
            )
            self.commitment_model.appendRow(items)
        self._fit_commitments_table(len(details.commitments))
        self.change_button.setEnabled(bool(details.commitments))
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
        if isinstance(error, NotFound) and getattr(error, "params", {}).get("record_type") == REVIEW:
            self._close_deleted()
            return
        for button in (
            self.change_button,
            self.save_translation_button,
            self.close_button,
            self.reopen_button,
        ):
            button.setEnabled(True)
        self.commitment_fields.set_busy(False)
        self.error_label.setText(message_for(error))
        self.error_label.show()

    def _close_deleted(self) -> None:
        if self._closing:
            return
        self._closing = True
        review_id = self.review_id
        self._context.navigator.close_pages_of(
            lambda ref: ref.kind in (REVIEW, "edit_after_action_review") and ref.args.get("id") == review_id
        )

    # -- the review ------------------------------------------------------------------------------------

    def edit(self) -> None:
        self._context.navigator.open_page(PageRef("edit_after_action_review", {"id": self.review_id}))

    def open_briefing(self) -> None:
        if self.details is not None and self.details.briefing is not None:
            self._context.navigator.open_page(PageRef("meeting", {"id": self.details.briefing.id}))

    def set_status(self, status: str) -> None:
        after_action, review_id = self._context.session.workspace.after_action, self.review_id
        self.close_button.setEnabled(False)
        self.reopen_button.setEnabled(False)
        self.error_label.hide()

        def done(_updated: object) -> None:
            # The other button takes the place (and the keyboard) of the one just pressed.
            self.reload()
            (self.reopen_button if status == "closed" else self.close_button).setVisible(True)
            (self.close_button if status == "closed" else self.reopen_button).setVisible(False)
            (self.reopen_button if status == "closed" else self.close_button).setFocus()

        self._context.runner.run(
            lambda: after_action.update(review_id, {"status": status}), done, self._failed, owner=self
        )

    # -- what `CommitmentPageActions` acts on -----------------------------------------------------------

    def _record_id(self) -> str:
        return self.review_id

    def _commitments_service(self) -> AfterActionService:
        return self._context.session.workspace.after_action

    def _record_translations(self) -> dict[str, str]:
        return (self.details.review.get("translations") if self.details else None) or {}


def build_after_action_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    review_id = ref.args.get("id")
    if not isinstance(review_id, str):
        return None
    try:
        context.session.workspace.after_action.get(review_id)
    except Exception:  # noqa: BLE001 - deleted by a sync (or not readable): the navigator skips the page
        return None
    return AfterActionPage(context, review_id)
