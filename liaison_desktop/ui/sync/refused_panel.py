"""Changes refused: what the server would not take, why in words, and what the person can do about it.

Each refused change is a card: what it was about ("Contact: Amina Yusuf"), the reason as a sentence, the
values that were refused, and two actions. "Fix and resend" opens an editor of the refused text fields,
prefilled, in the card itself; "Resend" sends the corrected values as a new edit. "Discard" asks once, in
the card, before the change is forgotten. A change no correction can help (a note submitted meanwhile)
offers only "Discard".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from liaison_desktop.ui import theme
from liaison_desktop.ui.error_messages import refusal_message
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.sync.card_list import (
    Card,
    CardListPanel,
    button,
    button_row,
    exact_time,
    when_text,
    wrapped_label,
)
from liaison_desktop.ui.sync.labels import field_label, record_type_label, value_text

if TYPE_CHECKING:
    from liaison_desktop.app import RefusedChange


class RefusedChangesSource(Protocol):
    """What the panel needs (the session's `RefusedChanges`)."""

    def list(self) -> list[RefusedChange]: ...

    def discard(self, mutation_id: str) -> None: ...

    def resend(self, mutation_id: str, fields: dict[str, Any]) -> None: ...


def change_title(change: RefusedChange) -> str:
    kind = record_type_label(change.record_type)
    return f"{kind}: {change.label}" if change.label else kind


class RefusedChangeCard(Card):
    def __init__(
        self,
        change: RefusedChange,
        on_resend: Callable[[dict[str, Any]], None],
        on_discard: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(change, parent)
        self.change = change
        self._on_resend = on_resend
        title = change_title(change)
        self.setAccessibleName(title)
        self.title_label = wrapped_label(title, theme.TextRole.SUBHEADING)
        self.reason_label = wrapped_label(refusal_message(change.reason))
        self.when_label = wrapped_label(
            _("Refused {when}").format(when=when_text(change.rejected_at_ms)), theme.TextRole.CAPTION
        )
        self.when_label.setToolTip(exact_time(change.rejected_at_ms))
        self.values_label = wrapped_label(self._values_text(), theme.TextRole.CAPTION)
        self.values_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        can_edit = change.resendable and bool(change.text_fields)
        self.fix_button = button(
            _("Fix and resend") if can_edit else _("Resend"), title, self._fix_or_resend, "edit"
        )
        if not change.resendable:
            self.fix_button.hide()  # hidden before it has a parent: never shown as a window
        self.discard_button = button(_("Discard"), title, self._ask_discard, "delete")
        self.editor, self.editors = self._build_editor(title)
        self.confirm = self._build_confirm(title, on_discard)

        for widget in (self.title_label, self.reason_label, self.when_label, self.values_label):
            self.layout_.addWidget(widget)
        self.layout_.addLayout(button_row(self.fix_button, self.discard_button))
        self.layout_.addWidget(self.editor)
        self.layout_.addWidget(self.confirm)
        self.layout_.addWidget(self.error_label)

    def _values_text(self) -> str:
        if self.change.op == "delete":
            return _("What was refused: deleting this record.")
        if not self.change.fields:
            return ""
        lines = [f"{field_label(name)}: {value_text(value)}" for name, value in self.change.fields.items()]
        return _("What was refused:") + "\n" + "\n".join(lines)

    def _build_editor(self, title: str) -> tuple[QWidget, dict[str, QLineEdit | QPlainTextEdit]]:
        editor = QWidget()
        form = QFormLayout(editor)
        form.setContentsMargins(0, 0, 0, 0)
        editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name in self.change.text_fields:
            value = self.change.fields.get(name) or ""
            label = QLabel(field_label(name))
            field: QLineEdit | QPlainTextEdit
            if name in self.change.long_text_fields:
                field = QPlainTextEdit(value)
                field.setTabChangesFocus(True)  # Tab leaves the box instead of typing a tab
            else:
                field = QLineEdit(value)
            field.setAccessibleName(field_label(name))
            label.setBuddy(field)
            form.addRow(label, field)
            editors[name] = field
        self.resend_button = button(_("Resend"), title, self._resend, "sync")
        theme.set_button_kind(self.resend_button, theme.ButtonKind.PRIMARY)
        self.cancel_button = button(_("Cancel"), title, self._close_editor)
        form.addRow(button_row(self.resend_button, self.cancel_button))
        editor.hide()
        return editor, editors

    def _build_confirm(self, title: str, on_discard: Callable[[], None]) -> QWidget:
        confirm = QWidget()
        self.confirm_label = wrapped_label(
            _("Discard this change? It will not be sent, and the values above will be lost.")
        )
        self.confirm_discard_button = button(_("Discard change"), title, on_discard, "delete")
        theme.set_button_kind(self.confirm_discard_button, theme.ButtonKind.DANGER)
        self.keep_button = button(_("Keep it"), title, self._close_confirm)
        layout = QFormLayout(confirm)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.confirm_label)
        layout.addRow(button_row(self.confirm_discard_button, self.keep_button))
        confirm.hide()
        return confirm

    # -- actions -------------------------------------------------------------------------------------

    def _fix_or_resend(self) -> None:
        if not self.editors:
            self._on_resend(dict(self.change.fields))
            return
        self.confirm.hide()
        self.editor.show()
        next(iter(self.editors.values())).setFocus(Qt.FocusReason.OtherFocusReason)

    def _close_editor(self) -> None:
        self.editor.hide()
        self.show_error("")
        self.fix_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _ask_discard(self) -> None:
        self.editor.hide()
        self.confirm.show()
        self.keep_button.setFocus(Qt.FocusReason.OtherFocusReason)  # the safe choice is under Enter

    def _close_confirm(self) -> None:
        self.confirm.hide()
        self.discard_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def corrected_fields(self) -> dict[str, Any]:
        """The refused values with the editors' text in place of the text fields (empty: no value)."""
        fields = dict(self.change.fields)
        for name, field in self.editors.items():
            text = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
            fields[name] = text if text.strip() else None
        return fields

    def _resend(self) -> None:
        self._on_resend(self.corrected_fields())

    # -- kept across a refresh, shown on failure -----------------------------------------------------

    def state(self) -> Any:
        if not self.editor.isVisibleTo(self):
            return None
        return {name: value for name, value in self.corrected_fields().items() if name in self.editors}

    def restore(self, state: Any) -> None:
        for name, value in state.items():
            field = self.editors.get(name)
            if isinstance(field, QPlainTextEdit):
                field.setPlainText(value or "")
            elif field is not None:
                field.setText(value or "")
        self.editor.show()


class RefusedChangesPanel(CardListPanel):
    """Lists what the server refused; `refresh()` reads the list again through the runner."""

    def __init__(self, source: RefusedChangesSource, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(runner, _("Changes the server refused"), parent)
        self.setObjectName("refused_changes_panel")
        self._source = source

    def _read(self) -> list[RefusedChange]:
        return self._source.list()

    def _key(self, item: RefusedChange) -> str:
        return item.mutation_id

    def _summary(self, count: int) -> str:
        if not count:
            return _("Nothing was refused: the server took every change you made.")
        return ngettext(
            "The server refused {count} change. Fix it and send it again, or discard it.",
            "The server refused {count} changes. Fix each and send it again, or discard it.",
            count,
        ).format(count=format_number(count))

    def _make_card(self, item: RefusedChange) -> RefusedChangeCard:
        mutation_id = item.mutation_id
        source = self._source
        return RefusedChangeCard(
            item,
            on_resend=lambda fields: self.run_action(mutation_id, lambda: source.resend(mutation_id, fields)),
            on_discard=lambda: self.run_action(mutation_id, lambda: source.discard(mutation_id)),
        )
