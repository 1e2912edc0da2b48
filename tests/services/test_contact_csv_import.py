"""Importing contacts from a spreadsheet: columns recognised from headers in five languages, a preview of
every row with its problems and likely duplicates (in the contacts and within the file), a decision per
duplicate, and one all-or-nothing write that a cancel or an error leaves without a trace."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from liaison_desktop.services import contact_csv_import
from liaison_desktop.services.contact_csv_columns import (
    FIELDS,
    FULL_NAME,
    LANGUAGES,
    clean_cell,
    escape_formula,
    export_header,
    guess_mapping,
    is_protected,
    mapping_problems,
    read_cells,
)
from liaison_desktop.services.contact_csv_import import (
    CREATE,
    SKIP,
    Action,
    ContactCsvImporter,
    Decision,
    ImportCancelled,
    ImportPlan,
    ImportPreview,
    MergeTargetGone,
    PreviewRow,
    UndecidedDuplicates,
)
from liaison_desktop.services.csv_reading import read_csv_bytes
from liaison_desktop.services.duplicates import SAME_EMAIL, SAME_PHONE, SIMILAR_NAME
from liaison_desktop.services.errors import NotAllowed
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.models import record_tables

from .conftest import outbox_rows

HEADERS = "Given name,Family name,Phone,Email,Languages,Neighborhood,Interpreter needed"


def importer(workspace: Workspace) -> ContactCsvImporter:
    return ContactCsvImporter.for_workspace(workspace)


def preview_of(workspace: Workspace, text: str) -> ImportPreview:
    table = read_csv_bytes(text.encode("utf-8"))
    return importer(workspace).preview(table, guess_mapping(table.headers))


def count(workspace: Workspace, record_type: str = "contact") -> int:
    table = record_tables[record_type]
    with workspace.store.read() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def names(workspace: Workspace) -> list[str]:
    return sorted(
        f"{row.given_name} {row.family_name or ''}".strip() for row in workspace.contacts.page().rows
    )


# -- columns ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_headers_an_export_writes_in_each_language_are_recognised(language: str) -> None:
    assert guess_mapping([export_header(name, language) for name in FIELDS]) == list(FIELDS)


def test_spanish_headers_are_recognised() -> None:
    headers = ["Nombre", "Apellidos", "Teléfono", "Correo electrónico", "Idiomas", "Barrio", "Notas"]
    assert guess_mapping(headers) == [
        "given_name",
        "family_name",
        "phone",
        "email",
        "languages",
        "neighborhood",
        "notes",
    ]


def test_arabic_headers_are_recognised_with_or_without_hamza() -> None:
    headers = ["الاسم الأول", "اسم العائلة", "رقم الهاتف", "البريد الالكتروني", "اللغات"]
    assert guess_mapping(headers) == ["given_name", "family_name", "phone", "email", "languages"]


def test_french_and_chinese_headers_are_recognised() -> None:
    assert guess_mapping(["Prénom", "Nom", "Téléphone", "Courriel"]) == [
        "given_name",
        "family_name",
        "phone",
        "email",
    ]
    assert guess_mapping(["名", "姓", "手机号码", "电子邮件", "备注"]) == [
        "given_name",
        "family_name",
        "phone",
        "email",
        "notes",
    ]


def test_headers_are_compared_without_case_accents_or_punctuation() -> None:
    assert guess_mapping(["FIRST-NAME", "last_name", "e-mail", "TELEFONO"]) == [
        "given_name",
        "family_name",
        "email",
        "phone",
    ]


def test_a_header_holding_a_known_word_is_recognised() -> None:
    assert guess_mapping(["First name", "Mobile phone number", "Contact email", "联系电话"]) == [
        "given_name",
        "phone",
        "email",
        None,
    ], "each field takes one column: the second phone column is left out"


def test_each_field_goes_to_the_column_that_names_it_most_surely() -> None:
    assert guess_mapping(["Name", "Phone", "Given name"]) == [FULL_NAME, "phone", "given_name"]


def test_unknown_headers_are_not_imported() -> None:
    assert guess_mapping(["Given name", "Shoe size", ""]) == ["given_name", None, None]


@pytest.mark.parametrize(
    "header",
    ["Immigration status", "Estatus migratorio", "Statut migratoire", "وضع الهجرة", "移民身份", "Visa type"],
)
def test_columns_about_immigration_status_are_never_imported(header: str) -> None:
    assert is_protected(header)
    assert guess_mapping(["Given name", header]) == ["given_name", None]


def test_a_protected_column_cannot_be_mapped_even_into_the_notes(officer: Workspace) -> None:
    table = read_csv_bytes(b"Given name,Immigration status\nAmina,pending\n")
    with pytest.raises(ValueError, match="protected"):
        importer(officer).preview(table, ["given_name", "notes"])


def test_a_mapping_without_given_names_or_with_a_field_twice_cannot_be_imported() -> None:
    assert mapping_problems(["family_name", "phone"]) == ["csv_mapping.no_given_name"]
    assert mapping_problems([FULL_NAME, "phone", "phone"]) == ["csv_mapping.field_twice"]
    assert mapping_problems(["given_name", None]) == []


def test_a_full_name_is_split_at_its_first_space() -> None:
    fields, problems = read_cells(["María González López", "王芳"], [FULL_NAME, None])
    assert (fields, problems) == ({"given_name": "María", "family_name": "González López"}, [])
    assert read_cells(["王芳"], [FULL_NAME])[0] == {"given_name": "王芳"}


def test_languages_are_read_as_codes_or_as_names_in_the_five_languages() -> None:
    fields, problems = read_cells(["Arabic; español, 中文 / fr", "so"], ["languages", "notes_language"])
    assert problems == []
    assert fields == {"languages": ["ar", "es", "zh", "fr"], "notes_language": "so"}
    assert read_cells(["العربية، الصومالية"], ["languages"])[0] == {"languages": ["ar", "so"]}


def test_yes_and_no_and_community_roles_are_read_in_the_five_languages() -> None:
    for yes in ("yes", "Sí", "oui", "نعم", "是", "x", "✓"):
        assert read_cells([yes], ["interpreter_needed"])[0] == {"interpreter_needed": True}
    for no in ("No", "non", "لا", "否", "0"):
        assert read_cells([no], ["interpreter_needed"])[0] == {"interpreter_needed": False}
    for role in (
        "faith_leader",
        "Faith leader",
        "líder religioso",
        "responsable religieux",
        "قائد ديني",
        "宗教领袖",
    ):
        assert read_cells([role], ["community_role"])[0] == {"community_role": "faith_leader"}


def test_the_apostrophe_an_export_puts_before_a_formula_is_removed_on_import() -> None:
    for value in ("=1+1", "+1 202-555-0143", "-note", "@home"):
        assert clean_cell(escape_formula(value)) == value
    assert clean_cell("'quoted'") == "'quoted'", "an apostrophe before ordinary text is the text's own"


# -- preview ---------------------------------------------------------------------------------------------


def test_the_preview_shows_every_row_with_the_fields_it_would_store(officer: Workspace) -> None:
    preview = preview_of(
        officer,
        f'{HEADERS}\nNadia,Rahimi,(202) 555-0187,Nadia.Rahimi@Example.org,"Dari, English",Riverside,yes\n',
    )
    (row,) = preview.rows
    assert row.line == 2 and row.problems == ()
    assert row.fields == {
        "given_name": "Nadia",
        "family_name": "Rahimi",
        "phone": "+12025550187",
        "email": "nadia.rahimi@example.org",
        "languages": ["prs", "en"],
        "neighborhood": "Riverside",
        "interpreter_needed": True,
    }
    assert (preview.ready, preview.with_problems, preview.duplicates) == (1, 0, 0)


def test_the_preview_lists_each_rows_problems(officer: Workspace) -> None:
    preview = preview_of(
        officer,
        f"{HEADERS}\n"
        ",Rahimi,,,,,\n"
        "Nadia,Rahimi,555-01,,,,\n"
        "Omar,Khalil,,omar(at)example,,,\n"
        "Li,Wei,,,Klingonese,,\n"
        "Mei,Chen,,,,,perhaps\n",
    )
    problems = [[(p.field, p.key) for p in row.problems] for row in preview.rows]
    assert problems == [
        [("given_name", "field.required")],
        [("phone", "contact.invalid_phone")],
        [("email", "contact.invalid_email")],
        [("languages", "language.unknown")],
        [("interpreter_needed", "csv.not_yes_no")],
    ]
    assert (preview.ready, preview.with_problems) == (0, 5)


def test_the_preview_finds_rows_that_are_likely_existing_contacts(
    officer: Workspace, contact_id: str
) -> None:
    preview = preview_of(officer, f"{HEADERS}\nAmina,Yusuf,202-555-0143,,,,\nLuis,Ortega,,,,,\n")
    amina, luis = preview.rows
    (match,) = amina.existing
    assert match.contact_id == contact_id
    assert set(match.reasons) == {SAME_PHONE, SIMILAR_NAME}
    assert match.contact["given_name"] == "Amina" and match.contact["phone"] == "+12025550143"
    assert amina.is_duplicate and not luis.is_duplicate
    assert (preview.ready, preview.duplicates) == (1, 1)


def test_the_preview_finds_rows_that_repeat_an_earlier_row_of_the_file(officer: Workspace) -> None:
    preview = preview_of(
        officer,
        f"{HEADERS}\n"
        "Hoda,Mansour,,hoda@example.org,,,\n"
        "Karim,Nassar,202-555-0111,,,,\n"
        "Hoda,M.,,HODA@example.org,,,\n"
        "Kareem,Nassar,,,,,\n"
        "Mohammed,Said,,,,,\n"
        "محمد,سعيد,,,,,\n",
    )
    repeats = [(row.repeats.line, row.repeats.reasons) if row.repeats else None for row in preview.rows]
    assert repeats == [
        None,
        None,
        (2, (SAME_EMAIL,)),
        (3, (SIMILAR_NAME,)),
        None,
        (6, (SIMILAR_NAME,)),
    ], "a name in Arabic script repeats its Latin spelling"


def test_a_row_without_a_family_name_repeats_a_row_with_the_same_given_name(officer: Workspace) -> None:
    preview = preview_of(officer, "Given name,Family name\nTariq,Nour\nTariq,\n")
    assert preview.rows[1].repeats is not None and preview.rows[1].repeats.index == 0


def test_a_duplicate_offers_merging_into_each_match_skipping_or_creating(
    officer: Workspace, contact_id: str
) -> None:
    preview = preview_of(officer, f"{HEADERS}\nAmina,Yusuf,,,,,\nAmina,Yusuf,,,,,\n")
    assert preview.rows[0].choices() == [Decision(Action.MERGE, into_contact=contact_id), SKIP, CREATE]
    assert preview.rows[1].choices() == [
        Decision(Action.MERGE, into_contact=contact_id),
        Decision(Action.MERGE, into_row=0),
        SKIP,
        CREATE,
    ]


def test_the_preview_reports_progress_and_stops_when_cancelled(officer: Workspace) -> None:
    text = "Given name\n" + "".join(f"Person{n}\n" for n in range(120))
    table = read_csv_bytes(text.encode())
    seen: list[tuple[int, int]] = []
    importer(officer).preview(table, ["given_name"], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(50, 120), (100, 120), (120, 120)]
    with pytest.raises(ImportCancelled):
        importer(officer).preview(table, ["given_name"], cancelled=lambda: True)


# -- the plan ----------------------------------------------------------------------------------------------


def test_duplicates_wait_for_a_decision_and_nothing_is_written_before(
    officer: Workspace, contact_id: str
) -> None:
    plan = ImportPlan(preview_of(officer, f"{HEADERS}\nAmina,Yusuf,,,,,\nLuis,Ortega,,,,,\n"))
    assert plan.undecided() == [0]
    assert plan.decision(1) == CREATE
    with pytest.raises(UndecidedDuplicates):
        importer(officer).run(plan)
    assert count(officer) == 1


def test_a_decision_must_be_one_the_row_offers(officer: Workspace) -> None:
    plan = ImportPlan(preview_of(officer, f"{HEADERS}\nLuis,Ortega,,,,,\n"))
    with pytest.raises(ValueError):
        plan.decide(0, SKIP)


def test_every_undecided_duplicate_can_be_given_the_same_decision(
    officer: Workspace, contact_id: str
) -> None:
    plan = ImportPlan(preview_of(officer, f"{HEADERS}\nAmina,Yusuf,,,,,\nAmina,Yusuf,,,,,\n"))
    plan.decide(1, CREATE)
    assert plan.decide_undecided(Action.MERGE) == 1
    assert plan.decision(0) == Decision(Action.MERGE, into_contact=contact_id)
    assert plan.decision(1) == CREATE


# -- the import --------------------------------------------------------------------------------------------


def test_rows_are_created_skipped_or_merged_as_decided_and_counted(
    officer: Workspace, contact_id: str
) -> None:
    plan = ImportPlan(
        preview_of(
            officer,
            f"{HEADERS}\n"
            "Luis,Ortega,202-555-0111,,es,Riverside,\n"  # new
            'Amina,Yusuf,,amina@example.org,"fr, ar",Elm Park,yes\n'  # merged into Amina
            "Amina,Yusuf,,,,,\n"  # skipped
            ",Nobody,,,,,\n",  # a problem
        )
    )
    plan.decide(1, Decision(Action.MERGE, into_contact=contact_id))
    plan.decide(2, SKIP)
    summary = importer(officer).run(plan)

    assert (summary.created, summary.rows_merged, summary.skipped, summary.with_problems) == (1, 1, 1, 1)
    assert summary.updated_ids == (contact_id,)
    assert [(row.line, row.reason) for row in summary.not_imported] == [(4, "skipped"), (5, "problems")]
    assert names(officer) == ["Amina Yusuf", "Luis Ortega"]
    amina = officer.contacts.get(contact_id)
    assert amina["email"] == "amina@example.org", "what the contact lacked is filled in"
    assert amina["phone"] == "+12025550143", "what it had is kept"
    assert amina["languages"] == ["so", "ar", "fr"], "languages are joined"
    assert amina["interpreter_needed"] is True


def test_a_row_merged_into_an_earlier_row_makes_one_contact_of_both(officer: Workspace) -> None:
    plan = ImportPlan(
        preview_of(
            officer, f"{HEADERS}\nHoda,Mansour,,hoda@example.org,ar,,\nHoda,Mansour,202-555-0100,,en,,\n"
        )
    )
    plan.decide(1, Decision(Action.MERGE, into_row=0))
    summary = importer(officer).run(plan)
    assert (summary.created, summary.rows_combined) == (1, 1)
    (hoda,) = officer.contacts.page().rows
    assert (hoda.phone, hoda.languages) == ("+12025550100", ["ar", "en"])


def test_a_row_merged_into_a_skipped_row_is_not_imported(officer: Workspace, contact_id: str) -> None:
    plan = ImportPlan(preview_of(officer, f"{HEADERS}\nAmina,Yusuf,,,,,\nAmina,Yusuf,,,,,\n"))
    plan.decide(0, SKIP)
    plan.decide(1, Decision(Action.MERGE, into_row=0))
    summary = importer(officer).run(plan)
    assert [row.reason for row in summary.not_imported] == ["skipped", "merge_target_not_imported"]
    assert count(officer) == 1


def test_an_import_is_queued_for_sync_and_audited_by_count(
    officer: Workspace, engine, contact_id: str
) -> None:  # noqa: ANN001
    plan = ImportPlan(
        preview_of(officer, f"{HEADERS}\nLuis,Ortega,,,,,\nNadia,Rahimi,,,,,\nAmina,Yusuf,,,,,\n")
    )
    plan.decide(2, Decision(Action.MERGE, into_contact=contact_id))
    before = len(outbox_rows(engine, "contact"))
    summary = importer(officer).run(plan)
    assert len(outbox_rows(engine, "contact")) - before == 2, "the merge changed nothing Amina lacked"
    audit = [row["fields"] for row in outbox_rows(engine, "audit_event")]
    assert {"action": "created", "reason": "import of 2 contacts"}.items() <= audit[-1].items()
    assert not any("Luis" in str(fields) or "Ortega" in str(fields) for fields in audit)
    assert summary.updated_ids == ()


def test_an_existing_contact_merged_into_another_meanwhile_takes_the_rows_through_it(
    officer: Workspace, contact_id: str
) -> None:
    plan = ImportPlan(preview_of(officer, f"{HEADERS}\nAmina,Yusuf,,amina@example.org,,,\n"))
    plan.decide(0, Decision(Action.MERGE, into_contact=contact_id))
    kept = officer.contacts.create({"given_name": "Amina", "family_name": "Yusuf"}, allow_duplicates=True)
    officer.merger.merge(kept, contact_id)
    summary = importer(officer).run(plan)
    assert summary.updated_ids == (kept,)
    assert officer.contacts.get(kept)["email"] == "amina@example.org"


def test_an_existing_contact_deleted_meanwhile_stops_the_whole_import(
    officer: Workspace, contact_id: str
) -> None:
    plan = ImportPlan(
        preview_of(officer, f"{HEADERS}\nLuis,Ortega,,,,,\nAmina,Yusuf,,amina@example.org,,,\n")
    )
    plan.decide(1, Decision(Action.MERGE, into_contact=contact_id))
    officer.contacts.delete(contact_id)
    before = count(officer), count(officer, "audit_event")
    with pytest.raises(MergeTargetGone):
        importer(officer).run(plan)
    assert (count(officer), count(officer, "audit_event")) == before
    assert "Luis Ortega" not in names(officer)


def _many_rows_plan(rows: int) -> ImportPlan:
    preview = ImportPreview(
        tuple(
            PreviewRow(index, index + 2, {"given_name": f"Person{index:05d}", "family_name": "Import"})
            for index in range(rows)
        ),
        ("given_name", "family_name"),
    )
    return ImportPlan(preview)


def test_a_cancelled_import_leaves_nothing_even_after_chunks_were_written(
    officer: Workspace, engine, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr(contact_csv_import, "CHUNK_ROWS", 10)
    before = (count(officer), count(officer, "audit_event"), len(outbox_rows(engine)))
    reports: list[int] = []

    def progress(done: int, total: int) -> None:
        reports.append(done)
        with officer.store.read() as connection:  # the writer's own rows are not visible outside it
            assert (
                connection.execute(select(func.count()).select_from(record_tables["contact"])).scalar_one()
                == 0
            )

    with pytest.raises(ImportCancelled):
        importer(officer).run(_many_rows_plan(35), progress=progress, cancelled=lambda: len(reports) >= 3)
    assert reports == [0, 10, 20], "two chunks were written inside the transaction before the cancel"
    assert (count(officer), count(officer, "audit_event"), len(outbox_rows(engine))) == before
    assert officer.search.search("Person00001") == []


def test_an_error_midway_rolls_back_every_chunk(officer: Workspace, engine, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(contact_csv_import, "CHUNK_ROWS", 10)

    def progress(done: int, total: int) -> None:
        if done == 30:
            raise OSError("disk full")

    with pytest.raises(OSError):
        importer(officer).run(_many_rows_plan(35), progress=progress)
    assert count(officer) == 0 and outbox_rows(engine) == []


def test_five_thousand_rows_are_written_in_one_transaction_in_chunks(officer: Workspace, monkeypatch) -> None:  # noqa: ANN001
    transactions = 0
    write = officer.store.write

    def counted_write():  # noqa: ANN202
        nonlocal transactions
        transactions += 1
        return write()

    monkeypatch.setattr(officer.store, "write", counted_write)
    reports: list[tuple[int, int]] = []
    started = time.monotonic()
    summary = importer(officer).run(_many_rows_plan(5000), progress=lambda d, t: reports.append((d, t)))
    elapsed = time.monotonic() - started
    assert summary.created == 5000 and transactions == 1
    assert reports[0] == (0, 5000) and reports[-1] == (5000, 5000) and len(reports) == 26
    assert officer.contacts.count() == 5000
    assert officer.search.search("Person00001"), "the search index took the rows too"
    assert elapsed < 60, f"{elapsed:.1f} s"


def test_an_ambassador_may_not_import(ambassador: Workspace) -> None:
    table = read_csv_bytes(b"Given name\nLuis\n")
    with pytest.raises(NotAllowed):
        importer(ambassador).preview(table, ["given_name"])
    with pytest.raises(NotAllowed):
        importer(ambassador).run(_many_rows_plan(1))
