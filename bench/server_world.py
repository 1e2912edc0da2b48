"""Real sync servers for the sync figures: `liaison-server serve` processes on 127.0.0.1.

The server is started through `devkit.server_process.start_server` (the one place that knows how to run
it, shared with the test suite), on a SQLite file or on a throwaway PostgreSQL database that the bench
creates and drops itself. Extra officers for the shift-change figure are created in-process through the server's own
account functions, as `start_server` does for its default users.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from devkit.pg_databases import throwaway_database

from .context import BenchContext

PASSWORD = "correct horse battery"


@dataclass
class ServerWorld:
    backend: str  # "sqlite" or "postgresql"
    db_url: str
    server: object  # devkit.server_process.RunningServer

    @property
    def url(self) -> str:
        return self.server.url  # type: ignore[attr-defined]

    @property
    def team_id(self) -> str:
        return self.server.team_id  # type: ignore[attr-defined]

    def credentials(self, role_key: str = "officer") -> tuple[str, str]:
        return self.server.credentials(role_key)  # type: ignore[attr-defined]

    def add_officers(self, count: int, prefix: str = "officer") -> list[tuple[str, str]]:
        """`count` more officers of the server's team; returns (username, password) pairs."""
        from liaison_server import accounts
        from liaison_server.core.config import Argon2Settings
        from liaison_server.core.security import password_hasher
        from liaison_server.db import make_engine, session_factory

        engine = make_engine(self.db_url)
        hasher = password_hasher(
            Argon2Settings(time_cost=1, memory_kib=1024, parallelism=1, weak_for_tests=True)
        )
        names = [f"{prefix}{n:03d}" for n in range(count)]
        try:
            with session_factory(engine)() as session:
                for name in names:
                    accounts.create_user(
                        session, hasher, username=name, role="officer",
                        team_names=[self.server.team_name], password=PASSWORD,  # type: ignore[attr-defined]
                    )  # fmt: skip
                session.commit()
        finally:
            engine.dispose()
        return [(name, PASSWORD) for name in names]


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL to create a throwaway database in: the PostgreSQL figures cannot be measured."""


@contextmanager
def throwaway_postgres(admin_url: str) -> Iterator[str]:
    databases = throwaway_database(admin_url, "liaison_bench", connect_timeout=5)
    try:
        url = databases.__enter__()
    except Exception as exc:  # noqa: BLE001 - any failure here means "no PostgreSQL"
        raise PostgresUnavailable(f"cannot create a database through {admin_url}: {exc}") from exc
    try:
        yield url
    finally:
        databases.__exit__(None, None, None)


def start_world(ctx: BenchContext, backend: str, *, workers: int = 1, name: str = "") -> ServerWorld:
    """A running server on a new, empty database; stopped (and the database dropped) at the end of the run."""
    from devkit.server_process import start_server

    directory = ctx.fresh_dir(f"server-{backend}-{name or uuid.uuid4().hex[:6]}")
    if backend == "sqlite":
        db_url = f"sqlite:///{Path(directory) / 'server.db'}"
    elif backend == "postgresql":
        db_url = ctx.resources.enter_context(throwaway_postgres(ctx.pg_admin_url))
    else:
        raise ValueError(backend)
    server = start_server(db_url, directory, workers=workers)
    ctx.resources.callback(server.stop)
    return ServerWorld(backend, db_url, server)


def copy_world(
    ctx: BenchContext, source: ServerWorld, backend: str, name: str = ""
) -> tuple[ServerWorld, float]:
    """A server on a new database of kind `backend` holding a copy of `source`'s team, users and records
    (see `server_copy`); returns it and the seconds the copy took."""
    from devkit.server_process import start_server

    from .server_copy import copy_server_state

    directory = ctx.fresh_dir(f"server-{backend}-{name or uuid.uuid4().hex[:6]}")
    if backend == "sqlite":
        db_url = f"sqlite:///{Path(directory) / 'server.db'}"
    else:
        db_url = ctx.resources.enter_context(throwaway_postgres(ctx.pg_admin_url))
    seconds = copy_server_state(source.db_url, db_url)
    server = start_server(db_url, directory, with_users=False)
    ctx.resources.callback(server.stop)
    original = source.server
    server.users = dict(original.users)  # type: ignore[attr-defined]
    server.team_id = original.team_id  # type: ignore[attr-defined]
    server.team_name = original.team_name  # type: ignore[attr-defined]
    return ServerWorld(backend, db_url, server), seconds


@contextmanager
def scratch_server_database(ctx: BenchContext, backend: str) -> Iterator[str]:
    """An empty, migrated server database with no server process: where the bulk-insert baselines go."""
    from liaison_server import migrations
    from liaison_server.db import make_engine

    if backend == "sqlite":
        url = f"sqlite:///{ctx.fresh_dir(f'scratch-{uuid.uuid4().hex[:6]}') / 'scratch.db'}"
        manager = None
    else:
        manager = throwaway_postgres(ctx.pg_admin_url)
        url = manager.__enter__()
    try:
        engine = make_engine(url)
        migrations.upgrade(engine)
        engine.dispose()
        yield url
    finally:
        if manager is not None:
            manager.__exit__(None, None, None)
