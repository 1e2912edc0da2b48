"""What an unlocked profile shows: who is signed in, the search box, the side bar of sections
(`ui/shell/sections.py`) and the section or page the navigator shows (`ui/shell/navigation.py`).

This widget exists only while the profile is unlocked and is never shown behind the lock screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.services.permissions import may_read_type
from liaison_desktop.ui import theme
from liaison_desktop.ui.contacts.contacts_view import ContactsView
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.screen_state import ScreenState, capture_of, restore_into
from liaison_desktop.ui.search.search_panel import SearchPanel
from liaison_desktop.ui.session_bridge import SessionBridge
from liaison_desktop.ui.shell.navigation import Navigator, PageRef
from liaison_desktop.ui.shell.pages import PAGES, build_page
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.shell.sections import sections_for
from liaison_desktop.ui.text_direction import align_with_layout


class WorkspaceView(QWidget):
    def __init__(self, bridge: SessionBridge, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        session = bridge.session
        self.setObjectName("workspace_view")
        self.title_label = QLabel(session.display_name)
        self.title_label.setObjectName("profile_title")
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)
        self.demo_banner = QLabel(
            _("Demo: every person and note here is fictional. Do not enter real records in this profile.")
        )
        self.demo_banner.setObjectName("demo_banner")
        self.demo_banner.setWordWrap(True)
        theme.set_tone(self.demo_banner, theme.Tone.WARNING)
        self.demo_banner.setVisible(session.is_demo)

        self.search_panel = SearchPanel(session.search, runner)
        if may_read_type(session.role, "feedback") and not may_read_type(session.role, "contact"):
            # An ambassador finds their own feedback and services, never a contact or a note.
            self.search_panel.field.setPlaceholderText(
                _("Search your feedback and the service directory (Ctrl+K)")
            )

        # The sections this role may use, one screen each, and the pages opened from them.
        self._screens = QStackedWidget()
        self._screens.setObjectName("workspace_screens")
        self.navigator = Navigator(self._screens, lambda ref: build_page(self.context, ref), self)
        self.context = ScreenContext(bridge, runner, self.navigator)
        self.sections = sections_for(session.role)
        for section in self.sections:
            self.navigator.add_section(section.key, lambda build=section.build: build(self.context))
        self.section_list = self._make_section_list()
        self.navigator.changed.connect(self._follow_navigator)

        # Results replace the section while a search is active, and the section comes back as it was.
        self._body = QStackedWidget()
        self._body.addWidget(self._screens)
        self._body.addWidget(self.search_panel.results_area())
        self.search_panel.active_changed.connect(
            lambda active: self._body.setCurrentIndex(1 if active else 0)
        )
        self.search_panel.hit_activated.connect(self.open_record)

        self._shortcut(QKeySequence(QKeySequence.StandardKey.Back), self.navigator.back)  # Alt+Left
        # New contact (Ctrl+N) and New note (Ctrl+Shift+N) are the main window's menu actions.

        body = QHBoxLayout()
        body.addWidget(self.section_list)
        body.addWidget(self._body, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.search_panel)
        layout.addLayout(body, 1)

    @property
    def contacts_view(self) -> ContactsView | None:
        screen = self.navigator.section_screen("contacts")
        return screen if isinstance(screen, ContactsView) else None

    def _shortcut(self, keys: QKeySequence, handler: Callable[[], object]) -> None:
        action = QAction(self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(handler)
        self.addAction(action)

    def open_new(self, kind: str, **args: object) -> None:
        if kind in PAGES:
            self.search_panel.field.clear()
            self.navigator.open_page(PageRef(kind, dict(args)))

    def open_record(self, record_type: str, record_id: str) -> None:
        """A record's own page (a search hit, a row of a list), if that kind of record has one yet."""
        if record_type in PAGES and self.navigator.open_page(PageRef(record_type, {"id": record_id})):
            self.search_panel.field.clear()

    def _make_section_list(self) -> QListWidget:
        """The side bar: one entry per section, with Ctrl+1…9; hidden while there is only one section."""
        # Parented from the start: shown without a parent, it would flash up as a window of its own and
        # take the activation (and with it every window shortcut) from the main window.
        listing = QListWidget(self)
        listing.setObjectName("section_list")
        listing.setAccessibleName(_("Sections"))
        listing.setTabKeyNavigation(False)
        for number, section in enumerate(self.sections, start=1):
            item = QListWidgetItem(theme.icon(section.icon), section.label())
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            listing.addItem(item)
            if number <= 9:
                shortcut = QAction(self)
                shortcut.setShortcut(QKeySequence(f"Ctrl+{number}"))
                shortcut.triggered.connect(lambda _checked=False, key=section.key: self.show_section(key))
                self.addAction(shortcut)
        listing.setCurrentRow(0)
        width = listing.sizeHintForColumn(0) + 4 * theme.spacing().m
        listing.setFixedWidth(max(width, 10 * listing.fontMetrics().averageCharWidth()))
        listing.currentItemChanged.connect(self._section_chosen)
        listing.setVisible(len(self.sections) > 1)
        return listing

    def _section_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None and not self.show_section(item.data(Qt.ItemDataRole.UserRole)):
            self._follow_navigator()  # a page refused to close: the list goes back to where we are

    def show_section(self, key: str) -> bool:
        self.search_panel.field.clear()  # the section replaces any results shown
        return self.navigator.show_section(key)

    def _follow_navigator(self) -> None:
        key = self.navigator.section
        for row in range(self.section_list.count()):
            item = self.section_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key and self.section_list.currentRow() != row:
                self.section_list.blockSignals(True)
                self.section_list.setCurrentRow(row)
                self.section_list.blockSignals(False)

    def focus_search(self) -> None:
        self.search_panel.focus_search()

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        state: ScreenState = {
            "search": self.search_panel.capture_state(),
            "sections": {
                section.key: capture_of(self.navigator.built_section_screen(section.key))
                for section in self.sections
                if self.navigator.built_section_screen(section.key) is not None
            },
            "navigation": self.navigator.capture_state(),
        }
        if self.search_panel.field.hasFocus():
            state["focus"] = "search"
        return state

    def restore_state(self, state: ScreenState) -> None:
        sections = state.get("sections")
        if isinstance(sections, dict):
            for key, section_state in sections.items():
                restore_into(self.navigator.section_screen(key), section_state)
        navigation = state.get("navigation")
        if isinstance(navigation, dict):
            self.navigator.restore_state(navigation)
        search = state.get("search")
        if isinstance(search, dict):
            self.search_panel.restore_state(search)
        if state.get("focus") == "search":
            self.search_panel.field.setFocus()
