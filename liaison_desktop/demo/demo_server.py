"""The demo's sync server: a real `liaison-server` on SQLite, run by the app in the background.

It is the same server a precinct runs, started as a child process (`python -m liaison_server`) on
127.0.0.1, with its SQLite database and log under `<data_dir>/demo-server/`, so the demo shows real sync
and nothing of it leaves the laptop.

It must never outlive the app, even one killed outright (SIGKILL, a crash): the server's own
`LIAISON_SERVER_EXIT_WITH_PID` watchdog is given the app's pid, and the server stops itself (its whole
process group) within about a second of the app's death. A normal exit stops it at once (`stop()`, also
registered with `atexit`).

The port. A demo profile keeps its server address inside its encrypted database, so the address should
not change from one app start to the next: the first choice is a port derived from the data directory
(`preferred_port`), which the demo world records and asks for again on every start. Only when that port
is taken does the server get a free one, and the demo world then signs its profiles in again at the new
address (see `demo_world`).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from liaison_desktop.errors import LocalizedError

log = logging.getLogger(__name__)

SERVER_DIR_NAME = "demo-server"
DATABASE_NAME = "liaison-server.db"
LOG_NAME = "server.log"
HOST = "127.0.0.1"
# Below Linux's ephemeral range (32768-60999), so a preferred port is rarely taken by an outgoing
# connection; the data directory picks one of these 5,000.
PORT_RANGE = range(27000, 32000)
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
SEED_TIMEOUT_S = 120.0
# The demo's accounts sign in once, when the demo is made; a token that lasts a season spares a newcomer
# a sign-in prompt the next week (the server's default is 12 hours, for real accounts).
DEMO_TOKEN_TTL_S = 90 * 24 * 3600


class DemoServerFailed(LocalizedError):
    """The demo server did not start, or refused its accounts. `reason` is a short code
    (`exited`, `timeout`, `seed_failed`); the server's log under `<data_dir>/demo-server/` says more."""

    key = "demo.server_failed"


def server_directory(data_dir: Path) -> Path:
    return Path(data_dir) / SERVER_DIR_NAME


def database_url(data_dir: Path) -> str:
    return f"sqlite:///{server_directory(data_dir) / DATABASE_NAME}"


def preferred_port(data_dir: Path) -> int:
    """A port that depends only on the data directory: two laptops' accounts (or two data directories on
    one) rarely want the same one, and the same directory always asks for the same one."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).digest()
    return PORT_RANGE.start + int.from_bytes(digest[:4], "big") % len(PORT_RANGE)


def port_is_free(port: int) -> bool:
    """Whether a server could listen on `port` now. SO_REUSEADDR as uvicorn sets it: connections of the
    previous run still in TIME_WAIT do not make the port taken, another listening process does."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _environment(data_dir: Path, extra: Mapping[str, str] | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("LIAISON_SERVER_DB", None)  # the demo's database is its own, whatever the shell says
    env["LIAISON_SERVER_DATA_DIR"] = str(server_directory(data_dir))
    env["LIAISON_SERVER_TOKEN_TTL_S"] = str(DEMO_TOKEN_TTL_S)
    env["LIAISON_SERVER_EXIT_WITH_PID"] = str(os.getpid())
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def _server_command(*args: str) -> list[str]:
    # The interpreter running the app has the server package (one project, one environment); no PATH.
    return [sys.executable, "-m", "liaison_server", *args]


def seed_accounts(
    data_dir: Path, document: Mapping[str, Any], *, env: Mapping[str, str] | None = None
) -> Any:
    """Create the demo's teams and users where missing (`liaison-server seed`); returns the ids printed.

    The passwords travel on the child's stdin, never on its command line (which other users can read).
    """
    server_directory(data_dir).mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run(
            _server_command("seed", "--db", database_url(data_dir)),
            input=json.dumps(document),
            capture_output=True,
            text=True,
            env=_environment(data_dir, env),
            timeout=SEED_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise DemoServerFailed(reason="seed_failed") from None
    if result.returncode != 0:
        log.error("demo: seeding the server failed: %s", result.stderr.strip()[-500:])
        raise DemoServerFailed(reason="seed_failed")
    return json.loads(result.stdout)


class DemoServer:
    """A running demo server. `stop()` ends it (and is safe to call twice)."""

    def __init__(self, data_dir: Path, port: int, process: subprocess.Popen[bytes]) -> None:
        self.data_dir = Path(data_dir)
        self.port = port
        self.process = process

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """SIGTERM to the server's process group (a graceful shutdown), SIGKILL if it hangs."""
        atexit.unregister(self.stop)
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait(timeout)
        self._signal_group(signal.SIGKILL)  # anything the server left in its group

    def _signal_group(self, sig: signal.Signals) -> None:
        try:
            os.killpg(self.process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def start_demo_server(
    data_dir: Path,
    *,
    port: int | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = START_TIMEOUT_S,
) -> DemoServer:
    """Start the server on `port` (default: `preferred_port(data_dir)`), or on a free port when that one is
    taken, and wait until it answers `/api/v1/health`. The database is created (migrated) on first use and
    reused afterwards. `env` adds settings (tests lower the Argon2 cost with it)."""
    wanted = port if port is not None else preferred_port(data_dir)
    candidates = [wanted] if port_is_free(wanted) else []
    candidates.append(0)  # 0: a free port chosen now (also the retry when `wanted` was taken meanwhile)
    failure: DemoServerFailed | None = None
    for candidate in candidates:
        try:
            return _start_on(data_dir, candidate or free_port(), env, timeout)
        except DemoServerFailed as error:
            failure = error
            if error.params.get("reason") != "exited":
                break
    assert failure is not None
    raise failure


def _start_on(data_dir: Path, port: int, env: Mapping[str, str] | None, timeout: float) -> DemoServer:
    directory = server_directory(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    command = _server_command("serve", "--host", HOST, "--port", str(port), "--db", database_url(data_dir))
    with open(directory / LOG_NAME, "wb") as log_file:
        # A session of its own: the server is a process-group leader, so its watchdog and `stop()` take
        # any worker with it, and a Ctrl+C in the app's terminal reaches the app, which then stops it.
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=_environment(data_dir, env),
            start_new_session=True,
        )
    server = DemoServer(data_dir, port, process)
    atexit.register(server.stop)
    try:
        _wait_until_healthy(server, timeout)
    except BaseException:
        server.stop()
        raise
    log.info("demo server listening on %s", server.url)
    return server


def _wait_until_healthy(server: DemoServer, timeout: float) -> None:
    import requests  # here, not at the top: the start screen imports this module, and requests is slow

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.running:
            log.warning("demo server on port %d exited with %s", server.port, server.process.returncode)
            raise DemoServerFailed(reason="exited")
        try:
            # "Connection: close": no idle keep-alive connection for the server to wait out at shutdown.
            response = requests.get(f"{server.url}/api/v1/health", timeout=2, headers={"Connection": "close"})
            if response.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise DemoServerFailed(reason="timeout")
