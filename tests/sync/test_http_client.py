"""The HTTP client: compressed pushes, and server or network trouble mapped to what the engine must do."""

from __future__ import annotations

import pytest

from devkit.server_process import RunningServer, free_port
from liaison_desktop.sync.errors import InvalidToken, Offline, TransientError, WrongCredentials
from liaison_desktop.sync.http_client import SyncClient
from tests.sync.conftest import DeviceFactory
from tests.sync.fault_proxy import FaultProxy


def test_push_bodies_are_sent_gzip_compressed(proxy: FaultProxy, new_sqlite_device: DeviceFactory) -> None:
    device = new_sqlite_device("officer", url=proxy.url)
    with device.store.write() as txn:
        txn.insert("contact", {"given_name": "Nadia"})
    device.sync()
    pushes = [h for h in proxy.headers_seen if h.startswith(b"POST /api/v1/sync/push")]
    assert pushes and all(b"content-encoding: gzip" in h.lower() for h in pushes)


def test_a_wrong_password_is_wrong_credentials(sqlite_server: RunningServer) -> None:
    with SyncClient(sqlite_server.url) as client, pytest.raises(WrongCredentials):
        client.sign_in(sqlite_server.users["officer"].username, "not the password")


def test_an_unknown_token_asks_for_a_new_sign_in(sqlite_server: RunningServer) -> None:
    with SyncClient(sqlite_server.url, token="not-a-token") as client, pytest.raises(InvalidToken):
        client.pull(0, 10)


def test_a_server_that_does_not_answer_is_offline() -> None:
    with SyncClient(f"http://127.0.0.1:{free_port()}", token="t", timeout=(1, 1)) as client:
        with pytest.raises(Offline):
            client.pull(0, 10)


@pytest.mark.parametrize("fault", ["drop", "cut_request", "cut_response"])
def test_a_broken_exchange_is_a_transient_error(
    proxy: FaultProxy, new_sqlite_device: DeviceFactory, fault: str
) -> None:
    device = new_sqlite_device("officer", url=proxy.url)
    proxy.force(fault)
    with pytest.raises(TransientError):
        device.client.pull(0, 10)
    assert device.client.pull(0, 10).has_more is False
