"""A submitted note, `PageRef("encounter", {"id": …})`: read-only, as it was submitted, with everything
added since beside it and never in its place.

- at the top, what it was (kind, date, place, people, language, flags) and where its review stands; a note
  a supervisor returned says so in a banner, with the supervisor's comment;
- the original text, and beside it each translation (language and date);
- under them the amendments, oldest first, each with its date and reason;
- "Amend…" (a correction with a reason) and "Add translation…", for the note's author;
- for the note's author, "Viewed by": who else opened the note and when (supervisors' `viewed` audit
  events, which the server lets the note's author read).

Opening someone else's note (a supervisor reviewing an officer's) asks why first (`reason_dialog`), once
per note while the profile stays unlocked (`Session.note_purposes`); the reason goes into the `viewed`
event, and Cancel goes back without reading the note or writing an event.

Opening the page is the one audited view of the note; afterwards the page follows "records changed" for
this note's amendments and reviews (made here or brought by a sync) without viewing it again
(`services/encounter_sheet`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date, format_datetime, format_time
from liaison_desktop.services.encounter_sheet import (
    EncounterAdditions,
    EncounterSheet,
    NoteView,
    Translation,
    encounter_additions,
    is_colleagues_note,
    open_encounter,
)
from liaison_desktop.services.permissions import may_write_type, owner_of
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.encounters.addition_dialogs import AmendDialog, TranslationDialog
from liaison_desktop.ui.encounters.draft_fields import local_moment
from liaison_desktop.ui.encounters.labels import encounter_heading, language_name, review_sentence
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.reason_dialog import ReasonDialog, ask_reason, note_reasons
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout, isolate

WATCHED_KINDS = frozenset({"amendment", "review", "audit_event"})
TEXT_LINES = 5
AMENDMENT_LINES = 5
VIEW_LINES = 2


def view_line(view: NoteView) -> str:
    """One view of the note: by whom (named by the team roster, else "a supervisor") and when."""
    time = isolate(format_datetime(view.viewed_at))
    if view.viewer_name:
        return _("{name}, {time}").format(name=isolate(view.viewer_name), time=time)
    return _("A supervisor, {time}").format(time=time)


def facts_text(record: dict[str, Any], people: list[str]) -> str:
    """What the encounter was, one fact a line (never the note)."""
    lines = []
    if people:
        lines.append(_("With: {people}").format(people=", ".join(isolate(name) for name in people)))
    where = ", ".join(part for part in (record.get("place"), record.get("neighborhood")) if part)
    if where:
        lines.append(_("Where: {place}").format(place=isolate(where)))
    spoken = language_name(record.get("language"))
    if spoken and record.get("interpreter_used"):
        lines.append(_("Spoken in {language}, with an interpreter").format(language=spoken))
    elif spoken:
        lines.append(_("Spoken in {language}").format(language=spoken))
    elif record.get("interpreter_used"):
        lines.append(_("With an interpreter"))
    if record.get("follow_up_needed"):
        lines.append(_("Follow-up needed"))
    if record.get("adverse_interaction"):
        lines.append(_("Adverse interaction recorded"))
    return "\n".join(lines)


def translation_label(translation: Translation) -> str:
    name = language_name(translation.language)
    if translation.added_at is None:
        return _("{language} translation").format(language=name)
    return _("{language} translation, added on {date}").format(
        language=name, date=isolate(format_date(translation.added_at))
    )


def _reader(name: str) -> QPlainTextEdit:
    """A text to read (and select, and reach with Tab), never to edit."""
    field = QPlainTextEdit()
    field.setObjectName(name)
    field.setReadOnly(True)
    field.setTabChangesFocus(True)
    field.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    field.setMinimumHeight(TEXT_LINES * field.fontMetrics().lineSpacing())
    return field


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    theme.set_text_role(label, theme.TextRole.SUBHEADING)
    return align_with_layout(label)


class NotePage(QWidget):
    def __init__(self, context: ScreenContext, encounter_id: str) -> None:
        super().__init__()
        self.setObjectName("note_page")
        self._context = context
        self.encounter_id = encounter_id
        self.details: EncounterSheet | None = None
        self.additions: EncounterAdditions | None = None
        self.dialog: AmendDialog | TranslationDialog | None = None
        self.reason_dialog: ReasonDialog | None = None  # while asking why a colleague's note is opened
        self.refused = False  # Cancel on "why": the note was not opened
        self._pending_state: ScreenState | None = None
        self._translation_rows: list[tuple[QLabel, QPlainTextEdit, str]] = []  # heading, text, language

        self.title_label = QLabel(_("Note"))
        self.title_label.setObjectName("note_title")
        self.title_label.setWordWrap(True)
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)
        self.facts_label = QLabel(_("Loading…"))
        self.facts_label.setObjectName("note_facts")
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        align_with_layout(self.facts_label)
        self.review_label = QLabel()
        self.review_label.setObjectName("note_review")
        self.review_label.setWordWrap(True)
        self.review_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        align_with_layout(self.review_label)
        self.review_label.hide()

        self.original_label = _heading(_("&Original note"))
        self.original_field = _reader("note_original")
        name_from_label(self.original_label, self.original_field)
        self.translations_column = QVBoxLayout()
        self.translations_heading = _heading(_("Translations"))
        self.no_translation_label = QLabel(_("No translation yet."))
        theme.set_text_role(self.no_translation_label, theme.TextRole.CAPTION)
        align_with_layout(self.no_translation_label)
        self.amendments_label = _heading(_("A&mendments"))
        self.amendments_list = QListWidget()
        self.amendments_list.setObjectName("note_amendments")
        self.amendments_list.setWordWrap(True)
        self.amendments_list.setTabKeyNavigation(False)
        self.amendments_list.setMinimumHeight(
            AMENDMENT_LINES * self.amendments_list.fontMetrics().lineSpacing()
        )
        name_from_label(self.amendments_label, self.amendments_list)
        self.views_label = _heading(_("&Viewed by"))
        self.views_list = QListWidget()
        self.views_list.setObjectName("note_views")
        self.views_list.setTabKeyNavigation(False)
        # A short list under the amendments, which keep the room: a few views show, more scroll.
        frame = 2 * self.views_list.frameWidth() + theme.spacing().m
        self.views_list.setMaximumHeight(VIEW_LINES * self.views_list.fontMetrics().lineSpacing() + frame)
        name_from_label(self.views_label, self.views_list)
        for widget in (self.views_label, self.views_list):
            widget.hide()  # hide() only, before they have a parent (see the buttons)

        self.error_label = QLabel()
        self.error_label.setObjectName("note_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()
        self.amend_button = self._button(_("&Amend…"), "amend_note", "edit")
        self.amend_button.clicked.connect(self.open_amend)
        self.translate_button = self._button(_("Add &translation…"), "translate_note", "language")
        self.translate_button.clicked.connect(self.open_translation)
        for button in (self.amend_button, self.translate_button):
            button.setEnabled(False)
            # hide() only: showing a control before it has a parent would open it as a window
            if not may_write_type(context.session.role, "encounter"):
                button.hide()

        original_column = QVBoxLayout()
        original_column.addWidget(self.original_label)
        original_column.addWidget(self.original_field, 1)
        # Each translation under a heading level with the original's, so the texts start side by side.
        self.translations_column.addWidget(self.translations_heading)
        self.translations_column.addWidget(self.no_translation_label)
        self.translations_column.addStretch(1)
        texts = QHBoxLayout()
        texts.setSpacing(theme.spacing().xl)
        texts.addLayout(original_column, 1)
        texts.addLayout(self.translations_column, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.translate_button)
        buttons.addWidget(self.amend_button)

        # No scroll area around it all: the texts and the amendments scroll each in their own box.
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.review_label)
        layout.addLayout(texts, 2)
        layout.addWidget(self.amendments_label)
        layout.addWidget(self.amendments_list, 1)
        layout.addWidget(self.views_label)
        layout.addWidget(self.views_list)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        context.bridge.records_changed.connect(self.on_records_changed)
        self._open()

    def _button(self, text: str, name: str, icon: str) -> QPushButton:
        button = QPushButton(theme.icon(icon), text)
        button.setObjectName(name)
        button.setAccessibleName(visible_words(text))
        return button

    # -- reading ---------------------------------------------------------------------------------------

    def _open(self) -> None:
        """Read the note, after asking why when it is a colleague's and no reason was given for it yet."""
        workspace, encounter_id = self._context.session.workspace, self.encounter_id
        self._context.runner.run(
            lambda: is_colleagues_note(workspace, encounter_id), self._open_for, self._failed, owner=self
        )

    def _open_for(self, colleagues: bool) -> None:
        purposes = self._context.session.note_purposes
        if not colleagues:
            self._read(None)
        elif self.encounter_id in purposes:
            self._read(purposes[self.encounter_id])
        else:
            self.reason_dialog = ask_reason(
                self,
                _("Why are you opening this note?"),
                _("This note is another officer's. Say why you read it."),
                note_reasons(),
                self._purpose_given,
                self._purpose_refused,
            )

    def _purpose_given(self, reason: str) -> None:
        self.reason_dialog = None
        self._context.session.note_purposes[self.encounter_id] = reason
        self._read(reason)

    def _purpose_refused(self) -> None:
        self.reason_dialog = None
        self.refused = True
        self.facts_label.setText(_("The note was not opened."))
        if self._context.navigator.current_page is self:
            self._context.navigator.back()

    def _read(self, reason: str | None) -> None:
        workspace, encounter_id = self._context.session.workspace, self.encounter_id
        self._context.runner.run(
            lambda: open_encounter(workspace, encounter_id, reason),
            self._show_sheet,
            self._failed,
            owner=self,
        )

    def reload_additions(self) -> None:
        if self.details is None:
            return
        workspace, encounter_id = self._context.session.workspace, self.encounter_id
        kept = self.details.record.get("translations")
        self._context.runner.run(
            lambda: encounter_additions(workspace, encounter_id, kept),
            self._show_additions,
            self._failed,
            owner=self,
        )

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & WATCHED_KINDS or self.encounter_id in changes.ids_by_kind.get("encounter", set()):
            self.reload_additions()

    def _show_sheet(self, sheet: EncounterSheet) -> None:
        self.details = sheet
        record = sheet.record
        self.title_label.setText(
            encounter_heading(record.get("kind") or "other", local_moment(record.get("occurred_at")))
        )
        when = _("At {time}").format(time=isolate(format_time(local_moment(record.get("occurred_at")))))
        self.facts_label.setText(
            "\n".join(line for line in (when, facts_text(record, [p.name for p in sheet.people])) if line)
        )
        note_language = language_name(record.get("summary_language"))
        self.original_label.setText(
            _("&Original note ({language})").format(language=note_language)
            if note_language
            else _("&Original note")
        )
        self.original_field.setAccessibleName(visible_words(self.original_label.text()))
        self.original_field.setPlainText(record.get("summary") or "")
        self._show_additions(sheet.additions)
        if self._pending_state is not None:
            state, self._pending_state = self._pending_state, None
            self.restore_state(state)

    def _show_additions(self, additions: EncounterAdditions) -> None:
        self.additions = additions
        self.error_label.hide()
        self.review_label.setText(review_sentence(additions))
        returned = additions.review_status == "returned"
        approved = additions.review_status == "approved"
        theme.set_tone(
            self.review_label,
            theme.Tone.DANGER if returned else theme.Tone.SUCCESS if approved else theme.Tone.INFO,
        )
        self.review_label.show()
        self._show_translations(additions.translations)
        self.amendments_list.clear()
        for correction in additions.corrections:
            heading = _("{date} — Reason: {reason}").format(
                date=isolate(format_datetime(correction.added_at)), reason=isolate(correction.reason or "")
            )
            item = QListWidgetItem(f"{heading}\n{correction.text}")
            self.amendments_list.addItem(item)
        if not additions.corrections:
            self.amendments_list.addItem(_("No amendment: the note reads as it was submitted."))
        self._show_views(additions.views)
        own = (
            self.details is not None and owner_of(self.details.record) == self._context.session.actor.user_id
        )
        can_add = additions.status == "submitted" and own
        self.amend_button.setEnabled(can_add)
        self.translate_button.setEnabled(can_add)

    def _show_views(self, views: list[NoteView] | None) -> None:
        """The author's list of who else opened the note; nothing for anyone else."""
        for widget in (self.views_label, self.views_list):
            widget.setVisible(views is not None)
        self.views_list.clear()
        for view in views or []:
            self.views_list.addItem(view_line(view))
        if views == []:
            self.views_list.addItem(_("No one else has opened this note."))

    def _show_translations(self, translations: list[Translation]) -> None:
        for label, field, _code in self._translation_rows:
            for widget in (label, field):
                self.translations_column.removeWidget(widget)
                widget.deleteLater()
        self._translation_rows = []
        self.no_translation_label.setVisible(not translations)
        self.translations_heading.setVisible(not translations)
        self.translations_column.setStretch(self.translations_column.count() - 1, 0 if translations else 1)
        at = self.translations_column.count() - 1  # before the stretch
        for index, translation in enumerate(translations):
            label = _heading(translation_label(translation))
            field = _reader(f"note_translation_{translation.language}")
            field.setPlainText(translation.text)
            name_from_label(label, field)
            self.translations_column.insertWidget(at + 2 * index, label)
            self.translations_column.insertWidget(at + 2 * index + 1, field, 1)
            self._translation_rows.append((label, field, translation.language))

    def translation_texts(self) -> dict[str, str]:
        """What the page shows beside the original, by language."""
        return {code: field.toPlainText() for _label, field, code in self._translation_rows}

    def _failed(self, error: BaseException) -> None:
        if getattr(error, "key", None) == "service.not_found":
            self._context.navigator.close_pages_of(
                lambda ref: ref.kind == "encounter" and ref.args.get("id") == self.encounter_id
            )
            return
        self.error_label.setText(message_for(error))
        self.error_label.show()

    # -- adding a correction or a translation ------------------------------------------------------------

    def open_amend(self) -> AmendDialog | None:
        if self.details is None or self.dialog is not None:
            return None
        dialog = AmendDialog(self.details.record.get("summary_language"), self)
        dialog.chosen.connect(self._amend)
        return self._open_dialog(dialog)

    def open_translation(self) -> TranslationDialog | None:
        if self.details is None or self.dialog is not None:
            return None
        dialog = TranslationDialog(self.details.record.get("summary_language"), self)
        dialog.chosen.connect(self._translate)
        return self._open_dialog(dialog)

    def _open_dialog(self, dialog: Any) -> Any:
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QWidget) -> None:
        dialog.deleteLater()
        if self.dialog is dialog:
            self.dialog = None

    def _amend(self, text: str, language: str | None, reason: str) -> None:
        encounters, encounter_id = self._context.session.workspace.encounters, self.encounter_id
        self._write(lambda: encounters.amend(encounter_id, text, language, reason))

    def _translate(self, text: str, language: str | None, _reason: str) -> None:
        encounters, encounter_id = self._context.session.workspace.encounters, self.encounter_id
        self._write(lambda: encounters.add_translation(encounter_id, language, text))

    def _write(self, work: Any) -> None:
        dialog = self.dialog

        def done(_result: object) -> None:
            if dialog is not None:
                dialog.accept()
            self.reload_additions()

        def failed(error: BaseException) -> None:
            if dialog is not None and dialog.isVisible():
                dialog.show_error(message_for(error))
            else:
                self._failed(error)

        self._context.runner.run(work, done, failed, owner=self)

    # -- surviving a lock or a language switch ----------------------------------------------------------

    def capture_state(self) -> ScreenState:
        """The page's place, and what a dialog held (it may hold a half-typed correction)."""
        state: ScreenState = {}
        dialog = self.dialog
        if isinstance(dialog, AmendDialog):
            state["amend"] = {
                "text": dialog.text_field.toPlainText(),
                "reason": dialog.reason_field.text(),
                "language": dialog.language_box.currentData(),
            }
        elif isinstance(dialog, TranslationDialog):
            state["translation"] = {
                "text": dialog.text_field.toPlainText(),
                "language": dialog.language_box.currentData(),
            }
        return state

    def restore_state(self, state: ScreenState) -> None:
        if self.details is None:
            self._pending_state = state
            return
        amend, translation = state.get("amend"), state.get("translation")
        if isinstance(amend, dict) and (dialog := self.open_amend()) is not None:
            dialog.text_field.setPlainText(str(amend.get("text") or ""))
            dialog.reason_field.setText(str(amend.get("reason") or ""))
            dialog.language_box.setCurrentIndex(max(dialog.language_box.findData(amend.get("language")), 0))
        elif isinstance(translation, dict) and (dialog := self.open_translation()) is not None:
            dialog.text_field.setPlainText(str(translation.get("text") or ""))
            dialog.language_box.setCurrentIndex(
                max(dialog.language_box.findData(translation.get("language")), 0)
            )

    def may_close(self) -> bool:
        """Nothing typed on the page itself is lost by leaving: a dialog's text goes with the dialog."""
        return True
