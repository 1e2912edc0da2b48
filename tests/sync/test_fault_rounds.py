"""The randomized fault run (issue 4): drops, delays, torn requests and responses, duplicated and late
requests, clients SIGKILLed mid-push and mid-apply, the server restarted; after every round the devices
are synced to quiescence and nothing may be lost, duplicated or different. `make soak` runs the same
rounds a thousand times."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.fault_world import FaultWorld

ROUNDS = {"sqlite": 6, "postgres": 3}

pytestmark = pytest.mark.slow  # about 1.5 min of the suite: `-m "not slow"` leaves them out


def test_randomized_fault_rounds_lose_nothing_duplicate_nothing_and_converge(
    server_db_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    backend = "postgres" if server_db_url.startswith("postgresql") else "sqlite"
    world = FaultWorld(tmp_path, server_db_url, seed=4242).start()
    try:
        for number in range(ROUNDS[backend]):
            result = world.run_round()
            assert (result.lost, result.duplicated, result.equal) == (0, 0, True), (number, result.problems)
    finally:
        world.close()


def test_fault_rounds_really_kill_clients_and_restart_the_server(tmp_path: Path) -> None:
    """The fault machinery itself: with every fault forced on, the rounds do what they claim."""
    from devkit.server_process import sqlite_url

    world = FaultWorld(tmp_path, sqlite_url(tmp_path), seed=7, restart_chance=1.0, kill_chance=1.0).start()
    try:
        actions = world.run_round().actions
    finally:
        world.close()
    assert actions["server_restart"] == 1
    assert actions["client_killed_pushing"] + actions["client_killed_applying"] >= 2
