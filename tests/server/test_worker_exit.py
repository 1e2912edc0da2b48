"""`liaison-server serve --workers N` killed outright: its workers stop by themselves and the port goes
quiet, so a load balancer sees the instance down and a supervisor (systemd) can start it again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from devkit.server_process import RunningServer, start_server

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds the worker processes in /proc (Linux)"
)

EXIT_DEADLINE_S = 5.0


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            state, parent = _state_and_parent(int(entry.name))
            if parent == pid and state not in (None, "Z"):
                found.append(int(entry.name))
    return found


def _state_and_parent(pid: int) -> tuple[str | None, int | None]:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None, None
    # "pid (command) state ppid ...": the command may contain spaces and parentheses.
    state, parent = stat.rsplit(")", 1)[1].split()[:2]
    return state, int(parent)


def _is_running(pid: int) -> bool:
    return _state_and_parent(pid)[0] not in (None, "Z")


def _workers_of(server: RunningServer, count: int) -> list[int]:
    assert server.process is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        workers = [
            pid
            for pid in _children(server.process.pid)
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        if len(workers) == count:
            return workers
        time.sleep(0.1)
    raise AssertionError(f"expected {count} workers, found {workers}")


def _answers(server: RunningServer) -> bool:
    try:
        requests.get(f"{server.api}/health", timeout=2, headers={"Connection": "close"})
    except requests.ConnectionError:
        return False
    return True


@pytest.fixture
def two_workers(server_db_url: str, tmp_path: Path):
    server = start_server(server_db_url, tmp_path, workers=2, with_users=False)
    yield server
    server.kill()  # the whole process group: stray workers too, should the test fail


def test_workers_exit_when_their_parent_is_killed_and_the_port_stops_answering(two_workers) -> None:
    supervisor = two_workers.process
    assert supervisor is not None
    _workers_of(two_workers, 2)
    started_by_it = _children(supervisor.pid)  # the workers and multiprocessing's resource tracker

    os.kill(supervisor.pid, signal.SIGKILL)
    supervisor.wait(10)
    deadline = time.monotonic() + EXIT_DEADLINE_S
    while time.monotonic() < deadline and any(_is_running(pid) for pid in started_by_it):
        time.sleep(0.05)

    assert [pid for pid in started_by_it if _is_running(pid)] == []
    assert not _answers(two_workers)


# A worker as the watchdog alone sees it (as on a platform without PR_SET_PDEATHSIG): armed, then idle.
_ORPHAN = """
import os, sys, time
from liaison_server.worker import exit_with_parent
linux, sys.platform = sys.platform, "darwin"
exit_with_parent(os.getppid())
sys.platform = linux
open(sys.argv[1], "w").close()
time.sleep(120)
"""
_PARENT = """
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2]])
time.sleep(120)
"""


def test_without_the_kernel_signal_the_watchdog_still_stops_an_orphaned_worker(tmp_path: Path) -> None:
    armed = tmp_path / "armed"
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, _ORPHAN, str(armed)])
    try:
        deadline = time.monotonic() + 30
        while not armed.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert armed.exists()
        (orphan,) = _children(parent.pid)

        parent.kill()
        parent.wait(10)
        deadline = time.monotonic() + EXIT_DEADLINE_S
        while time.monotonic() < deadline and _is_running(orphan):
            time.sleep(0.05)

        assert not _is_running(orphan)
    finally:
        parent.kill()
        for pid in _children(parent.pid):
            os.kill(pid, signal.SIGKILL)
