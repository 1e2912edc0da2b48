"""Retention on the server: what counts as a record's last activity, what a purge leaves in the change
feed, and that nothing brings a purged record back (SQLite and PostgreSQL, in-process app)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from liaison_server import retention
from liaison_server.models import Record
from tests.server.conftest import World
from tests.server.helpers import API, ApiUser, new_id

YEAR_MS = 365 * 24 * 3600 * 1000


def _ms(text: str) -> int:
    return int(dt.datetime.fromisoformat(text).timestamp() * 1000)


def _age(world: World, record_id: str, years: int) -> None:
    """Make the record's last accepted change `years` old, as if written then."""
    with world._session() as session:
        old = retention.months_before(retention_now(), 12 * years)
        session.execute(update(Record).where(Record.record_id == record_id).values(changed_ms=old))
        session.commit()


def retention_now() -> int:
    return int(dt.datetime.now(dt.UTC).timestamp() * 1000)


def _purge(world: World, now_ms: int | None = None) -> dict[str, int]:
    with world._session() as session:
        return retention.purge_expired(session, now_ms or retention_now()).counts()


def _keep_encounters(world: World, months: int) -> None:
    with world._session() as session:
        retention.set_policy(session, "encounter", months, retention_now())
        session.commit()


def _purged_encounter(world: World, olivia: ApiUser) -> str:
    note = olivia.create("encounter", status="draft")
    _keep_encounters(world, 12)
    _age(world, note, 2)
    assert _purge(world) == {"encounter": 1}
    return note


def test_months_are_calendar_months_with_the_day_clamped() -> None:
    assert retention.months_before(_ms("2026-03-31T10:00:00+00:00"), 1) == _ms("2026-02-28T10:00:00+00:00")
    assert retention.months_before(_ms("2026-01-15T00:00:00+00:00"), 24) == _ms("2024-01-15T00:00:00+00:00")


def test_a_retention_period_is_set_for_top_level_types_only(world: World) -> None:
    with world._session() as session, pytest.raises(retention.RetentionError, match="follow their parent"):
        retention.set_policy(session, "amendment", 12, retention_now())


def test_a_recent_amendment_keeps_an_old_note_alive(world: World) -> None:
    olivia = world.sign_in("olivia")
    note = olivia.create("encounter", status="submitted")
    olivia.create("amendment", encounter_id=note, text="a later correction")
    _keep_encounters(world, 12)
    _age(world, note, 2)
    assert _purge(world) == {}


def test_a_purge_marker_carries_the_type_and_id_only(world: World) -> None:
    olivia = world.sign_in("olivia")
    note = _purged_encounter(world, olivia)
    page = world.client.get(f"{API}/sync/pull", params={"purged": 1}, headers=olivia.headers).json()
    [marker] = [change for change in page["changes"] if change["record_id"] == note]
    assert marker["purged"] is True and marker["fields"] == {}
    assert (marker["author_id"], marker["owner_id"], marker["team_id"], marker["updated_hlc"]) == (
        None,
        None,
        None,
        "",
    )


def test_a_purged_record_refuses_an_edit_a_re_creation_and_a_child(world: World) -> None:
    olivia = world.sign_in("olivia")
    note = _purged_encounter(world, olivia)
    edit = olivia.mutation("encounter", note, {"summary": "still here?"})
    again = olivia.mutation("encounter", note, {"occurred_at": "2026-03-10T09:00:00+00:00", "kind": "phone"})
    again["base_version"] = None
    child = olivia.mutation("amendment", None, {"encounter_id": note, "text": "late"})
    outcomes = olivia.push(edit, again, child)
    assert [(o["status"], o["reason"]) for o in outcomes] == [("rejected", "record_purged")] * 3


def test_a_reference_to_an_erased_contact_is_refused_as_purged(world: World) -> None:
    olivia = world.sign_in("olivia")
    contact = olivia.create("contact")
    with world._session() as session:
        retention.set_policy(session, "contact", 1, retention_now())
        session.commit()
    assert _purge(world, retention_now() + 2 * YEAR_MS) == {"contact": 1}
    fields = {"occurred_at": "2026-03-10T09:00:00+00:00", "kind": "phone", "participant_ids": [contact]}
    [outcome] = olivia.push(olivia.mutation("encounter", None, fields))
    assert (outcome["status"], outcome["reason"]) == ("rejected", "record_purged")


def test_an_administrator_holds_a_record_through_a_purge_and_lifts_the_hold_over_the_api(
    world: World,
) -> None:
    olivia, adele = world.sign_in("olivia"), world.sign_in("adele")
    note = olivia.create("encounter", status="draft")
    _keep_encounters(world, 12)
    _age(world, note, 2)
    held = world.client.put(f"{API}/admin/holds/{note}", json={"reason": "case 114"}, headers=adele.headers)
    assert held.json() == {"record_id": note, "held": True}
    assert _purge(world) == {}
    assert world.client.delete(f"{API}/admin/holds/{note}", headers=adele.headers).status_code == 200
    assert _purge(world) == {"encounter": 1}


def test_only_an_administrator_places_a_hold_and_only_on_a_record_that_exists(world: World) -> None:
    olivia, sofia, adele = world.sign_in("olivia"), world.sign_in("sofia"), world.sign_in("adele")
    note = olivia.create("encounter", status="draft")
    refused = world.client.put(f"{API}/admin/holds/{note}", json={}, headers=sofia.headers)
    unknown = world.client.put(f"{API}/admin/holds/{new_id()}", json={}, headers=adele.headers)
    assert (refused.status_code, unknown.status_code) == (403, 404)


def test_a_client_that_does_not_ask_for_purge_markers_gets_a_bare_tombstone(world: World) -> None:
    olivia = world.sign_in("olivia")
    note = _purged_encounter(world, olivia)
    tombstone = olivia.latest("encounter")[note]
    assert "purged" not in tombstone and (tombstone["deleted"], tombstone["fields"]) == (True, {})


def test_deleting_a_purged_record_is_answered_as_done(world: World) -> None:
    olivia = world.sign_in("olivia")
    note = _purged_encounter(world, olivia)
    [outcome] = olivia.push(olivia.mutation("encounter", note, op="delete"))
    assert (outcome["status"], outcome["reason"]) == ("applied", None)


def test_purging_a_record_empties_the_values_its_conflicts_left_in_stored_push_outcomes(world: World) -> None:
    olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
    contact = olivia.create("contact")
    early = olivia.mutation("contact", contact, {"phone": "+331"})
    omar.push(omar.later_than(early).mutation("contact", contact, {"phone": "+332"}))
    [conflicted] = olivia.push(early)
    assert conflicted["conflicts"][0]["set_aside_value"] == "+331"
    with world._session() as session:
        retention.set_policy(session, "contact", 1, retention_now())
        session.commit()
    assert _purge(world, retention_now() + 2 * YEAR_MS) == {"conflict": 1, "contact": 1}
    [replayed] = olivia.push(early)  # a retry is answered from the stored outcome
    [note] = replayed["conflicts"]
    assert (note["kept_value"], note["set_aside_value"]) == (None, None)
