"""Leaving a form page: at once when nothing typed would be lost, otherwise after asking.

The contact, meeting and after-action forms ask the same question the same way (one box at a time, Back
and Cancel both go through `may_close`, Discard closes the page and lets it go without asking again);
only the words differ. A form mixes this in before QWidget and says what it asks in `discard_question`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox

from liaison_desktop.ui.confirmation_box import open_confirmation
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.shell.screen_context import ScreenContext


@dataclass(frozen=True)
class DiscardQuestion:
    name: str  # the box's object name, for tests and the accessibility walk
    title: str
    text: str
    action_name: str | None = None
    keep_name: str | None = None


class DiscardOnLeave:
    """Needs `_context`, `_closing` (True once saved or discarded) and `discard_box` set in `__init__`."""

    _context: ScreenContext
    _closing: bool
    discard_box: QMessageBox | None

    def has_unsaved_text(self) -> bool:
        raise NotImplementedError

    def discard_question(self) -> DiscardQuestion:
        raise NotImplementedError

    def cancel(self) -> None:
        navigator = self._context.navigator
        if navigator.current_page is self:
            navigator.back()

    def may_close(self) -> bool:
        """Leave at once when nothing would be lost; otherwise ask, and stay until the person chooses."""
        if not self.has_unsaved_text():
            return True
        if self.discard_box is not None:
            self.discard_box.raise_()
            return False
        question = self.discard_question()
        self.discard_box = open_confirmation(
            self,  # type: ignore[arg-type] - mixed into a QWidget
            name=question.name,
            title=question.title,
            text=question.text,
            action_text=_("Discard"),
            on_action=self._discard,
            on_closed=self._discard_box_closed,
            destructive=True,
            action_name=question.action_name,
            keep_name=question.keep_name,
        )
        return False

    def _discard_box_closed(self) -> None:
        self.discard_box = None

    def _discard(self) -> None:
        self._closing = True
        self.cancel()
