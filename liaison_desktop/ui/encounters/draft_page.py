"""Writing a note: `PageRef("new_encounter", {"contact_ids": [...]})` for a new one (from a contact's
page, the Notes section or Ctrl+Shift+N), and a draft's own `PageRef("encounter", {"id": …})`.

There is no Save button to forget: the draft saves itself a moment after the person stops typing, off
the UI thread, and again when the page goes (Back, "Save and go back", another section, a lock, closing
the window); see `autosave`. A new page makes its draft only once something is typed, so opening it by mistake leaves
nothing behind. Submitting asks first, because a submitted note can never change again (corrections are
amendments); the page then gives way to the submitted note's page.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.i18n.formatting import format_time
from liaison_desktop.services.encounter_board import Person
from liaison_desktop.services.encounter_sheet import EncounterAdditions, EncounterSheet, open_encounter
from liaison_desktop.services.errors import ValidationFailed
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.services.record_labels import record_label
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import visible_words
from liaison_desktop.ui.confirmation_box import open_confirmation
from liaison_desktop.ui.encounters.autosave import DraftAutosave, DraftWriter
from liaison_desktop.ui.encounters.draft_fields import DraftFields
from liaison_desktop.ui.encounters.labels import draft_problem_message
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout, isolate


def save_error_text(error: BaseException) -> str:
    if isinstance(error, ValidationFailed) and error.problems:
        return "\n".join(draft_problem_message(problem) for problem in error.problems)
    return message_for(error)


class DraftPage(QWidget):
    def __init__(
        self, context: ScreenContext, draft_id: str | None = None, people: list[Person] | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("draft_page")
        self._context = context
        workspace = context.session.workspace
        # The draft as read; None while an existing draft is being read (a new one has nothing to read).
        self.details: EncounterSheet | None = (
            EncounterSheet({}, list(people or []), EncounterAdditions("draft", ""))
            if draft_id is None
            else None
        )
        self._pending_state: ScreenState | None = None
        self._finished = False  # submitted, or left without saving: nothing more to save here
        self._focused_once = False
        self.confirm_box: QMessageBox | None = None
        self.leave_box: QMessageBox | None = None

        self.title_label = QLabel(_("New note") if draft_id is None else _("Draft note"))
        self.title_label.setObjectName("draft_title")
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)
        self.saved_label = QLabel(_("Saves itself as you type."))
        self.saved_label.setObjectName("draft_saved")
        theme.set_text_role(self.saved_label, theme.TextRole.CAPTION)
        align_with_layout(self.saved_label)

        self.fields = DraftFields(workspace.contacts, context.runner)
        self.autosave = DraftAutosave(
            DraftWriter(workspace.encounters, draft_id), context.runner, self.fields.values, parent=self
        )
        self.autosave.saved.connect(self._saved)
        self.autosave.failed.connect(self._save_failed)
        self.fields.edited.connect(self._edited)
        if draft_id is None:
            self.fields.people.set_people(people or [])
            self.autosave.start_from(self.fields.values())
        else:
            self.fields.setEnabled(False)  # until the draft is read: typing must not be overwritten

        self.error_label = QLabel()
        self.error_label.setObjectName("draft_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()
        self.back_button = self._button(_("Save and &go back"), "draft_back", "back")
        self.back_button.clicked.connect(self.go_back)
        self.submit_button = self._button(_("S&ubmit…"), "submit_note", "check")
        theme.set_button_kind(self.submit_button, theme.ButtonKind.PRIMARY)
        self.submit_button.clicked.connect(self.ask_to_submit)

        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(self.fields)
        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.saved_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(scroller, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        if draft_id is not None:
            self._load(draft_id)

    def _button(self, text: str, name: str, icon: str) -> QPushButton:
        button = QPushButton(theme.icon(icon), text)
        button.setObjectName(name)
        button.setAccessibleName(visible_words(text))
        return button

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._focused_once and self.details is not None:
            self._focused_once = True
            self.fields.focus_first()

    @property
    def draft_id(self) -> str | None:
        return self.autosave.writer.draft_id

    # -- reading an existing draft ---------------------------------------------------------------------

    def _load(self, draft_id: str) -> None:
        workspace = self._context.session.workspace
        self._context.runner.run(
            lambda: open_encounter(workspace, draft_id), self._loaded, self._load_failed, owner=self
        )

    def _loaded(self, sheet: EncounterSheet) -> None:
        self.details = sheet
        self.fields.set_values(sheet.record, sheet.people)
        self.autosave.start_from(self.fields.values())
        self.fields.setEnabled(True)
        if self._pending_state is not None:
            state, self._pending_state = self._pending_state, None
            self._apply_state(state)
        if self.isVisible() and not self._focused_once:
            self._focused_once = True
            self.fields.focus_first()

    def _load_failed(self, error: BaseException) -> None:
        if getattr(error, "key", None) == "service.not_found":  # deleted by a sync meanwhile
            draft_id = self.draft_id
            self._context.navigator.close_pages_of(
                lambda ref: ref.kind == "encounter" and ref.args.get("id") == draft_id
            )
            return
        self._show_error(message_for(error))

    # -- saving ----------------------------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._finished:
            self.autosave.changed()
            self.saved_label.setText(_("Not saved yet…"))

    def _saved(self, _draft_id: str) -> None:
        if self.autosave.unsaved:
            return  # typed again meanwhile: the next save will say so
        self.error_label.hide()
        self.saved_label.setText(
            _("Draft saved at {time}.").format(time=isolate(format_time(dt.datetime.now().astimezone())))
        )

    def _save_failed(self, error: BaseException) -> None:
        self.saved_label.setText(_("Not saved."))
        self._show_error(save_error_text(error))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    # -- submitting ------------------------------------------------------------------------------------

    def ask_to_submit(self) -> None:
        if self.details is None or self._finished or self.autosave.submitting:
            return
        if not self.fields.has_note():
            self._show_error(_("Write the note before submitting it."))
            self.fields.focus_first()
            return
        if self.confirm_box is not None:
            self.confirm_box.raise_()
            return
        self.confirm_box = open_confirmation(
            self,
            name="submit_confirmation",
            title=_("Submit this note?"),
            text=_(
                "After submitting, this note cannot be changed: a supervisor reviews it as it is. "
                "Corrections can still be added to it as amendments."
            ),
            action_text=_("Submit"),
            on_action=self.submit,
            on_closed=self._confirm_closed,
            destructive=False,
            action_name="confirm_submit",
            keep_name="keep_editing_note",
        )

    def _confirm_closed(self) -> None:
        self.confirm_box = None

    def submit(self) -> None:
        """Save the last keystrokes and submit, in order (see `DraftWriter.submit`)."""
        self.autosave.stop()
        writer, generation, values = self.autosave.writer, self.autosave.generation, self.fields.values()
        self.autosave.submitting = True
        self.fields.setEnabled(False)
        self.submit_button.setEnabled(False)
        self.error_label.hide()
        self._context.runner.run(
            lambda: writer.submit(max(generation, 1), values),
            self._was_submitted,
            self._submit_failed,
            owner=self,
        )

    def _was_submitted(self, encounter_id: str) -> None:
        self._finished = True
        navigator = self._context.navigator
        if navigator.current_page is self:
            navigator.back()
        navigator.open_page(PageRef("encounter", {"id": encounter_id}))

    def _submit_failed(self, error: BaseException) -> None:
        self.autosave.submitting = False
        self.fields.setEnabled(True)
        self.submit_button.setEnabled(True)
        self._show_error(save_error_text(error))

    # -- leaving ---------------------------------------------------------------------------------------

    def go_back(self) -> None:
        navigator = self._context.navigator
        if navigator.current_page is self:
            navigator.back()

    def may_close(self) -> bool:
        """Save what is unsaved before going; if it cannot be saved, say why and ask."""
        if self._finished or self.details is None or self.autosave.submitting:
            return True  # a submit under way carries the last values itself
        error = self.autosave.save_now()
        if error is None:
            return True
        self._save_failed(error)
        self._ask_before_leaving()
        return False

    def _ask_before_leaving(self) -> None:
        if self.leave_box is not None:
            self.leave_box.raise_()
            return
        box = QMessageBox(self)
        box.setObjectName("leave_unsaved_note")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Leave without saving?"))
        box.setText(
            _("The last changes to this note could not be saved. The reason is shown under the note.")
        )
        leave = box.addButton(_("Leave without saving"), QMessageBox.ButtonRole.DestructiveRole)
        leave.setObjectName("leave_without_saving")
        leave.setAccessibleName(visible_words(leave.text()))
        theme.set_button_kind(leave, theme.ButtonKind.DANGER)
        keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keep_editing_unsaved")
        keep.setAccessibleName(visible_words(keep.text()))
        box.setDefaultButton(keep)
        leave.clicked.connect(self._leave_without_saving)
        box.finished.connect(self._leave_box_closed)
        self.leave_box = box
        box.open()

    def _leave_box_closed(self) -> None:
        if self.leave_box is not None:
            self.leave_box.deleteLater()
        self.leave_box = None

    def _leave_without_saving(self) -> None:
        self._finished = True
        self.go_back()

    # -- surviving a lock or a language switch ---------------------------------------------------------

    def capture_state(self) -> ScreenState:
        """Save now (the page is being torn down: see `autosave`) and keep everything typed in memory."""
        if self.details is None:  # rebuilt and torn down again before the draft was read
            return dict(self._pending_state or {})
        error = None if self._finished or self.autosave.submitting else self.autosave.save_now()
        return {
            "draft_id": self.draft_id,
            "fields": self.fields.capture_state(),
            "unsaved": error is not None,
            "focused": self.fields.note_field.hasFocus(),
        }

    def restore_state(self, state: ScreenState) -> None:
        draft_id = state.get("draft_id")
        if isinstance(draft_id, str) and self.autosave.writer.draft_id is None:
            self.autosave.writer.draft_id = draft_id
        if self.details is None:
            self._pending_state = state  # the draft is still being read: put the state over it then
            return
        self._apply_state(state)

    def _apply_state(self, state: ScreenState) -> None:
        fields = state.get("fields")
        if isinstance(fields, dict):
            self.fields.restore_state(fields)
            if not state.get("unsaved"):
                self.autosave.start_from(self.fields.values())  # as saved before the lock
        if state.get("unsaved"):
            self._edited()  # it could not be saved before the lock: try again now
        if state.get("focused"):
            self._focused_once = True
            self.fields.note_field.setFocus()


def build_new_encounter_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    if not may_write_type(context.session.role, "encounter"):
        return None
    wanted = ref.args.get("contact_ids")
    ids = [value for value in wanted if isinstance(value, str)] if isinstance(wanted, list) else []
    people: list[Person] = []
    contacts = context.session.workspace.contacts
    for contact_id in ids:
        try:
            contact = contacts.resolve(contact_id)  # one merged since: the one it became
        except Exception:  # noqa: BLE001 - deleted by a sync: the note starts without them
            continue
        people.append(Person(contact["id"], record_label("contact", contact) or ""))
    return DraftPage(context, None, people)
