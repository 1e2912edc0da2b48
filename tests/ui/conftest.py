"""Worlds for the UI tests: a data directory with fast key derivation, the runner, the main window.

Key derivation uses tiny Argon2 parameters (`allow_weak_for_tests`), so an unlock costs milliseconds and
the tests stay fast; the real cost is measured by the store's own tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from liaison_desktop.app import ProfileDirectory
from liaison_desktop.app.who_writes import actor_for
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.profile_keys import Argon2Params
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.ui.app import configure_application
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.shell.main_window import MainWindow

FAST_KDF = Argon2Params(memory_kib=1024, time_cost=1, parallelism=1)
PASSPHRASE = "correct horse battery"


@dataclass(frozen=True)
class ExistingProfile:
    profile_id: str
    display_name: str
    passphrase: str
    contact_count: int


def add_contacts(profiles: LaptopProfiles, profile_id: str, passphrase: str, count: int) -> None:
    """Contacts written through the services, as the app would write them."""
    unlocked = profiles.unlock(profile_id, passphrase)
    try:
        store = RecordStore(unlocked.engine, actor_for(unlocked.header, None))
        Workspace(store).contacts.import_many(
            [
                {"given_name": f"Person{n:04d}", "family_name": f"Family{n:04d}", "neighborhood": "Elm Park"}
                for n in range(count)
            ]
        )
    finally:
        unlocked.close()


@pytest.fixture(autouse=True)
def english_left_to_right(qapp: QApplication) -> Iterator[None]:
    """Every test starts (and leaves the app) in English, left to right."""
    configure_application(qapp, "en")
    yield
    configure_application(qapp, "en")


@pytest.fixture
def profiles(tmp_path: Path) -> LaptopProfiles:
    return LaptopProfiles(tmp_path / "data", params=FAST_KDF, allow_weak_for_tests=True)


@pytest.fixture
def existing_profile(profiles: LaptopProfiles) -> ExistingProfile:
    unlocked, _recovery_key = profiles.create_profile("Amina Haddad", PASSPHRASE)
    unlocked.close()
    add_contacts(profiles, unlocked.profile_id, PASSPHRASE, 12)
    return ExistingProfile(unlocked.profile_id, "Amina Haddad", PASSPHRASE, 12)


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[Runner]:
    runner = Runner()
    yield runner
    assert runner.wait_until_idle(10_000), "background work still running after the test"


@pytest.fixture
def make_window(qtbot, profiles: LaptopProfiles, runner: Runner):  # noqa: ANN001, ANN201 - pytest-qt's fixture
    """Build the main window (after the test has set up profiles and language)."""
    windows: list[MainWindow] = []

    def make(server_url: str | None = None) -> MainWindow:
        window = MainWindow(ProfileDirectory(profiles, start_sync=False), runner, server_url=server_url)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.lock()
        window.directory.demo.stop()  # a demo started by the test takes its local server with it
