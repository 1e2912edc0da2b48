"""Importing contacts from a spreadsheet and exporting the list, through the real dialog and buttons: the
preview shows problems and likely duplicates, each duplicate waits for a decision, the summary counts
what was done and the list shows the new contacts; a cancelled import leaves nothing; Arabic and Spanish
headers are recognised; an exported file imports again on another profile."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from liaison_desktop.services import contact_csv_import
from liaison_desktop.ui.contacts.csv_import_dialog import FILE, MAPPING, PREVIEW, SUMMARY, CsvImportDialog
from liaison_desktop.ui.contacts.csv_preview_model import DECISION, DUPLICATE, PROBLEMS
from liaison_desktop.ui.shell.main_window import MainWindow
from tests.services.conftest import outbox_rows

from .conftest import PASSPHRASE, ExistingProfile
from .helpers import give_reason, unlock_through_screen
from .officer_records import OfficerRecords, make_officer_records, open_profile

PARTNER_FILE = (
    "Given name,Family name,Phone,Email,Languages\r\n"
    'Nadia,Rahimi,(202) 555-0187,nadia.rahimi@example.org,"Dari, English"\r\n'
    "Hoda,Mansour,202-555-0143,,Arabic\r\n"  # Hoda is in the officer's contacts with this phone
    "Samir,Haddad,555-01,,\r\n"  # not a phone number
    "Lena,Park,,lena.park@example.org,Korean\r\n"
)
DUPLICATE_ROW, BAD_ROW = 1, 2


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def contacts_shown(window: MainWindow) -> list[str]:
    model = window.workspace_view.contacts_view.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def opened_import(qtbot, window: MainWindow) -> CsvImportDialog:  # noqa: ANN001
    view = window.workspace_view
    view.show_section("contacts")
    qtbot.mouseClick(view.contacts_view.import_button, Qt.MouseButton.LeftButton)
    dialog = view.contacts_view.import_dialog
    assert isinstance(dialog, CsvImportDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def loaded(qtbot, dialog: CsvImportDialog, path: Path) -> CsvImportDialog:  # noqa: ANN001
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == MAPPING)
    return dialog


def previewed(qtbot, dialog: CsvImportDialog, path: Path) -> CsvImportDialog:  # noqa: ANN001
    loaded(qtbot, dialog, path)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW)
    return dialog


def cell(dialog: CsvImportDialog, row: int, column: int) -> str:
    return dialog.model.data(dialog.model.index(row, column))


def test_the_import_button_opens_the_dialog_at_choosing_a_file(qtbot, make_window, profiles) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, make_officer_records(profiles))
    view = window.workspace_view.contacts_view
    assert view.import_button.isVisibleTo(view) and view.export_button.isVisibleTo(view)

    dialog = opened_import(qtbot, window)

    assert dialog.pages.currentIndex() == FILE
    assert dialog.choose_button.isEnabled()


def test_the_preview_shows_the_row_with_a_problem_and_the_likely_duplicate(
    qtbot, make_window, profiles, tmp_path: Path
) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, make_officer_records(profiles))
    dialog = previewed(qtbot, opened_import(qtbot, window), write(tmp_path, "partner.csv", PARTNER_FILE))

    assert dialog.model.rowCount() == 4
    assert "This is not a phone number" in cell(dialog, BAD_ROW, PROBLEMS)
    assert cell(dialog, BAD_ROW, DECISION) == "Not imported"
    assert "Hoda Mansour" in cell(dialog, DUPLICATE_ROW, DUPLICATE)
    assert cell(dialog, DUPLICATE_ROW, DECISION) == "Not decided yet"
    assert cell(dialog, 0, PROBLEMS) == "" and cell(dialog, 0, DUPLICATE) == ""
    assert "1 likely duplicate" in dialog.counts_label.text()
    assert dialog.undecided_label.isVisibleTo(dialog)
    assert not dialog.import_button.isEnabled(), "a duplicate waits for a decision"
    assert dialog.rows_view.currentIndex().row() == DUPLICATE_ROW, "the first row to look at is selected"
    assert "already in your contacts" in dialog.row_details.text()


def test_skipping_the_duplicate_imports_the_other_rows_and_the_summary_counts_them(
    qtbot, make_window, profiles, tmp_path: Path
) -> None:  # noqa: ANN001
    records = make_officer_records(profiles)
    window = open_profile(qtbot, make_window, records)
    dialog = previewed(qtbot, opened_import(qtbot, window), write(tmp_path, "partner.csv", PARTNER_FILE))

    dialog.select_row(DUPLICATE_ROW)
    dialog.decision_box.setFocus()
    qtbot.keyClick(dialog.decision_box, Qt.Key.Key_Down)  # Merge into Hoda Mansour
    qtbot.keyClick(dialog.decision_box, Qt.Key.Key_Down)  # Skip this row
    assert dialog.decision_box.currentText() == "Skip this row"
    assert cell(dialog, DUPLICATE_ROW, DECISION) == "Skip this row"
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "&Import 2 rows"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == SUMMARY)
    summary = dialog.summary
    assert (summary.created, summary.skipped, summary.with_problems) == (2, 1, 1)
    assert dialog.summary_label.text().splitlines()[0] == "2 contacts added."
    assert dialog.not_imported_model.rowCount() == 2
    contacts = window.workspace_view.contacts_view
    qtbot.waitUntil(lambda: contacts.model.total == 5)
    assert {"Nadia Rahimi", "Lena Park"} <= set(contacts_shown(window))
    hoda = window.session.contacts.get(records.hoda)
    assert hoda["languages"] == ["ar", "en"], "the skipped row changed nothing"


def test_a_cancelled_import_leaves_no_contact_even_after_part_was_written(
    qtbot, make_window, profiles, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr(contact_csv_import, "CHUNK_ROWS", 5)
    window = open_profile(qtbot, make_window, make_officer_records(profiles))
    rows = "".join(f"Resident{n:02d},Imported\r\n" for n in range(20))
    dialog = previewed(
        qtbot, opened_import(qtbot, window), write(tmp_path, "many.csv", "Prénom,Nom\r\n" + rows)
    )
    dialog.bulk_box.setCurrentIndex(dialog.bulk_box.findText("Add it as a new contact"))
    qtbot.mouseClick(dialog.bulk_button, Qt.MouseButton.LeftButton)  # the names are alike: add them all
    assert dialog.import_button.text() == "&Import 20 rows"
    gate = threading.Event()
    run = dialog.importer.run

    def held_after_each_chunk(plan, *, progress, cancelled):  # noqa: ANN001, ANN202
        def report(done: int, total: int) -> None:
            progress(done, total)
            if done:
                gate.wait(10)

        return run(plan, progress=report, cancelled=cancelled)

    monkeypatch.setattr(dialog.importer, "run", held_after_each_chunk)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() == 5)  # a chunk is written, inside the transaction
    qtbot.mouseClick(dialog.cancel_work_button, Qt.MouseButton.LeftButton)
    gate.set()

    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW)
    assert dialog.notice_label.text() == "The import was cancelled. Nothing was saved."
    assert window.session.contacts.count() == 3
    assert not any("Resident" in name for name in contacts_shown(window))


def test_escape_while_importing_cancels_and_keeps_the_dialog_until_it_has_stopped(
    qtbot, make_window, profiles, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, make_officer_records(profiles))
    dialog = previewed(
        qtbot,
        opened_import(qtbot, window),
        write(tmp_path, "two.csv", "Name\r\nAmal Farouk\r\nIdris Bello\r\n"),
    )
    gate = threading.Event()
    run = dialog.importer.run

    def held(plan, *, progress, cancelled):  # noqa: ANN001, ANN202
        gate.wait(10)
        return run(plan, progress=progress, cancelled=cancelled)

    monkeypatch.setattr(dialog.importer, "run", held)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert dialog.isVisible(), "the dialog waits for the import to stop"
    gate.set()

    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW)
    assert "Nothing was saved" in dialog.notice_label.text()
    assert window.session.contacts.count() == 3


def test_locking_during_an_import_stops_it_and_leaves_nothing(
    qtbot, make_window, profiles, runner, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    records = make_officer_records(profiles)
    window = open_profile(qtbot, make_window, records)
    dialog = previewed(
        qtbot,
        opened_import(qtbot, window),
        write(tmp_path, "two.csv", "Name\r\nAmal Farouk\r\nIdris Bello\r\n"),
    )
    gate = threading.Event()
    run = dialog.importer.run

    def held(plan, *, progress, cancelled):  # noqa: ANN001, ANN202
        gate.wait(10)
        return run(plan, progress=progress, cancelled=cancelled)

    monkeypatch.setattr(dialog.importer, "run", held)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    window.lock()
    gate.set()
    assert runner.wait_until_idle(10_000)

    unlock_through_screen(qtbot, window, records.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session.contacts.count() == 3


def test_arabic_headers_are_mapped_and_an_immigration_column_cannot_be(
    qtbot, make_window, profiles, tmp_path: Path
) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, make_officer_records(profiles))
    text = "الاسم الأول,اسم العائلة,رقم الهاتف,اللغات,وضع الهجرة\r\nأمل,فاروق,2025550166,العربية,-\r\n"
    dialog = loaded(qtbot, opened_import(qtbot, window), write(tmp_path, "arabic.csv", text))

    assert dialog.mapping() == ["given_name", "family_name", "phone", "languages", None]
    assert [box.currentText() for box in dialog.column_boxes[:3]] == ["Given name", "Family name", "Phone"]
    assert not dialog.column_boxes[4].isEnabled()
    assert dialog.column_boxes[0].accessibleName() == "\u2068الاسم الأول\u2069"


def test_spanish_headers_separated_by_semicolons_are_mapped_and_a_field_goes_to_one_column(
    qtbot, make_window, profiles, tmp_path: Path
) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, make_officer_records(profiles))
    text = (
        "Nombre;Apellidos;Teléfono;Correo electrónico;Idiomas;Barrio\r\nTomás;Herrera;;;español;Hillcrest\r\n"
    )
    dialog = loaded(qtbot, opened_import(qtbot, window), write(tmp_path, "es.csv", text, "cp1252"))

    assert dialog.mapping() == ["given_name", "family_name", "phone", "email", "languages", "neighborhood"]
    assert "separated by semicolons" in dialog.file_summary.text()
    dialog.set_column(5, "languages")
    assert dialog.mapping()[4:] == [None, "languages"], "choosing a field for a column takes it from another"
    dialog.set_column(0, None)
    assert not dialog.check_button.isEnabled() and dialog.mapping_error.isVisibleTo(dialog)


def test_an_exported_list_imports_again_on_another_profile(
    qtbot, make_window, profiles, existing_profile: ExistingProfile, tmp_path: Path
) -> None:  # noqa: ANN001
    records: OfficerRecords = make_officer_records(profiles)
    window = open_profile(qtbot, make_window, records)
    view = window.workspace_view.contacts_view
    compared = ("given_name", "family_name", "phone", "email", "languages", "organization", "community_role")
    before = sorted(
        tuple(window.session.contacts.get(contact_id).get(name) for name in compared)
        for contact_id in (records.hoda, records.rosa, records.tariq)
    )
    path = tmp_path / "export.csv"
    view.export_to(path)
    give_reason(qtbot, view.reason_dialog)
    qtbot.waitUntil(lambda: view.transfer_label.text().startswith("3 contacts exported"))
    assert "not encrypted" in view.transfer_label.text()

    window.lock()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    dialog = previewed(qtbot, opened_import(qtbot, window), path)
    assert (dialog.plan.preview.ready, dialog.plan.preview.with_problems) == (3, 0)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == SUMMARY)

    contacts = window.session.contacts
    after = sorted(
        tuple(contacts.get(contact_id).get(name) for name in compared)
        for contact_id in dialog.summary.created_ids
    )
    assert after == before


def _exports(window: MainWindow) -> list[dict]:
    engine = window.session.workspace.store.engine
    return [r["fields"] for r in outbox_rows(engine, "audit_event") if r["fields"]["action"] == "exported"]


def test_exporting_contacts_asks_why_and_the_reason_is_in_the_audit_event(
    qtbot, make_window, profiles, tmp_path: Path
) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, make_officer_records(profiles))
    view = window.workspace_view.contacts_view

    view.export_to(tmp_path / "export.csv")
    assert not (tmp_path / "export.csv").exists(), "nothing is written before the reason"
    given = give_reason(qtbot, view.reason_dialog, choice=3, words="Shelter partner asked for the list")
    qtbot.waitUntil(lambda: view.transfer_label.text().startswith("3 contacts exported"))

    assert given == "Shelter partner asked for the list"
    assert [e["reason"] for e in _exports(window)] == [
        "export of 3 contacts; purpose: Shelter partner asked for the list"
    ]


def test_cancelling_the_reason_exports_nothing_and_writes_no_event(
    qtbot, make_window, profiles, tmp_path: Path
) -> None:  # noqa: ANN001
    window = open_profile(qtbot, make_window, make_officer_records(profiles))
    view = window.workspace_view.contacts_view

    view.export_to(tmp_path / "export.csv")
    dialog = view.reason_dialog
    qtbot.mouseClick(dialog.choices[3], Qt.MouseButton.LeftButton)
    assert not dialog.confirm_button.isEnabled(), "Other needs a few words"
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.details_field, Qt.Key.Key_Escape)

    assert not list(tmp_path.glob("*.csv")) and _exports(window) == []
