"""Two server instances on one PostgreSQL database, behind a load balancer that sends every request to
the next instance in turn: the fault rounds (drops, tears, duplicates landing on both instances at once,
clients killed, an instance crashing while the other answers) lose nothing, double nothing and converge.

This is the multi-machine deployment of `liaison_server/README.md`: the server keeps no state of its own
between requests (sessions, lockouts, idempotency, change numbers all live in the database), so which
instance answers must not matter.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from devkit.server_process import RunningServer, start_server
from tests.sync.fault_proxy import FaultPlan, FaultProxy
from tests.sync.fault_world import FAULT_TIMEOUT, FaultWorld

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROUNDS = 3


class RoundRobinFaultProxy(FaultProxy):
    """The fault proxy as a load balancer: each connection it opens upstream (each copy of a duplicated
    request too) goes to the next instance in turn. The proxy opens one per request, so a device's
    consecutive requests (sign-in aside) land on alternate instances."""

    def __init__(self, upstream_ports: list[int], rng: random.Random, plan: FaultPlan) -> None:
        super().__init__(upstream_ports[0], rng, plan)
        self.upstream_ports = upstream_ports
        self.forwarded: Counter[int] = Counter()  # connections opened, by instance port
        self._turn = 0
        self._turn_lock = threading.Lock()

    def _connect(self) -> socket.socket | None:
        with self._turn_lock:
            port = self.upstream_ports[self._turn % len(self.upstream_ports)]
            self._turn += 1
        try:
            upstream = socket.create_connection(("127.0.0.1", port), timeout=30)
        except OSError:
            return None  # that instance is down (restarting): the client sees its connection closed
        self._track(upstream)
        with self._turn_lock:
            self.forwarded[port] += 1
        return upstream


class TwoInstanceWorld(FaultWorld):
    """The fault world with two server processes on its database behind one round-robin proxy; a
    restart takes down one instance at a time while the other keeps answering."""

    def __init__(self, directory: Path, db_url: str, seed: int, **options: float) -> None:
        super().__init__(directory, db_url, seed, **options)
        self.second: RunningServer | None = None
        self._restarts = 0

    @property
    def instances(self) -> tuple[RunningServer, RunningServer]:
        assert self.server is not None and self.second is not None
        return self.server, self.second

    def _start_servers(self) -> None:
        self.server = start_server(self.db_url, self.directory)
        self.second = start_server(self.db_url, self.directory, with_users=False)
        plan = FaultPlan(rate=0.0, late_s=FAULT_TIMEOUT[1] + 0.5)
        ports = [instance.port for instance in self.instances]
        self.proxy = RoundRobinFaultProxy(ports, random.Random(self.rng.random()), plan).start()

    def _restart_server(self, after_s: float, crash: bool) -> None:
        instance = self.instances[self._restarts % 2]
        self._restarts += 1
        time.sleep(after_s)
        if crash:
            instance.kill()
            instance.start()
        else:
            instance.restart()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.second is not None:
                self.second.stop()


def test_two_instances_on_one_database_lose_nothing_duplicate_nothing_and_converge(
    pg_url: str, tmp_path: Path
) -> None:
    world = TwoInstanceWorld(tmp_path, pg_url, seed=1818, restart_chance=0.3).start()
    try:
        for number in range(ROUNDS):
            result = world.run_round()
            assert (result.lost, result.duplicated, result.equal) == (0, 0, True), (number, result.problems)
        assert isinstance(world.proxy, RoundRobinFaultProxy)
        served = [world.proxy.forwarded[instance.port] for instance in world.instances]
    finally:
        world.close()
    assert min(served) >= sum(served) / 3, served  # both instances really answered, about half each
