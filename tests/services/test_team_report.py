"""The team report: counts and rates of a team's work over a date range, never a record's text, and its
CSV file as a spreadsheet reads it, audited because it names officers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from liaison_desktop.services.report_export import write_csv
from liaison_desktop.services.report_layout import team_report_document
from liaison_desktop.services.team_report import OFFICER, TeamReportBuilder

from .conftest import TEAM, outbox_rows
from .report_world import END, NOTE_TEXT, START, WORDS, seed


def test_the_report_counts_a_teams_notes_referrals_meetings_commitments_and_feedback(
    supervisor, officer, ambassador
):
    seed(officer, ambassador)

    report = TeamReportBuilder(supervisor).build(START, END, TEAM)

    kinds = report.tally("encounters_by_kind")
    assert [(c.key, c.count) for c in kinds.cells] == [("field_visit", 6), ("home_visit", 1)]
    assert kinds.total == 7
    assert report.tally("encounters_by_officer").count_of(officer.actor.user_id) == 7
    assert report.tally("encounters_flagged").count_of("adverse") == 1
    assert report.tally("referrals_by_category").count_of("housing") == 1
    assert report.tally("referrals_by_status").count_of("sent") == 1
    assert report.rate("referral_completion").value == 0.0
    assert report.tally("meetings_by_kind").count_of("listening_session") == 1
    assert report.tally("meeting_attendance").total == 40
    assert report.tally("commitments_by_state").count_of("open") == 1
    assert report.tally("commitments_flagged").count_of("overdue") == 1, "due March 1st, open on March 10th"
    assert report.tally("feedback_by_sentiment").count_of("negative") == 1
    assert report.rate("feedback_answered").value == 0.0


def test_a_range_without_the_records_counts_nothing(supervisor, officer, ambassador):
    seed(officer, ambassador)

    report = TeamReportBuilder(supervisor).build(dt.date(2025, 1, 1), dt.date(2025, 1, 31))

    assert report.tally("encounters_by_kind").total == 0
    assert report.tally("meeting_attendance").total == 0
    assert report.rate("referral_completion").value is None


def test_another_teams_report_counts_none_of_this_teams_records(supervisor, officer, ambassador):
    seed(officer, ambassador)

    report = TeamReportBuilder(supervisor).build(START, END, "22222222-2222-4222-8222-222222222222")

    assert all(tally.total == 0 for tally in report.tallies)


def test_the_csv_file_has_a_byte_order_mark_no_note_text_and_is_audited(
    supervisor, officer, ambassador, engine, tmp_path: Path
):
    seed(officer, ambassador)
    # An officer's display name typed as a formula by whoever made the account.
    words = dataclasses.replace(
        WORDS, value_label=lambda dimension, key: "=1+2" if dimension == OFFICER else key
    )
    document = team_report_document(TeamReportBuilder(supervisor).build(START, END), words, "Eastside team")

    (tmp_path / "out").mkdir()
    path = write_csv(document, tmp_path / "out" / "report.csv", supervisor.audit)

    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=1+2,7" in text and ",=1+2" not in text, "a formula in a value is defused"
    assert "field_visit,6" in text
    assert NOTE_TEXT not in text
    assert [p.name for p in path.parent.iterdir()] == ["report.csv"], "no temporary file left"
    exports = [e["fields"] for e in outbox_rows(engine, "audit_event") if e["fields"]["action"] == "exported"]
    assert [(e["subject_type"], e["reason"]) for e in exports] == [
        ("team_report", f"team report csv of {len(document.rows())} lines")
    ]
