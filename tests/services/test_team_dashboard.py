"""The Dashboard's numbers: weeks start on Monday, a note counts in the week of its own day, feedback and
referrals in the laptop's time zone, completion is out of referrals with an outcome, and a commitment is
kept on time only when marked done by its due day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from liaison_desktop.services.context import ServiceSettings
from liaison_desktop.services.errors import NotAllowed
from liaison_desktop.services.team_dashboard import (
    OTHER,
    UNRECORDED,
    CommitmentWeek,
    DateRange,
    TeamDashboardReader,
)
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.record_store import RecordStore

from .conftest import NOW, TEAM, USERS, consent
from .test_encounters import DRAFT

NEW_YORK = ZoneInfo("America/New_York")
MAR_2, MAR_9 = dt.date(2026, 3, 2), dt.date(2026, 3, 9)  # Mondays; NOW is Tuesday March 10
TWO_WEEKS = DateRange(MAR_2, NOW.date())


class Laptop:
    """One profile whose device clock reads `at` (moved forward by the test), so records are stamped
    on the days a test names, seen by several people."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.at = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
        self._clock = None
        self._workspaces: dict[str, Workspace] = {}

    def workspace(self, who: str) -> Workspace:
        if who not in self._workspaces:
            store = RecordStore(
                self.engine,
                Actor(USERS[who], who.removeprefix("other_"), TEAM),
                wall=lambda: self.at.timestamp(),
            )
            self._clock = self._clock or store.clock
            store.clock = self._clock
            self._workspaces[who] = Workspace(store, ServiceSettings(), clock=lambda: NOW)
        return self._workspaces[who]

    def on(self, moment: str) -> Laptop:
        self.at = dt.datetime.fromisoformat(moment)
        return self


@pytest.fixture
def laptop(engine: Engine) -> Laptop:
    return Laptop(engine)


def _dashboard(laptop: Laptop, range_: DateRange = TWO_WEEKS):
    return TeamDashboardReader(laptop.workspace("supervisor"), tz=NEW_YORK).read(range_)


def _note(officer: Workspace, **fields) -> str:  # noqa: ANN003
    """A submitted note; a field given as None is left out (not recorded)."""
    note = officer.encounters.create_draft({k: v for k, v in {**DRAFT, **fields}.items() if v is not None})
    officer.encounters.submit(note)
    return note


def test_the_default_range_is_this_week_and_the_eleven_before_up_to_today():
    range_ = DateRange.last_weeks(dt.date(2026, 3, 10))
    assert (range_.first, range_.last) == (dt.date(2025, 12, 22), dt.date(2026, 3, 10))
    weeks = range_.weeks()
    assert len(weeks) == 12 and {week.weekday() for week in weeks} == {0} and weeks[-1] == MAR_9


def test_a_note_counts_in_the_week_of_the_day_where_it_happened(laptop):
    officer = laptop.workspace("officer")
    _note(officer, occurred_at="2026-03-08T23:30:00-05:00", neighborhood="Eastside", language="ar")  # Sunday
    _note(officer, occurred_at="2026-03-09T00:30:00+01:00", neighborhood="Eastside", language="so")  # Monday
    _note(officer, occurred_at="2026-03-10T09:00:00-05:00", neighborhood="Northgate", language="ar")
    _note(officer, occurred_at="2026-03-10T10:00:00-05:00", neighborhood=None, language=None)
    officer.encounters.create_draft({**DRAFT, "occurred_at": "2026-03-10T11:00:00-05:00"})  # a draft: no
    _note(officer, occurred_at="2026-02-27T10:00:00-05:00")  # before the range

    dashboard = _dashboard(laptop)

    assert dashboard.encounters_by_neighborhood.weeks == [MAR_2, MAR_9]
    assert dashboard.encounters_by_neighborhood.series == {
        "Eastside": [1, 1],
        "Northgate": [0, 1],
        UNRECORDED: [0, 1],
    }
    assert dashboard.encounters_by_language.series == {"ar": [1, 1], "so": [0, 1], UNRECORDED: [0, 1]}


def test_beyond_six_neighborhoods_the_fewest_add_up_as_other(laptop):
    officer = laptop.workspace("officer")
    for n, place in enumerate(["A", "A", "B", "B", "C", "D", "E", "F", "G", "H"]):
        _note(officer, occurred_at=f"2026-03-0{2 + n % 7}T10:00:00-05:00", neighborhood=place)
    series = _dashboard(laptop).encounters_by_neighborhood.series
    assert list(series) == ["A", "B", "C", "D", "E", "F", OTHER]
    assert sum(series[OTHER]) == 2


