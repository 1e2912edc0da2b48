"""The spine, end to end: real widgets, a real server process, real SQLCipher profiles.

Add a profile by signing in → the first sync shows records done of total and the time left (and can be
cancelled, and resumes) → an edit is pushed within seconds → a password reset asks for a new sign-in and
the kept outbox is pushed → a refused change is fixed in the sync center → a conflict is resolved there and
the choice reaches the server → a revocation erases the profile → the mass-deletion fail-safe asks first.

One server for the module (starting one costs a second or two); tests that change what the server holds
about a user have a user of their own. The first-sync tests look at a sync in the middle by holding the
second pull page at a gate proxy, so what is on screen is decided, not raced.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from devkit.server_process import DEFAULT_PASSWORD, RunningServer, sqlite_url, start_server
from liaison_desktop.app import Session, WorkerState
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.models import outbox
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.status_bar import pending_text
from tests.sync.devices import Device, create_device

from .gate_proxy import GateProxy
from .sign_in_steps import WindowFactory, add_profile_by_signing_in, syncing_window, type_into

__all__ = ["syncing_window"]  # a fixture, shared from sign_in_steps

EAST, WEST = "East Precinct", "West Precinct"
FIRST_SYNC_RECORDS = 2_100  # three pull pages of 1,000 (sync.engine.PAGE_SIZE)
MASS_RECORDS, MASS_DELETED = 100, 60  # more than half, and at least the fail-safe's 50
SYNC_TIMEOUT_MS = 30_000
# The worker's timer is 300 s: an edit that reaches the server within this was pushed by the debounce.
PUSHED_WITHIN_MS = 15_000


@dataclass
class World:
    server: RunningServer
    gate: GateProxy
    folder: Path
    devices: list[Device] = field(default_factory=list)

    def device(self, username: str) -> Device:
        """Another laptop of the team, signed in as `username` (scripted, no UI)."""
        made = create_device(
            self.folder, f"{username}-{uuid.uuid4().hex[:6]}", self.server.url, username, DEFAULT_PASSWORD
        )
        self.devices.append(made)
        return made


def add_users(server: RunningServer, team: str, usernames: list[str]) -> None:
    """A team and its officers, written the way `liaison-server create-team/create-user` writes them (in
    this process: a CLI run per user would cost seconds)."""
    from liaison_server import accounts
    from liaison_server.core.config import Argon2Settings
    from liaison_server.core.security import password_hasher
    from liaison_server.db import make_engine, session_factory

    engine = make_engine(server.db_url)
    try:
        hasher = password_hasher(
            Argon2Settings(time_cost=1, memory_kib=1024, parallelism=1, weak_for_tests=True)
        )
        with session_factory(engine)() as session:
            if team != server.team_name:
                accounts.create_team(session, team)
            for username in usernames:
                accounts.create_user(
                    session,
                    hasher,
                    username=username,
                    role="officer",
                    team_names=[team],
                    password=DEFAULT_PASSWORD,
                )
            session.commit()
    finally:
        engine.dispose()


def fill_server(device: Device, count: int, family: str) -> list[str]:
    ids = Workspace(device.store).contacts.import_many(
        [{"given_name": f"Person{n:04d}", "family_name": family} for n in range(count)]
    )
    device.sync()
    return ids


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = Path(tmp_path_factory.mktemp("end_to_end"))
    server = start_server(sqlite_url(folder), folder)
    gate: GateProxy | None = None
    made = World(server, GateProxy(server.port), folder)
    try:
        add_users(server, EAST, ["erin", "evan"])
        add_users(server, WEST, ["wendy"])
        add_users(server, server.team_name, ["oscar"])
        fill_server(made.device("erin"), FIRST_SYNC_RECORDS, "East")
        gate = made.gate.start()
        yield made
    finally:
        for device in made.devices:
            device.close()
        if gate is not None:
            gate.stop()
        server.stop()


@pytest.fixture
def gate(world: World) -> Iterator[GateProxy]:
    yield world.gate
    world.gate.open_gate()  # a failing test must not leave a sync waiting at the gate


# -- steps --------------------------------------------------------------------------------------------


def open_session(window: MainWindow) -> Session:
    session = window.session
    assert session is not None
    return session


def wait_up_to_date(qtbot, window: MainWindow, timeout: int = SYNC_TIMEOUT_MS) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.status.sync_label.text().startswith("Up to date"), timeout=timeout)


def wait_pushed(qtbot, window: MainWindow, timeout: int = PUSHED_WITHIN_MS) -> None:  # noqa: ANN001
    """Everything written so far reached the server (the outbox is empty) and the status says so."""
    session = open_session(window)
    qtbot.waitUntil(lambda: session.pending_changes() == 0, timeout=timeout)
    wait_up_to_date(qtbot, window)


def signed_in_window(qtbot, syncing_window: WindowFactory, world: World, username: str) -> MainWindow:  # noqa: ANN001
    """A profile added through the dialog, its first sync done, the status up to date."""
    window = syncing_window()
    add_profile_by_signing_in(
        qtbot, window, world.server.url, username, DEFAULT_PASSWORD, profile_name=f"{username.title()} laptop"
    )
    wait_up_to_date(qtbot, window)
    return window


def contact_count(session: Session) -> int:
    return session.contacts.count()


# -- the first sync -----------------------------------------------------------------------------------


def test_adding_a_profile_signs_in_and_shows_the_first_sync_with_progress(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    world: World,
    gate: GateProxy,
) -> None:
    gate.close_gate()
    window = syncing_window()
    add_profile_by_signing_in(qtbot, window, gate.url, "erin", DEFAULT_PASSWORD, profile_name="Erin")

    qtbot.waitUntil(lambda: window.sync_screens.first_sync_dialog is not None)
    dialog = window.sync_screens.first_sync_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.count_label.text() == "1,000 of 2,100 records", timeout=SYNC_TIMEOUT_MS)
    assert (dialog.progress.value(), dialog.progress.maximum()) == (1_000, 2_100)
    assert dialog.phase_label.text() == "Receiving records…"
    assert dialog.time_left_label.text().startswith("Time left: ")
    # The status bar follows the same status through its own queued signal: it may paint a moment later.
    qtbot.waitUntil(lambda: window.status.sync_label.text().startswith("Syncing… 1,000 of 2,100"))

    gate.open_gate()
    qtbot.waitUntil(lambda: window.sync_screens.first_sync_dialog is None, timeout=SYNC_TIMEOUT_MS)
    assert dialog.completed, "it closed itself because the sync finished"
    wait_up_to_date(qtbot, window)
    assert contact_count(open_session(window)) == FIRST_SYNC_RECORDS


def test_cancelling_the_first_sync_keeps_what_arrived_and_the_next_sync_resumes_there(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    world: World,
    gate: GateProxy,
) -> None:
    gate.close_gate()
    window = syncing_window()
    add_profile_by_signing_in(qtbot, window, gate.url, "evan", DEFAULT_PASSWORD, profile_name="Evan")
    qtbot.waitUntil(lambda: window.sync_screens.first_sync_dialog is not None)
    dialog = window.sync_screens.first_sync_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.count_label.text() == "1,000 of 2,100 records", timeout=SYNC_TIMEOUT_MS)

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert window.sync_screens.first_sync_dialog is None
    gate.open_gate()  # the page already asked for arrives; the sync stops after it
    session = open_session(window)
    qtbot.waitUntil(lambda: session.sync_status.state is WorkerState.IDLE, timeout=SYNC_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.status.sync_label.text() == "Not synced yet")
    arrived = contact_count(session)
    assert 0 < arrived < FIRST_SYNC_RECORDS, "stopped in the middle, keeping what arrived"

    window.sync_action.trigger()  # "Sync now"
    wait_up_to_date(qtbot, window)
    report = session.sync_status.last_report
    assert report is not None and report.pulled == FIRST_SYNC_RECORDS - arrived, "resumed where it stopped"
    assert contact_count(session) == FIRST_SYNC_RECORDS


# -- edits, sign-in, refusals, conflicts --------------------------------------------------------------


def test_an_edit_is_pushed_within_seconds_and_the_status_says_up_to_date(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    world: World,
) -> None:
    window = signed_in_window(qtbot, syncing_window, world, "olivia")
    session = open_session(window)
    contact_id = session.contacts.create({"given_name": "Farah", "family_name": "Edited"})
    waiting = pending_text(session.pending_changes())  # the contact, and the audit entry that goes with it
    qtbot.waitUntil(lambda: window.status.sync_label.text() == waiting)

    wait_up_to_date(qtbot, window, timeout=PUSHED_WITHIN_MS)
    assert window.status.pending_count == 0 and session.pending_changes() == 0
    colleague = world.device("omar")
    colleague.sync()
    assert colleague.rows("contact")[contact_id]["given_name"] == "Farah"


def test_a_password_reset_opens_the_sign_in_dialog_and_the_kept_outbox_is_pushed(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    world: World,
) -> None:
    window = signed_in_window(qtbot, syncing_window, world, "oscar")
    session = open_session(window)
    world.server.reset_password("oscar", "a brand new password")
    contact_id = session.contacts.create({"given_name": "Waiting", "family_name": "Outbox"})

    qtbot.waitUntil(lambda: window.sync_screens.sign_in_dialog is not None, timeout=SYNC_TIMEOUT_MS)
    dialog = window.sync_screens.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.username_label.text() == "oscar"
    waiting = session.pending_changes()
    assert waiting > 0, "the outbox is kept"
    assert window.status.sync_label.text() == f"Sign in again to sync · {pending_text(waiting)}"

    type_into(qtbot, dialog.password_field, "a brand new password")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync_screens.sign_in_dialog is None, timeout=SYNC_TIMEOUT_MS)
    wait_up_to_date(qtbot, window)
    assert session.pending_changes() == 0
    colleague = world.device("olivia")
    colleague.sync()
    assert contact_id in colleague.rows("contact")


def refuse_a_value_on_the_server(session: Session, contact_id: str) -> None:
    """A value an older version of the app let through and this server's rules refuse (a family name
    over the length limit), queued as that version would have queued it."""
    store = session._store  # noqa: SLF001 - the app's own validation would (rightly) refuse to write it
    with store.engine.begin() as connection:
        connection.execute(
            insert(outbox).values(
                mutation_id=str(uuid.uuid4()),
                record_type="contact",
                record_id=contact_id,
                op="upsert",
                fields={"family_name": "x" * 300},
                hlc=store.clock.tick(connection),
                base_version=1,
                team_id=None,
            )
        )


def test_a_refused_change_is_shown_in_the_sync_center_and_fixed(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    world: World,
) -> None:
    window = signed_in_window(qtbot, syncing_window, world, "olivia")
    session = open_session(window)
    contact_id = session.contacts.create({"given_name": "Dalia"})
    wait_pushed(qtbot, window)
    refuse_a_value_on_the_server(session, contact_id)
    window.sync_action.trigger()

    attention = window.status.attention_button
    qtbot.waitUntil(
        lambda: attention.isVisible() and "1 change refused" in attention.text(), timeout=SYNC_TIMEOUT_MS
    )
    assert window.sync_screens.refused_action.text() == "Changes &refused… (1)"
    qtbot.mouseClick(attention, Qt.MouseButton.LeftButton)
    center = window.sync_screens.sync_center
    assert center is not None and center.isVisible()
    center.show_page("refused")
    panel = center.refused_panel
    qtbot.waitUntil(lambda: len(panel.cards) == 1)
    assert center.tabs.tabText(0) == "Changes refused (1)"
    [card] = panel.cards.values()
    assert card.title_label.text() == "Contact: Dalia"
    assert card.reason_label.text().startswith("Some values do not fit the server's rules")

    qtbot.mouseClick(card.fix_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, card.editors["family_name"], "Haddad")
    qtbot.mouseClick(card.resend_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.cards == {})
    wait_pushed(qtbot, window)
    qtbot.waitUntil(lambda: not attention.isVisible())
    colleague = world.device("omar")
    colleague.sync()
    assert colleague.rows("contact")[contact_id]["family_name"] == "Haddad"


def test_a_conflict_resolved_in_the_sync_center_is_synced_to_the_server(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    world: World,
) -> None:
    colleague = world.device("omar")
    contact_id = Workspace(colleague.store).contacts.create({"given_name": "Amina", "notes": "First visit"})
    colleague.sync()
    window = signed_in_window(qtbot, syncing_window, world, "olivia")
    session = open_session(window)
    assert session.contacts.get(contact_id)["notes"] == "First visit"

    Workspace(colleague.store).contacts.update(contact_id, {"notes": "Works mornings"})  # offline, first
    session.contacts.update(contact_id, {"notes": "Prefers Somali"})
    wait_pushed(qtbot, window)
    colleague.sync()  # its edit meets ours on the server: a conflict, the losing value kept
    window.sync_action.trigger()

    qtbot.waitUntil(lambda: window.sync_screens.counts.conflicts >= 1, timeout=SYNC_TIMEOUT_MS)
    window.sync_screens.conflicts_action.trigger()
    center = window.sync_screens.sync_center
    assert center is not None and center.tabs.currentWidget() is center.conflicts_panel
    panel = center.conflicts_panel
    qtbot.waitUntil(lambda: any(c.conflict.subject_id == contact_id for c in panel.cards.values()))
    [card] = [c for c in panel.cards.values() if c.conflict.subject_id == contact_id]
    assert {card.conflict.mine.value, card.conflict.theirs.value} == {"Prefers Somali", "Works mornings"}
    keep_colleagues = (
        card.keep_theirs_button if card.conflict.theirs.value == "Works mornings" else card.keep_mine_button
    )
    qtbot.mouseClick(keep_colleagues, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: all(c.conflict.subject_id != contact_id for c in panel.cards.values()))
    wait_pushed(qtbot, window)
    colleague.sync()
    assert colleague.rows("contact")[contact_id]["notes"] == "Works mornings"
    conflict_id = card.conflict.conflict_id
    assert colleague.rows("conflict")[conflict_id]["status"] == "resolved"


# -- the server's decisions ---------------------------------------------------------------------------


def test_a_revoked_device_is_wiped_and_the_start_screen_says_so(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    world: World,
) -> None:
    window = signed_in_window(qtbot, syncing_window, world, "olivia")
    session = open_session(window)
    assert session.account is not None
    world.server.revoke_device(session.account.device_id)
    window.sync_action.trigger()

    qtbot.waitUntil(lambda: window.session is None, timeout=SYNC_TIMEOUT_MS)
    assert window.stack.currentWidget() is window.picker
    assert (
        window.picker.status_label.text() == "This device was removed from the team; its profile was erased."
    )
    assert window.picker.profile_list.count() == 0
    assert window.directory.summaries() == []


def test_the_mass_deletion_fail_safe_asks_in_words_before_applying(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    world: World,
) -> None:
    other_laptop = world.device("wendy")
    ids = fill_server(other_laptop, MASS_RECORDS, "West")
    window = signed_in_window(qtbot, syncing_window, world, "wendy")
    session = open_session(window)
    assert contact_count(session) == MASS_RECORDS
    for contact_id in ids[:MASS_DELETED]:
        Workspace(other_laptop.store).contacts.delete(contact_id)
    other_laptop.sync()
    window.sync_action.trigger()

    qtbot.waitUntil(lambda: window.sync_screens.mass_deletion_dialog is not None, timeout=SYNC_TIMEOUT_MS)
    dialog = window.sync_screens.mass_deletion_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.findChild(type(dialog.summary_label), "mass_deletion_heading").text() == (
        "The server's changes would delete 60 records from this laptop"
    )
    assert dialog.summary_label.text().startswith("That is 60 of the 100 records on this laptop.")
    assert dialog.not_now_button.isDefault(), "the safe answer is the default"
    assert window.status.sync_label.text().startswith("Sync paused: 60 records would be deleted")
    assert contact_count(session) == MASS_RECORDS, "nothing deleted before the answer"

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    wait_up_to_date(qtbot, window)
    assert contact_count(session) == MASS_RECORDS - MASS_DELETED


def test_clicking_the_sync_sentence_opens_the_sync_center(
    qtbot,  # noqa: ANN001
    syncing_window: WindowFactory,
    world: World,
) -> None:
    window = signed_in_window(qtbot, syncing_window, world, "omar")
    qtbot.mouseClick(window.status.sync_label, Qt.MouseButton.LeftButton)
    center = window.sync_screens.sync_center
    assert center is not None and center.isVisible()
    assert center.status_label.text().startswith("Up to date")
    window.lock()
    assert window.sync_screens.sync_center is None, "locking closes what showed records"
    QApplication.processEvents()
