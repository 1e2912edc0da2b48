"""Fixtures of the server suite. Every test that takes `server_db_url` runs on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, Table, create_engine, inspect, text

from devkit.pg_databases import throwaway_database
from devkit.server_process import DEFAULT_PASSWORD, sqlite_url
from liaison_server import accounts, migrations
from liaison_server.app import create_app
from liaison_server.core.config import Argon2Settings, Settings
from liaison_server.core.security import password_hasher
from liaison_server.db import make_engine, session_factory
from tests.server.helpers import API, ApiUser

TEST_ARGON2 = Argon2Settings(time_cost=1, memory_kib=1024, parallelism=1, weak_for_tests=True)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("pg_url")


@dataclass
class ReusedDatabase:
    """A migrated PostgreSQL database kept for a whole test process and emptied before each test: creating
    and migrating a database per test cost about 0.4 s, emptying it costs 20 ms. Emptying truncates every
    table and writes back the rows the migrations left (the change counter), so each test starts from
    exactly what `migrate` makes."""

    url: str
    tables: list[str]
    seed: dict[str, list[dict[str, object]]]

    def emptied(self) -> str:
        engine = create_engine(self.url)
        try:
            with engine.begin() as connection:
                connection.execute(text("SET LOCAL lock_timeout = '10s'"))  # a leftover connection fails
                quoted = ", ".join(f'"{name}"' for name in self.tables)  # the test instead of hanging it
                connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
                for name, rows in self.seed.items():
                    connection.execute(Table(name, MetaData(), autoload_with=connection).insert(), rows)
        finally:
            engine.dispose()
        return self.url


@pytest.fixture(scope="session")
def reused_pg_database(pg_admin_url: str) -> Iterator[ReusedDatabase]:
    with throwaway_database(pg_admin_url, "liaison_r") as url:
        engine = make_engine(url)
        try:
            migrations.upgrade(engine)
            with engine.connect() as connection:
                tables = inspect(connection).get_table_names()
                seed = {
                    name: [
                        dict(row) for row in connection.execute(text(f'SELECT * FROM "{name}"')).mappings()
                    ]
                    for name in tables
                }
        finally:
            engine.dispose()
        yield ReusedDatabase(url, tables, {name: rows for name, rows in seed.items() if rows})


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite database migrated once per test process; each test gets a copy (a file copy costs a
    millisecond, running the migrations about a tenth of a second)."""
    directory = tmp_path_factory.mktemp("migrated-sqlite")
    engine = make_engine(sqlite_url(directory))
    migrations.upgrade(engine)
    engine.dispose()  # the last connection closed: the WAL is checkpointed into the file
    return directory / "server.db"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database at the schema's head, as `liaison-server migrate` leaves it, on each backend."""
    if request.param == "postgres":
        return request.getfixturevalue("reused_pg_database").emptied()
    url = sqlite_url(tmp_path)
    shutil.copyfile(request.getfixturevalue("migrated_sqlite_file"), tmp_path / "server.db")
    return url


@pytest.fixture
def settings(migrated_db_url: str) -> Settings:
    return Settings(db_url=migrated_db_url, argon2=TEST_ARGON2)


@pytest.fixture
def migrated(settings: Settings) -> Settings:
    return settings


@dataclass
class World:
    """Two teams with users of every role, and a way to sign any of them in."""

    client: TestClient
    settings: Settings
    teams: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, str] = field(default_factory=dict)

    def add_team(self, name: str) -> str:
        with self._session() as session:
            team = accounts.create_team(session, name)
            session.commit()
        self.teams[name] = team.id
        return team.id

    def add_user(
        self, username: str, role: str, *teams: str, password: str = DEFAULT_PASSWORD, display_name: str = ""
    ) -> str:
        with self._session() as session:
            user = accounts.create_user(
                session,
                password_hasher(self.settings.argon2),
                username=username,
                role=role,
                team_names=list(teams),
                password=password,
                display_name=display_name,
            )
            session.commit()
        self.user_ids[username] = user.id
        return user.id

    def sign_in(self, username: str, password: str = DEFAULT_PASSWORD, **extra: object) -> ApiUser:
        response = self.client.post(
            f"{API}/auth/sign-in", json={"username": username, "password": password, **extra}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        return ApiUser(self.client, username, body["token"], body["device_id"], body["user"])

    def _session(self):  # noqa: ANN202
        return session_factory(self.client.app.state.engine)()


@pytest.fixture
def client(migrated: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(migrated), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def world(client: TestClient, migrated: Settings) -> World:
    """Teams North and South. North: officers olivia and omar, supervisor sofia, ambassador amara,
    admin adele. South: officer sam and supervisor sue."""
    w = World(client, migrated)
    w.add_team("North")
    w.add_team("South")
    for username, role, team in (
        ("olivia", "officer", "North"),
        ("omar", "officer", "North"),
        ("sofia", "supervisor", "North"),
        ("amara", "ambassador", "North"),
        ("adele", "admin", "North"),
        ("sam", "officer", "South"),
        ("sue", "supervisor", "South"),
    ):
        w.add_user(username, role, team)
    return w
