"""The server checks each device's audit-event hash chain on push: a normal chain verifies with no
finding; a forged, dropped, replayed, back-dated or future-dated event is stored, flagged, and recorded
as exactly one `client_audit_finding` naming the device, the event and its sequence, never its contents.
Officers read the views of their own notes and nothing else of the trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from liaison_protocol.audit_chain import GENESIS, event_hash
from tests.server.conftest import World
from tests.server.helpers import API, ApiUser, new_id

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass
class ChainWriter:
    """What a desktop's AuditLog does: each event takes the next place after the last one's hash."""

    device: ApiUser
    sequence: int = 0
    last_hash: str = GENESIS
    written: list[dict[str, Any]] = field(default_factory=list)

    def event(self, at: dt.datetime = NOW, **fields: Any) -> dict[str, Any]:
        """The next event's mutation, linked into the chain."""
        record_id = new_id()
        body = {"action": "exported", "subject_type": "report", "at": at.isoformat(), **fields}
        self.sequence += 1
        body.update(sequence=self.sequence, prev_hash=self.last_hash)
        body["hash"] = self.last_hash = event_hash(record_id, body, self.sequence, self.last_hash)
        mutation = self.device.mutation("audit_event", record_id, body)
        self.written.append(mutation)
        return mutation

    def push(self, *mutations: dict[str, Any]) -> None:
        outcomes = self.device.push(*mutations)
        assert [o["status"] for o in outcomes] == ["applied"] * len(mutations), outcomes


def _findings(world: World) -> list[dict[str, Any]]:
    admin = world.sign_in("adele")
    response = world.client.get(
        f"{API}/admin/server-audit", params={"action": "client_audit_finding"}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    return response.json()["events"]


def _problems(world: World) -> list[tuple[int | None, str]]:
    return [(e["details"]["sequence"], e["details"]["problem"]) for e in _findings(world)]


def _stored(world: World, record_id: str) -> dict[str, Any]:
    return world.sign_in("sofia").latest("audit_event")[record_id]["fields"]


def test_a_normal_chain_verifies_with_no_finding(world: World) -> None:
    chain = ChainWriter(world.sign_in("olivia"))
    chain.push(chain.event(), chain.event())
    chain.push(chain.event())
    assert _findings(world) == []
    assert _stored(world, chain.written[-1]["record_id"])["chain_status"] == "verified"


def test_a_forged_event_is_stored_flagged_as_altered(world: World) -> None:
    chain = ChainWriter(world.sign_in("olivia"))
    first = chain.event()
    forged = chain.event(reason="quarterly report")
    forged["fields"]["reason"] = "nothing to see"
    chain.push(first, forged, chain.event())
    assert _problems(world) == [(2, "altered")]
    stored = _stored(world, forged["record_id"])
    assert (stored["chain_status"], stored["chain_problems"]) == ("flagged", ["altered"])


def test_a_dropped_event_is_a_gap(world: World) -> None:
    chain = ChainWriter(world.sign_in("olivia"))
    first, dropped, third = chain.event(), chain.event(), chain.event()
    chain.push(first, third)
    assert dropped["record_id"] != third["record_id"]
    assert _problems(world) == [(3, "gap")]


def test_a_replayed_event_is_recorded_as_replayed(world: World) -> None:
    chain = ChainWriter(world.sign_in("olivia"))
    first = chain.event()
    chain.push(first, chain.event())
    copy = chain.device.mutation("audit_event", new_id(), dict(first["fields"]))
    chain.push(copy)
    assert _problems(world) == [(1, "replayed")]


def test_an_event_back_dated_to_2020_is_recorded(world: World) -> None:
    chain = ChainWriter(world.sign_in("olivia"))
    chain.push(chain.event())
    chain.push(chain.event(at=dt.datetime(2020, 1, 15, 9, 0, tzinfo=dt.UTC), action="signed_in"))
    assert _problems(world) == [(2, "backdated")]


def test_a_future_dated_event_is_recorded_and_does_not_move_the_window(world: World) -> None:
    chain = ChainWriter(world.sign_in("olivia"))
    chain.push(chain.event(at=NOW + dt.timedelta(days=3)), chain.event())
    assert _problems(world) == [(1, "future_dated")]


def test_a_laptop_clock_a_few_minutes_off_is_within_the_window(world: World) -> None:
    chain = ChainWriter(world.sign_in("olivia"))
    chain.push(chain.event(at=NOW + dt.timedelta(minutes=5)), chain.event(at=NOW - dt.timedelta(minutes=2)))
    assert _findings(world) == []


def test_a_finding_names_the_device_and_event_never_the_contents(world: World) -> None:
    chain = ChainWriter(world.sign_in("olivia"))
    forged = chain.event(reason="visit to the Haddad family")
    forged["fields"]["reason"] = "visit to another family"
    chain.push(forged)
    [finding] = _findings(world)
    assert finding["actor_device_id"] == chain.device.device_id
    assert finding["details"]["event_id"] == forged["record_id"]
    assert "family" not in str(finding)


def test_events_of_an_old_client_are_stored_unchained_without_a_finding(world: World) -> None:
    device = world.sign_in("olivia")
    event = device.mutation("audit_event", None, {"action": "viewed", "at": NOW.isoformat()})
    device.push(event)
    assert _findings(world) == []
    assert _stored(world, event["record_id"])["chain_status"] == "unchained"


def test_leaving_the_chain_out_once_chained_is_a_finding(world: World) -> None:
    chain = ChainWriter(world.sign_in("olivia"))
    chain.push(chain.event())
    chain.push(chain.device.mutation("audit_event", None, {"action": "viewed", "at": NOW.isoformat()}))
    assert _problems(world) == [(None, "unchained_after_chain")]


def test_a_device_cannot_set_what_the_server_found(world: World) -> None:
    chain = ChainWriter(world.sign_in("olivia"))
    mutation = chain.event()
    mutation["fields"]["chain_status"] = "verified"
    response = chain.device.push_raw([mutation])
    assert response.status_code == 422
    assert response.json()["error"]["details"]["key"] == "field.server_only"


def test_an_officer_reads_who_viewed_their_note_and_no_other_audit_event(world: World) -> None:
    olivia, sofia = world.sign_in("olivia"), world.sign_in("sofia")
    note = olivia.create("encounter")
    colleague_note = world.sign_in("omar").create("encounter")
    views = ChainWriter(sofia)
    view = views.event(action="viewed", subject_type="encounter", subject_id=note)
    other = views.event(action="viewed", subject_type="encounter", subject_id=colleague_note)
    views.push(view, other, views.event())
    seen = olivia.latest("audit_event")
    assert list(seen) == [view["record_id"]]
    assert seen[view["record_id"]]["author_id"] == sofia.id
    for colleague in ("omar", "amara"):  # the other note's author sees its view only; an ambassador none
        seen_by = set(world.sign_in(colleague).latest("audit_event"))
        assert seen_by == ({other["record_id"]} if colleague == "omar" else set())


def test_a_view_of_a_note_the_writer_cannot_read_is_not_shown_to_its_author(world: World) -> None:
    note = world.sign_in("olivia").create("encounter")
    sam = ChainWriter(world.sign_in("sam"))  # an officer of the South team
    sam.push(sam.event(action="viewed", subject_type="encounter", subject_id=note))
    assert world.sign_in("olivia").latest("audit_event") == {}