def test_completion_is_completed_out_of_referrals_with_an_outcome_by_category(laptop):
    officer = laptop.on("2026-03-03T15:00:00+00:00").workspace("officer")
    contact = officer.contacts.create({"given_name": "Amina", "consent_share": consent()})
    housing = officer.directory.create({"name": "Tenant Help Desk", "category": "housing"})
    health = officer.directory.create({"name": "Eastside Clinic", "category": "health"})

    def referral(service: str, *moves: str) -> None:
        made = officer.referrals.create(contact, service)
        for status in moves:
            officer.referrals.change_status(made, status)

    referral(housing, "sent", "accepted", "completed")
    referral(housing, "sent", "declined")
    referral(housing, "sent")  # still open: no outcome yet
    referral(health, "sent", "accepted", "completed")
    officer.referrals.create(contact, health)  # a draft is not a referral made

    rows = {row.category: row for row in _dashboard(laptop).referral_completion}

    assert [(c, r.made, r.completed, r.closed, r.still_open) for c, r in rows.items()] == [
        ("housing", 3, 1, 2, 1),
        ("health", 1, 1, 1, 0),
    ]
    assert (rows["housing"].rate, rows["health"].rate) == (0.5, 1.0)


def test_feedback_is_counted_in_the_week_of_the_laptops_day(laptop):
    ambassador = laptop.workspace("ambassador")
    # 03:00 UTC on Monday is still Sunday evening in New York: the week before.
    laptop.on("2026-03-09T03:00:00+00:00")
    ambassador.feedback.record({"topic": "Stops", "sentiment": "negative"})
    laptop.on("2026-03-09T15:00:00+00:00")
    ambassador.feedback.record({"topic": "Lights", "sentiment": "positive"})
    ambassador.feedback.record({"topic": "Parking", "sentiment": "positive"})

    sentiment = _dashboard(laptop).sentiment

    assert sentiment.series == {
        "positive": [0, 2],
        "neutral": [0, 0],
        "negative": [1, 0],
        "mixed": [0, 0],
    }


def test_a_commitment_is_kept_on_time_when_marked_done_by_its_due_day_and_judged_once_it_can_be(laptop):
    officer = laptop.on("2026-03-01T15:00:00+00:00").workspace("officer")
    meeting = officer.meetings.create({"kind": "town_hall", "title": "Town hall", "held_on": "2026-03-01"})

    def promise(due: str) -> str:
        return officer.meetings.add_commitment(meeting, "A promise", due_on=dt.date.fromisoformat(due))

    on_time, late, dropped, _still_open = (
        promise(d) for d in ("2026-03-04", "2026-03-04", "2026-03-05", "2026-03-05")
    )
    promise("2026-03-10")  # due today and still open: not judged yet
    early = promise("2026-03-10")
    review = officer.after_action.create(
        {"title": "Traffic stop", "incident_on": "2026-03-01"},
        [{"description": "Brief the parents", "due_on": "2026-03-09"}],
    )
    (review_promise,) = officer.after_action.commitments_of(review)
    laptop.on("2026-03-04T20:00:00+00:00")  # 15:00 in New York: still the due day
    officer.meetings.set_commitment_status(on_time, "done")
    officer.meetings.set_commitment_status(dropped, "dropped")
    laptop.on("2026-03-06T15:00:00+00:00")
    officer.meetings.set_commitment_status(late, "done")
    laptop.on("2026-03-09T12:00:00+00:00")
    officer.after_action.set_commitment_status(review_promise["id"], "done")
    officer.meetings.set_commitment_status(early, "done")

    dashboard = _dashboard(laptop)

    assert dashboard.commitments == [
        CommitmentWeek(MAR_2, on_time=1, late=1, dropped=1, open=1),
        CommitmentWeek(MAR_9, on_time=2, late=0, dropped=0, open=0),
    ]
    assert dashboard.commitments_on_time == (3, 6)


def test_only_a_supervisor_reads_the_dashboard(laptop):
    with pytest.raises(NotAllowed):
        TeamDashboardReader(laptop.workspace("officer")).read(TWO_WEEKS)
