"""Search everywhere (Ctrl+K): hits with snippets, computed off the UI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

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
    assert "<b>Mosque</b>" in panel.results.itemWidget(item).text()
    assert panel.summary_label.text() == "1 result"

    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)
    assert panel.field.text() == "" and not panel.active
