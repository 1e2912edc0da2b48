"""Administration endpoints: device lists, revocation, the audit trail, and who may use them."""

from __future__ import annotations

from tests.server.conftest import World
from tests.server.helpers import API


def test_officers_and_ambassadors_may_not_use_the_admin_endpoints(world: World) -> None:
    for username in ("olivia", "amara"):
        user = world.sign_in(username)
        for method, path in (("GET", "/admin/devices"), ("GET", "/admin/audit")):
            response = world.client.request(method, f"{API}{path}", headers=user.headers)
            assert response.status_code == 403, (username, path)
            assert response.json()["error"]["code"] == "forbidden"


def test_an_admin_lists_every_device(world: World) -> None:
    olivia, sam, admin = world.sign_in("olivia"), world.sign_in("sam"), world.sign_in("adele")
    devices = world.client.get(f"{API}/admin/devices", headers=admin.headers).json()["devices"]
    assert {olivia.device_id, sam.device_id, admin.device_id} <= {d["id"] for d in devices}


def test_a_supervisor_sees_and_revokes_only_devices_of_their_teams(world: World) -> None:
    olivia, sam, sofia = world.sign_in("olivia"), world.sign_in("sam"), world.sign_in("sofia")
    devices = world.client.get(f"{API}/admin/devices", headers=sofia.headers).json()["devices"]
    ids = {d["id"] for d in devices}
    assert olivia.device_id in ids and sam.device_id not in ids
    refused = world.client.post(f"{API}/admin/devices/{sam.device_id}/revoke", headers=sofia.headers)
    assert refused.status_code == 404
    assert world.client.get(f"{API}/me", headers=sam.headers).status_code == 200


def test_revoking_an_unknown_device_is_not_found(world: World) -> None:
    admin = world.sign_in("adele")
    response = world.client.post(f"{API}/admin/devices/nope/revoke", headers=admin.headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_audit_trail_shows_audit_events_and_nothing_else(world: World) -> None:
    olivia, sam, admin = world.sign_in("olivia"), world.sign_in("sam"), world.sign_in("adele")
    olivia.create("contact")
    north_event = olivia.create("audit_event")
    south_event = sam.create("audit_event", action="exported")
    events = world.client.get(f"{API}/admin/audit", headers=admin.headers).json()["events"]
    assert {e["record_id"] for e in events} == {north_event, south_event}
    assert {e["record_type"] for e in events} == {"audit_event"}


def test_a_supervisor_reads_the_audit_trail_of_their_teams_only(world: World) -> None:
    olivia, sam, sofia = world.sign_in("olivia"), world.sign_in("sam"), world.sign_in("sofia")
    north_event = olivia.create("audit_event")
    sam.create("audit_event")
    events = world.client.get(f"{API}/admin/audit", headers=sofia.headers).json()["events"]
    assert [e["record_id"] for e in events] == [north_event]


def test_the_audit_trail_pages_by_cursor(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    made = [olivia.create("audit_event") for _ in range(3)]
    first = world.client.get(f"{API}/admin/audit", params={"limit": 2}, headers=admin.headers).json()
    rest = world.client.get(
        f"{API}/admin/audit", params={"cursor": first["next_cursor"]}, headers=admin.headers
    ).json()
    assert first["has_more"] and not rest["has_more"]
    assert [e["record_id"] for e in first["events"] + rest["events"]] == made


def test_an_admin_pull_returns_no_records(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    olivia.create("contact")
    olivia.create("audit_event")
    assert admin.pull_all() == []
