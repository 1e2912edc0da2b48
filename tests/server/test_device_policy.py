"""The device policy a sign-in answers with carries the offline lease: days a laptop may go without a
sync before its profile locks itself (14 unless the server is told otherwise)."""

from __future__ import annotations

import pytest

from devkit.server_process import DEFAULT_PASSWORD
from liaison_server.core.config import OFFLINE_LEASE_DAYS_ENV, Settings
from tests.server.conftest import World
from tests.server.helpers import API


def test_sign_in_answers_the_offline_lease_of_14_days_by_default(world: World) -> None:
    response = world.client.post(
        f"{API}/auth/sign-in", json={"username": "olivia", "password": DEFAULT_PASSWORD}
    )
    assert response.json()["policy"]["offline_lease_days"] == 14


def test_the_offline_lease_is_a_server_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(OFFLINE_LEASE_DAYS_ENV, "3")
    assert Settings.from_env("sqlite:////tmp/never-opened.db").offline_lease_days == 3
