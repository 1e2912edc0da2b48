"""Conflicts: two people changed the same thing at once; the person decides which version stays.

Each conflict is a card with the two versions side by side, mine and theirs, who wrote each and when, and
which one the record holds now. "Keep mine" and "Keep theirs" settle it at once; "Combine" opens an
editor prefilled with both texts. A delete that raced an edit offers "Keep the record" or "Delete the
record" (asked once more in the card). The choice is an ordinary edit, so it syncs to everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.ui import theme
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
from liaison_protocol.records import RECORD_TYPES, FieldKind

if TYPE_CHECKING:
    from liaison_desktop.app import ConflictView


class ConflictSource(Protocol):
    """What the panel needs (the workspace's `ConflictService`)."""

    def open_conflicts(self) -> list[ConflictView]: ...

    def resolve(self, conflict_id: str, choice: str, combined_text: str | None = None) -> None: ...


def conflict_title(conflict: ConflictView) -> str:
    kind = record_type_label(conflict.subject_type)
    title = f"{kind}: {conflict.subject_label}" if conflict.subject_label else kind
    if conflict.field:
        title += " · " + field_label(conflict.field)
    return title


def is_long_text(conflict: ConflictView) -> bool:
    spec = RECORD_TYPES.get(conflict.subject_type)
    field = spec.fields.get(conflict.field or "") if spec else None
    return field is not None and field.kind is FieldKind.LONG_TEXT


def combined_draft(conflict: ConflictView) -> str:
    """Both texts, mine first, as the starting point of a combined text."""
    parts = [v for v in (conflict.mine.value, conflict.theirs.value) if isinstance(v, str) and v.strip()]
    return ("\n\n" if is_long_text(conflict) else " ").join(parts)


class ConflictCard(Card):
    def __init__(
        self,
        conflict: ConflictView,
        on_resolve: Callable[[str, str | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(conflict, parent)
        self.conflict = conflict
        self._on_resolve = on_resolve
        title = conflict_title(conflict)
        self.setAccessibleName(title)
        self.title_label = wrapped_label(title, theme.TextRole.SUBHEADING)
        self.layout_.addWidget(self.title_label)
        deleting = conflict.kind == "delete_edit"
        if deleting:
            self.layout_.addWidget(
                wrapped_label(
                    _(
                        "Someone deleted this record while someone else changed it. The record was kept "
                        "with the changes; decide whether it stays."
                    )
                )
            )
        sides = QHBoxLayout()
        sides.setSpacing(theme.spacing().m)
        self.mine_box = self._side(_("Mine"), conflict.mine)
        self.theirs_box = self._side(_("Theirs"), conflict.theirs)
        sides.addWidget(self.mine_box, 1)
        sides.addWidget(self.theirs_box, 1)
        self.layout_.addLayout(sides)

        self.combine_editor: QWidget | None = None
        self.combined_field: QLineEdit | QPlainTextEdit | None = None
        self.confirm: QWidget | None = None
        if deleting:
            self.keep_record_button = button(
                _("Keep the record"), title, lambda: self._resolve("keep"), "check"
            )
            self.delete_record_button = button(_("Delete the record"), title, self._ask_delete, "delete")
            self.layout_.addLayout(button_row(self.keep_record_button, self.delete_record_button))
            self.confirm = self._build_confirm(title)
            self.layout_.addWidget(self.confirm)
        else:
            self.keep_mine_button = button(_("Keep mine"), title, lambda: self._resolve("mine"), "check")
            self.keep_theirs_button = button(
                _("Keep theirs"), title, lambda: self._resolve("theirs"), "check"
            )
            self.combine_button = button(_("Combine"), title, self._open_combine, "edit")
            if not conflict.combinable:
                self.combine_button.hide()  # hidden before it has a parent: never shown as a window
            self.layout_.addLayout(
                button_row(self.keep_mine_button, self.keep_theirs_button, self.combine_button)
            )
            if conflict.combinable:
                self.combine_editor = self._build_combine_editor(title)
                self.layout_.addWidget(self.combine_editor)
        self.layout_.addWidget(self.error_label)

    def _side(self, heading: str, side: Any) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(box)
        layout.addWidget(wrapped_label(heading, theme.TextRole.HEADING))
        if self.conflict.kind == "delete_edit" and side.value is None:
            value = _("Deleted the record.")
        elif self.conflict.kind == "delete_edit":
            value = _("Changed it:") + "\n" + value_text(side.value, limit=None).replace("; ", "\n")
        else:
            value = value_text(side.value, limit=None)
        value_label = wrapped_label(value)
        value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(value_label)
        when = when_text(side.written_at_ms)
        who = (
            _("By you, {when}").format(when=when)
            if side.by_me
            else _("By a colleague, {when}").format(when=when)
        )
        if side.in_use:
            who += " · " + _("in use now")
        caption = wrapped_label(who, theme.TextRole.CAPTION)
        caption.setToolTip(exact_time(side.written_at_ms))
        layout.addWidget(caption)
        layout.addStretch(1)
        box.value_label = value_label  # type: ignore[attr-defined] - for tests and screenshots
        return box

    def _build_combine_editor(self, title: str) -> QWidget:
        editor = QWidget()
        form = QFormLayout(editor)
        form.setContentsMargins(0, 0, 0, 0)
        label = QLabel(_("Combined text"))
        field: QLineEdit | QPlainTextEdit
        if is_long_text(self.conflict):
            field = QPlainTextEdit(combined_draft(self.conflict))
            field.setTabChangesFocus(True)
        else:
            field = QLineEdit(combined_draft(self.conflict))
        field.setAccessibleName(_("Combined text"))
        label.setBuddy(field)
        form.addRow(label, field)
        self.combined_field = field
        self.save_combined_button = button(_("Save combined text"), title, self._save_combined, "save")
        theme.set_button_kind(self.save_combined_button, theme.ButtonKind.PRIMARY)
        self.cancel_combine_button = button(_("Cancel"), title, self._close_combine)
        form.addRow(button_row(self.save_combined_button, self.cancel_combine_button))
        editor.hide()
        return editor

    def _build_confirm(self, title: str) -> QWidget:
        confirm = QWidget()
        layout = QFormLayout(confirm)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(wrapped_label(_("Delete this record? It disappears for the whole team.")))
        self.confirm_delete_button = button(
            _("Delete record"), title, lambda: self._resolve("delete"), "delete"
        )
        theme.set_button_kind(self.confirm_delete_button, theme.ButtonKind.DANGER)
        self.cancel_delete_button = button(_("Cancel"), title, self._close_confirm)
        layout.addRow(button_row(self.confirm_delete_button, self.cancel_delete_button))
        confirm.hide()
        return confirm

    # -- actions -------------------------------------------------------------------------------------

    def _resolve(self, choice: str, text: str | None = None) -> None:
        self._on_resolve(choice, text)

    def combined_text(self) -> str:
        field = self.combined_field
        if isinstance(field, QPlainTextEdit):
            return field.toPlainText()
        return field.text() if field is not None else ""

    def _save_combined(self) -> None:
        self._resolve("combined", self.combined_text())

    def _open_combine(self) -> None:
        if self.combine_editor is None or self.combined_field is None:
            return
        self.combine_editor.show()
        self.combined_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _close_combine(self) -> None:
        if self.combine_editor is not None:
            self.combine_editor.hide()
        self.show_error("")
        self.combine_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _ask_delete(self) -> None:
        if self.confirm is not None:
            self.confirm.show()
            self.cancel_delete_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _close_confirm(self) -> None:
        if self.confirm is not None:
            self.confirm.hide()
        self.delete_record_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- kept across a refresh, shown on failure -----------------------------------------------------

    def state(self) -> Any:
        if self.combine_editor is None or not self.combine_editor.isVisibleTo(self):
            return None
        return self.combined_text()

    def restore(self, state: Any) -> None:
        if self.combined_field is None or self.combine_editor is None:
            return
        if isinstance(self.combined_field, QPlainTextEdit):
            self.combined_field.setPlainText(state)
        else:
            self.combined_field.setText(state)
        self.combine_editor.show()


class ConflictsPanel(CardListPanel):
    """Lists the open conflicts; `refresh()` reads them again through the runner."""

    def __init__(self, source: ConflictSource, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(runner, _("Conflicts"), parent)
        self.setObjectName("conflicts_panel")
        self._source = source

    def _read(self) -> list[ConflictView]:
        return self._source.open_conflicts()

    def _key(self, item: ConflictView) -> str:
        return item.conflict_id

    def _summary(self, count: int) -> str:
        if not count:
            return _("No conflicts: nobody's changes crossed yours.")
        return ngettext(
            "{count} conflict to resolve: two versions of the same thing. Choose which one stays.",
            "{count} conflicts to resolve: two versions of the same thing. Choose which one stays.",
            count,
        ).format(count=format_number(count))

    def _make_card(self, item: ConflictView) -> ConflictCard:
        conflict_id = item.conflict_id
        source = self._source
        return ConflictCard(
            item,
            on_resolve=lambda choice, text: self.run_action(
                conflict_id, lambda: source.resolve(conflict_id, choice, text)
            ),
        )
