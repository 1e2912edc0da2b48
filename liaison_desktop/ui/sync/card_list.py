"""The shape both sync panels share: a heading, a one-line summary, and one card per item, read through
the runner and rebuilt on `refresh()`; each card's action runs on the runner too, then the list is read
again.

Reads carry a sequence number and only the newest one is shown, so a slow read never overwrites a newer
one. A failed action keeps its card and says why on it; what was typed in the card stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.i18n.formatting import format_datetime, format_relative_time
from liaison_desktop.ui import theme
from liaison_desktop.ui.error_messages import field_problem_message, message_for
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.sync.labels import field_label
from liaison_desktop.ui.text_direction import align_with_layout


def moment(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


def when_text(ms: int | None) -> str:
    """ "5 minutes ago" (the exact time goes in a tooltip, `exact_time`)."""
    return format_relative_time(moment(ms)) if ms else _("at an unknown time")


def exact_time(ms: int | None) -> str:
    return format_datetime(moment(ms)) if ms else ""


def button(text: str, description: str, on_click: Callable[[], None], icon: str | None = None) -> QPushButton:
    """A push button whose accessible name is its visible text; `description` says which item it is
    about (a screen reader reads it after the name)."""
    made = QPushButton(theme.icon(icon), text) if icon else QPushButton(text)
    made.setAccessibleName(text)
    made.setAccessibleDescription(description)
    made.setAutoDefault(False)
    made.clicked.connect(on_click)
    return made


def button_row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for item in buttons:
        row.addWidget(item)
    row.addStretch(1)
    return row


def wrapped_label(text: str = "", role: theme.TextRole | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # record contents are never read as markup
    align_with_layout(label)  # a Latin name or phone number stays on the reading side in Arabic
    if role is not None:
        theme.set_text_role(label, role)
    return label


def problems_text(error: BaseException) -> str | None:
    """Field problems of a `ValidationFailed`, one line each, or None for any other error."""
    problems = getattr(error, "problems", None)
    if not problems:
        return None
    return "\n".join(f"{field_label(p.field)}: {field_problem_message(p.key, p.args)}" for p in problems)


class Card(QFrame):
    """One item of a panel: its own error line, and buttons that are disabled while its action runs."""

    def __init__(self, item: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(theme.spacing().s)
        self.error_label = wrapped_label(role=theme.TextRole.ERROR)
        self.error_label.hide()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        for child in self.findChildren(QPushButton):
            child.setEnabled(not busy)

    def state(self) -> Any:
        """What a person has typed or opened in the card, kept when the list is read again."""
        return None

    def restore(self, state: Any) -> None:
        """Put back what `state()` returned, on the card that now shows the same item."""

    def action_failed(self, error: BaseException) -> None:
        """Say on the card why its action failed: each field's problem on its own line, or the error."""
        self.set_busy(False)
        self.show_error(problems_text(error) or message_for(error))


class CardListPanel(QWidget):
    """Subclasses say how to read items (`_read`), key them, build a card and word the summary."""

    loaded = Signal(int)  # items shown after a read (tests wait on it; a tab can show it as a badge)

    def __init__(self, runner: Runner, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._sequence = 0
        self.cards: dict[str, Card] = {}
        self.heading_label = wrapped_label(heading, theme.TextRole.HEADING)
        self.summary_label = wrapped_label()
        self.error_label = wrapped_label(role=theme.TextRole.ERROR)
        self.error_label.hide()
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setSpacing(theme.spacing().m)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the cards' buttons, not the frame
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(scroll, 1)

    # -- what subclasses provide ---------------------------------------------------------------------

    def _read(self) -> list[Any]:
        raise NotImplementedError

    def _key(self, item: Any) -> str:
        raise NotImplementedError

    def _make_card(self, item: Any) -> Card:
        raise NotImplementedError

    def _summary(self, count: int) -> str:
        raise NotImplementedError

    # -- reading -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the items again (the lead connects "records changed" and finished syncs here)."""
        self._sequence += 1
        sequence = self._sequence
        self._runner.run(
            self._read,
            lambda items: self._show(sequence, items),
            lambda error: self._read_failed(sequence, error),
            owner=self,
        )

    def _show(self, sequence: int, items: list[Any]) -> None:
        if sequence != self._sequence:
            return
        had_focus = self._holds_focus()
        # A card whose item has not changed stays as it is (focus, an open editor, typed text): a sync
        # finishing while someone types must not disturb them. A changed item gets a new card that
        # takes over what was typed in the old one.
        old, self.cards = self.cards, {}
        for item in items:
            key = self._key(item)
            card = old.pop(key, None)
            if card is not None and card.item != item:
                state = card.state()
                self._drop(card)
                card = None
            else:
                state = None
            if card is None:
                card = self._make_card(item)
                if state is not None:
                    card.restore(state)
            self.cards[key] = card
        for card in old.values():
            self._drop(card)
        for index, card in enumerate(self.cards.values()):
            self._list_layout.removeWidget(card)
            self._list_layout.insertWidget(index, card)
            card.show()  # now, not at the next turn of the event loop (how a layout shows a new child)
        self.summary_label.setText(self._summary(len(items)))
        self.error_label.hide()
        if had_focus and not self._holds_focus():
            self._focus_first_card()
        self.loaded.emit(len(items))

    def _holds_focus(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and focused.isVisible() and self.isAncestorOf(focused)

    def _drop(self, card: Card) -> None:
        # Deleted now rather than with `deleteLater()`: a card deleted by a later turn of the event loop
        # crashed PySide 6.11 in `~QWidget` (seen in the panel tests, one run in three). This runs from the
        # runner's delivery, never from inside one of the card's own event handlers, so it is safe.
        self._list_layout.removeWidget(card)
        card.hide()
        shiboken6.delete(card)

    def _focus_first_card(self) -> None:
        for card in self.cards.values():
            buttons = [b for b in card.findChildren(QPushButton) if b.isVisibleTo(card)]
            if buttons:
                buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.summary_label.setFocus(Qt.FocusReason.OtherFocusReason)

    def _read_failed(self, sequence: int, error: BaseException) -> None:
        if sequence != self._sequence:
            return
        self.error_label.setText(message_for(error))
        self.error_label.show()

    # -- acting --------------------------------------------------------------------------------------

    def run_action(self, key: str, work: Callable[[], Any]) -> None:
        """Run a card's action off the UI thread; read the list again when it is done."""
        card = self.cards.get(key)
        if card is not None:
            card.show_error("")
            card.set_busy(True)
        self._runner.run(
            work, lambda _result: self.refresh(), lambda error: self._action_failed(key, error), owner=self
        )

    def _action_failed(self, key: str, error: BaseException) -> None:
        card = self.cards.get(key)
        if card is None:  # the list was read again meanwhile and the item is gone
            self.error_label.setText(message_for(error))
            self.error_label.show()
            return
        card.action_failed(error)
