"""No record text in window titles: they show in task switchers, screen shares and window lists, where
anyone near the laptop reads them. The walk opens every section of the workspace, a contact's page and
its edit form, and the search results, and reads the titles of every window the app has open."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from liaison_desktop.ui.shell.navigation import PageRef

from .conftest import ExistingProfile
from .helpers import unlock_through_screen

RECORD_WORDS = ("Person", "Family", "Elm Park")  # what the sample contacts hold


def _titles() -> list[str]:
    return [widget.windowTitle() for widget in QApplication.topLevelWidgets() if widget.isVisible()]


def test_window_titles_never_show_record_text(qtbot, make_window, existing_profile: ExistingProfile) -> None:  # noqa: ANN001
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    view = window.workspace_view
    seen: list[str] = []
    for section in view.sections:
        view.show_section(section.key)
        qtbot.wait(50)
        seen += _titles()
    contact_id = window.session.contacts.page(limit=1).rows[0].id
    for page in (PageRef("contact", {"id": contact_id}), PageRef("edit_contact", {"id": contact_id})):
        view.navigator.open_page(page)
        qtbot.wait(50)
        seen += _titles()
    qtbot.keyClicks(view.search_panel.field, "Person0001")
    qtbot.wait(300)
    seen += _titles()
    assert existing_profile.display_name in window.windowTitle()  # the profile's name, not a record's
    assert not [title for title in seen if any(word in title for word in RECORD_WORDS)], seen
