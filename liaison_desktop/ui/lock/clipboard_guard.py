"""Locking takes record text off the clipboard.

Someone copies a phone number or a sentence of a note from a record view, then the laptop locks (idle,
desktop lock, the Lock button): the text must not stay on the clipboard for the next person to paste.
Widgets copy through Qt (Ctrl+C in a field, a table, a note), so the guard watches the clipboard itself
rather than each view: what this process puts there while a profile is open is remembered (as a
digest, not the text), and on lock the clipboard is cleared if it still holds exactly that. Text copied
in another application after ours is left alone, and so is what was copied before a profile was open
(a server address on the start screen holds no record).
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject
from PySide6.QtGui import QClipboard, QGuiApplication


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


_MODES = (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection)  # X11's selection is a copy too


class ClipboardGuard(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watching = False
        self._ours: set[bytes] = set()
        self._clipboard: QClipboard = QGuiApplication.clipboard()
        self._clipboard.dataChanged.connect(lambda: self._changed(QClipboard.Mode.Clipboard))
        self._clipboard.selectionChanged.connect(lambda: self._changed(QClipboard.Mode.Selection))

    def watch(self) -> None:
        """A profile is open: from now on, what this app copies may be record text."""
        self._watching = True

    def clear_if_ours(self) -> None:
        """Locking: clear the clipboard if it still holds text this app copied while a profile was open."""
        self._watching = False
        for mode in self._modes():
            text = self._clipboard.text(mode)
            if text and _digest(text) in self._ours:
                self._clipboard.clear(mode)
        self._ours.clear()

    def _modes(self) -> tuple[QClipboard.Mode, ...]:
        return _MODES if self._clipboard.supportsSelection() else _MODES[:1]

    def _changed(self, mode: QClipboard.Mode) -> None:
        if self._watching and self._copied_here(mode):
            text = self._clipboard.text(mode)
            if text:
                self._ours.add(_digest(text))

    def _copied_here(self, mode: QClipboard.Mode) -> bool:
        """Did this app put the new content there? Where the platform says who owns the clipboard
        (X11, Windows) it is asked; elsewhere (macOS, Wayland, offscreen) a copy made while one of
        our windows has the focus is ours, since another application's copy needs its own focus."""
        owned = (
            self._clipboard.ownsSelection()
            if mode is QClipboard.Mode.Selection
            else self._clipboard.ownsClipboard()
        )
        return owned or QGuiApplication.focusWindow() is not None
