"""Add a contact, or edit one: `PageRef("new_contact")`, `PageRef("edit_contact", {"id": …})`.

Saving a new contact first asks the contacts service for likely duplicates (off the UI thread); if there
are any, the form shows them beside what was typed and the person chooses: open the existing contact,
merge what was typed into it (`ContactMerger`, which keeps the new record as merged and its history), or
create the new one anyway. After a save the form closes and the contact's page opens.

Editing writes only the fields the person changed. The contacts service has no version check, so the
form keeps the contact as it was loaded: when "records changed" names the contact (a sync, a colleague)
or a re-read just before the write finds it changed, fields the person did not touch take the new
values, and fields both changed are not overwritten silently: the form says which, and the person
reloads them or keeps their own.

What was typed survives a lock (`capture_state`); leaving with unsaved text asks first (`may_close`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel.lists import format_list
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.services.errors import LikelyDuplicates, NotFound, ValidationFailed
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.services.record_labels import record_label
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import visible_words
from liaison_desktop.ui.contacts.contact_form_fields import (
    FORM_FIELDS,
    ContactFormFields,
    check_contact,
    same_value,
)
from liaison_desktop.ui.contacts.duplicate_comparison import Candidate, DuplicateComparison
from liaison_desktop.ui.contacts.field_messages import contact_problem_message
from liaison_desktop.ui.discard_on_leave import DiscardOnLeave, DiscardQuestion
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.sync.labels import field_label
from liaison_desktop.ui.text_direction import align_with_layout, isolate
from liaison_protocol.records import FieldProblem

FORM, DUPLICATES = 0, 1


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """The form's fields whose stored values differ between two versions of a contact."""
    return {name for name in FORM_FIELDS if not same_value(before.get(name), after.get(name))}


