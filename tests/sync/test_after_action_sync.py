"""After-action reviews sync and are scoped like the team's other records: the team's officers and
supervisor receive a review and its commitments; an ambassador's store never does. Both backends."""

from __future__ import annotations

import datetime as dt

from liaison_desktop.services.workspace import Workspace
from tests.sync.conftest import DeviceFactory


def test_a_review_and_its_commitments_reach_the_team_and_not_the_ambassador(
    new_device: DeviceFactory,
) -> None:
    officer = new_device("officer")
    review_id = Workspace(officer.store).after_action.create(
        {"title": "Stop on Main St", "incident_on": dt.date(2026, 11, 28), "lessons": "Explain stops aloud"},
        [{"description": "Brief the market association", "due_on": dt.date(2026, 12, 5)}],
    )
    officer.sync()

    colleague, supervisor, ambassador = (
        new_device("officer2"),
        new_device("supervisor"),
        new_device("ambassador"),
    )
    for device in (colleague, supervisor, ambassador):
        device.sync()

    for device in (colleague, supervisor):
        assert set(device.rows("after_action_review")) == {review_id}
        [commitment] = device.rows("after_action_commitment").values()
        assert commitment["review_id"] == review_id and commitment["status"] == "open"
    assert ambassador.rows("after_action_review") == {}
    assert ambassador.rows("after_action_commitment") == {}


def test_a_commitment_closed_by_the_supervisor_is_closed_on_the_officers_laptop(
    new_device: DeviceFactory,
) -> None:
    officer, supervisor = new_device("officer"), new_device("supervisor")
    review_id = Workspace(officer.store).after_action.create(
        {"title": "Stop on Main St", "incident_on": dt.date(2026, 11, 28)},
        [{"description": "Brief the market association"}],
    )
    officer.sync()
    supervisor.sync()
    [commitment_id] = supervisor.rows("after_action_commitment")
    Workspace(supervisor.store).after_action.set_commitment_status(commitment_id, "done")
    supervisor.sync()
    officer.sync()
    assert Workspace(officer.store).after_action.follow_through(review_id).done == 1
