"""Worlds for the demo tests: a demo world made in a temporary data directory, and its profiles opened.

Key derivation is cheap here on both sides (`FAST_KDF` for the profiles, `TEST_ENV` for the server's
password hashing), so a whole world is made in a few seconds; the real costs are measured elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from devkit.server_process import TEST_ENV
from liaison_desktop.demo.demo_world import DEMO_PASSPHRASE, DemoWorld, create_demo_world
from liaison_desktop.store.models import record_tables
from liaison_desktop.store.profile_keys import Argon2Params
from liaison_desktop.store.profiles import LaptopProfiles, UnlockedProfile
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.sync import account as accounts
from liaison_desktop.sync.engine import SyncEngine, SyncReport
from liaison_desktop.sync.http_client import SyncClient

FAST_KDF = Argon2Params(memory_kib=1024, time_cost=1, parallelism=1)
FAST_SERVER = dict(TEST_ENV)


@dataclass
class OpenProfile:
    """A demo profile unlocked as the app would open it: its store (as its signed-in account) and a
    client on the server address stored inside it."""

    unlocked: UnlockedProfile
    account: accounts.Account
    store: RecordStore
    client: SyncClient

    @property
    def engine(self) -> Engine:
        return self.unlocked.engine

    def sync(self) -> SyncReport:
        return SyncEngine(self.store, self.client).run_once()

    def rows(self, record_type: str) -> dict[str, dict[str, Any]]:
        table = record_tables[record_type]
        with self.engine.connect() as connection:
            return {row["id"]: dict(row) for row in connection.execute(select(table)).mappings()}

    def close(self) -> None:
        self.client.close()
        self.unlocked.close()


def make_profiles(data_dir: Path) -> LaptopProfiles:
    return LaptopProfiles(data_dir, params=FAST_KDF, allow_weak_for_tests=True)


def open_profile(profiles: LaptopProfiles, profile_id: str) -> OpenProfile:
    unlocked = profiles.unlock(profile_id, DEMO_PASSPHRASE)
    account = accounts.load_account(unlocked.engine)
    assert account is not None, "a demo profile is signed in"
    store = RecordStore(unlocked.engine, account.actor())
    return OpenProfile(unlocked, account, store, SyncClient(account.server_url, account.token))


@dataclass
class DemoSetup:
    data_dir: Path
    profiles: LaptopProfiles
    world: DemoWorld

    def open(self, role: str) -> OpenProfile:
        return open_profile(self.profiles, self.world.profile(role).profile_id)


def _build(data_dir: Path) -> Iterator[DemoSetup]:
    profiles = make_profiles(data_dir)
    setup = DemoSetup(data_dir, profiles, create_demo_world(profiles, data_dir, server_env=FAST_SERVER))
    try:
        yield setup
    finally:
        setup.world.stop()  # a test may have restarted it


@pytest.fixture(scope="module")
def shared_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSetup]:
    """One demo world for the tests that only look at it."""
    yield from _build(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[DemoSetup]:
    """A demo world of this test's own, for tests that edit, restart or break it."""
    yield from _build(tmp_path / "data")
