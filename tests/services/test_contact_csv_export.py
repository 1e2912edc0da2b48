"""Exporting the contacts list to CSV: UTF-8 with a byte-order mark, the columns the import understands
headed in the interface language, formulas defused, written whole or not at all, and audited by count."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from liaison_desktop.services.contact_csv_columns import FIELDS, LANGUAGES, export_header, guess_mapping
from liaison_desktop.services.contact_csv_export import ContactCsvExporter
from liaison_desktop.services.contact_csv_import import ContactCsvImporter, ImportPlan
from liaison_desktop.services.contact_list import ContactFilter
from liaison_desktop.services.csv_reading import read_csv_file
from liaison_desktop.services.errors import NotAllowed
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.schema import upgrade_to_head

from .conftest import World, consent, outbox_rows

PEOPLE = [
    {
        "given_name": "Fatima",
        "family_name": "Zahra",
        "preferred_name": "فاطمة",
        "phone": "+12025550190",
        "email": "fatima.zahra@example.org",
        "languages": ["ar", "fr"],
        "neighborhood": "Northgate",
        "address": "12 Elm Street\nFlat 3",
        "organization": "Northgate Mothers' Circle",
        "community_role": "community_organizer",
        "interpreter_needed": True,
        "tags": ["school", "housing"],
        "notes": "Prefers calls after 5 pm.\nSpeaks for the tenants' group.",
        "notes_language": "en",
        "consent_share": consent(),
    },
    {"given_name": "王", "family_name": "芳", "languages": ["zh-Hans"], "interpreter_needed": False},
    {"given_name": "Tomás", "family_name": "Herrera", "phone": "+525512345678", "community_role": "elder"},
    {"given_name": '=HYPERLINK("http://example.org")', "family_name": "-Test", "tags": ["@home"]},
]


def exporter(workspace: Workspace) -> ContactCsvExporter:
    return ContactCsvExporter.for_workspace(workspace)


def exported(workspace: Workspace, path: Path, **options: object) -> int:
    return exporter(workspace).export(path, **options)  # type: ignore[arg-type]


@pytest.fixture
def people(officer: Workspace) -> list[str]:
    return officer.contacts.import_many([dict(person) for person in PEOPLE])


@pytest.fixture
def other_laptop(tmp_path: Path) -> Iterator[Workspace]:
    """A second officer's profile, on another laptop, to import the file into."""
    folder = tmp_path / "other"
    folder.mkdir()
    engine: Engine = open_encrypted_engine(folder / "liaison.db", os.urandom(32))
    upgrade_to_head(engine)
    yield World(engine, folder).workspace("other_officer")
    engine.dispose()


def imported_into(workspace: Workspace, path: Path) -> None:
    table = read_csv_file(path)
    importer = ContactCsvImporter.for_workspace(workspace)
    preview = importer.preview(table, guess_mapping(table.headers))
    assert preview.with_problems == 0 and preview.duplicates == 0
    importer.run(ImportPlan(preview))


def stored(workspace: Workspace) -> list[dict[str, object]]:
    rows = []
    for row in workspace.contacts.page().rows:
        record = workspace.contacts.get(row.id)
        rows.append({name: record[name] for name in FIELDS if record[name] not in (None, [])})
    return sorted(rows, key=lambda fields: str(fields["given_name"]))


def test_the_file_is_utf8_with_a_byte_order_mark_so_excel_reads_arabic_and_chinese(
    officer: Workspace, people: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    assert exported(officer, path) == 4
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    assert "فاطمة" in text and "王" in text
    assert text.splitlines()[0].split(",") == [export_header(name, "en") for name in FIELDS]
    assert "\r\n" in text, "spreadsheets expect CRLF row ends"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_exported_file_imports_again_with_every_field_in_each_language(
    officer: Workspace, people: list[str], other_laptop: Workspace, tmp_path: Path, language: str
) -> None:
    path = tmp_path / f"contacts-{language}.csv"
    exported(officer, path, language=language)
    imported_into(other_laptop, path)
    assert stored(other_laptop) == stored(officer)


def test_values_shown_in_the_file_are_readable_words_and_grouped_numbers(
    officer: Workspace, people: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    exported(officer, path, language="es")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    fatima = next(row for row in rows if row["Nombre"] == "Fatima")
    assert fatima["Teléfono"] == "'+1 202-555-0190"
    assert fatima["Idiomas"] == "ar, fr"
    assert fatima["Necesita intérprete"] == "sí"
    assert fatima["Rol en la comunidad"] == "organizador comunitario"
    assert fatima["Dirección"] == "12 Elm Street\nFlat 3", "a line break stays inside its quoted cell"


def test_a_value_a_spreadsheet_would_run_as_a_formula_is_defused(
    officer: Workspace, people: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    exported(officer, path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://example.org")' in cells and "'-Test" in cells and "'@home" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_consents_and_merged_or_deleted_contacts_are_not_exported(
    officer: Workspace, people: list[str], tmp_path: Path
) -> None:
    duplicate = officer.contacts.create(
        {"given_name": "Fatima", "family_name": "Zahra"}, allow_duplicates=True
    )
    officer.merger.merge(people[0], duplicate)
    officer.contacts.delete(people[1])
    path = tmp_path / "contacts.csv"
    assert exported(officer, path) == 3, "four people, less the deleted one; the merged one is not listed"
    text = path.read_text(encoding="utf-8-sig")
    assert "王" not in text and "granted" not in text and "verbal" not in text


def test_only_the_contacts_the_list_shows_are_exported(
    officer: Workspace, people: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "northgate.csv"
    assert exported(officer, path, where=ContactFilter(neighborhood="Northgate")) == 1
    assert "Fatima" in path.read_text(encoding="utf-8-sig")


def test_an_export_is_audited_with_its_count_and_never_its_contents(
    officer: Workspace, people: list[str], engine: Engine, tmp_path: Path
) -> None:
    exported(officer, tmp_path / "contacts.csv")
    event = outbox_rows(engine, "audit_event")[-1]["fields"]
    assert (event["action"], event["subject_type"], event["reason"]) == (
        "exported",
        "contact",
        "export of 4 contacts",
    )
    assert "Fatima" not in str(event)


def test_the_purpose_given_is_kept_in_the_audit_event_after_the_count(
    officer: Workspace, people: list[str], engine: Engine, tmp_path: Path
) -> None:
    exported(officer, tmp_path / "contacts.csv", reason="Team planning")
    event = outbox_rows(engine, "audit_event")[-1]["fields"]
    assert event["reason"] == "export of 4 contacts; purpose: Team planning"


def test_a_failed_export_leaves_no_file_and_no_audit_event(
    officer: Workspace, people: list[str], engine: Engine, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr("liaison_desktop.services.contact_csv_export.REPORT_EVERY", 2)
    path = tmp_path / "contacts.csv"
    before = len(outbox_rows(engine, "audit_event"))

    def progress(done: int, total: int) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        exported(officer, path, progress=progress)
    assert list(tmp_path.iterdir()) == [tmp_path / "profiles"], "neither the file nor its temporary is left"
    assert len(outbox_rows(engine, "audit_event")) == before


def test_an_export_replaces_an_older_file_of_the_same_name_whole(
    officer: Workspace, people: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("an older export\n" * 1000, encoding="utf-8")
    exported(officer, path)
    assert "an older export" not in path.read_text(encoding="utf-8-sig")


def test_an_ambassador_may_not_export(ambassador: Workspace, tmp_path: Path) -> None:
    with pytest.raises(NotAllowed):
        exported(ambassador, tmp_path / "contacts.csv")
    assert not (tmp_path / "contacts.csv").exists()
