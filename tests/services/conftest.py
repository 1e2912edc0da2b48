"""Worlds for the services' tests: one real SQLCipher profile in `tmp_path`, seen by several people.

On a real team each person has their own profile and sync brings them the others' records; here the
others' records are written into the same database by a workspace signed in as that person, which puts
the same rows there. All workspaces share one device clock, as writes on one device do.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from liaison_desktop.services.context import ServiceSettings
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.store.schema import upgrade_to_head

TEAM = "11111111-1111-4111-8111-111111111111"
NOW = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)
TODAY = NOW.date()
USERS = {
    "officer": "0f000000-0000-4000-8000-000000000001",
    "other_officer": "0f000000-0000-4000-8000-000000000002",
    "supervisor": "05000000-0000-4000-8000-000000000003",
    "ambassador": "0a000000-0000-4000-8000-000000000004",
    "other_ambassador": "0a000000-0000-4000-8000-000000000005",
    "admin": "0ad00000-0000-4000-8000-000000000006",
}


def consent(
    granted: bool = True,
    *,
    given_on: str = "2026-01-05",
    expires_on: str | None = None,
    method: str = "verbal",
    scope: str | None = "referrals",
) -> dict:
    value = {"granted": granted, "given_on": given_on, "method": method}
    if scope:
        value["scope"] = scope
    if expires_on:
        value["expires_on"] = expires_on
    return value


class World:
    """One profile database and a workspace per person (same device clock, fixed time `NOW`)."""

    def __init__(self, engine: Engine, profile_dir: Path) -> None:
        self.engine = engine
        self.profile_dir = profile_dir
        self.now = NOW
        self._workspaces: dict[str, Workspace] = {}
        self._clock = None

    def workspace(self, who: str) -> Workspace:
        if who not in self._workspaces:
            role = who.removeprefix("other_")
            store = RecordStore(self.engine, Actor(USERS[who], role, TEAM))
            if self._clock is None:
                self._clock = store.clock
            store.clock = self._clock
            self._workspaces[who] = Workspace(
                store, ServiceSettings(default_phone_region="US"), clock=lambda: self.now
            )
        return self._workspaces[who]


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    path = tmp_path / "profiles" / "p1"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def engine(profile_dir: Path) -> Iterator[Engine]:
    engine = open_encrypted_engine(profile_dir / "liaison.db", os.urandom(32))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def world(engine: Engine, profile_dir: Path) -> World:
    return World(engine, profile_dir)


@pytest.fixture
def officer(world: World) -> Workspace:
    return world.workspace("officer")


@pytest.fixture
def other_officer(world: World) -> Workspace:
    return world.workspace("other_officer")


@pytest.fixture
def supervisor(world: World) -> Workspace:
    return world.workspace("supervisor")


@pytest.fixture
def ambassador(world: World) -> Workspace:
    return world.workspace("ambassador")


@pytest.fixture
def other_ambassador(world: World) -> Workspace:
    return world.workspace("other_ambassador")


@pytest.fixture
def admin(world: World) -> Workspace:
    return world.workspace("admin")


@pytest.fixture
def service_id(officer: Workspace) -> str:
    return officer.directory.create(
        {"name": "Eastside Tenant Help Desk", "category": "housing", "languages": ["es", "ar"]}
    )


@pytest.fixture
def contact_id(officer: Workspace) -> str:
    """A contact who consented to be contacted and to have details shared with providers."""
    return officer.contacts.create(
        {
            "given_name": "Amina",
            "family_name": "Yusuf",
            "phone": "(202) 555-0143",
            "languages": ["so", "ar"],
            "consent_contact": consent(),
            "consent_share": consent(),
        }
    )


def outbox_rows(engine: Engine, record_type: str | None = None) -> list[dict]:
    from sqlalchemy import select

    from liaison_desktop.store.models import outbox

    statement = select(outbox).order_by(outbox.c.seq)
    if record_type:
        statement = statement.where(outbox.c.record_type == record_type)
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(statement).mappings()]
