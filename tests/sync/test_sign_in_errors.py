"""Signing in says clearly what went wrong, with a stable key for each case: wrong password, locked out
(and for how long), an address where no Liaison server answers, a server of another protocol version,
no connection. A password is sent only after the server proved to be a Liaison server we can speak to,
and never over plain http to another computer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit.server_process import RunningServer, free_port, sqlite_url, start_server
from liaison_desktop.sync import account
from liaison_desktop.sync.errors import (
    InsecureServerAddress,
    LockedOut,
    NotLiaisonServer,
    Offline,
    ServerNotFound,
    ServerTooNew,
    ServerTooOld,
    UnknownServer,
    WrongCredentials,
)
from liaison_desktop.sync.http_client import SyncClient
from liaison_protocol import OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION
from liaison_server.core.config import LOCKOUT_SECONDS_ENV, LOCKOUT_THRESHOLD_ENV
from tests.sync.stub_server import StubResponse, StubServer, liaison_health


def _sign_posts(stub: StubServer) -> list[tuple[str, str]]:
    return [request for request in stub.requests if request[0] == "POST"]


def test_a_wrong_password_is_wrong_credentials(sqlite_server: RunningServer) -> None:
    username, _ = sqlite_server.credentials("officer")
    with SyncClient(sqlite_server.url) as client, pytest.raises(WrongCredentials) as refused:
        account.authenticate(client, username, "not the password")
    assert refused.value.key == "sync.wrong_credentials"
    assert client.token is None


@pytest.fixture
def strict_server(tmp_path: Path) -> Iterator[RunningServer]:
    """A server that locks a user out for ten minutes after two wrong passwords."""
    running = start_server(
        sqlite_url(tmp_path), tmp_path, env={LOCKOUT_THRESHOLD_ENV: "2", LOCKOUT_SECONDS_ENV: "600"}
    )
    try:
        yield running
    finally:
        running.stop()


def test_repeated_wrong_passwords_lock_out_and_say_when_to_retry(strict_server: RunningServer) -> None:
    username, password = strict_server.credentials("officer")
    with SyncClient(strict_server.url) as client:
        for _ in range(2):
            with pytest.raises(WrongCredentials):
                account.authenticate(client, username, "not the password")
        with pytest.raises(LockedOut) as locked:
            account.authenticate(client, username, password)
    assert locked.value.key == "sync.locked_out"
    assert 0 < locked.value.params["retry_after_s"] <= 600


def test_an_address_whose_name_does_not_resolve_is_an_unknown_server() -> None:
    # ".invalid" never resolves (RFC 2606), wherever the test runs.
    with SyncClient("https://liaison-test.invalid") as client, pytest.raises(ServerNotFound) as unknown:
        account.authenticate(client, "olivia", "a password")
    assert unknown.value.key == "sync.server_not_found"
    assert unknown.value.params == {"host": "liaison-test.invalid"}
    assert isinstance(unknown.value, UnknownServer) and isinstance(unknown.value, Offline)


def test_an_address_where_nothing_listens_is_offline() -> None:
    with SyncClient(f"http://127.0.0.1:{free_port()}", timeout=(2, 2)) as client:
        with pytest.raises(Offline) as offline:
            account.authenticate(client, "olivia", "a password")
    assert offline.value.key == "sync.offline"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(StubResponse.html("<h1>Not Found</h1>", status=404), id="a web site's 404"),
        pytest.param(StubResponse.json({"detail": "Not Found"}, status=404), id="another API's 404"),
        pytest.param(StubResponse.html("<h1>Welcome to nginx!</h1>"), id="an html page"),
        pytest.param(StubResponse.json({"status": "healthy", "version": "3.2"}), id="json of another shape"),
        pytest.param(StubResponse(302, headers={"Location": "https://example.org/login"}), id="a redirect"),
        pytest.param(StubResponse(200, b"\x00\x01binary", "application/octet-stream"), id="not json"),
    ],
)
def test_an_address_where_something_else_answers_is_not_a_liaison_server(answer: StubResponse) -> None:
    with StubServer(answer) as stub, SyncClient(stub.url) as client:
        with pytest.raises(NotLiaisonServer) as unknown:
            account.authenticate(client, "olivia", "a password")
    assert unknown.value.key == "sync.not_a_liaison_server"
    assert isinstance(unknown.value, UnknownServer)
    assert _sign_posts(stub) == []  # the password never left


def test_a_server_older_than_every_protocol_this_app_speaks_is_too_old() -> None:
    old = OLDEST_PROTOCOL_VERSION - 1
    with StubServer(liaison_health(old, old)) as stub, SyncClient(stub.url) as client:
        with pytest.raises(ServerTooOld) as too_old:
            account.authenticate(client, "olivia", "a password")
    assert too_old.value.key == "sync.server_too_old"
    assert too_old.value.params == {
        "server_min": old,
        "server_max": old,
        "app_min": OLDEST_PROTOCOL_VERSION,
        "app_max": PROTOCOL_VERSION,
    }
    assert _sign_posts(stub) == []


def test_a_server_newer_than_every_protocol_this_app_speaks_is_too_new() -> None:
    with StubServer(liaison_health(PROTOCOL_VERSION + 1, PROTOCOL_VERSION + 2)) as stub:
        with SyncClient(stub.url) as client, pytest.raises(ServerTooNew) as too_new:
            account.authenticate(client, "olivia", "a password")
    assert too_new.value.key == "sync.server_too_new"
    assert too_new.value.params["server_min"] == PROTOCOL_VERSION + 1
    assert _sign_posts(stub) == []


def test_a_server_whose_range_overlaps_ours_is_accepted() -> None:
    with StubServer(liaison_health(OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION + 3)) as stub:
        with SyncClient(stub.url) as client:
            assert client.check_server().versions() == (OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION + 3)


def test_a_server_from_before_version_ranges_is_read_by_its_single_version() -> None:
    """Servers that reported only `protocol` (and the database engine) still pass the handshake."""
    earlier = StubResponse.json(
        {"status": "ok", "protocol": PROTOCOL_VERSION, "database": "sqlite", "server_time_ms": 1}
    )
    with StubServer(earlier) as stub, SyncClient(stub.url) as client:
        assert client.check_server().versions() == (PROTOCOL_VERSION, PROTOCOL_VERSION)


def test_the_real_server_passes_the_handshake(sqlite_server: RunningServer) -> None:
    with SyncClient(sqlite_server.url) as client:
        assert client.check_server().versions() == (OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION)


def test_a_password_is_never_sent_over_plain_http_to_another_computer() -> None:
    # 127.0.0.2 is not one of the loopback names the rule allows: to the client it is another computer.
    with StubServer(liaison_health(OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION), host="127.0.0.2") as stub:
        with SyncClient(stub.url) as client, pytest.raises(InsecureServerAddress) as refused:
            account.authenticate(client, "olivia", "a password")
    assert refused.value.key == "sync.address_needs_https"
    assert _sign_posts(stub) == []
