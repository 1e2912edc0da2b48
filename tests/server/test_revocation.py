"""Revocation: who may revoke which device, its two kinds, and the wipe confirmation."""

from __future__ import annotations

from tests.server.conftest import World
from tests.server.helpers import API, SAMPLE_FIELDS, ApiUser


def _revoke(world: World, by: ApiUser, device_id: str, kind: str | None = None):
    body = None if kind is None else {"kind": kind}
    return world.client.post(f"{API}/admin/devices/{device_id}/revoke", json=body, headers=by.headers)


def _error(response) -> dict:
    return response.json()["error"]


def test_an_admin_revokes_any_device(world: World) -> None:
    admin = world.sign_in("adele")
    for username in ("sam", "sue", "sofia"):
        device = world.sign_in(username)
        assert _revoke(world, admin, device.device_id).json()["status"] == "revoked", username


def test_a_supervisor_revokes_the_officer_and_ambassador_devices_of_their_team(world: World) -> None:
    sofia = world.sign_in("sofia")
    for username in ("olivia", "amara"):
        device = world.sign_in(username)
        assert _revoke(world, sofia, device.device_id).status_code == 200, username


def test_a_supervisor_may_not_revoke_an_admins_device_even_in_their_team(world: World) -> None:
    sofia, admin = world.sign_in("sofia"), world.sign_in("adele")
    response = _revoke(world, sofia, admin.device_id)
    assert response.status_code == 403
    assert _error(response)["details"]["reason"] == "target_role"
    assert world.client.get(f"{API}/me", headers=admin.headers).status_code == 200


def test_a_supervisor_may_not_revoke_another_supervisors_device(world: World) -> None:
    sofia = world.sign_in("sofia")
    world.add_user("sven", "supervisor", "North")
    sven = world.sign_in("sven")
    assert _error(_revoke(world, sofia, sven.device_id))["details"]["reason"] == "target_role"


def test_a_supervisor_may_not_revoke_another_teams_device(world: World) -> None:
    sofia, sam = world.sign_in("sofia"), world.sign_in("sam")
    assert _revoke(world, sofia, sam.device_id).status_code == 404
    assert world.client.get(f"{API}/me", headers=sam.headers).status_code == 200


def test_a_revocation_is_a_lost_device_unless_said_otherwise(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    assert _revoke(world, admin, olivia.device_id).json()["revocation_kind"] == "lost_device"
    response = world.client.get(f"{API}/sync/pull", headers=olivia.headers)
    assert _error(response)["code"] == "device_revoked"
    assert _error(response)["details"] == {"kind": "lost_device"} and _error(response)["wipe"] is True


def test_a_lost_device_may_not_push(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    _revoke(world, admin, olivia.device_id, "lost_device")
    response = olivia.push_raw([olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"])])
    assert response.status_code == 401
    assert _error(response)["details"]["kind"] == "lost_device"


def test_an_offboarded_device_is_told_its_kind_and_may_push_its_outbox(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    _revoke(world, admin, olivia.device_id, "offboarding")
    pulled = world.client.get(f"{API}/sync/pull", headers=olivia.headers)
    assert _error(pulled)["details"] == {"kind": "offboarding"} and _error(pulled)["wipe"] is True
    [outcome] = olivia.push(olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"]))
    assert outcome["status"] == "applied"


def test_an_offboarded_device_may_not_push_once_it_confirmed_its_wipe(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    _revoke(world, admin, olivia.device_id, "offboarding")
    world.client.post(f"{API}/device/wiped", json={}, headers=olivia.headers)
    response = olivia.push_raw([olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"])])
    assert _error(response)["code"] == "device_revoked"


def test_an_offboarding_can_become_a_lost_device_but_not_the_reverse(world: World) -> None:
    olivia, omar, admin = world.sign_in("olivia"), world.sign_in("omar"), world.sign_in("adele")
    _revoke(world, admin, olivia.device_id, "offboarding")
    assert _revoke(world, admin, olivia.device_id, "lost_device").json()["revocation_kind"] == "lost_device"
    _revoke(world, admin, omar.device_id, "lost_device")
    assert _revoke(world, admin, omar.device_id, "offboarding").json()["revocation_kind"] == "lost_device"


def test_a_live_device_cannot_declare_itself_wiped(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    response = world.client.post(f"{API}/device/wiped", json={}, headers=olivia.headers)
    assert response.status_code == 403
    assert _error(response)["details"]["reason"] == "not_revoked"
    devices = world.client.get(f"{API}/admin/devices", headers=admin.headers).json()["devices"]
    assert {d["id"]: d["status"] for d in devices}[olivia.device_id] == "active"


def test_a_revoked_device_confirms_its_wipe_once(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    _revoke(world, admin, olivia.device_id)
    first = world.client.post(f"{API}/device/wiped", json={}, headers=olivia.headers)
    again = world.client.post(f"{API}/device/wiped", json={}, headers=olivia.headers)
    assert first.status_code == 200
    assert again.status_code == 403 and _error(again)["details"]["reason"] == "already_wiped"
