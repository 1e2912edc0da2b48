"""A flood of sign-ins does not starve sync: password checks run on threads of their own
(api/password_gate.py), so a pull answers about as fast during the flood as before it.

A real server process with production Argon2 costs, flooded from threads with correct passwords (never
throttled, so every one costs a full Argon2 check) while a signed-in device times its pulls. Before the
gate the same flood took sync from 9 ms to 432 ms; the bound here is generous against the unloaded
measurement, because the machine running the suite is shared.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from devkit.server_process import RunningServer, sign_in, sqlite_url, start_server
from liaison_server.core.config import ARGON2_MEMORY_ENV, ARGON2_TIME_ENV

FLOODERS = 6
PULLS = 15


@pytest.fixture
def costly_server(tmp_path: Path) -> Iterator[RunningServer]:
    running = start_server(
        sqlite_url(tmp_path), tmp_path, env={ARGON2_TIME_ENV: "3", ARGON2_MEMORY_ENV: "65536"}
    )
    try:
        yield running
    finally:
        running.stop()


def _pull_ms(session: requests.Session, server: RunningServer, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    response = session.get(f"{server.api}/sync/pull", headers=headers, timeout=60)
    assert response.status_code == 200
    return (time.perf_counter() - started) * 1000


def _median_pull_ms(server: RunningServer, headers: dict[str, str]) -> float:
    with requests.Session() as session:
        _pull_ms(session, server, headers)  # the connection, made once
        return statistics.median(_pull_ms(session, server, headers) for _ in range(PULLS))


@pytest.mark.slow
def test_a_sign_in_flood_does_not_starve_sync(costly_server: RunningServer) -> None:
    device = sign_in(costly_server.url, *costly_server.credentials("supervisor"))
    headers = {"Authorization": f"Bearer {device['token']}"}
    username, password = costly_server.credentials("officer")
    unloaded = _median_pull_ms(costly_server, headers)

    stop = threading.Event()
    answered: list[int] = []

    def flood() -> None:
        with requests.Session() as session:
            while not stop.is_set():
                response = session.post(
                    f"{costly_server.api}/auth/sign-in",
                    json={"username": username, "password": password},
                    timeout=120,
                )
                answered.append(response.status_code)

    flooders = [threading.Thread(target=flood, daemon=True) for _ in range(FLOODERS)]
    for thread in flooders:
        thread.start()
    try:
        time.sleep(1.0)  # the flood is under way: every sign-in thread busy, more queued
        loaded = _median_pull_ms(costly_server, headers)
    finally:
        stop.set()
        for thread in flooders:
            thread.join(timeout=120)
    assert answered.count(200) >= FLOODERS, answered  # the flood was real, and served
    assert loaded < 5 * unloaded + 50, (unloaded, loaded)
