"""Where the open profile's window is: one section (Home, Contacts, Notes…) and the pages opened from
it (a contact, a note being written), with Back.

Pages are opened by reference (`PageRef`: a kind registered in `ui/shell/pages.py` and plain
arguments such as a record id), never by handing over a widget. That is what lets a lock or a language
switch tear every page down and build the same pages again: the navigator's `capture_state()` keeps the
references and each page's own state (its unsaved text), and `restore_state()` rebuilds them in order.

Back: Alt+Left (and the Back button a page shows) closes the top page; a section change closes every
page of the section left, after asking each whether it may close (a form with unsaved text saves its
draft or asks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from liaison_desktop.ui.screen_state import ScreenState, capture_of, restore_into


@dataclass(frozen=True)
class PageRef:
    """Which page: a registered kind and its arguments (plain values: they are kept across a lock)."""

    kind: str
    args: dict[str, Any] = field(default_factory=dict)

    def as_state(self) -> ScreenState:
        return {"kind": self.kind, "args": dict(self.args)}

    @classmethod
    def from_state(cls, state: Any) -> PageRef | None:
        if not isinstance(state, dict) or not isinstance(state.get("kind"), str):
            return None
        args = state.get("args")
        return cls(state["kind"], dict(args) if isinstance(args, dict) else {})


@runtime_checkable
class ClosablePage(Protocol):
    """A page that must be asked before it closes (a form with unsaved text)."""

    def may_close(self) -> bool:
        """Save what can be saved (a draft) and say whether the page may go; False keeps it open."""
        ...


PageBuilder = Callable[[PageRef], QWidget | None]


@dataclass
class _OpenPage:
    ref: PageRef
    widget: QWidget


class Navigator(QObject):
    """Shows one section's screen or the top page of its history in `stack`."""

    changed = Signal()  # the section or the top page changed (titles, Back button, tab order)
    section_built = Signal(str)  # a section's screen was built (its controls join the Tab order)

    def __init__(self, stack: QStackedWidget, build_page: PageBuilder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack
        self._build_page = build_page
        self._builders: dict[str, Callable[[], QWidget]] = {}
        self._sections: dict[str, QWidget] = {}  # the sections built so far
        self._section: str | None = None
        self._pages: list[_OpenPage] = []

    # -- sections --------------------------------------------------------------------------------------

    def add_section(self, key: str, build: Callable[[], QWidget]) -> None:
        """A section, built when it is first shown or asked for: opening a profile builds only the first
        (Home), so its lists are not read behind the contact list a person asked for (bench figure 9)."""
        self._builders[key] = build
        if self._section is None:
            self._section = key
            self._stack.setCurrentWidget(self._built(key))

    def _built(self, key: str) -> QWidget:
        screen = self._sections.get(key)
        if screen is None:
            screen = self._sections[key] = self._builders[key]()
            self._stack.addWidget(screen)
            self.section_built.emit(key)
        return screen

    @property
    def section(self) -> str | None:
        return self._section

    def section_screen(self, key: str) -> QWidget | None:
        """The section's screen (built now if it was not yet); None for a section the role does not have."""
        return self._built(key) if key in self._builders else None

    def built_section_screen(self, key: str) -> QWidget | None:
        """The section's screen if it has been built (what a lock must keep the state of)."""
        return self._sections.get(key)

    def show_section(self, key: str) -> bool:
        """Go to a section, closing the pages opened in the current one; False if a page refused."""
        if key not in self._builders:
            return False
        if key == self._section and not self._pages:
            return True
        if not self.close_all_pages():
            return False
        self._section = key
        self._stack.setCurrentWidget(self._built(key))
        self.changed.emit()
        return True

    # -- pages -----------------------------------------------------------------------------------------

    def open_page(self, ref: PageRef) -> QWidget | None:
        """Build and show the page `ref` names on top of the history; the same page already on top is
        shown again rather than opened twice."""
        if self._pages and self._pages[-1].ref == ref:
            return self._pages[-1].widget
        widget = self._build_page(ref)
        if widget is None:
            return None
        self._pages.append(_OpenPage(ref, widget))
        self._stack.addWidget(widget)
        self._stack.setCurrentWidget(widget)
        self.changed.emit()
        return widget

    @property
    def current_page(self) -> QWidget | None:
        return self._pages[-1].widget if self._pages else None

    @property
    def current_ref(self) -> PageRef | None:
        return self._pages[-1].ref if self._pages else None

    @property
    def can_go_back(self) -> bool:
        return bool(self._pages)

    def back(self) -> bool:
        """Close the top page (if it agrees) and show what was under it."""
        if not self._pages:
            return False
        top = self._pages[-1]
        if isinstance(top.widget, ClosablePage) and not top.widget.may_close():
            return False
        self._pages.pop()
        self._discard(top.widget)
        under = self._pages[-1].widget if self._pages else self._sections.get(self._section or "")
        if under is not None:
            self._stack.setCurrentWidget(under)
        self.changed.emit()
        return True

    def close_all_pages(self) -> bool:
        while self._pages:
            if not self.back():
                return False
        return True

    def close_pages_of(self, predicate: Callable[[PageRef], bool]) -> None:
        """Drop pages whose record is gone (deleted by a sync) without asking: there is nothing left to
        save in them that the record would take."""
        keep = [page for page in self._pages if not predicate(page.ref)]
        for page in self._pages:
            if page not in keep:
                self._discard(page.widget)
        self._pages = keep
        top = self._pages[-1].widget if self._pages else self._sections.get(self._section or "")
        if top is not None:
            self._stack.setCurrentWidget(top)
        self.changed.emit()

    def _discard(self, widget: QWidget) -> None:
        self._stack.removeWidget(widget)
        widget.deleteLater()

    # -- surviving a lock or a language switch ---------------------------------------------------------

    def capture_state(self) -> ScreenState:
        return {
            "section": self._section,
            "pages": [{"ref": page.ref.as_state(), "state": capture_of(page.widget)} for page in self._pages],
        }

    def restore_state(self, state: ScreenState) -> None:
        section = state.get("section")
        if isinstance(section, str) and section in self._builders:
            self.show_section(section)
        pages = state.get("pages")
        for entry in pages if isinstance(pages, list) else []:
            ref = PageRef.from_state(entry.get("ref") if isinstance(entry, dict) else None)
            if ref is None:
                continue
            widget = self.open_page(ref)  # None when the record is gone: skip it, keep the rest
            if widget is not None:
                restore_into(widget, entry.get("state"))
