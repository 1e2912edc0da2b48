"""Fixtures for the store tests. Profile fixtures are prefixed `profile_` (see test_profile_*.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from liaison_desktop.store.profile_keys import OWASP_MINIMUM
from liaison_desktop.store.profiles import LaptopProfiles

PROFILE_PASSPHRASE = "correct horse battery"


class ProfileClock:
    """A wall clock that only moves when a test says so."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ProfileProbe:
    """Writes and reads a marker row in a table of its own, so tests do not depend on the domain schema."""

    def write(self, engine: Engine, value: str) -> None:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE IF NOT EXISTS profile_probe (value TEXT NOT NULL)"))
            connection.execute(text("INSERT INTO profile_probe (value) VALUES (:value)"), {"value": value})

    def read(self, engine: Engine) -> list[str]:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT value FROM profile_probe ORDER BY rowid")).scalars())


@dataclass(frozen=True)
class ProfileCreated:
    """A profile that exists on disk, locked, with a probe row written while it was open."""

    profile_id: str
    passphrase: str
    recovery_key: str
    probe_value: str
    directory: Path


@pytest.fixture
def profile_clock() -> ProfileClock:
    return ProfileClock()


@pytest.fixture
def profile_probe() -> ProfileProbe:
    return ProfileProbe()


@pytest.fixture
def profile_data_root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def profile_store(profile_data_root: Path, profile_clock: ProfileClock) -> LaptopProfiles:
    """A store with OWASP's minimum Argon2id cost (real, just cheaper than the default) and a fake clock."""
    return LaptopProfiles(profile_data_root, params=OWASP_MINIMUM, clock=profile_clock)


@pytest.fixture
def profile_created(profile_store: LaptopProfiles, profile_probe: ProfileProbe) -> Iterator[ProfileCreated]:
    unlocked, recovery_key = profile_store.create_profile("Amina Haddad", PROFILE_PASSPHRASE)
    try:
        profile_probe.write(unlocked.engine, "first visit to the mosque on Elm St")
    finally:
        unlocked.close()
    yield ProfileCreated(
        profile_id=unlocked.profile_id,
        passphrase=PROFILE_PASSPHRASE,
        recovery_key=recovery_key,
        probe_value="first visit to the mosque on Elm St",
        directory=unlocked.directory,
    )
