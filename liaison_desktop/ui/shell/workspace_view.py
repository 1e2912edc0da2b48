"""What an unlocked profile shows: who is signed in, the search box and the contacts list.

This widget exists only while the profile is unlocked and is never shown behind the lock screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from liaison_desktop.services.permissions import may_read_type
from liaison_desktop.ui import theme
from liaison_desktop.ui.contacts.contacts_view import ContactsView
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.search.search_panel import SearchPanel
from liaison_desktop.ui.session_bridge import SessionBridge
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
        # Ambassadors and admins never read contacts (the services refuse): they get a note instead.
        self.contacts_view: ContactsView | None = None
        main_area: QWidget
        if may_read_type(session.role, "contact"):
            self.contacts_view = ContactsView(session.contacts, runner)
            bridge.records_changed.connect(self.contacts_view.on_records_changed)
            main_area = self.contacts_view
        else:
            main_area = QLabel(
                _("Your role does not include the contacts list. Use search to find your records.")
            )
            main_area.setWordWrap(True)

        # Results replace the list while a search is active, and the list comes back as it was.
        self._body = QStackedWidget()
        self._body.addWidget(main_area)
        self._body.addWidget(self.search_panel.results_area())
        self.search_panel.active_changed.connect(
            lambda active: self._body.setCurrentIndex(1 if active else 0)
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.search_panel)
        layout.addWidget(self._body, 1)

    def focus_search(self) -> None:
        self.search_panel.focus_search()

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        state: ScreenState = {"search": self.search_panel.capture_state()}
        if self.search_panel.field.hasFocus():
            state["focus"] = "search"
        if self.contacts_view is not None:
            table = self.contacts_view.table
            state["contacts_scroll"] = table.verticalScrollBar().value()
            state["contacts_row"] = table.currentIndex().row()
            if table.hasFocus():
                state["focus"] = "contacts"
        return state

    def restore_state(self, state: ScreenState) -> None:
        search = state.get("search")
        if isinstance(search, dict):
            self.search_panel.restore_state(search)
        if state.get("focus") == "search":
            self.search_panel.field.setFocus()
        contacts = self.contacts_view
        if contacts is None:
            return
        if state.get("focus") == "contacts":
            contacts.table.setFocus()
        row, scroll = state.get("contacts_row"), state.get("contacts_scroll")

        def put_back() -> None:
            # Once, after the first page arrived: rows beyond it are not fetched just to scroll there.
            contacts.model.loaded.disconnect(put_back)
            if isinstance(row, int) and 0 <= row < contacts.model.rowCount():
                contacts.table.setCurrentIndex(contacts.model.index(row, 0))
            if isinstance(scroll, int):
                contacts.table.verticalScrollBar().setValue(scroll)

        contacts.model.loaded.connect(put_back)
