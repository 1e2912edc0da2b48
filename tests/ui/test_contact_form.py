"""Adding and editing a contact: by keyboard, with messages under the fields, the duplicate warning and
its three ways on, edits that write only what changed and never silently over a change made elsewhere,
and typed text that survives a lock and is not dropped without asking."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from liaison_desktop.services.contact_list import ContactFilter
from liaison_desktop.store.models import outbox
from liaison_desktop.ui.contacts.contact_form_page import ContactFormPage
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.navigation import PageRef

from .conftest import ExistingProfile
from .helpers import unlock_through_screen


def opened(qtbot, window: MainWindow, profile: ExistingProfile) -> MainWindow:  # noqa: ANN001
    unlock_through_screen(qtbot, window, profile.profile_id, profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    if not window.workspace_view.navigator.can_go_back:  # a page kept across a lock stays on top
        window.workspace_view.show_section("contacts")  # Home opens first
    contacts = window.workspace_view.contacts_view
    qtbot.waitUntil(lambda: contacts.model.total is not None)
    return window


def current_form(window: MainWindow) -> ContactFormPage | None:
    page = window.workspace_view.navigator.current_page
    return page if isinstance(page, ContactFormPage) else None


def new_contact_form(qtbot, window: MainWindow) -> ContactFormPage:  # noqa: ANN001
    table = window.workspace_view.contacts_view.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: current_form(window) is not None)
    form = current_form(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.fields.given_field)
    return form


def edit_form(qtbot, window: MainWindow, contact_id: str) -> ContactFormPage:  # noqa: ANN001
    window.workspace_view.navigator.open_page(PageRef("edit_contact", {"id": contact_id}))
    form = current_form(window)
    assert form is not None
    return form


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_then_tab(qtbot, text: str) -> None:  # noqa: ANN001
    if text:
        qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def retype(qtbot, field, text: str) -> None:  # noqa: ANN001
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def shown_names(window: MainWindow) -> list[str]:
    model = window.workspace_view.contacts_view.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def amina(window: MainWindow, **fields: Any) -> str:
    return window.session.contacts.create(
        {"given_name": "Amina", "family_name": "Haddad", "phone": "+12025550143", **fields},
        allow_duplicates=True,
    )


def last_outbox_fields(window: MainWindow, contact_id: str) -> dict[str, Any]:
    with window.session.workspace.store.read() as connection:
        rows = connection.execute(
            select(outbox.c.fields).where(outbox.c.record_id == contact_id).order_by(outbox.c.seq)
        ).all()
    return rows[-1][0]


# -- creating ----------------------------------------------------------------------------------------------


def test_a_contact_typed_by_keyboard_is_saved_and_appears_in_the_contacts_list(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    form = new_contact_form(qtbot, window)

    type_then_tab(qtbot, "Nadia")  # given name
    type_then_tab(qtbot, "Rahimi")  # family name
    type_then_tab(qtbot, "")  # preferred name
    type_then_tab(qtbot, "(202) 555-0187")  # phone
    qtbot.keyClicks(focused(), "Nadia.Rahimi@example.org")
    assert focused() is form.fields.email_field
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: current_form(window) is None)
    view = window.workspace_view
    qtbot.waitUntil(lambda: view.contacts_view.count_label.text() == "13 contacts")
    assert "Nadia Rahimi" in shown_names(window)
    ref = view.navigator.current_ref
    assert ref is not None and ref.kind == "contact", "the new contact's page opens"
    saved = window.session.contacts.get(ref.args["id"])
    assert (saved["phone"], saved["email"]) == ("+12025550187", "nadia.rahimi@example.org")


def test_the_new_contact_button_of_the_contacts_list_opens_the_form(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    button = window.workspace_view.contacts_view.new_button
    assert button.isVisible() and button.text().replace("&", "") == "New contact"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert current_form(window) is not None


def test_languages_are_ticked_in_the_list_by_typing_a_name_and_pressing_space(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    form = new_contact_form(qtbot, window)
    picker = form.fields.languages_list
    picker.setFocus()
    qtbot.keyClicks(picker, "Somali")
    qtbot.keyClick(picker, Qt.Key.Key_Space)
    assert form.fields.values()["languages"] == ["so"]


def test_a_bad_phone_number_and_a_bad_email_show_messages_under_their_fields_and_save_nothing(
    qtbot, make_window, runner, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    form = new_contact_form(qtbot, window)
    qtbot.keyClicks(form.fields.given_field, "Nadia")
    qtbot.keyClicks(form.fields.phone_field, "12")
    qtbot.keyClicks(form.fields.email_field, "nadia@")

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    runner.wait_until_idle()

    phone_message, email_message = form.fields.messages["phone"], form.fields.messages["email"]
    assert phone_message.isVisible() and phone_message.text().startswith("This is not a phone number.")
    assert "(201) 555-0123" in phone_message.text(), "an example of a number of the officer's region"
    assert email_message.isVisible() and email_message.text().startswith("This is not an email address.")
    assert form.fields.phone_field.accessibleDescription() == phone_message.text()
    assert form.error_label.text().startswith("Nothing was saved.")
    assert focused() is form.fields.phone_field, "the first field to correct has the focus"
    assert current_form(window) is form
    assert window.session.contacts.count() == existing_profile.contact_count


def test_a_bad_phone_number_is_pointed_out_on_leaving_the_field_and_the_message_goes_when_it_is_fixed(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    form = new_contact_form(qtbot, window)
    form.fields.phone_field.setFocus()
    type_then_tab(qtbot, "555")
    assert form.fields.messages["phone"].isVisible()

    retype(qtbot, form.fields.phone_field, "+44 20 7946 0958")
    assert not form.fields.messages["phone"].isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert not form.fields.messages["phone"].isVisible()
    assert form.fields.phone_field.accessibleDescription() == ""


def test_a_contact_without_a_given_name_is_refused_under_that_field(
    qtbot, make_window, runner, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    form = new_contact_form(qtbot, window)
    qtbot.keyClicks(form.fields.family_field, "Rahimi")
    qtbot.keyClick(form.fields.family_field, Qt.Key.Key_Return)
    runner.wait_until_idle()
    assert form.fields.messages["given_name"].text() == "Enter at least a given name."
    assert window.session.contacts.count() == existing_profile.contact_count


# -- the duplicate warning ---------------------------------------------------------------------------------


def type_amina_and_save(qtbot, form: ContactFormPage, *, email: str = "") -> None:  # noqa: ANN001
    qtbot.keyClicks(form.fields.given_field, "Amina")
    qtbot.keyClicks(form.fields.family_field, "Haddad")
    qtbot.keyClicks(form.fields.phone_field, "202-555-0143")
    if email:
        qtbot.keyClicks(form.fields.email_field, email)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.showing_duplicates)


def test_a_likely_duplicate_is_shown_beside_what_was_typed_with_the_matching_fields_marked(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    existing = amina(window, neighborhood="Elm Park")
    form = new_contact_form(qtbot, window)
    type_amina_and_save(qtbot, form)

    comparison = form.comparison
    assert comparison.current_id() == existing
    assert comparison.highlighted_fields() == ["given_name", "family_name", "phone"]
    table = comparison.table
    rows = {table.topLevelItem(r).text(0): table.topLevelItem(r) for r in range(table.topLevelItemCount())}
    assert rows["Phone"].text(1) == rows["Phone"].text(2) == "\u2066+1 202-555-0143\u2069"
    assert rows["Phone"].text(3) == "Same"
    assert (rows["Neighborhood"].text(1), rows["Neighborhood"].text(2), rows["Neighborhood"].text(3)) == (
        "",
        "Elm Park",
        "",
    )
    assert comparison.reasons_label.text() == "It has the same phone number and a similar name."
    assert window.session.contacts.count() == existing_profile.contact_count + 1, "nothing created yet"


def test_create_anyway_makes_a_second_contact_and_opens_it(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    existing = amina(window)
    form = new_contact_form(qtbot, window)
    type_amina_and_save(qtbot, form)

    qtbot.mouseClick(form.comparison.create_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: current_form(window) is None)
    qtbot.waitUntil(lambda: shown_names(window).count("Amina Haddad") == 2)
    ref = window.workspace_view.navigator.current_ref
    assert ref is not None and ref.kind == "contact" and ref.args["id"] != existing


def test_merge_into_it_leaves_one_contact_in_the_list_and_keeps_what_was_typed_as_merged_into_it(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    existing = amina(window)
    form = new_contact_form(qtbot, window)
    type_amina_and_save(qtbot, form, email="amina.haddad@example.org")

    qtbot.mouseClick(form.comparison.merge_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: current_form(window) is None)
    contacts = window.session.contacts
    assert window.workspace_view.navigator.current_ref == PageRef("contact", {"id": existing})
    assert contacts.count() == existing_profile.contact_count + 1
    qtbot.waitUntil(lambda: shown_names(window).count("Amina Haddad") == 1)
    kept = contacts.get(existing)
    assert kept["email"] == "amina.haddad@example.org", "the existing contact took the detail it lacked"
    merged = [
        row for row in contacts.page(ContactFilter(include_merged=True)).rows if row.merged_into == existing
    ]
    assert len(merged) == 1, "what was typed is kept, marked as merged into the existing contact"


def test_back_to_the_form_keeps_what_was_typed_and_saves_nothing(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    amina(window)
    form = new_contact_form(qtbot, window)
    type_amina_and_save(qtbot, form)

    qtbot.mouseClick(form.comparison.back_button, Qt.MouseButton.LeftButton)

    assert not form.showing_duplicates
    assert form.fields.given_field.text() == "Amina"
    assert window.session.contacts.count() == existing_profile.contact_count + 1


# -- editing -----------------------------------------------------------------------------------------------


def test_editing_a_contact_writes_only_the_field_that_was_changed(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    contact_id = amina(window, neighborhood="Elm Park", languages=["ar", "en"])
    form = edit_form(qtbot, window, contact_id)
    assert form.fields.phone_field.text() == "+1 202-555-0143"

    retype(qtbot, form.fields.neighborhood_field, "Riverside")
    qtbot.keyClick(form.fields.neighborhood_field, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: current_form(window) is None)
    assert last_outbox_fields(window, contact_id) == {"neighborhood": "Riverside"}
    saved = window.session.contacts.get(contact_id)
    assert (saved["neighborhood"], saved["phone"], saved["languages"]) == (
        "Riverside",
        "+12025550143",
        ["ar", "en"],
    )


def test_a_field_changed_elsewhere_that_was_not_touched_in_the_form_shows_its_new_value(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    contact_id = amina(window)
    form = edit_form(qtbot, window, contact_id)
    retype(qtbot, form.fields.neighborhood_field, "Riverside")

    window.session.contacts.update(contact_id, {"organization": "Elm Park Mosque"})  # as a sync would

    qtbot.waitUntil(lambda: form.fields.organization_field.text() == "Elm Park Mosque")
    assert not form.newer_panel.isVisible()
    assert form.fields.neighborhood_field.text() == "Riverside"


def test_a_field_changed_elsewhere_while_it_is_edited_is_not_overwritten_until_the_person_chooses(
    qtbot, make_window, runner, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    contact_id = amina(window)
    form = edit_form(qtbot, window, contact_id)
    retype(qtbot, form.fields.phone_field, "202-555-0111")

    window.session.contacts.update(contact_id, {"phone": "+12025550122"})  # as a sync would

    qtbot.waitUntil(form.newer_panel.isVisible)
    assert "Phone" in form.newer_label.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    runner.wait_until_idle()
    assert form.error_label.isVisible() and current_form(window) is form
    assert window.session.contacts.get(contact_id)["phone"] == "+12025550122"

    qtbot.mouseClick(form.keep_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: current_form(window) is None)
    assert window.session.contacts.get(contact_id)["phone"] == "+12025550111"


def test_reloading_their_values_replaces_the_person_s_own_in_the_fields_changed_elsewhere(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    contact_id = amina(window)
    form = edit_form(qtbot, window, contact_id)
    retype(qtbot, form.fields.phone_field, "202-555-0111")
    window.session.contacts.update(contact_id, {"phone": "+12025550122"})
    qtbot.waitUntil(form.newer_panel.isVisible)

    qtbot.mouseClick(form.reload_button, Qt.MouseButton.LeftButton)

    assert form.fields.phone_field.text() == "+1 202-555-0122"
    assert not form.newer_panel.isVisible() and not form.has_unsaved_text()


# -- locking and leaving -----------------------------------------------------------------------------------


def test_text_typed_in_the_form_survives_a_lock_and_unlock(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    form = new_contact_form(qtbot, window)
    qtbot.keyClicks(form.fields.given_field, "Nadia")
    qtbot.keyClicks(form.fields.email_field, "nadia@exa")
    form.fields.interpreter_box.setChecked(True)

    window.lock()
    assert window.workspace_view is None
    opened(qtbot, window, existing_profile)

    restored = current_form(window)
    assert restored is not None and restored is not form
    assert restored.fields.given_field.text() == "Nadia"
    assert restored.fields.email_field.text() == "nadia@exa"
    assert restored.fields.interpreter_box.isChecked()


def test_an_edit_survives_a_lock_and_a_change_made_during_the_lock_is_not_overwritten(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    contact_id = amina(window)
    form = edit_form(qtbot, window, contact_id)
    retype(qtbot, form.fields.phone_field, "202-555-0111")

    window.lock()
    qtbot.waitUntil(lambda: window.runner.wait_until_idle(100))
    session = window.directory.open(existing_profile.profile_id, existing_profile.passphrase)
    try:
        session.contacts.update(contact_id, {"phone": "+12025550122"})  # a sync while locked
    finally:
        session.close()
    opened(qtbot, window, existing_profile)

    restored = current_form(window)
    assert restored is not None
    assert restored.fields.phone_field.text() == "202-555-0111"
    assert restored.newer_panel.isVisible()


def test_leaving_with_unsaved_text_asks_before_discarding_it(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    form = new_contact_form(qtbot, window)
    qtbot.keyClicks(form.fields.given_field, "Nadia")

    qtbot.keyClick(focused(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # Back
    qtbot.waitUntil(lambda: form.discard_box is not None and form.discard_box.isVisible())
    assert current_form(window) is form
    keep = form.discard_box.findChild(QWidget, "keep_editing")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.discard_box is None)
    assert current_form(window) is form and form.fields.given_field.text() == "Nadia"

    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.discard_box is not None and form.discard_box.isVisible())
    qtbot.mouseClick(form.discard_box.findChild(QWidget, "discard_contact"), Qt.MouseButton.LeftButton)

    assert current_form(window) is None
    assert window.workspace_view.navigator.current_page is None
    assert window.session.contacts.count() == existing_profile.contact_count


def test_leaving_a_form_nothing_was_typed_in_does_not_ask(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = opened(qtbot, make_window(), existing_profile)
    form = new_contact_form(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert current_form(window) is None and form.discard_box is None
