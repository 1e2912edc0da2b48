"""Signing in, tokens, lockout, revocation and the wipe confirmation."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update

from devkit.server_process import DEFAULT_PASSWORD
from liaison_server.app import create_app
from liaison_server.db import session_factory
from liaison_server.models import Device
from tests.server.conftest import World
from tests.server.helpers import API


def _sign_in(client: TestClient, username: str, password: str, **extra: object):
    return client.post(f"{API}/auth/sign-in", json={"username": username, "password": password, **extra})


def _error(response) -> dict:
    return response.json()["error"]


def test_sign_in_registers_a_device_and_returns_a_token_and_the_server_time(world: World) -> None:
    response = _sign_in(world.client, "olivia", DEFAULT_PASSWORD, device_name="laptop 7")
    body = response.json()
    assert response.status_code == 200
    assert body["user"]["role"] == "officer"
    assert body["user"]["team_ids"] == [world.teams["North"]]
    assert len(body["device_id"]) == 32 and body["token"] and body["server_time_ms"] > 0


def test_me_answers_who_the_token_belongs_to(world: World) -> None:
    olivia = world.sign_in("olivia")
    response = world.client.get(f"{API}/me", headers=olivia.headers)
    assert response.status_code == 200
    assert response.json()["username"] == "olivia"


def test_a_wrong_password_is_bad_credentials(world: World) -> None:
    response = _sign_in(world.client, "olivia", "not the password")
    assert response.status_code == 401
    assert _error(response)["code"] == "bad_credentials"


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(world: World) -> None:
    response = _sign_in(world.client, "nobody", "whatever123")
    assert response.status_code == 401
    assert _error(response)["code"] == "bad_credentials"


def test_five_failures_make_the_guessing_address_wait_even_with_the_right_password(world: World) -> None:
    """The address that guessed waits (a clean address still gets in: test_sign_in_throttle.py)."""
    for _ in range(5):
        assert _sign_in(world.client, "olivia", "wrong password").status_code == 401
    response = _sign_in(world.client, "olivia", DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert _error(response)["code"] == "locked_out"
    assert 0 < _error(response)["details"]["retry_after_s"] <= 15 * 60
    assert int(response.headers["Retry-After"]) > 0


def test_the_throttle_is_shared_by_every_worker_through_the_database(world: World) -> None:
    with TestClient(create_app(world.settings), raise_server_exceptions=False) as other_worker:
        for attempt in range(5):
            client = world.client if attempt % 2 else other_worker
            assert _sign_in(client, "olivia", "wrong password").status_code == 401
        assert _sign_in(other_worker, "olivia", DEFAULT_PASSWORD).status_code == 429
        assert _sign_in(world.client, "olivia", DEFAULT_PASSWORD).status_code == 429


def test_a_success_resets_the_failure_count(world: World) -> None:
    for _ in range(4):
        _sign_in(world.client, "olivia", "wrong password")
    assert _sign_in(world.client, "olivia", DEFAULT_PASSWORD).status_code == 200
    for _ in range(4):
        _sign_in(world.client, "olivia", "wrong password")
    assert _sign_in(world.client, "olivia", DEFAULT_PASSWORD).status_code == 200


def test_a_request_without_a_token_is_invalid_token(world: World) -> None:
    response = world.client.get(f"{API}/sync/pull")
    assert response.status_code == 401
    assert _error(response)["code"] == "invalid_token"


def test_an_unknown_token_is_invalid_token(world: World) -> None:
    response = world.client.get(f"{API}/sync/pull", headers={"Authorization": "Bearer made-up"})
    assert response.status_code == 401
    assert _error(response) == {**_error(response), "code": "invalid_token", "wipe": False}


def test_an_expired_token_is_invalid_token(world: World) -> None:
    olivia = world.sign_in("olivia")
    with session_factory(world.client.app.state.engine)() as session:
        session.execute(update(Device).where(Device.id == olivia.device_id).values(expires_ms=1))
        session.commit()
    response = world.client.get(f"{API}/sync/pull", headers=olivia.headers)
    assert response.status_code == 401
    assert _error(response)["code"] == "invalid_token"


def test_a_revoked_device_is_told_to_wipe(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    revoke = world.client.post(f"{API}/admin/devices/{olivia.device_id}/revoke", headers=admin.headers)
    assert revoke.status_code == 200 and revoke.json()["status"] == "revoked"
    response = world.client.get(f"{API}/sync/pull", headers=olivia.headers)
    assert response.status_code == 401
    assert _error(response)["code"] == "device_revoked"
    assert _error(response)["wipe"] is True


def test_a_revoked_device_is_told_to_wipe_even_after_its_token_expired(world: World) -> None:
    olivia = world.sign_in("olivia")
    with session_factory(world.client.app.state.engine)() as session:
        session.execute(
            update(Device).where(Device.id == olivia.device_id).values(expires_ms=1, revoked_ms=2)
        )
        session.commit()
    response = world.client.post(f"{API}/sync/push", json={"mutations": []}, headers=olivia.headers)
    assert _error(response)["code"] == "device_revoked"


def test_a_revoked_device_can_confirm_its_wipe(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    world.client.post(f"{API}/admin/devices/{olivia.device_id}/revoke", headers=admin.headers)
    confirmed = world.client.post(f"{API}/device/wiped", json={}, headers=olivia.headers)
    assert confirmed.status_code == 200
    devices = world.client.get(f"{API}/admin/devices", headers=admin.headers).json()["devices"]
    assert {d["id"]: d["status"] for d in devices}[olivia.device_id] == "wiped"


def test_a_password_reset_makes_existing_devices_sign_in_again(world: World) -> None:
    from liaison_server import accounts
    from liaison_server.core.security import password_hasher

    olivia = world.sign_in("olivia")
    with session_factory(world.client.app.state.engine)() as session:
        accounts.reset_password(session, password_hasher(world.settings.argon2), "olivia", "a new password")
        session.commit()
    response = world.client.get(f"{API}/sync/pull", headers=olivia.headers)
    assert response.status_code == 401
    assert _error(response)["code"] == "reauth_required"
    assert world.sign_in("olivia", "a new password").token


def test_signing_in_again_from_a_known_device_keeps_its_id_and_replaces_its_token(world: World) -> None:
    first = world.sign_in("olivia")
    again = world.sign_in("olivia", device_id=first.device_id)
    assert again.device_id == first.device_id
    assert world.client.get(f"{API}/me", headers=first.headers).status_code == 401
    assert world.client.get(f"{API}/me", headers=again.headers).status_code == 200


def test_a_revoked_device_id_is_never_revived_by_signing_in(world: World) -> None:
    first, admin = world.sign_in("olivia"), world.sign_in("adele")
    world.client.post(f"{API}/admin/devices/{first.device_id}/revoke", headers=admin.headers)
    again = world.sign_in("olivia", device_id=first.device_id)
    assert again.device_id != first.device_id


def test_another_users_device_id_is_not_taken_over(world: World) -> None:
    olivia = world.sign_in("olivia")
    omar = world.sign_in("omar", device_id=olivia.device_id)
    assert omar.device_id != olivia.device_id
    assert world.client.get(f"{API}/me", headers=olivia.headers).status_code == 200
