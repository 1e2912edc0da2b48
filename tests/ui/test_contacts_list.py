"""The contacts list loads lazily, page by page, and follows "records changed"."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from liaison_desktop.services.contact_list import ContactSort
from liaison_desktop.ui.contacts.contacts_view import ContactsView
from liaison_desktop.ui.contacts.list_model import ContactListModel

from .conftest import ExistingProfile, add_contacts
from .helpers import unlock_through_screen


def test_the_contacts_model_has_every_row_and_reads_a_page_when_it_is_first_shown(
    qtbot, make_window, profiles, runner, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001, E501
    add_contacts(profiles, existing_profile.profile_id, existing_profile.passphrase, 438)  # 450 in all
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session is not None
    model = ContactListModel(window.session.contacts, runner, page_size=200)
    with qtbot.waitSignal(model.loaded):
        model.reload()
        assert model.rowCount() == 0, "the first page arrives from the background, not during reload()"

    assert model.total == 450 and model.rowCount() == 450, "the scroll bar spans the whole list"
    assert model.is_loaded(199) and not model.is_loaded(200)
    assert model.data(model.index(420, 0)) is None, "a row far down is blank until its page is read"
    with qtbot.waitSignal(model.page_arrived) as arrived:
        pass
    assert arrived.args == [400, 449]
    assert model.data(model.index(420, 0)), "then it shows its contact"
    assert not model.is_loaded(300), "pages in between are not read"
    model.data(model.index(300, 0))
    qtbot.waitUntil(lambda: model.is_loaded(300))
    ids = [model.data(model.index(row, 0), Qt.ItemDataRole.UserRole) for row in range(model.rowCount())]
    assert len(set(ids)) == 450, "pages, read by keyset or by offset, neither repeat nor skip a contact"


def test_jumping_to_a_row_far_down_the_list_shows_it_once_its_page_arrives(
    qtbot, make_window, profiles, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    add_contacts(profiles, existing_profile.profile_id, existing_profile.passphrase, 988)  # 1,000 in all
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.workspace_view is not None
    window.workspace_view.show_section("contacts")
    view = window.workspace_view.contacts_view
    assert view is not None
    qtbot.waitUntil(lambda: view.model.rowCount() == 1000)
    view.table.scrollTo(view.model.index(900, 0))
    view.table.setCurrentIndex(view.model.index(900, 0))
    qtbot.waitUntil(lambda: view.model.is_loaded(900))
    assert view.model.data(view.model.index(900, 0), Qt.ItemDataRole.UserRole)


def test_the_contact_list_refreshes_when_contacts_change(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001, E501
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.session is not None and window.workspace_view is not None
    contacts_view = window.workspace_view.contacts_view

    window.session.contacts.create({"given_name": "Zainab", "family_name": "Omar"}, allow_duplicates=True)

    qtbot.waitUntil(lambda: contacts_view.count_label.text() == "13 contacts")
    shown = [
        contacts_view.model.data(contacts_view.model.index(r, 0))
        for r in range(contacts_view.model.rowCount())
    ]
    assert "Zainab Omar" in shown
    qtbot.waitUntil(lambda: window.status.pending_count is not None and window.status.pending_count > 0)


def test_phone_numbers_stay_left_to_right_in_the_list(
    qtbot, make_window, runner, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001, E501
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session is not None
    window.session.contacts.create({"given_name": "Hoda", "phone": "+1 202-555-0143"}, allow_duplicates=True)
    model = ContactListModel(window.session.contacts, runner)
    with qtbot.waitSignal(model.loaded):
        model.reload()
    phones = [model.data(model.index(r, 3), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())]
    assert "\u2066+1 202-555-0143\u2069" in phones


# -- sorting, filters and the empty states, driven through the screen's own widgets --------------------


def _contacts_screen(qtbot, make_window, profile_id: str, passphrase: str, extra: list[dict] | None = None):  # noqa: ANN001, ANN202
    window = make_window()
    unlock_through_screen(qtbot, window, profile_id, passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    if extra:
        window.session.contacts.import_many(extra)
    window.workspace_view.show_section("contacts")
    view = window.workspace_view.contacts_view
    assert view is not None
    expected = 12 + len(extra or [])
    qtbot.waitUntil(lambda: view.model.total == expected and view.neighborhood_box.count() > 1)
    return window, view


RIVERSIDE = [
    {"given_name": "Ana", "family_name": "Ruiz", "neighborhood": "Riverside", "phone": "+12025550199",
     "interpreter_needed": True, "languages": ["es"]},
    {"given_name": "Bo", "family_name": "Li", "neighborhood": "Riverside", "phone": "+12025550100"},
]  # fmt: skip


def _names(view) -> list[str]:  # noqa: ANN001
    return [view.model.data(view.model.index(row, 0)) for row in range(view.model.rowCount())]


def _click_header(qtbot, view, column: int) -> None:  # noqa: ANN001
    header = view.table.header()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    with qtbot.waitSignal(view.model.loaded):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_clicking_a_column_header_sorts_by_it_and_clicking_again_reverses_it(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    _window, view = _contacts_screen(
        qtbot, make_window, existing_profile.profile_id, existing_profile.passphrase, RIVERSIDE
    )
    _click_header(qtbot, view, 3)  # Phone
    assert _names(view)[:2] == ["Bo Li", "Ana Ruiz"] or _names(view)[-2:] == ["Bo Li", "Ana Ruiz"]
    assert view.sort_box.currentText() == "Phone" and view.model.sort_order is ContactSort.PHONE
    _click_header(qtbot, view, 3)
    assert view.model.sort_order is ContactSort.PHONE_DESC and view.reverse_box.isChecked()
    shown = _names(view)
    assert shown.index("Ana Ruiz") < shown.index("Bo Li"), "the larger number first"


def test_the_sort_by_box_sorts_from_the_keyboard_and_the_header_follows(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    _window, view = _contacts_screen(
        qtbot, make_window, existing_profile.profile_id, existing_profile.passphrase
    )
    view.sort_box.setFocus()
    with qtbot.waitSignal(view.model.loaded):
        view.reverse_box.setChecked(True)  # Name, Z to A
    assert _names(view)[0] == "Person0011 Family0011"
    assert view.table.header().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_filtering_by_neighborhood_shows_and_counts_only_its_contacts(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    _window, view = _contacts_screen(
        qtbot, make_window, existing_profile.profile_id, existing_profile.passphrase, RIVERSIDE
    )
    with qtbot.waitSignal(view.model.loaded):
        view.neighborhood_box.setCurrentIndex(view.neighborhood_box.findText("Riverside"))
    assert sorted(_names(view)) == ["Ana Ruiz", "Bo Li"]
    assert view.count_label.text() == "2 of 14 contacts match the filters"
    assert view.list_filter.neighborhood == "Riverside", "Export… writes what the list shows"


def test_filtering_by_interpreter_needed_shows_only_those_who_need_one(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    _window, view = _contacts_screen(
        qtbot, make_window, existing_profile.profile_id, existing_profile.passphrase, RIVERSIDE
    )
    with qtbot.waitSignal(view.model.loaded):
        qtbot.mouseClick(view.interpreter_box, Qt.MouseButton.LeftButton)
    assert _names(view) == ["Ana Ruiz"]


def test_clear_filters_shows_every_contact_again(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    _window, view = _contacts_screen(
        qtbot, make_window, existing_profile.profile_id, existing_profile.passphrase, RIVERSIDE
    )
    with qtbot.waitSignal(view.model.loaded):
        view.neighborhood_box.setCurrentIndex(view.neighborhood_box.findText("Riverside"))
    with qtbot.waitSignal(view.model.loaded):
        qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert view.model.total == 14 and view.count_label.text() == "14 contacts"
    assert view.neighborhood_box.currentIndex() == 0 and not view.clear_button.isEnabled()


def test_filters_that_match_nothing_say_so_and_offer_to_clear_them(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    _window, view = _contacts_screen(
        qtbot, make_window, existing_profile.profile_id, existing_profile.passphrase, RIVERSIDE
    )
    with qtbot.waitSignal(view.model.loaded):
        view.neighborhood_box.setCurrentIndex(view.neighborhood_box.findText("Elm Park"))
    with qtbot.waitSignal(view.model.loaded):
        qtbot.mouseClick(view.interpreter_box, Qt.MouseButton.LeftButton)  # nobody in Elm Park needs one
    assert view.empty_panel.isVisible() and not view.table.isVisible()
    assert "No contacts match these filters" in view.empty_label.text()
    with qtbot.waitSignal(view.model.loaded):
        qtbot.mouseClick(view.empty_clear_button, Qt.MouseButton.LeftButton)
    assert view.table.isVisible() and view.model.total == 14


def test_a_profile_without_contacts_says_how_to_add_them(qtbot, make_window, profiles) -> None:  # noqa: ANN001
    unlocked, _recovery_key = profiles.create_profile("Nadia Empty", "correct horse battery staple 42")
    unlocked.close()
    window = make_window()
    unlock_through_screen(qtbot, window, unlocked.profile_id, "correct horse battery staple 42")
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    window.workspace_view.show_section("contacts")
    view = window.workspace_view.contacts_view
    qtbot.waitUntil(lambda: view.model.total == 0 and view.empty_panel.isVisible())
    assert "New contact" in view.empty_label.text() and "Import" in view.empty_label.text()
    assert not view.filter_bar.isVisible() and not view.empty_clear_button.isVisible()


def test_sort_and_filters_are_kept_across_a_lock(
    qtbot, make_window, runner, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window, view = _contacts_screen(
        qtbot, make_window, existing_profile.profile_id, existing_profile.passphrase, RIVERSIDE
    )
    with qtbot.waitSignal(view.model.loaded):
        view.neighborhood_box.setCurrentIndex(view.neighborhood_box.findText("Riverside"))
    with qtbot.waitSignal(view.model.loaded):
        view.sort_box.setCurrentIndex(3)
    state = view.capture_state()

    again = ContactsView(window.session.contacts, runner)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.model.loaded):
        again.restore_state(state)
    assert again.model.where.neighborhood == "Riverside" and again.model.sort_order is ContactSort.PHONE
    assert again.neighborhood_box.currentText() == "Riverside" and again.sort_box.currentIndex() == 3
    assert again.count_label.text() == "2 of 14 contacts match the filters"
