"""The demo's server: a real `liaison-server` child process that never outlives the app that started it,
and the `seed` command that gives it its accounts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from liaison_desktop.demo.demo_server import (
    DemoServerFailed,
    preferred_port,
    seed_accounts,
    start_demo_server,
)

from .conftest import FAST_SERVER

GONE_WITHIN_S = 15.0

# What the app does, reduced to the demo server: start it, say where it is, then keep running.
_STARTER = """
import json, sys, time
from pathlib import Path
from liaison_desktop.demo.demo_server import start_demo_server
server = start_demo_server(Path(sys.argv[1]), env=json.loads(sys.argv[2]))
print(server.pid, server.port, flush=True)
time.sleep(600)
"""


def process_gone(pid: int) -> bool:
    """Exited: no such process, or a zombie nobody has reaped yet (it serves nothing any more)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def answers(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def wait_until_gone(pid: int) -> bool:
    deadline = time.monotonic() + GONE_WITHIN_S
    while time.monotonic() < deadline:
        if process_gone(pid):
            return True
        time.sleep(0.1)
    return False


def test_the_server_answers_on_the_preferred_port_of_its_data_directory(tmp_path: Path) -> None:
    server = start_demo_server(tmp_path, env=FAST_SERVER)
    try:
        assert server.port == preferred_port(tmp_path)
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert answers(server.port)
        assert (tmp_path / "demo-server" / "liaison-server.db").is_file()
    finally:
        server.stop()


def test_stop_ends_the_server(tmp_path: Path) -> None:
    server = start_demo_server(tmp_path, env=FAST_SERVER)
    server.stop()
    assert not server.running
    assert not answers(server.port)
    server.stop()  # a second stop is harmless


def test_the_server_stops_by_itself_when_the_app_that_started_it_is_killed(tmp_path: Path) -> None:
    app = subprocess.Popen(
        [sys.executable, "-c", _STARTER, str(tmp_path), json.dumps(FAST_SERVER)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout is not None
        pid_text, port_text = app.stdout.readline().split()
        server_pid, port = int(pid_text), int(port_text)
        assert answers(port)
        app.send_signal(signal.SIGKILL)
        app.wait(10)
        assert wait_until_gone(server_pid), "the demo server outlived the app"
        assert not answers(port)
    finally:
        app.kill()
        app.wait(10)


def test_seeding_twice_keeps_the_accounts_made_the_first_time(tmp_path: Path) -> None:
    document = {
        "teams": ["Demo Precinct"],
        "users": [
            {
                "username": "amal.demo",
                "role": "ambassador",
                "teams": ["Demo Precinct"],
                "password": "demo password one",
            }
        ],
    }
    first = seed_accounts(tmp_path, document, env=FAST_SERVER)
    second = seed_accounts(
        tmp_path, {**document, "users": [{**document["users"][0], "password": "demo password two"}]}
    )
    assert first == second
    assert set(first["users"]) == {"amal.demo"} and set(first["teams"]) == {"Demo Precinct"}


def test_a_seed_document_that_breaks_an_account_rule_is_refused(tmp_path: Path) -> None:
    document = {
        "teams": [],
        "users": [{"username": "x", "role": "officer", "teams": ["Nowhere"], "password": "p"}],
    }
    with pytest.raises(DemoServerFailed):
        seed_accounts(tmp_path, document, env=FAST_SERVER)


def test_the_seed_command_refuses_a_malformed_document_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "liaison_server", "seed", "--db", f"sqlite:///{tmp_path / 's.db'}"],
        input='{"users": [{"username": "x"}]}',
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        'liaison-server: error: each seed user needs "username", "role", "password" and "teams"'
    ]
