"""Fixtures of the server suite. Every test that takes `server_db_url` runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from devkit.server_process import DEFAULT_PASSWORD
from liaison_server import accounts, migrations
from liaison_server.app import create_app
from liaison_server.core.config import Argon2Settings, Settings
from liaison_server.core.security import password_hasher
from liaison_server.db import make_engine, session_factory
from tests.server.helpers import API, ApiUser

TEST_ARGON2 = Argon2Settings(time_cost=1, memory_kib=1024, parallelism=1)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def settings(server_db_url: str) -> Settings:
    return Settings(db_url=server_db_url, argon2=TEST_ARGON2)


@pytest.fixture
def migrated(settings: Settings) -> Settings:
    engine = make_engine(settings.db_url)
    migrations.upgrade(engine)
    engine.dispose()
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

    def add_user(self, username: str, role: str, *teams: str, password: str = DEFAULT_PASSWORD) -> str:
        with self._session() as session:
            user = accounts.create_user(
                session,
                password_hasher(self.settings.argon2),
                username=username,
                role=role,
                team_names=list(teams),
                password=password,
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
