"""Pushes run concurrently (only taking change numbers is serialized): nothing they do to the same
records may be lost or applied twice.

A real server process with two workers, devices that push at the same instant (a barrier), and a commit
delay after the numbers are taken so that transactions overlap for real. Each test names the race it
provokes: edits of one record, creates of one id, timeline events of one referral, one mutation sent
twice at once.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from devkit.server_process import RunningServer, sign_in, start_server
from liaison_protocol import derived
from liaison_protocol.hlc import HybridClock
from tests.server.helpers import SAMPLE_FIELDS

DEVICES = 6


@pytest.fixture(scope="module")
def racing_server(module_db_url: str, tmp_path_factory: pytest.TempPathFactory):
    """Shared by the module's tests (each reads back only the records it made): a server with two
    workers takes seconds to start."""
    server = start_server(
        module_db_url,
        tmp_path_factory.mktemp("racing"),
        workers=2,
        env={"LIAISON_SERVER_TEST_COMMIT_DELAY_MS": "30"},
    )
    yield server
    server.stop()


class Device:
    """One signed-in device speaking plain HTTP to the server process."""

    def __init__(self, server: RunningServer, role_key: str, name: str) -> None:
        body = sign_in(server.url, *server.credentials(role_key), device_name=name)
        self.api = server.api
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {body['token']}"
        self.clock = HybridClock(body["device_id"])

    def mutation(
        self, record_type: str, fields: dict[str, Any], record_id: str | None = None, base: int | None = None
    ) -> dict[str, Any]:
        return {
            "mutation_id": str(uuid.uuid4()),
            "record_type": record_type,
            "record_id": record_id or str(uuid.uuid4()),
            "fields": fields,
            "hlc": self.clock.now(),
            "base_version": base,
        }

    def push(self, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.http.post(f"{self.api}/sync/push", json={"mutations": list(mutations)}, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()["outcomes"]

    def latest(self) -> dict[str, dict[str, Any]]:
        """Every record visible to this device, as its latest change."""
        records: dict[str, dict[str, Any]] = {}
        cursor = 0
        while True:
            response = self.http.get(
                f"{self.api}/sync/pull", params={"cursor": cursor, "limit": 1000}, timeout=60
            )
            assert response.status_code == 200, response.text
            page = response.json()
            records.update((c["record_id"], c) for c in page["changes"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return records


def _all_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call in its own thread, released together."""
    barrier = threading.Barrier(len(calls))

    def released(call: Callable[[], Any]) -> Any:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(released, calls))


def _devices(server: RunningServer) -> list[Device]:
    return [Device(server, "officer" if n % 2 else "officer2", f"racer {n}") for n in range(DEVICES)]


def test_concurrent_edits_of_different_fields_of_one_record_all_land(racing_server: RunningServer) -> None:
    devices = _devices(racing_server)
    contact = devices[0].mutation("contact", SAMPLE_FIELDS["contact"])
    devices[0].push(contact)
    fields = ["preferred_name", "neighborhood", "address", "organization", "notes", "email"]
    values = {"email": "racer@example.org"}
    edits = [
        device.mutation("contact", {name: values.get(name, f"set by {n}")}, contact["record_id"], base=1)
        for n, (device, name) in enumerate(zip(devices, fields, strict=True))
    ]

    outcomes = _all_at_once([lambda d=d, e=e: d.push(e) for d, e in zip(devices, edits, strict=True)])

    assert all(o["status"] in ("applied", "merged") for [o] in outcomes), outcomes
    record = devices[0].latest()[contact["record_id"]]
    assert record["version"] == 1 + DEVICES  # every edit made its own version: none overwrote another
    for n, name in enumerate(fields):
        assert record["fields"][name] == values.get(name, f"set by {n}")


def test_concurrent_creates_of_one_record_id_keep_one_record_and_no_edit_is_lost(
    racing_server: RunningServer,
) -> None:
    devices = _devices(racing_server)
    record_id = str(uuid.uuid4())
    creates = [
        device.mutation("contact", {**SAMPLE_FIELDS["contact"], "notes": f"note {n}"}, record_id)
        for n, device in enumerate(devices)
    ]

    outcomes = _all_at_once([lambda d=d, c=c: d.push(c) for d, c in zip(devices, creates, strict=True)])

    statuses = [o["status"] for [o] in outcomes]
    assert "rejected" not in statuses, outcomes
    latest = devices[0].latest()
    assert latest[record_id]["fields"]["notes"] in {f"note {n}" for n in range(DEVICES)}
    # Each losing value is kept as a conflict record for a person, never dropped.
    kept_aside = {
        c["fields"]["set_aside_value"]
        for c in latest.values()
        if c["record_type"] == "conflict" and c["fields"]["subject_id"] == record_id
    }
    assert kept_aside | {latest[record_id]["fields"]["notes"]} == {f"note {n}" for n in range(DEVICES)}


def test_concurrent_events_of_one_referral_leave_a_status_that_replays_the_whole_timeline(
    racing_server: RunningServer,
) -> None:
    devices = _devices(racing_server)
    owner = devices[0]
    contact = owner.mutation("contact", SAMPLE_FIELDS["contact"])
    service = owner.mutation("service", SAMPLE_FIELDS["service"])
    referral = owner.mutation(
        "referral",
        {**SAMPLE_FIELDS["referral"], "contact_id": contact["record_id"], "service_id": service["record_id"]},
    )
    owner.push(contact, service, referral)
    events = [
        device.mutation(
            "referral_event",
            {
                "referral_id": referral["record_id"],
                "from_status": "draft",
                "to_status": "sent" if n % 2 else "withdrawn",
            },
        )
        for n, device in enumerate(devices)
    ]

    outcomes = _all_at_once([lambda d=d, e=e: d.push(e) for d, e in zip(devices, events, strict=True)])

    assert all(o["status"] in ("applied", "merged") for [o] in outcomes), outcomes
    latest = owner.latest()
    timeline = [latest[e["record_id"]] for e in events]
    status, effective = derived.replay_referral(
        derived.TimelineEvent(
            e["record_id"], e["created_hlc"], e["fields"]["from_status"], e["fields"]["to_status"]
        )
        for e in timeline
    )
    assert latest[referral["record_id"]]["fields"]["status"] == status
    assert {e["record_id"]: e["fields"]["effective"] for e in timeline} == effective
    assert sum(effective.values()) == 1


def test_one_mutation_sent_twice_at_once_is_applied_once_and_answered_alike(
    racing_server: RunningServer,
) -> None:
    device = _devices(racing_server)[0]
    second_connection = Device(racing_server, "officer", "same device, second connection")
    second_connection.http.headers.update(device.http.headers)
    contact = device.mutation("contact", SAMPLE_FIELDS["contact"])

    answers = _all_at_once([lambda: device.push(contact), lambda: second_connection.push(contact)])

    assert answers[0] == answers[1]
    assert answers[0][0]["status"] == "applied"
    assert device.latest()[contact["record_id"]]["version"] == 1
