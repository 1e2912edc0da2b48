"""Signing in is two steps: `authenticate` asks the server (and touches no file), `remember` stores the
answer in the encrypted profile. So a profile is created only after the server said yes."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from devkit.server_process import RunningServer
from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.device_clock import DeviceClock
from liaison_desktop.store.schema import upgrade_to_head
from liaison_desktop.sync import account
from liaison_desktop.sync.account import AccountMismatch
from liaison_desktop.sync.http_client import SyncClient

HOUR_MS = 3_600_000


@pytest.fixture
def profile_db(tmp_path: Path) -> Iterator[Engine]:
    engine = open_encrypted_engine(tmp_path / "profile.db", os.urandom(32))
    upgrade_to_head(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def test_authenticate_returns_the_servers_yes_and_the_clock_offset_without_storing_anything(
    sqlite_server: RunningServer,
) -> None:
    """A laptop whose clock runs an hour behind learns the offset at sign-in."""
    with SyncClient(sqlite_server.url) as client:
        signed_in = account.authenticate(
            client,
            *sqlite_server.credentials("officer"),
            device_name="laptop 7",
            wall=lambda: time.time() - 3600,
        )
        assert client.me().id == signed_in.response.user.id == sqlite_server.users["officer"].user_id
    assert client.token == signed_in.response.token
    assert abs(signed_in.clock_offset_ms - HOUR_MS) < 60_000


def test_remember_stores_the_account_with_its_ca_bundle_and_clock_offset(
    sqlite_server: RunningServer, profile_db: Engine, tmp_path: Path
) -> None:
    bundle = str(tmp_path / "office-ca.pem")  # only stored here: plain http never reads it
    username, password = sqlite_server.credentials("officer")
    with SyncClient(sqlite_server.url, ca_bundle=bundle) as client:
        signed_in = account.authenticate(client, username, password)
        signed_in = account.SignedIn(signed_in.response, signed_in.clock_offset_ms + HOUR_MS)
        stored = account.remember(profile_db, client, username, signed_in)
    assert stored == account.load_account(profile_db)
    assert (stored.server_url, stored.ca_bundle, stored.username) == (sqlite_server.url, bundle, username)
    assert (stored.device_id, stored.token) == (signed_in.response.device_id, signed_in.response.token)
    assert DeviceClock(profile_db).offset_ms == signed_in.clock_offset_ms


def test_a_profile_without_a_ca_bundle_stores_none(sqlite_server: RunningServer, profile_db: Engine) -> None:
    with SyncClient(sqlite_server.url) as client:
        stored = account.sign_in(profile_db, client, *sqlite_server.credentials("officer"))
    assert stored.ca_bundle is None


def test_remember_refuses_another_user_and_keeps_the_stored_account(
    sqlite_server: RunningServer, profile_db: Engine
) -> None:
    with SyncClient(sqlite_server.url) as client:
        olivia = account.sign_in(profile_db, client, *sqlite_server.credentials("officer"))
        omar_username, omar_password = sqlite_server.credentials("officer2")
        omar = account.authenticate(client, omar_username, omar_password)
        with pytest.raises(AccountMismatch):
            account.remember(profile_db, client, omar_username, omar)
        assert client.token == olivia.token
    assert account.load_account(profile_db) == olivia


def test_signing_in_again_keeps_the_device_id(sqlite_server: RunningServer, profile_db: Engine) -> None:
    with SyncClient(sqlite_server.url) as client:
        first = account.sign_in(profile_db, client, *sqlite_server.credentials("officer"))
        again = account.sign_in(profile_db, client, *sqlite_server.credentials("officer"))
    assert again.device_id == first.device_id
    assert again.token != first.token
