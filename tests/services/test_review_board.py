"""The Review queue's rows: never the note, how many of all the waiting a filter shows, the values the
filters offer, and where the review page goes after a decision."""

from __future__ import annotations

import dataclasses

from liaison_desktop.services.review_board import ReviewBoard
from liaison_desktop.services.reviews import ReviewQueueFilter

from .test_encounters import DRAFT


def _submitted(workspace, **fields) -> str:  # noqa: ANN001
    note = workspace.encounters.create_draft({**DRAFT, **fields})
    workspace.encounters.submit(note)
    return note


def test_a_row_holds_what_the_columns_show_and_never_the_note(supervisor, officer):
    note = _submitted(officer, kind="home_visit", neighborhood="Northgate", language="so")
    (row,) = ReviewBoard(supervisor).page().rows
    assert (row.id, row.officer_id, row.neighborhood, row.language, row.kind) == (
        note,
        officer.actor.user_id,
        "Northgate",
        "so",
        "home_visit",
    )
    assert (row.adverse, row.follow_up, row.overdue) == (False, True, False)
    assert DRAFT["summary"] not in repr(dataclasses.asdict(row))


def test_a_filter_shows_some_of_the_waiting_and_the_choices_stay_those_of_all(
    supervisor, officer, other_officer
):
    _submitted(officer, neighborhood="Eastside", language="ar")
    _submitted(other_officer, neighborhood="Northgate", language="so")

    page = ReviewBoard(supervisor).page(ReviewQueueFilter(neighborhood="Northgate"))

    assert (len(page.rows), page.waiting) == (1, 2)
    assert page.choices.neighborhoods == ["Eastside", "Northgate"]
    assert page.choices.languages == ["ar", "so"]
    assert page.choices.officer_ids == sorted([officer.actor.user_id, other_officer.actor.user_id])


def test_after_a_decision_the_next_note_is_the_first_still_waiting(supervisor, officer):
    first, second, third = _submitted(officer), _submitted(officer), _submitted(officer)
    supervisor.reviews.review(second, "approved")
    assert ReviewBoard(supervisor).next_waiting([second, third, first]) == third
    assert ReviewBoard(supervisor).next_waiting([second]) is None
