"""The referral screens: the Referrals section (overdue follow-ups first), referring a contact (refused
without consent to share, sent once it is recorded), a referral's page with its status steps, and the
slip a resident takes to the service, which names the service and never the resident."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from liaison_desktop.services.contact_timeline import TimelineEntry, contact_timeline
from liaison_desktop.ui.referrals.new_referral_page import NewReferralPage
from liaison_desktop.ui.referrals.referral_page import ReferralPage
from liaison_desktop.ui.referrals.referrals_view import ReferralsView
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.navigation import PageRef

from .officer_records import (
    CLINIC_NAME,
    PROFILE_NAME,
    SERVICE_ADDRESS,
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


def _refer(qtbot, window: MainWindow, contact_id: str, service_id: str) -> NewReferralPage:  # noqa: ANN001
    """The new-referral page for the contact, the service chosen and the consent read."""
    window.workspace_view.navigator.open_page(PageRef("new_referral", {"contact_id": contact_id}))
    page = top_page(qtbot, window, NewReferralPage)
    qtbot.waitUntil(lambda: page.select_service(service_id) and page.consent is not None)
    return page


def _referral_page(qtbot, window: MainWindow, referral_id: str) -> ReferralPage:  # noqa: ANN001
    window.workspace_view.navigator.open_page(PageRef("referral", {"id": referral_id}))
    return top_page(qtbot, window, ReferralPage)


def _timeline(page: ReferralPage) -> list[str]:
    return [page.timeline_list.item(row).text() for row in range(page.timeline_list.count())]


def _referrals_of(window: MainWindow, contact_id: str) -> list[TimelineEntry]:
    return [
        entry for entry in contact_timeline(window.session.workspace, contact_id) if entry.kind == "referral"
    ]


def test_a_refused_consent_is_explained_before_sending_and_the_referral_is_not_sent(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _refer(qtbot, window, records.rosa, records.service)
    assert "did not agree to have their details shared" in page.consent_label.text()

    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(page.error_label.isVisible)
    assert "did not agree to have their details shared" in page.error_label.text()
    assert window.workspace_view.navigator.current_page is page, "the page stays, with its draft"
    (draft,) = _referrals_of(window, records.rosa)
    assert draft.status == "draft"
    assert window.session.workspace.referrals.timeline(draft.record_id) == []


def test_once_consent_is_recorded_send_works_and_the_referral_page_shows_it_sent(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _refer(qtbot, window, records.tariq, records.service)
    assert page.consent_label.text().startswith("No consent to share this contact's details is recorded.")
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.error_label.isVisible)
    assert page.error_label.text().startswith("No consent to share")

    window.session.workspace.contacts.update(records.tariq, {"consent_share": consent(True, days_ago=0)})
    qtbot.waitUntil(lambda: page.consent_label.text().startswith("Consent to share is in force"))
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)

    referral = top_page(qtbot, window, ReferralPage)
    assert "Status: Sent" in referral.summary_label.text()
    (sent,) = _referrals_of(window, records.tariq)
    assert sent.record_id == referral.referral_id, "the refused draft was sent, not a second referral"
    navigator = window.workspace_view.navigator
    assert navigator.back() and not navigator.can_go_back, "the new-referral page made way for it"


def test_a_status_step_appears_in_the_referrals_timeline(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _referral_page(qtbot, window, records.sent_referral)
    assert [page.next_status_box.itemText(i) for i in range(page.next_status_box.count())] == [
        "Accepted",
        "Declined",
        "Withdrawn",
    ]
    page.next_status_box.setFocus()
    page.next_status_box.setCurrentIndex(page.next_status_box.findData("accepted"))
    qtbot.keyClicks(page.note_field, "Intake booked for Monday")

    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: any("Sent → Accepted — Intake booked for Monday" in t for t in _timeline(page)))
    assert "Status: Accepted" in page.summary_label.text()
    assert page.note_field.text() == ""


def test_the_slip_names_the_service_and_its_address_and_never_the_resident(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    page = _referral_page(qtbot, window, records.sent_referral)

    qtbot.mouseClick(page.slip_button, Qt.MouseButton.LeftButton)

    dialog = page.slip_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.language_box.currentData() == "ar", "the resident's first language"
    texts = dialog.content().texts()
    assert SERVICE_NAME in texts and SERVICE_ADDRESS in texts and PROFILE_NAME in texts
    preview = dialog.preview.toPlainText()
    assert SERVICE_NAME in preview and SERVICE_ADDRESS in preview
    for shown in (*texts, preview):
        assert "Hoda" not in shown and "Mansour" not in shown and "landlord" not in shown
    dialog.close()


def test_the_slip_is_saved_as_a_pdf(
    qtbot, window: MainWindow, records: OfficerRecords, tmp_path: Path
) -> None:  # noqa: ANN001
    page = _referral_page(qtbot, window, records.sent_referral)
    dialog = page.open_slip()
    assert dialog is not None

    saved = dialog.save_pdf(tmp_path / "slip.pdf")

    data = saved.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(data) > 2_000, "a page with embedded fonts, not an empty file"
    dialog.close()


def test_the_referrals_section_lists_the_overdue_follow_up_first(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    number = [section.key for section in window.workspace_view.sections].index("referrals") + 1
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0.value + number), Qt.KeyboardModifier.ControlModifier)

    view = window.workspace_view.navigator.section_screen("referrals")
    assert isinstance(view, ReferralsView) and window.workspace_view.navigator.section == "referrals"
    qtbot.waitUntil(lambda: view.loaded_once)
    rows = [[view.model.item(r, c).text() for c in range(4)] for r in range(view.model.rowCount())]
    assert [row[:3] for row in rows] == [
        ["Hoda Mansour", CLINIC_NAME, "Sent"],
        ["Hoda Mansour", SERVICE_NAME, "Sent"],
    ]
    assert rows[0][3].endswith("(overdue)") and not rows[1][3].endswith("(overdue)")
    assert view.summary_label.text() == "1 follow-up is overdue: it is listed first."


def test_enter_on_a_referral_in_the_section_opens_its_page(
    qtbot, window: MainWindow, records: OfficerRecords
) -> None:  # noqa: ANN001
    window.workspace_view.show_section("referrals")
    view = window.workspace_view.navigator.section_screen("referrals")
    qtbot.waitUntil(lambda: view.loaded_once)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))

    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    page = top_page(qtbot, window, ReferralPage)
    assert page.referral_id == records.overdue_referral
    assert page.title_label.text() == f"Referral to {CLINIC_NAME}"
