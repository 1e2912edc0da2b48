"""Disabling and enabling accounts, signing out, and changing one's own password."""

from __future__ import annotations

from devkit.server_process import DEFAULT_PASSWORD
from tests.server.conftest import World
from tests.server.helpers import API

NEW_PASSWORD = "a fresher passphrase"


def _sign_in(world: World, username: str, password: str = DEFAULT_PASSWORD):
    return world.client.post(f"{API}/auth/sign-in", json={"username": username, "password": password})


def _disable(world: World, admin, username: str, action: str = "disable"):
    return world.client.post(f"{API}/admin/users/{username}/{action}", headers=admin.headers)


def _change(world: World, user, old: str, new: str):
    return world.client.post(
        f"{API}/auth/password", json={"old_password": old, "new_password": new}, headers=user.headers
    )


def test_disabling_an_account_stops_its_tokens_at_once(world: World) -> None:
    olivia, admin = world.sign_in("olivia"), world.sign_in("adele")
    assert _disable(world, admin, "olivia").json()["disabled"] is True
    response = world.client.get(f"{API}/sync/pull", headers=olivia.headers)
    assert response.status_code == 401
    assert response.json()["error"] == {**response.json()["error"], "code": "account_disabled", "wipe": False}


def test_a_disabled_account_cannot_sign_in(world: World) -> None:
    admin = world.sign_in("adele")
    _disable(world, admin, "olivia")
    response = _sign_in(world, "olivia")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "account_disabled"


def test_a_disabled_account_with_a_wrong_password_hears_only_bad_credentials(world: World) -> None:
    admin = world.sign_in("adele")
    _disable(world, admin, "olivia")
    assert _sign_in(world, "olivia", "not the password").json()["error"]["code"] == "bad_credentials"


def test_an_enabled_account_signs_in_again(world: World) -> None:
    admin = world.sign_in("adele")
    _disable(world, admin, "olivia")
    assert _disable(world, admin, "olivia", "enable").json() == {
        "username": "olivia",
        "disabled": False,
        "disabled_at_ms": None,
    }
    olivia = world.sign_in("olivia")
    assert world.client.get(f"{API}/me", headers=olivia.headers).status_code == 200


def test_only_an_admin_disables_accounts(world: World) -> None:
    sofia = world.sign_in("sofia")
    response = _disable(world, sofia, "olivia")
    assert response.status_code == 403
    assert response.json()["error"]["details"]["reason"] == "role"


def test_disabling_an_unknown_user_is_not_found(world: World) -> None:
    admin = world.sign_in("adele")
    assert _disable(world, admin, "nobody").status_code == 404


def test_signing_out_drops_the_devices_token(world: World) -> None:
    olivia = world.sign_in("olivia")
    assert world.client.post(f"{API}/auth/sign-out", headers=olivia.headers).status_code == 204
    response = world.client.get(f"{API}/me", headers=olivia.headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_signing_out_leaves_the_users_other_devices_signed_in(world: World) -> None:
    laptop, desktop = world.sign_in("olivia"), world.sign_in("olivia")
    world.client.post(f"{API}/auth/sign-out", headers=laptop.headers)
    assert world.client.get(f"{API}/me", headers=desktop.headers).status_code == 200


def test_a_signed_out_device_signs_in_again_under_the_same_id(world: World) -> None:
    olivia = world.sign_in("olivia")
    world.client.post(f"{API}/auth/sign-out", headers=olivia.headers)
    assert world.sign_in("olivia", device_id=olivia.device_id).device_id == olivia.device_id


def test_a_password_change_with_a_wrong_old_password_is_bad_credentials(world: World) -> None:
    olivia = world.sign_in("olivia")
    response = _change(world, olivia, "not the password", NEW_PASSWORD)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_credentials"
    assert world.sign_in("olivia").token  # the password did not change


def test_a_weak_new_password_is_refused_with_what_is_wrong(world: World) -> None:
    olivia = world.sign_in("olivia")
    for new, key in (
        ("short", "password.too_short"),
        ("olivia-2026!", "password.contains_username"),
        ("aaaaaaaaaaaa", "password.too_simple"),
        (DEFAULT_PASSWORD, "password.unchanged"),
    ):
        response = _change(world, olivia, DEFAULT_PASSWORD, new)
        assert response.status_code == 422, new
        assert response.json()["error"]["code"] == "weak_password"
        assert response.json()["error"]["details"]["key"] == key
    assert world.sign_in("olivia").token


def test_a_changed_password_refuses_the_old_one_and_accepts_the_new(world: World) -> None:
    olivia = world.sign_in("olivia")
    assert _change(world, olivia, DEFAULT_PASSWORD, NEW_PASSWORD).status_code == 204
    assert _sign_in(world, "olivia").json()["error"]["code"] == "bad_credentials"
    assert world.sign_in("olivia", NEW_PASSWORD).token


def test_a_password_change_keeps_this_device_and_signs_out_the_others(world: World) -> None:
    laptop, desktop = world.sign_in("olivia"), world.sign_in("olivia")
    _change(world, laptop, DEFAULT_PASSWORD, NEW_PASSWORD)
    assert world.client.get(f"{API}/me", headers=laptop.headers).status_code == 200
    other = world.client.get(f"{API}/me", headers=desktop.headers)
    assert other.json()["error"]["code"] == "reauth_required"


def test_a_password_change_needs_a_signed_in_device(world: World) -> None:
    response = world.client.post(
        f"{API}/auth/password", json={"old_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 401
