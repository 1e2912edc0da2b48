"""Client devices for the sync tests: a real SQLCipher profile database, signed in to a real server.

Shared by the pytest tests, the fault rounds and `make soak`, so all of them exercise the same client.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.models import outbox, record_tables, rejected_mutation
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.store.schema import upgrade_to_head
from liaison_desktop.sync import account
from liaison_desktop.sync.engine import SyncEngine, SyncReport
from liaison_desktop.sync.http_client import SyncClient

TEST_TIMEOUT = (2.0, 5.0)  # short: a fault-injecting proxy must not stall a round for long


@dataclass
class Device:
    """One laptop: its database, its store and its HTTP client (pointed at `url`: server or proxy)."""

    name: str
    path: Path
    key: bytes
    url: str
    engine: Engine
    store: RecordStore
    client: SyncClient

    @property
    def account(self) -> account.Account:
        found = account.load_account(self.engine)
        assert found is not None
        return found

    def sync_engine(self, **options: Any) -> SyncEngine:
        return SyncEngine(self.store, self.client, **options)

    def sync(self, **options: Any) -> SyncReport:
        return self.sync_engine(**options).run_once()

    def reopen(self) -> None:
        """A new store on the same database: what an app restart sees (the clock reloads its state)."""
        self.store = RecordStore(self.engine, self.account.actor(), self.store.hub)
        self.client.token = self.account.token

    def point_at(self, url: str) -> None:
        self.client.close()
        self.url = url
        self.client = SyncClient(url, token=self.account.token, timeout=TEST_TIMEOUT)

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()

    # -- reading the replica ---------------------------------------------------------------------------

    def rows(self, record_type: str) -> dict[str, dict[str, Any]]:
        table = record_tables[record_type]
        with self.engine.connect() as connection:
            return {row["id"]: dict(row) for row in connection.execute(select(table)).mappings()}

    def snapshot(self, record_types: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
        return {record_type: self.rows(record_type) for record_type in record_types}

    def outbox_rows(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [dict(r) for r in connection.execute(select(outbox).order_by(outbox.c.seq)).mappings()]

    def rejected_rows(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [dict(r) for r in connection.execute(select(rejected_mutation)).mappings()]


def create_device(directory: Path, name: str, url: str, username: str, password: str) -> Device:
    """A new profile database, signed in as `username`."""
    key = os.urandom(32)
    path = directory / f"{name}.db"
    engine = open_encrypted_engine(path, key)
    upgrade_to_head(engine)
    client = SyncClient(url, timeout=TEST_TIMEOUT)
    signed_in = account.sign_in(engine, client, username, password, device_name=name)
    store = RecordStore(engine, signed_in.actor())
    return Device(name, path, key, url, engine, store, client)


def open_device(path: Path, key: bytes, name: str, url: str) -> Device:
    """An existing, signed-in profile database (another process's, or after a restart)."""
    engine = open_encrypted_engine(path, key)
    stored = account.load_account(engine)
    assert stored is not None
    client = SyncClient(url, token=stored.token, timeout=TEST_TIMEOUT)
    return Device(name, path, key, url, engine, RecordStore(engine, stored.actor()), client)
