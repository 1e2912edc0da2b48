"""The contacts list loads lazily, page by page, and follows "records changed"."""

from __future__ import annotations

from PySide6.QtCore import Qt

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
