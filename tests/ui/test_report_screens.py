"""The supervisors' Reports section, on a supervisor's profile holding the team's records (written by the
officers' workspaces into it, as a sync would bring them): the preview of a team report and of the public
summary, files written on the Runner (CSV, PDF), and the PDF drawn in Arabic and Chinese, checked on the
rendered page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from liaison_desktop.services.public_summary import summarize, week_bounds
from liaison_desktop.services.report_layout import ReportDocument, public_summary_document
from liaison_desktop.services.team_report import TeamReportBuilder
from liaison_desktop.services.team_roster import TeamRoster, save_roster
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.ui.app import configure_application
from liaison_desktop.ui.reports.report_document import write_pdf
from liaison_desktop.ui.reports.reports_view import PUBLIC_SUMMARY, ReportsView
from liaison_desktop.ui.reports.words import report_words
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.sections import sections_for
from tests.services.conftest import outbox_rows

from .conftest import PASSPHRASE
from .helpers import give_reason, unlock_through_screen

TEAM = "11111111-1111-4111-8111-111111111111"
SUPERVISOR = Actor("05000000-0000-4000-8000-000000000003", "supervisor", TEAM)
OLIVIA = Actor("0f000000-0000-4000-8000-000000000001", "officer", TEAM)
OMAR = Actor("0f000000-0000-4000-8000-000000000002", "officer", TEAM)
NOTE = "Talked with Zephyrine Quillfeather about the Marigold Court flood"
NEIGHBORHOOD = "Marigold Court"


@pytest.fixture
def team(profiles: LaptopProfiles) -> str:
    """Sofia's profile: six of Omar's notes (field visits) and one of Olivia's (an adverse home visit),
    this week; the roster names Omar."""
    unlocked, _key = profiles.create_profile("Sofia Reyes", PASSPHRASE)
    profiles.update_header(unlocked.profile_id, user_id=SUPERVISOR.user_id, role="supervisor", team_id=TEAM)
    try:
        store = RecordStore(unlocked.engine, OLIVIA)
        for actor, count, fields in (
            (OMAR, 6, {"kind": "field_visit"}),
            (OLIVIA, 1, {"kind": "home_visit", "adverse_interaction": True}),
        ):
            writer = RecordStore(unlocked.engine, actor)
            writer.clock = store.clock
            workspace = Workspace(writer)
            for _index in range(count):
                note = workspace.encounters.create_draft(
                    {
                        "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
                        "neighborhood": NEIGHBORHOOD,
                        "language": "ar",
                        "summary": NOTE,
                        **fields,
                    }
                )
                workspace.encounters.submit(note)
        members = [{"id": OMAR.user_id, "display_name": "Omar Haddad", "role": "officer"}]
        save_roster(store, TeamRoster.from_teams([{"id": TEAM, "name": "North", "members": members}]))
        return unlocked.profile_id
    finally:
        unlocked.close()


@pytest.fixture
def reports(qtbot, make_window, team: str) -> ReportsView:  # noqa: ANN001
    window: MainWindow = make_window()
    unlock_through_screen(qtbot, window, team, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.workspace_view.show_section("reports")
    view = window.workspace_view.navigator.section_screen("reports")
    assert isinstance(view, ReportsView)
    qtbot.waitUntil(lambda: view.loaded_once)
    return view


def _values(view: ReportsView, section: str) -> dict[str, str]:
    return {line: value for title, line, value in view.preview_rows() if title == section}


def test_reports_are_offered_to_supervisors_only() -> None:
    offered = {
        role: "reports" in [s.key for s in sections_for(role)]
        for role in ("officer", "ambassador", "supervisor", "admin")
    }
    assert offered == {"officer": False, "ambassador": False, "supervisor": True, "admin": False}


def test_the_team_report_counts_the_notes_and_names_the_officers_by_the_roster(reports: ReportsView) -> None:
    assert _values(reports, "Encounters by kind") == {"Field visit": "6", "Home visit": "1", "Total": "7"}
    officers = _values(reports, "Encounters by officer")
    assert officers["Omar Haddad"] == "6"
    assert officers["Officer \u20660f000000\u2069"] == "1"
    assert reports.team_box.itemText(1) == "North", "teams by the roster's names"


def test_the_public_summary_suppresses_small_counts_and_names_no_one(qtbot, reports: ReportsView) -> None:  # noqa: ANN001
    reports.kind_box.setCurrentIndex(reports.kind_box.findData(PUBLIC_SUMMARY))
    qtbot.waitUntil(lambda: reports.document is not None and not reports.document.personal)

    flagged = _values(reports, "Encounters flagged")
    assert flagged["Adverse interaction"] == "fewer than 5" and flagged["Out of"] == "7"
    # One home visit and six field visits: no choice of cells hides the one, so the split is not listed.
    assert _values(reports, "Encounters by kind") == {
        "Split": "withheld: too few to show safely",
        "Total": "7",
    }
    shown = " ".join(text for row in reports.preview_rows() for text in row)
    for secret in ("Omar Haddad", NOTE, NEIGHBORHOOD, "0f000000"):
        assert secret not in shown


def test_export_csv_writes_the_previewed_report_on_the_runner(
    qtbot, reports: ReportsView, tmp_path: Path
) -> None:  # noqa: ANN001
    reports.export_csv(tmp_path / "team.csv")
    give_reason(qtbot, reports.reason_dialog)

    qtbot.waitUntil(lambda: reports.last_file is not None)
    text = (tmp_path / "team.csv").read_bytes().decode("utf-8-sig")
    assert "Encounters by kind,Field visit,6" in text
    assert reports.message_label.text() == "Saved as team.csv."


def _exports(reports: ReportsView) -> list[dict]:
    engine = reports.window().session.workspace.store.engine
    return [r["fields"] for r in outbox_rows(engine, "audit_event") if r["fields"]["action"] == "exported"]


def test_a_team_report_export_asks_why_and_keeps_the_reason_in_the_audit_event(
    qtbot, reports: ReportsView, tmp_path: Path
) -> None:  # noqa: ANN001
    reports.export_csv(tmp_path / "team.csv")
    assert not (tmp_path / "team.csv").exists(), "nothing is written before the reason"
    give_reason(qtbot, reports.reason_dialog, choice=1, words="autumn rota")

    qtbot.waitUntil(lambda: reports.last_file is not None)
    [event] = _exports(reports)
    assert event["reason"].endswith("; purpose: Team planning: autumn rota")


def test_cancelling_the_reason_writes_no_report_and_no_event(
    qtbot, reports: ReportsView, tmp_path: Path
) -> None:  # noqa: ANN001
    reports.export_pdf(tmp_path / "team.pdf")
    dialog = reports.reason_dialog
    assert not dialog.confirm_button.isEnabled(), "a reason is required"
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    assert not list(tmp_path.glob("*.pdf")) and _exports(reports) == []


def test_the_public_summary_exports_without_asking_why(qtbot, reports: ReportsView, tmp_path: Path) -> None:  # noqa: ANN001
    reports.kind_box.setCurrentIndex(reports.kind_box.findData(PUBLIC_SUMMARY))
    qtbot.waitUntil(lambda: reports.document is not None and not reports.document.personal)

    reports.export_csv(tmp_path / "public.csv")

    qtbot.waitUntil(lambda: reports.last_file == tmp_path / "public.csv")
    assert reports.reason_dialog is None and _exports(reports) == []


def _rendered(path: Path) -> QImage:
    pdf = QPdfDocument()
    assert pdf.load(str(path)) == QPdfDocument.Error.None_
    size = pdf.pagePointSize(0).toSize()
    image = pdf.render(0, QSize(size.width() * 2, size.height() * 2))
    pdf.close()
    return image


def _dark(color: QColor) -> bool:
    return color.alpha() > 128 and color.lightness() < 128  # the page is rendered on a transparent ground


def _first_ink_row(image: QImage) -> int:
    return next(
        y
        for y in range(0, image.height(), 2)
        if any(_dark(image.pixelColor(x, y)) for x in range(0, image.width(), 4))
    )


def _ink_columns(image: QImage, top: int, bottom: int) -> tuple[int, int]:
    """The leftmost and rightmost columns with dark pixels between rows `top` and `bottom`."""
    dark = [
        x
        for x in range(0, image.width(), 2)
        if any(_dark(image.pixelColor(x, y)) for y in range(top, bottom, 2))
    ]
    return min(dark), max(dark)


def _summary_pdf(qapp: QApplication, language: str, team_workspace: Workspace, path: Path) -> ReportDocument:
    configure_application(qapp, language)
    start, end = week_bounds(dt.date.today(), dt.date.today())
    document = public_summary_document(
        summarize(TeamReportBuilder(team_workspace).build(start, end)), report_words(TeamRoster())
    )
    write_pdf(document, path)
    return document


@pytest.fixture
def team_workspace(profiles: LaptopProfiles, team: str) -> Workspace:
    unlocked = profiles.unlock(team, PASSPHRASE)
    yield Workspace(RecordStore(unlocked.engine, SUPERVISOR))
    unlocked.close()


@pytest.mark.parametrize("language", ["ar", "zh_CN"])
def test_the_pdf_is_drawn_in_the_interface_language_and_direction(
    qapp: QApplication, team_workspace: Workspace, tmp_path: Path, language: str
) -> None:
    path = tmp_path / f"summary-{language}.pdf"
    document = _summary_pdf(qapp, language, team_workspace, path)

    pdf = QPdfDocument()
    pdf.load(str(path))
    text = pdf.getAllText(0).text()
    pdf.close()
    assert document.title in text and document.title != "Public summary", "the title, translated, as text"
    image = _rendered(path)
    title_top = _first_ink_row(image)  # the title is the first line
    left, right = _ink_columns(image, title_top, title_top + int(image.height() * 0.015))
    middle = image.width() / 2
    if language == "ar":
        assert left > middle * 0.6 and right > middle * 1.5, "the title starts on the right"
    else:
        assert left < middle * 0.3, "the title starts on the left"
    assert b"NotoSansCJK" in path.read_bytes() or language == "ar", "the Chinese font is embedded"


def test_a_team_report_pdf_is_audited_and_a_public_summary_pdf_is_not(
    qtbot, reports: ReportsView, tmp_path: Path
) -> None:  # noqa: ANN001
    engine = reports.window().session.workspace.store.engine

    reports.export_pdf(tmp_path / "team.pdf")
    give_reason(qtbot, reports.reason_dialog)
    qtbot.waitUntil(lambda: reports.last_file == tmp_path / "team.pdf")
    reports.kind_box.setCurrentIndex(reports.kind_box.findData(PUBLIC_SUMMARY))
    qtbot.waitUntil(lambda: reports.document is not None and not reports.document.personal)
    reports.export_pdf(tmp_path / "public.pdf")
    qtbot.waitUntil(lambda: reports.last_file == tmp_path / "public.pdf")

    exports = [
        row["fields"] for row in outbox_rows(engine, "audit_event") if row["fields"]["action"] == "exported"
    ]
    assert [(e["subject_type"], e["reason"].split(" of ")[0]) for e in exports] == [
        ("team_report", "team report pdf")
    ]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["public.pdf", "team.pdf"]


def test_printing_a_team_report_is_audited(qtbot, reports: ReportsView, tmp_path: Path) -> None:  # noqa: ANN001
    engine = reports.window().session.workspace.store.engine
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # what the print dialog's "print to file" does
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))

    reports.print_to(printer)
    give_reason(qtbot, reports.reason_dialog)

    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF-")
    exports = [
        row["fields"] for row in outbox_rows(engine, "audit_event") if row["fields"]["action"] == "exported"
    ]
    assert [e["reason"].split(" of ")[0] for e in exports] == ["team report print-out"]
