"""Adding a profile is signing in: the server says yes before anything is written on the laptop, and the
opened session syncs, follows the server's idle-lock policy and locks cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit.server_process import RunningServer, sqlite_url, start_server
from liaison_desktop.app import (
    ProfileDirectory,
    ProfileNameTaken,
    SignInRequest,
    WorkerState,
    add_profile_by_sign_in,
    effective_idle_lock_s,
)
from liaison_desktop.sync.errors import InsecureServerAddress, WrongCredentials
from tests.sync.waiting import wait_for

from .conftest import PASSPHRASE


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    tmp = tmp_path_factory.mktemp("server")
    running = start_server(sqlite_url(tmp), tmp, env={"LIAISON_SERVER_MAX_IDLE_LOCK_S": "120"})
    try:
        yield running
    finally:
        running.stop()


def _request(server: RunningServer, *, name: str = "Olivia", password: str | None = None) -> SignInRequest:
    username, real_password = server.credentials("officer")
    return SignInRequest(
        server_url=server.url,
        username=username,
        password=password if password is not None else real_password,
        profile_name=name,
        passphrase=PASSPHRASE,
    )


def test_signing_in_creates_a_profile_that_syncs(directory: ProfileDirectory, server: RunningServer) -> None:
    directory.start_sync = True
    created = add_profile_by_sign_in(directory, _request(server))
    session = created.session
    try:
        assert created.recovery_key
        assert session.sync_configured and session.role == "officer"
        session.contacts.create({"given_name": "Farah"})
        wait_for(
            lambda: session.sync_status.state is WorkerState.IDLE and session.pending_changes() == 0,
            what="the new contact pushed",
        )
        summary = directory.summary(session.profile_id)
        assert summary.server_url == server.url and summary.username == server.credentials("officer")[0]
        wait_for(
            lambda: directory.summary(session.profile_id).last_sync_at is not None,
            what="the picker learns the last sync",
        )
    finally:
        session.close()
    assert session.closed


def test_the_servers_idle_lock_maximum_reaches_the_session(
    directory: ProfileDirectory, server: RunningServer
) -> None:
    session = add_profile_by_sign_in(directory, _request(server, name="Policy")).session
    try:
        assert session.idle_lock_max_s == 120
        assert effective_idle_lock_s(5 * 60, session.idle_lock_max_s) == 120, "the server's maximum wins"
        assert effective_idle_lock_s(60, session.idle_lock_max_s) == 60, "a shorter laptop setting stays"
    finally:
        session.close()


def test_a_wrong_password_leaves_no_profile_behind(
    directory: ProfileDirectory, server: RunningServer
) -> None:
    with pytest.raises(WrongCredentials):
        add_profile_by_sign_in(directory, _request(server, password="not the password"))
    assert directory.summaries() == []


def test_a_profile_name_is_unique_on_the_laptop(directory: ProfileDirectory, server: RunningServer) -> None:
    add_profile_by_sign_in(directory, _request(server, name="Amina Haddad")).session.close()
    with pytest.raises(ProfileNameTaken):
        add_profile_by_sign_in(directory, _request(server, name="  amina   HADDAD "))
    assert len(directory.summaries()) == 1


def test_http_to_another_computer_is_refused_before_any_password_is_sent(directory: ProfileDirectory) -> None:
    request = SignInRequest(
        server_url="http://liaison.example.org",
        username="olivia",
        password="anything at all",
        profile_name="Olivia",
        passphrase=PASSPHRASE,
    )
    with pytest.raises(InsecureServerAddress):
        add_profile_by_sign_in(directory, request)
    assert directory.summaries() == []


def test_an_unreachable_server_leaves_no_profile_behind(directory: ProfileDirectory, tmp_path: Path) -> None:
    from liaison_desktop.sync.errors import Offline

    request = SignInRequest(
        server_url="http://127.0.0.1:9",  # discard port: nothing listens
        username="olivia",
        password="anything at all",
        profile_name="Olivia",
        passphrase=PASSPHRASE,
    )
    with pytest.raises(Offline):
        add_profile_by_sign_in(directory, request)
    assert directory.summaries() == []
