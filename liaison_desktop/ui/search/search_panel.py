"""Search everywhere (Ctrl+K): results as you type, with snippets, computed off the UI thread.

Typing restarts a short timer; when it fires, the search runs through the runner. Each search carries a
sequence number and only the newest one's results are shown, so a slow query can never overwrite the
answer to what the person has typed since.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import SearchHit
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.ui.accessibility import enable_named_clear_button
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.search.hit_delegate import HIT_HTML_ROLE, HitDelegate

DEBOUNCE_MS = 150


def record_type_label(record_type: str) -> str:
    labels = {
        "contact": _("Contact"),
        "encounter": _("Encounter"),
        "amendment": _("Amendment"),
        "meeting": _("Meeting"),
        "commitment": _("Commitment"),
        "feedback": _("Feedback"),
        "service": _("Service"),
        "referral": _("Referral"),
    }
    return labels.get(record_type, record_type)


class SearchField(QLineEdit):
    """The search box; Escape empties it (and so closes the results)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """The search box and its results. `active_changed(bool)`: whether results are showing."""

    active_changed = Signal(bool)
    results_shown = Signal(int)
    hit_activated = Signal(str, str)  # record type, record id: Enter or a double click on a result

    def __init__(
        self, search: Callable[[str], list[SearchHit]], runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("search_panel")
        self._search = search
        self._runner = runner
        self._sequence = 0
        self.field = SearchField()
        self.field.setPlaceholderText(_("Search contacts and notes (Ctrl+K)"))
        self.field.setAccessibleName(_("Search"))
        enable_named_clear_button(self.field, _("Clear search"))
        # A visible label as the field's buddy: the name a speech-control user can say, read with it.
        self.field_label = QLabel(_("Search"))
        self.field_label.setBuddy(self.field)
        self.field.textChanged.connect(self._text_changed)
        self.summary_label = QLabel()
        self.results = QListWidget()
        self.results.setObjectName("search_results")
        self.results.setAccessibleName(_("Search results"))
        self.results.setAlternatingRowColors(True)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.itemActivated.connect(self._activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run_search)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field_label)
        layout.addWidget(self.field, 1)
        # The results live in a widget of their own, which the screen places where the list was.
        self._results_area = QWidget()
        results_layout = QVBoxLayout(self._results_area)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.summary_label)
        results_layout.addWidget(self.results, 1)
        self.active = False

    def results_area(self) -> QWidget:
        return self._results_area

    def capture_state(self) -> ScreenState:
        """The typed search (results are searched again after a rebuild, never kept)."""
        return {"text": self.field.text(), "cursor": self.field.cursorPosition()}

    def restore_state(self, state: ScreenState) -> None:
        text = state.get("text")
        if isinstance(text, str) and text:
            self.field.setText(text)  # runs the search again, as typing would
            cursor = state.get("cursor")
            if isinstance(cursor, int):
                self.field.setCursorPosition(cursor)

    def focus_search(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def _activated(self, item: QListWidgetItem) -> None:
        record_type, record_id = item.data(Qt.ItemDataRole.UserRole)
        self.hit_activated.emit(record_type, record_id)

    def _show_results_area(self, shown: bool) -> None:
        if shown != self.active:
            self.active = shown
            self.active_changed.emit(shown)

    def _text_changed(self, text: str) -> None:
        self._sequence += 1  # whatever is in flight is now stale
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self.results.clear()
            self._show_results_area(False)

    def _run_search(self) -> None:
        text = self.field.text()
        sequence = self._sequence
        search = self._search
        self._runner.run(
            lambda: search(text),
            lambda hits: self._show(sequence, hits),
            lambda error: self._failed(sequence, error),
            owner=self,
        )

    def _show(self, sequence: int, hits: list[SearchHit]) -> None:
        if sequence != self._sequence:
            return
        self.results.clear()
        for hit in hits:
            self._add_hit(hit)
        self.summary_label.setText(
            ngettext("{count} result", "{count} results", len(hits)).format(count=format_number(len(hits)))
            if hits
            else _("Nothing found.")
        )
        self._show_results_area(True)
        self.results_shown.emit(len(hits))

    def _add_hit(self, hit: SearchHit) -> None:
        kind = record_type_label(hit.record_type)
        plain_snippet = html.unescape(hit.snippet_html.replace("<b>", "").replace("</b>", ""))
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, (hit.record_type, hit.record_id))
        # The plain text is what a screen reader reads; the delegate paints the highlighted snippet.
        # The row says what and when and who: a note has no title, the people who were there name it.
        name = hit.title or ", ".join(hit.people)
        day = _shown_day(hit.on)
        item.setData(
            Qt.ItemDataRole.AccessibleTextRole,
            ". ".join(part for part in (f"{kind}: {name}" if name else kind, day, plain_snippet) if part),
        )
        heading = f"<span style='color: #555555'>{html.escape(kind)}"
        heading += f" · {html.escape(day)}</span>" if day else "</span>"
        if name:
            heading += f" · <b>{html.escape(name)}</b>"
        item.setData(HIT_HTML_ROLE, f"{heading}<br>{hit.snippet_html}")
        self.results.addItem(item)

    def _failed(self, sequence: int, error: BaseException) -> None:
        if sequence != self._sequence:
            return
        self.results.clear()
        self.summary_label.setText(_("Search is not available right now."))
        self._show_results_area(True)


def _shown_day(iso_day: str) -> str:
    """A hit's date as the interface writes dates ("" when the record has none or it is not a date)."""
    try:
        return format_date(dt.date.fromisoformat(iso_day)) if iso_day else ""
    except ValueError:
        return ""
