"""Search everywhere (Ctrl+K): hits with snippets, computed off the UI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

from liaison_desktop.ui.search.hit_delegate import HIT_HTML_ROLE

from .conftest import ExistingProfile
from .helpers import unlock_through_screen


def test_ctrl_k_searches_and_lists_hits_with_snippets(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001, E501
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.workspace_view is not None and window.session is not None
    window.session.contacts.create(
        {"given_name": "Yusuf", "family_name": "Mahdi", "organization": "Riverside Mosque"},
        allow_duplicates=True,
    )
    panel = window.workspace_view.search_panel

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert panel.field.hasFocus()
    with qtbot.waitSignal(panel.results_shown, timeout=5000) as shown:
        qtbot.keyClicks(panel.field, "mosque")
    assert shown.args == [1]
    item = panel.results.item(0)
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "Contact: Yusuf Mahdi. Riverside Mosque"
    assert "<b>Mosque</b>" in item.data(HIT_HTML_ROLE)
    assert panel.summary_label.text() == "1 result"

    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)
    assert panel.field.text() == "" and not panel.active


def test_a_hit_is_painted_with_its_kind_title_and_snippet_in_the_interface_direction(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.workspace_view is not None and window.session is not None
    window.session.contacts.create(
        {"given_name": "Yusuf", "family_name": "Mahdi", "organization": "Riverside Mosque"},
        allow_duplicates=True,
    )
    panel = window.workspace_view.search_panel
    window.resize(900, 600)
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClicks(panel.field, "mosque")
    rect = panel.results.visualItemRect(panel.results.item(0))
    assert rect.height() >= 3 * panel.results.fontMetrics().lineSpacing(), "room for the title and snippet"
    image = panel.results.viewport().grab(rect).toImage()
    dark = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).lightness() < 100
    )
    assert dark > 50, "the hit's text is painted"
