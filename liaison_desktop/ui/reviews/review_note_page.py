"""A note opened from the Review queue, `PageRef("review_note", {"id": …, "queue": [ids after it]})`: the
officer's note page (the note as written, its translations beside it, its amendments with their
reasons, who it was with and its flags; `ui/encounters/note_page`) with what a supervisor needs under
it: the earlier reviews, a comment, Approve and Return.

Return needs a comment (the officer must know what to change); Approve takes one if given. After a
decision the page goes on to the next note of the queue as it was listed, skipping any decided since,
or back to the queue when none is left; Next goes on without deciding. Keys: Ctrl+Shift+A approves,
Ctrl+Shift+R returns, Alt+Right (Forward) goes to the next note, as Alt+Left goes back.

Opening the page is the audited view of another officer's note (`EncounterService.view`, through
`open_encounter`), like any opening of a note.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.i18n.formatting import format_time
from liaison_desktop.services.encounter_sheet import EncounterAdditions, EncounterSheet, encounter_state
from liaison_desktop.services.review_board import ReviewBoard
from liaison_desktop.services.reviews import PENDING
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.encounters.draft_fields import local_moment
from liaison_desktop.ui.encounters.note_page import NotePage, _heading, _reader
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.reviews.labels import officer_label, review_line, supervisor_review_sentence
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout, isolate

APPROVE_KEYS = "Ctrl+Shift+A"
RETURN_KEYS = "Ctrl+Shift+R"
COMMENT_LINES = 3
REVIEW_LINES = 3


class ReviewNotePage(NotePage):
    def __init__(self, context: ScreenContext, encounter_id: str, queue: list[str]) -> None:
        super().__init__(context, encounter_id)
        self.setObjectName("review_note_page")
        self.queue = [entry for entry in queue if entry != encounter_id]
        self._board = ReviewBoard(context.session.workspace)
        self.deciding = False
        self.decided: str | None = None  # approved / returned, once this page's decision is saved

        # The review's part takes room from the officer's page: its banner must never be squeezed, and
        # the amendments box is smaller (it scrolls).
        self.review_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.amendments_list.setMinimumHeight(REVIEW_LINES * self.amendments_list.fontMetrics().lineSpacing())
        self.reviews_label = _heading(_("Earlier &reviews"))
        # Read-only text rather than a list: long comments wrap in every script, and it can be selected.
        self.reviews_field = _reader("review_history")
        self.reviews_field.setMinimumHeight(REVIEW_LINES * self.reviews_field.fontMetrics().lineSpacing())
        name_from_label(self.reviews_label, self.reviews_field)
        self.comment_label = _heading(_("&Comment for the officer"))
        self.comment_field = QPlainTextEdit()
        self.comment_field.setObjectName("review_comment")
        self.comment_field.setTabChangesFocus(True)
        self.comment_field.setPlaceholderText(_("Required to return the note: say what should change."))
        margins = 2 * (self.comment_field.frameWidth() + int(self.comment_field.document().documentMargin()))
        self.comment_field.setFixedHeight(
            COMMENT_LINES * self.comment_field.fontMetrics().lineSpacing() + margins
        )
        name_from_label(self.comment_label, self.comment_field)
        self.comment_error = QLabel()
        self.comment_error.setObjectName("review_comment_error")
        self.comment_error.setWordWrap(True)
        theme.set_text_role(self.comment_error, theme.TextRole.ERROR)
        align_with_layout(self.comment_error)
        self.comment_error.hide()

        self.next_button = self._button(_("Ne&xt note"), "next_review_note", "next")
        self.next_button.setToolTip(_("Go to the next note in the queue without deciding (Alt+Right)"))
        self.next_button.clicked.connect(self.go_next)
        self.return_button = self._button(_("R&eturn to the officer"), "return_note", "undo")
        self.return_button.setToolTip(
            _("Return the note with your comment ({keys})").format(keys=RETURN_KEYS)
        )
        self.return_button.clicked.connect(self.return_note)
        self.approve_button = self._button(_("A&pprove"), "approve_note", "check")
        self.approve_button.setToolTip(_("Approve the note ({keys})").format(keys=APPROVE_KEYS))
        theme.set_button_kind(self.approve_button, theme.ButtonKind.PRIMARY)
        self.approve_button.clicked.connect(self.approve)
        for button in (self.return_button, self.approve_button):
            button.setEnabled(False)
        self._shortcut(QKeySequence(APPROVE_KEYS), self.approve)
        self._shortcut(QKeySequence(RETURN_KEYS), self.return_note)
        self._shortcut(QKeySequence(QKeySequence.StandardKey.Forward), self.go_next)

        # The amendments and the earlier reviews side by side (what the officer changed, beside what
        # was asked of them), then the comment across the page, then the decision.
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        at = layout.indexOf(self.amendments_label)
        for widget in (self.amendments_label, self.amendments_list):
            layout.removeWidget(widget)
        amendments = QVBoxLayout()
        amendments.addWidget(self.amendments_label)
        amendments.addWidget(self.amendments_list, 1)
        history = QVBoxLayout()
        history.addWidget(self.reviews_label)
        history.addWidget(self.reviews_field, 1)
        lists = QHBoxLayout()
        lists.setSpacing(theme.spacing().xl)
        lists.addLayout(amendments, 1)
        lists.addLayout(history, 1)
        layout.insertLayout(at, lists, 1)
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.next_button)
        decision_row.addStretch(1)
        decision_row.addWidget(self.return_button)
        decision_row.addWidget(self.approve_button)
        layout.addWidget(self.comment_label)
        layout.addWidget(self.comment_field)
        layout.addWidget(self.comment_error)
        layout.addLayout(decision_row)
        for first, second in (
            (self.original_field, self.amendments_list),
            (self.amendments_list, self.reviews_field),
            (self.reviews_field, self.comment_field),
            (self.comment_field, self.approve_button),
            (self.approve_button, self.return_button),
            (self.return_button, self.next_button),
        ):
            QWidget.setTabOrder(first, second)

    def _shortcut(self, keys: QKeySequence, handler: Any) -> None:
        action = QAction(self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(handler)
        self.addAction(action)

    # -- what the page shows -----------------------------------------------------------------------------

    @property
    def awaiting_review(self) -> bool:
        return self.additions is not None and self.additions.review_status == PENDING

    def _show_sheet(self, sheet: EncounterSheet) -> None:
        super()._show_sheet(sheet)
        # Who wrote it, on the time's line (the page has no height to spare above the banner): a
        # supervisor reads a note as that officer's, by the name the roster gives them.
        officer = sheet.record.get("author_id") or ""
        first, _newline, rest = self.facts_label.text().partition("\n")
        written = _("At {time}, written by {officer}").format(
            time=isolate(format_time(local_moment(sheet.record.get("occurred_at")))),
            officer=isolate(officer_label(officer, self._board.officer_name(officer))),
        )
        self.facts_label.setText(f"{written}\n{rest}" if rest else written)

    def _show_additions(self, additions: EncounterAdditions) -> None:
        super()._show_additions(additions)
        self.review_label.setText(supervisor_review_sentence(additions))
        tones = {"approved": theme.Tone.SUCCESS, "returned": theme.Tone.WARNING}
        theme.set_tone(self.review_label, tones.get(additions.review_status, theme.Tone.INFO))
        lines = [review_line(review) for review in additions.reviews]
        self.reviews_field.setPlainText("\n".join(lines) if lines else _("No earlier review."))
        self._enable_decisions()

    def _enable_decisions(self) -> None:
        may_decide = self.awaiting_review and not self.deciding and self.decided is None
        self.approve_button.setEnabled(may_decide)
        self.return_button.setEnabled(may_decide)

    # -- deciding ----------------------------------------------------------------------------------------

    def comment(self) -> str:
        return self.comment_field.toPlainText().strip()

    def approve(self) -> None:
        if self.approve_button.isEnabled():
            self._decide("approved")

    def return_note(self) -> None:
        if not self.return_button.isEnabled():
            return
        if not self.comment():
            self.comment_error.setText(
                _("Write a comment before returning the note: the officer needs to know what to change.")
            )
            self.comment_error.show()
            self.comment_field.setFocus()
            return
        self._decide("returned")

    def _decide(self, decision: str) -> None:
        self.comment_error.hide()
        self.deciding = True
        self._enable_decisions()
        reviews, encounter_id, comment = (
            self._context.session.workspace.reviews,
            self.encounter_id,
            self.comment(),
        )
        self._context.runner.run(
            lambda: reviews.review(encounter_id, decision, comment=comment or None),
            lambda _status: self._decided(decision),
            self._decision_failed,
            owner=self,
        )

    def _decided(self, decision: str) -> None:
        self.deciding = False
        self.decided = decision
        self.comment_field.clear()
        self.go_next()

    def _decision_failed(self, error: BaseException) -> None:
        self.deciding = False
        self.comment_error.setText(message_for(error))
        self.comment_error.show()
        self._enable_decisions()

    def go_next(self) -> None:
        """The next note of the queue still awaiting review, or back to the queue."""
        board, queue = self._board, list(self.queue)
        self._context.runner.run(lambda: board.next_waiting(queue), self._open_next, self._failed, owner=self)

    def _failed(self, error: BaseException) -> None:
        if getattr(error, "key", None) == "service.not_found":  # deleted by a sync meanwhile
            self._context.navigator.close_pages_of(
                lambda ref: ref.kind == "review_note" and ref.args.get("id") == self.encounter_id
            )
            return
        super()._failed(error)

    def _open_next(self, next_id: str | None) -> None:
        navigator = self._context.navigator
        if navigator.current_page is not self or not navigator.back():
            return
        if next_id is not None:
            after = self.queue[self.queue.index(next_id) + 1 :]
            navigator.open_page(PageRef("review_note", {"id": next_id, "queue": after}))

    # -- surviving a lock or a language switch ----------------------------------------------------------

    def capture_state(self) -> ScreenState:
        state = super().capture_state()
        state["comment"] = self.comment_field.toPlainText()
        return state

    def restore_state(self, state: ScreenState) -> None:
        comment = state.get("comment")
        if isinstance(comment, str) and not self.comment_field.toPlainText():
            self.comment_field.setPlainText(comment)
        super().restore_state(state)

    def may_close(self) -> bool:
        return True


def build_review_note_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    encounter_id = ref.args.get("id")
    queue = ref.args.get("queue")
    if not isinstance(encounter_id, str):
        return None
    try:
        status, _review = encounter_state(context.session.workspace, encounter_id)
    except Exception:  # noqa: BLE001 - deleted by a sync, or not this person's: the navigator skips it
        return None
    if status != "submitted":
        return None
    ids = [entry for entry in queue if isinstance(entry, str)] if isinstance(queue, list) else []
    return ReviewNotePage(context, encounter_id, ids)
