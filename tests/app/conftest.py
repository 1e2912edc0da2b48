"""Worlds for the session layer's own tests: a data directory with quick key derivation and one profile
holding a few contacts, written through the services as the app writes them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from liaison_desktop.app import ProfileDirectory
from liaison_desktop.store.profile_keys import Argon2Params
from liaison_desktop.store.profiles import LaptopProfiles

FAST_KDF = Argon2Params(memory_kib=1024, time_cost=1, parallelism=1)
PASSPHRASE = "correct horse battery"


@dataclass(frozen=True)
class SavedProfile:
    profile_id: str
    passphrase: str


@pytest.fixture
def directory(tmp_path: Path) -> ProfileDirectory:
    store = LaptopProfiles(tmp_path / "data", params=FAST_KDF, allow_weak_for_tests=True)
    return ProfileDirectory(store, start_sync=False)


@pytest.fixture
def saved_profile(directory: ProfileDirectory) -> SavedProfile:
    unlocked, _recovery_key = directory.store.create_profile("Amina Haddad", PASSPHRASE)
    session = directory.session_for(unlocked)
    try:
        session.contacts.import_many(
            [{"given_name": f"Person{n}", "family_name": "Haddad"} for n in range(3)]
        )
    finally:
        session.close()
    return SavedProfile(unlocked.profile_id, PASSPHRASE)
