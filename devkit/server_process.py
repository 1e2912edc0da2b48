"""Start a real `liaison-server serve` process for tests and benchmarks, with a team and one user per role.

Used across the test suite and by `bench/server_world.py`: keep `start_server` and `RunningServer` stable.

    server = start_server(db_url, tmp_path)          # SQLite URL or a `pg_url`
    try:
        token = sign_in(server.url, *server.credentials("officer"))
        ...
    finally:
        server.stop()

The process runs `python -m liaison_server` (the `liaison-server` console script without relying on
PATH), on a free port of 127.0.0.1, with Argon2 lowered to test cost. Its output goes to
`<tmp_path>/server-<port>.log`, shown in the error when it fails to start.

The test suite calls `use_preloaded_starts()`: single-process servers and CLI runs are then forked from
a process that has imported the server once (`multiprocessing`'s forkserver), instead of a new
interpreter importing FastAPI, SQLAlchemy and uvicorn again, about a second of CPU per start. They are
still processes of their own, running `liaison_server.cli.main` with its arguments, killed for real. Servers
with several workers, the benchmarks and tests of the command itself keep the fresh interpreter.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

DEFAULT_TEAM = "North Precinct"
DEFAULT_PASSWORD = "correct horse battery"
# username per role, created by start_server in DEFAULT_TEAM.
DEFAULT_USERS = {
    "officer": "olivia",
    "officer2": "omar",
    "supervisor": "sofia",
    "ambassador": "amara",
    "admin": "adele",
}
TEST_ENV = {
    # Key derivation would dominate test time; these are test-only costs, below OWASP's minimum, which
    # the server accepts only when asked for them by name.
    "LIAISON_SERVER_TEST_WEAK_ARGON2": "1",
    "LIAISON_SERVER_ARGON2_TIME_COST": "1",
    "LIAISON_SERVER_ARGON2_MEMORY_KIB": "1024",
    "LIAISON_SERVER_ARGON2_PARALLELISM": "1",
}
START_TIMEOUT_S = 60.0
COMMAND = [sys.executable, "-m", "liaison_server"]  # the console script, without relying on PATH


class ServerStartError(RuntimeError):
    """The server process exited or did not answer /health in time."""


# -- starting from a preloaded process ---------------------------------------------------------------------

PRELOADED_MODULES = ["liaison_server.cli", "liaison_server.worker", "liaison_server.migrations", "uvicorn"]
_preloaded: multiprocessing.context.BaseContext | None = None


def use_preloaded_starts() -> None:
    """From now on, fork single-process servers and CLI runs from a process with the server imported."""
    global _preloaded
    if _preloaded is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOADED_MODULES)
        _preloaded = context


def _cli_in_child(argv: list[str], env: dict[str, str], stdout: str, stderr: str, stdin: str | None) -> None:
    """Runs in the forked process: what `python -m liaison_server ARGV` does, its output appended to the
    files `stdout` and `stderr` (may be one) and, as `start_new_session` would, the leader of a process
    group of its own (for `killpg`)."""
    import sys

    os.setsid()
    os.environ.clear()
    os.environ.update(env)
    for target, path in ((1, stdout), (2, stderr)):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(fd, target)
        os.close(fd)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", closefd=False)  # noqa: SIM115 - own streams
    sys.stdin = io.StringIO(stdin or "")
    from liaison_server.cli import main

    sys.exit(main(argv))


class _PreloadedProcess:
    """The part of `subprocess.Popen` that `RunningServer` uses, for a process the forkserver started."""

    def __init__(self, process: multiprocessing.process.BaseProcess) -> None:
        self._process = process

    @property
    def pid(self) -> int:
        assert self._process.pid is not None
        return self._process.pid

    def poll(self) -> int | None:
        return self._process.exitcode

    returncode = property(poll)

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired(f"liaison-server (pid {self.pid})", timeout or 0)
        return self._process.exitcode


def _start_preloaded(
    argv: list[str], env: dict[str, str], stdout: Path, stderr: Path, stdin: str | None = None
) -> _PreloadedProcess:
    assert _preloaded is not None
    process = _preloaded.Process(target=_cli_in_child, args=(argv, env, str(stdout), str(stderr), stdin))
    process.start()
    return _PreloadedProcess(process)


def sqlite_url(tmp_path: Path, name: str = "server.db") -> str:
    return f"sqlite:///{Path(tmp_path) / name}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Credentials:
    username: str
    password: str
    user_id: str
    role: str


@dataclass
class RunningServer:
    db_url: str
    data_dir: Path
    port: int
    workers: int = 1
    env: dict[str, str] = field(default_factory=dict)
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    verify: Any = True  # what `requests` should verify TLS with (a CA bundle path for trustme)
    team_id: str = ""
    team_name: str = DEFAULT_TEAM
    users: dict[str, Credentials] = field(default_factory=dict)  # by role key ("officer", "officer2", ...)
    process: subprocess.Popen[bytes] | _PreloadedProcess | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.ssl_certfile else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.url}/api/v1"

    def credentials(self, role_key: str = "officer") -> tuple[str, str]:
        user = self.users[role_key]
        return user.username, user.password

    # -- the CLI ---------------------------------------------------------------------------------
    def cli(
        self, *args: str, stdin: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run `liaison-server ARGS --db <this server's db>` and return the finished process."""
        argv = [*args, "--db", self.db_url]
        if _preloaded is not None:
            result = self._cli_preloaded(argv, stdin)
        else:
            result = subprocess.run(
                [*COMMAND, *argv],
                input=stdin,
                capture_output=True,
                text=True,
                env=self._environment(),
                timeout=120,
            )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"liaison-server {' '.join(args)} failed ({result.returncode}): {result.stderr}"
            )
        return result

    def _cli_preloaded(self, argv: list[str], stdin: str | None) -> subprocess.CompletedProcess[str]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        stem = self.data_dir / f"cli-{time.monotonic_ns()}"
        stdout, stderr = stem.with_suffix(".out"), stem.with_suffix(".err")
        try:
            code = _start_preloaded(argv, self._environment(), stdout, stderr, stdin).wait(120)
            out, err = (p.read_text(encoding="utf-8") if p.exists() else "" for p in (stdout, stderr))
        finally:
            stdout.unlink(missing_ok=True)
            stderr.unlink(missing_ok=True)
        return subprocess.CompletedProcess(argv, code, stdout=out, stderr=err)

    def create_team(self, name: str) -> str:
        return self.cli("create-team", name).stdout.strip()

    def create_user(
        self, username: str, role: str, team: str | list[str] | None = None, password: str = DEFAULT_PASSWORD
    ) -> str:
        """Create a user with the CLI (teams by name; default: this server's team); returns its id."""
        teams = [team] if isinstance(team, str) else list(team or [self.team_name])
        team_args = [arg for name in teams for arg in ("--team", name)]
        return self.cli(
            "create-user", username, "--role", role, *team_args, "--password-stdin", stdin=password + "\n"
        ).stdout.strip()

    def reset_password(self, username: str, password: str) -> None:
        self.cli("reset-password", username, "--password-stdin", stdin=password + "\n")

    def revoke_device(self, device_id: str, kind: str | None = None) -> None:
        """`kind`: `lost_device` (the server's default) or `offboarding`."""
        self.cli("revoke-device", device_id, *(("--kind", kind) if kind else ()))

    # -- the process -----------------------------------------------------------------------------
    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(TEST_ENV)
        env["LIAISON_SERVER_DATA_DIR"] = str(self.data_dir)
        env["PYTHONUNBUFFERED"] = "1"
        env["LIAISON_SERVER_EXIT_WITH_PID"] = str(os.getpid())  # never outlive a killed test run
        env.update(self.env)
        return env

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self.log_path = self.data_dir / f"server-{self.port}.log"
        argv = [
            "serve",
            "--host", "127.0.0.1", "--port", str(self.port), "--db", self.db_url, "--workers", str(self.workers),
        ]  # fmt: skip
        if self.ssl_certfile and self.ssl_keyfile:
            argv += ["--ssl-certfile", self.ssl_certfile, "--ssl-keyfile", self.ssl_keyfile]
        if _preloaded is not None and self.workers == 1:  # uvicorn spawns workers afresh anyway
            self.process = _start_preloaded(argv, self._environment(), self.log_path, self.log_path)
        else:
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    [*COMMAND, *argv],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=self._environment(),
                    start_new_session=True,
                )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise ServerStartError(f"server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                # "Connection: close": uvicorn waits out its graceful-shutdown timeout for idle TLS
                # keep-alive connections, which would make every stop() of a TLS server take 10 s.
                response = requests.get(
                    f"{self.api}/health", timeout=2, verify=self.verify, headers={"Connection": "close"}
                )
                if response.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.kill()
        raise ServerStartError(f"server did not become healthy in {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def _signal_group(self, sig: signal.Signals) -> None:
        assert self.process is not None
        try:
            os.killpg(self.process.pid, sig)  # the server and its worker processes
        except ProcessLookupError:
            pass

    def stop(self, timeout: float = 15.0) -> None:
        """Graceful stop (SIGTERM to the server's process group), SIGKILL if it hangs."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait(10)
        self._signal_group(signal.SIGKILL)  # stray workers, if any
        self.process = None

    def kill(self) -> None:
        """Crash the server (SIGKILL, no shutdown at all), for fault tests."""
        if self.process is None:
            return
        self._signal_group(signal.SIGKILL)
        self.process.wait(10)
        self.process = None

    def restart(self) -> None:
        """Stop and start again on the same port and database."""
        self.stop()
        self.start()

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _prepare_database(server: RunningServer, with_users: bool) -> None:
    """Migrate and create the default team and users in this process (what `migrate`, `create-team` and
    `create-user` do, through the same functions): five CLI runs would cost seconds per server."""
    from liaison_server import accounts, migrations
    from liaison_server.core.config import Argon2Settings
    from liaison_server.core.security import password_hasher
    from liaison_server.db import make_engine, session_factory

    engine = make_engine(server.db_url)
    try:
        migrations.upgrade(engine)
        if not with_users:
            return
        hasher = password_hasher(
            Argon2Settings(time_cost=1, memory_kib=1024, parallelism=1, weak_for_tests=True)
        )
        with session_factory(engine)() as session:
            server.team_id = accounts.create_team(session, server.team_name).id
            for role_key, username in DEFAULT_USERS.items():
                role = role_key.rstrip("0123456789")
                user = accounts.create_user(
                    session, hasher, username=username, role=role, team_names=[server.team_name],
                    password=DEFAULT_PASSWORD,
                )  # fmt: skip
                server.users[role_key] = Credentials(username, DEFAULT_PASSWORD, user.id, role)
            session.commit()
    finally:
        engine.dispose()


def start_server(
    db_url: str,
    tmp_path: Path,
    workers: int = 1,
    env: dict[str, str] | None = None,
    *,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    verify: Any = True,
    with_users: bool = True,
) -> RunningServer:
    """Migrate `db_url`, create a team and one user per role (`DEFAULT_USERS`, password
    `DEFAULT_PASSWORD`), and start `liaison-server serve` on a free port. Always `stop()` it."""
    data_dir = Path(tmp_path) / f"server-data-{free_port()}"
    data_dir.mkdir(parents=True, exist_ok=True)
    server = RunningServer(
        db_url=db_url,
        data_dir=data_dir,
        port=free_port(),
        workers=workers,
        env=dict(env or {}),
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        verify=verify,
    )
    _prepare_database(server, with_users)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server


def sign_in(
    base_url: str, username: str, password: str, device_name: str = "test", verify: Any = True
) -> dict[str, Any]:
    """POST /auth/sign-in; returns the JSON body (device_id, token, user, server_time_ms)."""
    response = requests.post(
        f"{base_url}/api/v1/auth/sign-in",
        json={"username": username, "password": password, "device_name": device_name},
        timeout=30,
        verify=verify,
    )
    response.raise_for_status()
    return response.json()
