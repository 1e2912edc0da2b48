"""A contact's page: opened from the contacts list or a search hit, it shows their details, their
consents and one timeline of their records, newest first; a referral on it opens the referral's page and
"Refer…" starts a new one. It follows changes to the contact and closes when the contact is deleted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from liaison_desktop.ui.contacts.contact_page import ContactPage
from liaison_desktop.ui.referrals.new_referral_page import NewReferralPage
from liaison_desktop.ui.referrals.referral_page import ReferralPage
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.navigation import PageRef

from .helpers import unlock_through_screen
from .officer_records import (
    CLINIC_NAME,
    NOTE,
    PASSPHRASE,
    SERVICE_NAME,
    OfficerRecords,
    consent,
    make_officer_records,
    open_profile,
    top_page,
)


@pytest.fixture
def records(profiles) -> OfficerRecords:  # noqa: ANN001
    return make_officer_records(profiles)


@pytest.fixture
def window(qtbot, make_window, records: OfficerRecords) -> MainWindow:  # noqa: ANN001
    return open_profile(qtbot, make_window, records)


def _open_from_the_list(qtbot, window: MainWindow, contact_id: str) -> ContactPage:  # noqa: ANN001
    contacts = window.workspace_view.contacts_view
    table, model = contacts.table, contacts.model
    row = next(
        r for r in range(model.rowCount()) if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == contact_id
    )
    window.activateWindow()
    table.setFocus()
    table.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    return top_page(qtbot, window, ContactPage)


def _timeline(page: ContactPage) -> list[str]:
    return [page.timeline_list.item(row).text() for row in range(page.timeline_list.count())]


def _plain(text: str) -> str:
    """Without the Unicode isolates that keep names and dates in their own direction."""
    return "".join(ch for ch in text if ch not in "\u2066\u2067\u2068\u2069")


def test_enter_on_a_contact_in_the_list_opens_their_page_with_their_details(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _open_from_the_list(qtbot, window, records.hoda)

    assert window.workspace_view.navigator.current_ref == PageRef("contact", {"id": records.hoda})
    assert page.title_label.text() == "Hoda Mansour"
    shown = {field: _plain(label.text()) for field, label in page.detail_values.items()}
    assert shown == {
        "phone": "+1 202-555-0143",
        "email": "hoda.mansour@example.org",
        "languages": "Arabic and English",
        "neighborhood": "Elm Park",
        "address": "",
        "organization": "Elm Park Women's Circle",
        "community_role": "Community organizer",
        "interpreter_needed": "Yes",
    }
    assert not page.detail_values["address"].isVisibleTo(page), "an empty detail has no row"


def test_the_timeline_lists_encounters_referrals_and_meetings_newest_first(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _open_from_the_list(qtbot, window, records.hoda)

    lines = [_plain(line) for line in _timeline(page)]
    assert len(lines) == 4
    assert f"Referral to {SERVICE_NAME}: Sent" in lines[0]
    assert f"Referral to {CLINIC_NAME}: Sent (follow-up overdue)" in lines[1]
    assert "Meeting, Listening session: Elm Park listening session" in lines[2]
    assert "Encounter, Home visit: Draft" in lines[3]


def test_the_timeline_never_shows_an_encounter_note(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _open_from_the_list(qtbot, window, records.hoda)

    assert all(NOTE not in line for line in _timeline(page))
    assert all("landlord" not in label.text() for label in page.findChildren(QLabel))


def test_the_consents_say_how_and_when_they_were_given_and_whether_they_are_in_force(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    hoda = _open_from_the_list(qtbot, window, records.hoda)
    share = _plain(hoda.consent_values["consent_share"].text()).splitlines()
    assert share[0] == "In force"
    assert share[1].startswith("Given on ") and share[1].endswith(", in writing")
    assert share[2].startswith("Until ")
    assert share[3] == "For: referrals"
    assert _plain(hoda.consent_values["consent_contact"].text()).splitlines()[2] == "No end date"

    window.workspace_view.navigator.back()
    rosa = _open_from_the_list(qtbot, window, records.rosa)
    refused = _plain(rosa.consent_values["consent_share"].text()).splitlines()
    assert refused[0] == "Not in force: refused" and refused[1].startswith("Refused on ")
    assert rosa.consent_values["consent_contact"].text() == "Not recorded"


def test_enter_on_a_referral_in_the_timeline_opens_the_referral_page(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _open_from_the_list(qtbot, window, records.hoda)
    page.timeline_list.setFocus()
    page.timeline_list.setCurrentRow(0)

    qtbot.keyClick(page.timeline_list, Qt.Key.Key_Return)

    referral = top_page(qtbot, window, ReferralPage)
    assert referral.referral_id == records.sent_referral
    assert referral.title_label.text() == f"Referral to {SERVICE_NAME}"
    assert "Status: Sent" in referral.summary_label.text()


def test_alt_r_on_the_contact_page_opens_the_new_referral_page_for_them(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _open_from_the_list(qtbot, window, records.hoda)
    assert page.refer_button.accessibleName() == "Refer"
    qtbot.waitUntil(page.refer_button.isEnabled)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.timeline_list.setFocus()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)

    new_referral = top_page(qtbot, window, NewReferralPage)
    assert new_referral.contact_id == records.hoda
    assert window.workspace_view.navigator.current_ref == PageRef(
        "new_referral", {"contact_id": records.hoda}
    )
    assert _plain(new_referral.title_label.text()) == "Refer Hoda Mansour to a service"


def test_a_search_hit_opens_the_contacts_page(qtbot, window: MainWindow, records: OfficerRecords) -> None:  # noqa: ANN001
    panel = window.workspace_view.search_panel
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClicks(panel.field, "Mansour")
    panel.results.setFocus()
    panel.results.setCurrentRow(0)

    qtbot.keyClick(panel.results, Qt.Key.Key_Return)

    page = top_page(qtbot, window, ContactPage)
    assert page.contact_id == records.hoda
    assert panel.field.text() == "", "the page replaces the results"


def test_consent_recorded_elsewhere_shows_on_the_open_page(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _open_from_the_list(qtbot, window, records.tariq)
    assert page.consent_values["consent_share"].text() == "Not recorded"

    window.session.workspace.contacts.update(records.tariq, {"consent_share": consent(True, days_ago=0)})

    qtbot.waitUntil(lambda: page.consent_values["consent_share"].text().startswith("In force"))


def test_a_contact_deleted_while_their_page_is_open_closes_it(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    _open_from_the_list(qtbot, window, records.tariq)
    navigator = window.workspace_view.navigator

    window.session.workspace.contacts.delete(records.tariq)

    qtbot.waitUntil(lambda: not navigator.can_go_back)
    assert navigator.current_page is None


def test_the_contacts_page_comes_back_after_a_lock(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _open_from_the_list(qtbot, window, records.hoda)
    page.timeline_list.setCurrentRow(2)

    window.lock()
    unlock_through_screen(qtbot, window, records.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)

    again = top_page(qtbot, window, ContactPage)
    assert again is not page and again.contact_id == records.hoda
    qtbot.waitUntil(lambda: again.timeline_list.currentRow() == 2)


def test_a_contact_merged_into_another_opens_as_the_one_they_were_merged_into(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    window.session.workspace.merger.merge(records.hoda, records.tariq)

    window.workspace_view.open_record("contact", records.tariq)

    page = top_page(qtbot, window, ContactPage)
    assert page.title_label.text() == "Hoda Mansour"
    assert _plain(page.merged_label.text()) == "Tariq Nour was merged into this contact."
    assert page.merged_label.isVisibleTo(page)


def test_alt_e_on_the_contact_page_edits_them_and_the_page_shows_the_change(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    from liaison_desktop.ui.contacts.contact_form_page import ContactFormPage

    page = _open_from_the_list(qtbot, window, records.hoda)
    qtbot.waitUntil(page.edit_button.isEnabled)
    assert page.edit_button.accessibleName() == "Edit"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.timeline_list.setFocus()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)

    form = top_page(qtbot, window, ContactFormPage)
    field = form.fields.organization_field
    field.selectAll()
    qtbot.keyClicks(field, "Elm Park Library")
    qtbot.keyClick(field, Qt.Key.Key_Return)

    shown = top_page(qtbot, window, ContactPage)
    assert shown.shown_id == records.hoda
    qtbot.waitUntil(lambda: "Elm Park Library" in [label.text() for label in shown.findChildren(QLabel)])
    assert window.workspace_view.navigator.current_ref == PageRef("contact", {"id": records.hoda})