class ContactFormPage(DiscardOnLeave, QWidget):
    def __init__(self, context: ScreenContext, contact: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.setObjectName("contact_form_page")
        self._context = context
        self._workspace = context.session.workspace
        self.region: str = self._workspace.context.settings.default_phone_region
        self.contact_id: str | None = contact["id"] if contact else None
        self._base: dict[str, Any] = dict(contact or {})  # the contact as the person last saw it
        self.newer: dict[str, Any] | None = None  # a version changed elsewhere, waiting for a choice
        self._typed_at_check: dict[str, Any] = {}
        self._created_id: str | None = None  # made, but its merge failed: never made twice
        self._busy = False
        self._closing = False  # saved, or discarded by the person
        self._focused_once = False
        self.discard_box: QMessageBox | None = None

        if contact is None:
            title = _("New contact")
        else:
            title = _("Edit {name}").format(name=isolate(record_label("contact", contact) or ""))
        self.title_label = QLabel(title)
        self.title_label.setObjectName("contact_form_title")
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)

        self.fields = ContactFormFields(self.region)
        if contact is not None:
            self.fields.set_values(contact)
        self._baseline = self.fields.values()  # what the fields showed before the person typed
        for field in self.fields.findChildren(QLineEdit):
            field.returnPressed.connect(self.save)

        self.newer_label = QLabel()
        self.newer_label.setObjectName("contact_changed_elsewhere")
        self.newer_label.setWordWrap(True)
        theme.set_tone(self.newer_label, theme.Tone.WARNING)
        align_with_layout(self.newer_label)
        self.reload_button = self._button(_("&Reload their values"), "reload_contact", "sync")
        self.keep_button = self._button(_("&Keep mine"), "keep_mine", "check")
        self.reload_button.clicked.connect(self.take_newer)
        self.keep_button.clicked.connect(self.keep_mine)
        self.newer_panel = QWidget()
        newer_buttons = QHBoxLayout()
        newer_buttons.addStretch(1)
        newer_buttons.addWidget(self.reload_button)
        newer_buttons.addWidget(self.keep_button)
        newer_layout = QVBoxLayout(self.newer_panel)
        newer_layout.setContentsMargins(0, 0, 0, 0)
        newer_layout.addWidget(self.newer_label)
        newer_layout.addLayout(newer_buttons)
        self.newer_panel.hide()

        self.error_label = QLabel()
        self.error_label.setObjectName("contact_form_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()
        self.cancel_button = self._button(_("&Cancel"), "cancel_contact", None)
        self.save_button = self._button(_("&Save contact"), "save_contact", "save")
        theme.set_button_kind(self.save_button, theme.ButtonKind.PRIMARY)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self.save)

        form_area = QWidget()
        form_layout = QVBoxLayout(form_area)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.fields)
        form_layout.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(form_area)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        form_page = QWidget()
        form_page_layout = QVBoxLayout(form_page)
        form_page_layout.setContentsMargins(0, 0, 0, 0)
        form_page_layout.addWidget(scroller, 1)
        form_page_layout.addWidget(self.newer_panel)
        form_page_layout.addWidget(self.error_label)
        form_page_layout.addLayout(buttons)

        self.comparison = DuplicateComparison(self.region)
        self.comparison.open_existing.connect(self.open_existing)
        self.comparison.merge_into.connect(self.merge_into)
        self.comparison.create_anyway.connect(self.create_anyway)
        self.comparison.back_to_form.connect(self.back_to_form)

        self.stages = QStackedWidget()
        self.stages.addWidget(form_page)
        self.stages.addWidget(self.comparison)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.stages, 1)
        context.bridge.records_changed.connect(self.on_records_changed)

    def _button(self, text: str, name: str, icon: str | None) -> QPushButton:
        button = QPushButton(theme.icon(icon), text) if icon else QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(visible_words(text))
        return button

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._focused_once:
            self._focused_once = True
            self.fields.focus_first()

    @property
    def showing_duplicates(self) -> bool:
        return self.stages.currentIndex() == DUPLICATES

    # -- what the person changed -------------------------------------------------------------------------

    def edited_fields(self) -> set[str]:
        values = self.fields.values()
        return {name for name in FORM_FIELDS if not same_value(values[name], self._baseline.get(name))}

    def has_unsaved_text(self) -> bool:
        if self._closing:
            return False
        if self.contact_id is None:
            return bool(self.fields.typed()) and self._created_id is None
        return bool(self.edited_fields())

    # -- saving ------------------------------------------------------------------------------------------

    def save(self) -> None:
        if self._busy or self.showing_duplicates:
            return
        self.error_label.hide()
        if self.newer is not None:
            self._show_error(
                _(
                    "This contact changed while you were editing it. Choose Reload their values or Keep mine first."
                )
            )
            return
        if self.contact_id is None:
            self._save_new()
        else:
            self._save_changes(self.contact_id)

    def _save_new(self) -> None:
        typed = self.fields.typed()
        if not self._passes(typed, creating=True):
            return
        contacts = self._workspace.contacts
        self._typed_at_check = typed
        if self._created_id is not None:
            self._finish(self._created_id)
            return

        def work() -> tuple[str | None, list[Candidate]]:
            try:
                return contacts.create(typed), []
            except LikelyDuplicates as found:
                candidates = []
                for match in found.matches:
                    try:
                        candidates.append(Candidate(match, contacts.get(match.contact_id)))
                    except NotFound:
                        continue  # deleted by a sync since it was found
                if not candidates:
                    return contacts.create(typed, allow_duplicates=True), []
                return None, candidates

        self._run(work, self._checked)

    def _checked(self, result: tuple[str | None, list[Candidate]]) -> None:
        new_id, candidates = result
        if new_id is not None:
            self._finish(new_id)
            return
        self.comparison.show_candidates(self._typed_at_check, candidates)
        self.stages.setCurrentIndex(DUPLICATES)
        self.comparison.open_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save_changes(self, contact_id: str) -> None:
        values = self.fields.values()
        changes = {name: values[name] for name in self.edited_fields()}
        if not changes:
            self._finish(contact_id)
            return
        if not self._passes(changes, creating=False):
            return
        contacts, base = self._workspace.contacts, dict(self._base)

        def work() -> dict[str, Any] | None:
            current = contacts.get(contact_id)
            if changed_fields(base, current) & set(changes):
                return current  # changed elsewhere since the form last looked: nothing written
            contacts.update(contact_id, changes)
            return None

        def done(newer: dict[str, Any] | None) -> None:
            if newer is None:
                self._finish(contact_id)
            else:
                self.compare_with(newer)

        self._run(work, done)

    def _passes(self, fields: dict[str, Any], *, creating: bool) -> bool:
        """Check what would be written by the service's rules; say what is wrong where it is wrong."""
        problems = check_contact(fields, self.region, creating=creating)
        if problems:
            self._refuse(problems)
        return not problems

    def _refuse(self, problems: list[FieldProblem]) -> None:
        elsewhere = self.fields.show_problems(problems)
        lines = [_("Nothing was saved. Correct what is marked, then save again.")]
        lines += [
            _("{field}: {problem}").format(field=field_label(p.field), problem=contact_problem_message(p))
            for p in elsewhere
        ]
        self._show_error("\n".join(lines))

    # -- the duplicate warning ---------------------------------------------------------------------------

    def open_existing(self, contact_id: str) -> None:
        """Show the existing contact; this form stays under it, with what was typed, for Back."""
        if contact_id and self._context.navigator.open_page(PageRef("contact", {"id": contact_id})) is None:
            self.comparison.show_error(message_for(NotFound(record_type="contact", record_id=contact_id)))

    def create_anyway(self) -> None:
        typed, contacts, created = self._typed_at_check, self._workspace.contacts, self._created_id
        self._run(lambda: created or contacts.create(typed, allow_duplicates=True), self._finish)

    def merge_into(self, existing_id: str) -> None:
        """Create what was typed, then merge it into the existing contact, which keeps both histories."""
        if not existing_id:
            return
        typed, workspace, created = self._typed_at_check, self._workspace, self._created_id

        def work() -> tuple[str, str, BaseException | None]:
            new_id = created or workspace.contacts.create(typed, allow_duplicates=True)
            try:
                workspace.merger.merge(existing_id, new_id)
            except Exception as error:  # noqa: BLE001 - the new contact exists; say why it was not merged
                return new_id, existing_id, error
            return new_id, existing_id, None

        self._run(work, self._merged)

    def _merged(self, result: tuple[str, str, BaseException | None]) -> None:
        new_id, existing_id, error = result
        if error is None:
            self._finish(existing_id)
            return
        self._created_id = new_id
        self.comparison.show_error(
            _("What you typed was saved as a new contact, but it could not be merged: {reason}").format(
                reason=message_for(error)
            )
        )

    def back_to_form(self) -> None:
        self.stages.setCurrentIndex(FORM)
        self.fields.focus_first()

    # -- the contact changed elsewhere while the form was open --------------------------------------------

    def on_records_changed(self, changes: ChangeSet) -> None:
        contact_id = self.contact_id
        if contact_id is None or self._closing or contact_id not in changes.ids_by_kind.get("contact", set()):
            return
        contacts = self._workspace.contacts
        self._context.runner.run(
            lambda: contacts.get(contact_id), self.compare_with, self._failed, owner=self
        )

    def compare_with(self, current: dict[str, Any]) -> None:
        """Take a newer version of the contact: fields the person did not touch show its values; fields
        both changed wait for the person to choose."""
        if self._closing:
            return
        elsewhere = changed_fields(self._base, current)
        mine = self.edited_fields()
        untouched = elsewhere - mine
        if untouched:
            self.fields.set_values({name: current.get(name) for name in untouched})
            shown = self.fields.values()
            self._baseline.update({name: shown[name] for name in untouched})
        both = elsewhere & mine
        if not both:
            self._base = dict(current)
            return
        self.newer = dict(current)
        names = format_list(
            [field_label(name) for name in FORM_FIELDS if name in both], locale=base_language(language())
        )
        self.newer_label.setText(
            _(
                "This contact was changed on another computer while you were editing it: {fields}. "
                "Reload their values, or keep yours and save them over theirs."
            ).format(fields=names)
        )
        self.newer_panel.show()

    def take_newer(self) -> None:
        if self.newer is None:
            return
        newer, both = self.newer, changed_fields(self._base, self.newer)
        self.fields.set_values({name: newer.get(name) for name in both})
        shown = self.fields.values()
        self._baseline.update({name: shown[name] for name in both})
        self._settle_newer()

    def keep_mine(self) -> None:
        self._settle_newer()

    def _settle_newer(self) -> None:
        if self.newer is not None:
            self._base = self.newer
        self.newer = None
        self.newer_panel.hide()
        self.error_label.hide()
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- running, finishing, failing ---------------------------------------------------------------------

    def _run(self, work: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._set_busy(True)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        self._context.runner.run(work, done, self._failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.comparison.set_busy(busy)

    def _finish(self, contact_id: str) -> None:
        """Saved: close the form and show the contact."""
        self._closing = True
        navigator = self._context.navigator
        if navigator.current_page is self:
            navigator.back()
        navigator.open_page(PageRef("contact", {"id": contact_id}))

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ValidationFailed):
            if self.showing_duplicates:
                self.back_to_form()
            self._refuse(error.problems)
            return
        if self.showing_duplicates:
            self.comparison.show_error(message_for(error))
        else:
            self._show_error(message_for(error))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    # -- leaving -----------------------------------------------------------------------------------------

    def discard_question(self) -> DiscardQuestion:
        return DiscardQuestion(
            "discard_contact_confirmation",
            _("Discard what you typed?"),
            _("What you typed in this contact has not been saved."),
            action_name="discard_contact",
            keep_name="keep_editing",
        )

    # -- surviving a lock or a language switch -----------------------------------------------------------

    def capture_state(self) -> ScreenState:
        state: ScreenState = {"fields": self.fields.capture_state()}
        if self.contact_id is not None:
            state["base"] = {name: self._base.get(name) for name in FORM_FIELDS}
            state["baseline"] = dict(self._baseline)
        if self._created_id is not None:
            state["created_id"] = self._created_id
        return state

    def restore_state(self, state: ScreenState) -> None:
        fields = state.get("fields")
        if isinstance(fields, dict):
            self.fields.restore_state(fields)
        if isinstance(state.get("created_id"), str):
            self._created_id = state["created_id"]
        base, baseline = state.get("base"), state.get("baseline")
        if self.contact_id is not None and isinstance(base, dict) and isinstance(baseline, dict):
            # Edits are measured from what the person saw before the lock; a sync during the lock is
            # then a change made elsewhere, like one arriving while the form is open.
            current = self._base
            self._base = {**current, **{k: v for k, v in base.items() if k in FORM_FIELDS}}
            self._baseline = {**self._baseline, **{k: v for k, v in baseline.items() if k in FORM_FIELDS}}
            self.compare_with(current)


def build_new_contact_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    if not may_write_type(context.session.role, "contact"):
        return None
    return ContactFormPage(context)


def build_edit_contact_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    contact_id = ref.args.get("id")
    if not isinstance(contact_id, str) or not may_write_type(context.session.role, "contact"):
        return None
    try:
        contact = context.session.workspace.contacts.resolve(contact_id)  # a merged one: the one it became
    except Exception:  # noqa: BLE001 - deleted by a sync: the navigator skips the page
        return None
    return ContactFormPage(context, contact)
