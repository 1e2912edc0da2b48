"""The server's own audit trail: every account and device event is written, with the client address
where there is one and never a password; admins read it filtered, supervisors for their teams; no
device can forge one."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

from fastapi.testclient import TestClient

from devkit.server_process import DEFAULT_PASSWORD
from liaison_server import accounts
from liaison_server.app import create_app
from liaison_server.core.config import Settings
from liaison_server.core.security import password_hasher
from liaison_server.db import session_factory
from tests.server.conftest import World
from tests.server.helpers import API

NEW_PASSWORD = "a fresher passphrase"


def _events(world: World, **params: Any) -> list[dict[str, Any]]:
    """The trail as an admin reads it, without the admin reads that reading adds."""
    admin = world.sign_in("adele")
    response = world.client.get(f"{API}/admin/server-audit", params=params, headers=admin.headers)
    assert response.status_code == 200, response.text
    return [e for e in response.json()["events"] if e["actor_user_id"] != admin.id]


def _actions(world: World, **params: Any) -> list[str]:
    return [e["action"] for e in _events(world, **params)]


def _from(world: World, address: str) -> TestClient:
    return TestClient(world.client.app, client=(address, 40000), raise_server_exceptions=False)


def test_a_sign_in_is_written_with_the_device_and_the_client_address(world: World) -> None:
    response = _from(world, "192.0.2.10").post(
        f"{API}/auth/sign-in", json={"username": "olivia", "password": DEFAULT_PASSWORD}
    )
    [event] = _events(world, action="sign_in_succeeded", user="olivia")
    assert event["subject_device_id"] == response.json()["device_id"]
    assert event["client_address"] == "192.0.2.10"
    assert event["subject_username"] == "olivia"


def test_a_failed_sign_in_is_written_without_the_password(world: World) -> None:
    _from(world, "192.0.2.11").post(
        f"{API}/auth/sign-in", json={"username": "olivia", "password": "guess-1234"}
    )
    [event] = _events(world, action="sign_in_failed")
    assert (event["subject_username"], event["client_address"]) == ("olivia", "192.0.2.11")
    assert "guess-1234" not in json.dumps(event)


def test_a_failed_sign_in_for_an_unknown_username_names_nobody(world: World) -> None:
    world.client.post(f"{API}/auth/sign-in", json={"username": "my-password-typed-here", "password": "x"})
    [event] = _events(world, action="sign_in_failed")
    assert event["subject_user_id"] is None
    assert "my-password-typed-here" not in json.dumps(event)


def test_a_throttled_sign_in_is_written_with_the_wait(world: World) -> None:
    guesser = _from(world, "198.51.100.3")
    for _ in range(6):
        guesser.post(f"{API}/auth/sign-in", json={"username": "olivia", "password": "wrong pass"})
    [event] = _events(world, action="sign_in_throttled")
    assert event["subject_username"] == "olivia" and event["details"]["retry_after_s"] > 0
    assert event["client_address"] == "198.51.100.3"


def test_a_sign_out_and_a_password_change_are_written(world: World) -> None:
    olivia = world.sign_in("olivia")
    world.client.post(
        f"{API}/auth/password",
        json={"old_password": "wrong password", "new_password": NEW_PASSWORD},
        headers=olivia.headers,
    )
    world.client.post(
        f"{API}/auth/password",
        json={"old_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=olivia.headers,
    )
    world.client.post(f"{API}/auth/sign-out", headers=olivia.headers)
    events = _events(
        world, user="olivia", action=["password_change_failed", "password_changed", "signed_out"]
    )
    assert [e["action"] for e in events] == ["password_change_failed", "password_changed", "signed_out"]
    assert all(e["actor_device_id"] == olivia.device_id for e in events)
    assert NEW_PASSWORD not in json.dumps(events)


def test_a_password_reset_is_written(world: World) -> None:
    with session_factory(world.client.app.state.engine)() as session:
        accounts.reset_password(session, password_hasher(world.settings.argon2), "olivia", NEW_PASSWORD)
        session.commit()
    [event] = _events(world, action="password_reset")
    assert event["subject_username"] == "olivia" and event["actor_user_id"] is None


def test_disabling_and_enabling_are_written_with_the_admin(world: World) -> None:
    admin = world.sign_in("adele")
    world.client.post(f"{API}/admin/users/olivia/disable", headers=admin.headers)
    world.client.post(f"{API}/admin/users/olivia/enable", headers=admin.headers)
    trail = world.client.get(
        f"{API}/admin/server-audit",
        params={"action": ["account_disabled", "account_enabled"]},
        headers=admin.headers,
    ).json()["events"]
    assert [(e["action"], e["actor_username"], e["subject_username"]) for e in trail] == [
        ("account_disabled", "adele", "olivia"),
        ("account_enabled", "adele", "olivia"),
    ]


def test_a_revocation_and_its_wipe_confirmation_are_written_with_the_kind(world: World) -> None:
    olivia, sofia = world.sign_in("olivia"), world.sign_in("sofia")
    world.client.post(
        f"{API}/admin/devices/{olivia.device_id}/revoke", json={"kind": "offboarding"}, headers=sofia.headers
    )
    world.client.post(f"{API}/device/wiped", json={}, headers=olivia.headers)
    events = _events(world, device_id=olivia.device_id, action=["device_revoked", "wipe_confirmed"])
    assert [(e["action"], e["details"]["kind"]) for e in events] == [
        ("device_revoked", "offboarding"),
        ("wipe_confirmed", "offboarding"),
    ]
    assert events[0]["actor_username"] == "sofia"


def test_admin_reads_are_written(world: World) -> None:
    admin = world.sign_in("adele")
    world.client.get(f"{API}/admin/devices", headers=admin.headers)
    world.client.get(f"{API}/admin/audit", headers=admin.headers)
    trail = world.client.get(
        f"{API}/admin/server-audit", params={"action": "admin_read"}, headers=admin.headers
    ).json()["events"]
    assert [e["details"]["what"] for e in trail] == ["devices", "audit", "server_audit"]
    assert {e["actor_username"] for e in trail} == {"adele"}


def test_the_trail_filters_by_time_and_pages_by_cursor(world: World) -> None:
    for _ in range(3):
        world.sign_in("olivia")
    admin = world.sign_in("adele")
    everything = _events(world, action="sign_in_succeeded", user="olivia")
    middle = everything[1]["at_ms"]
    later = _events(world, action="sign_in_succeeded", user="olivia", since_ms=middle)
    assert [e["id"] for e in later] == [e["id"] for e in everything if e["at_ms"] >= middle]
    first = world.client.get(
        f"{API}/admin/server-audit", params={"user": "olivia", "limit": 2}, headers=admin.headers
    ).json()
    rest = world.client.get(
        f"{API}/admin/server-audit",
        params={"user": "olivia", "cursor": first["next_cursor"]},
        headers=admin.headers,
    ).json()
    assert first["has_more"] and not rest["has_more"]
    assert [e["id"] for e in first["events"] + rest["events"]] == [e["id"] for e in everything]


def test_a_supervisor_reads_the_server_trail_of_their_teams_only(world: World) -> None:
    world.sign_in("olivia")
    world.sign_in("sam")
    sofia = world.sign_in("sofia")
    trail = world.client.get(
        f"{API}/admin/server-audit", params={"action": "sign_in_succeeded"}, headers=sofia.headers
    ).json()["events"]
    assert {e["subject_username"] for e in trail} == {"olivia", "sofia"}


def test_officers_may_not_read_the_server_trail(world: World) -> None:
    olivia = world.sign_in("olivia")
    assert world.client.get(f"{API}/admin/server-audit", headers=olivia.headers).status_code == 403


def test_a_device_cannot_push_an_audit_event_of_a_server_only_kind(world: World) -> None:
    olivia = world.sign_in("olivia")
    forged = olivia.mutation(
        "audit_event", fields={"action": "sign_in_succeeded", "at": "2026-11-20T10:00:00+00:00"}
    )
    response = olivia.push_raw([forged])
    assert response.status_code == 403
    assert response.json()["error"]["details"] == {
        "index": 0,
        "reason": "server_only_type",
        "field": "action",
    }


def test_the_forwarded_address_is_believed_only_from_a_configured_proxy(world: World) -> None:
    settings = Settings(
        db_url=world.settings.db_url,
        argon2=world.settings.argon2,
        trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),),
    )
    app = create_app(settings)
    body = {"username": "olivia", "password": DEFAULT_PASSWORD}
    forwarded = {"X-Forwarded-For": "203.0.113.99, 198.51.100.5, 10.1.1.1"}
    TestClient(app, client=("10.0.0.2", 1)).post(f"{API}/auth/sign-in", json=body, headers=forwarded)
    TestClient(app, client=("192.0.2.50", 1)).post(f"{API}/auth/sign-in", json=body, headers=forwarded)
    app.state.engine.dispose()
    addresses = [e["client_address"] for e in _events(world, action="sign_in_succeeded", user="olivia")]
    assert addresses == ["198.51.100.5", "192.0.2.50"]
