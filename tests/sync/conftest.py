"""Worlds for the sync tests: a real server process (SQLite and PostgreSQL) and signed-in devices."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devkit.server_process import RunningServer, sqlite_url, start_server
from tests.sync.devices import Device, create_device
from tests.sync.fault_proxy import FaultProxy


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def server(server_db_url: str, tmp_path: Path) -> Iterator[RunningServer]:
    running = start_server(server_db_url, tmp_path)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[RunningServer]:
    """For client-side behaviour that does not depend on the server's database."""
    running = start_server(sqlite_url(tmp_path), tmp_path)
    try:
        yield running
    finally:
        running.stop()


DeviceFactory = Callable[..., Device]


def _device_factory(server: RunningServer, tmp_path: Path) -> Iterator[DeviceFactory]:
    made: list[Device] = []

    def make(role_key: str = "officer", name: str | None = None, url: str | None = None) -> Device:
        device = create_device(
            tmp_path, name or f"{role_key}-{len(made)}", server.url, *server.credentials(role_key)
        )
        if url:
            device.point_at(url)
        made.append(device)
        return device

    try:
        yield make
    finally:
        for device in made:
            device.close()


@pytest.fixture
def new_device(server: RunningServer, tmp_path: Path) -> Iterator[DeviceFactory]:
    """`new_device("officer")`: a fresh profile database signed in to `server` as that role's user."""
    yield from _device_factory(server, tmp_path)


@pytest.fixture
def new_sqlite_device(sqlite_server: RunningServer, tmp_path: Path) -> Iterator[DeviceFactory]:
    yield from _device_factory(sqlite_server, tmp_path)


@pytest.fixture
def proxy(sqlite_server: RunningServer) -> Iterator[FaultProxy]:
    """A fault proxy in front of `sqlite_server` (passing everything until told otherwise)."""
    running = FaultProxy(sqlite_server.port).start()
    try:
        yield running
    finally:
        running.stop()
