"""The demo world: three signed-in profiles on a local server, each already holding what its role may
see, so a newcomer can edit in one profile, switch user and watch the change arrive."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from liaison_desktop.demo.demo_server import DemoServerFailed, database_url, server_directory
from liaison_desktop.demo.demo_world import (
    create_demo_world,
    demo_profile_ids,
    demo_world_exists,
    start_existing_demo,
)
from liaison_desktop.services.workspace import Workspace

from .conftest import FAST_SERVER, DemoSetup, make_profiles, open_profile

# The app making the demo, killed outright while it fills the ambassador's profile.
_KILLED_WHILE_MAKING = """
import json, os, signal, sys
from pathlib import Path
from liaison_desktop.demo.demo_world import STEP_RECORDS, create_demo_world
from tests.demo.conftest import make_profiles

def progress(step):
    if step.step == STEP_RECORDS and step.role == "ambassador":
        os.kill(os.getpid(), signal.SIGKILL)

data_dir = Path(sys.argv[1])
create_demo_world(make_profiles(data_dir), data_dir, progress, server_env=json.loads(sys.argv[2]))
"""


def server_record_ids(data_dir: Path, record_type: str) -> set[str]:
    engine = create_engine(database_url(data_dir))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT record_id FROM record WHERE record_type = :type AND NOT deleted"),
                {"type": record_type},
            )
            return {row[0] for row in rows}
    finally:
        engine.dispose()


def test_the_demo_lists_one_profile_per_role(shared_demo: DemoSetup) -> None:
    listed = {header.profile_id: header for header in shared_demo.profiles.list_profiles()}
    roles = {profile.role: profile.profile_id for profile in shared_demo.world.profiles}
    assert set(roles) == {"officer", "ambassador", "supervisor"}
    assert set(listed) == set(roles.values())
    assert {listed[pid].account.role for pid in roles.values()} == set(roles)
    assert demo_profile_ids(shared_demo.data_dir) == frozenset(roles.values())


def test_every_demo_profile_unlocks_with_the_demo_passphrase_and_knows_the_server(
    shared_demo: DemoSetup,
) -> None:
    for demo_profile in shared_demo.world.profiles:
        opened = open_profile(shared_demo.profiles, demo_profile.profile_id)
        try:
            assert opened.account.role == demo_profile.role
            assert opened.account.server_url == shared_demo.world.url
            assert opened.account.token
        finally:
            opened.close()


def test_the_officers_sample_records_are_on_the_server(shared_demo: DemoSetup) -> None:
    officer = shared_demo.open("officer")
    try:
        contacts = set(officer.rows("contact"))
        referrals = set(officer.rows("referral"))
        meetings = set(officer.rows("meeting"))
    finally:
        officer.close()
    assert len(contacts) > 30 and referrals and meetings
    assert contacts <= server_record_ids(shared_demo.data_dir, "contact")
    assert referrals <= server_record_ids(shared_demo.data_dir, "referral")
    assert meetings <= server_record_ids(shared_demo.data_dir, "meeting")


def test_the_supervisor_profile_holds_the_officers_records_and_the_ambassadors_feedback(
    shared_demo: DemoSetup,
) -> None:
    officer = shared_demo.open("officer")
    try:
        officer_records = {kind: set(officer.rows(kind)) for kind in ("contact", "encounter", "referral")}
    finally:
        officer.close()
    supervisor = shared_demo.open("supervisor")
    try:
        for kind, ids in officer_records.items():
            assert ids and ids <= set(supervisor.rows(kind)), kind
        assert len(supervisor.rows("feedback")) == 2
    finally:
        supervisor.close()


def test_the_ambassador_profile_holds_only_the_directory_and_their_own_feedback(
    shared_demo: DemoSetup,
) -> None:
    ambassador = shared_demo.open("ambassador")
    try:
        assert ambassador.rows("contact") == {}
        assert ambassador.rows("encounter") == {}
        assert ambassador.rows("referral") == {}
        assert len(ambassador.rows("service")) > 10
        feedback = ambassador.rows("feedback").values()
        assert len(feedback) == 2 and {row["owner_id"] for row in feedback} == {ambassador.account.user_id}
    finally:
        ambassador.close()


def test_an_edit_in_the_officer_profile_arrives_in_the_supervisor_profile_after_a_sync(
    demo: DemoSetup,
) -> None:
    officer = demo.open("officer")
    try:
        contacts = Workspace(officer.store).contacts
        contact_id = next(iter(officer.rows("contact")))
        contacts.update(contact_id, {"notes": "Met at the Friday market; prefers calls after 6 pm."})
        new_id = contacts.create({"given_name": "Nour", "family_name": "Saad", "neighborhood": "Elm Park"})
        officer.sync()
    finally:
        officer.close()
    supervisor = demo.open("supervisor")
    try:
        supervisor.sync()
        rows = supervisor.rows("contact")
        assert rows[contact_id]["notes"] == "Met at the Friday market; prefers calls after 6 pm."
        assert rows[new_id]["given_name"] == "Nour"
    finally:
        supervisor.close()


def test_making_the_demo_again_starts_the_one_already_made(demo: DemoSetup) -> None:
    made = demo.world.profile_ids
    demo.world.stop()
    demo.world = create_demo_world(demo.profiles, demo.data_dir, server_env=FAST_SERVER)
    assert demo.world.profile_ids == made
    assert len(demo.profiles.list_profiles()) == 3


def test_the_next_app_start_serves_the_same_demo_on_the_same_address(demo: DemoSetup) -> None:
    first_url = demo.world.url
    demo.world.stop()
    fresh_profiles = make_profiles(demo.data_dir)  # what a new app process sees
    assert demo_world_exists(fresh_profiles, demo.data_dir)
    demo.world = start_existing_demo(fresh_profiles, demo.data_dir, server_env=FAST_SERVER)
    assert demo.world.url == first_url
    supervisor = demo.open("supervisor")
    try:
        report = supervisor.sync()
        assert report.pulled == 0 and supervisor.rows("contact")
    finally:
        supervisor.close()


def test_a_taken_port_moves_the_demo_and_signs_its_profiles_in_at_the_new_address(demo: DemoSetup) -> None:
    old_port = demo.world.server.port
    demo.world.stop()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the old run's TIME_WAITs
        squatter.bind(("127.0.0.1", old_port))
        squatter.listen()
        demo.world = start_existing_demo(demo.profiles, demo.data_dir, server_env=FAST_SERVER)
    assert demo.world.server.port != old_port
    for role in ("officer", "ambassador", "supervisor"):
        opened = demo.open(role)
        try:
            assert opened.account.server_url == demo.world.url
            assert demo.profiles.header(opened.unlocked.profile_id).account.server_url == demo.world.url
            opened.sync()
        finally:
            opened.close()


def test_a_demo_that_cannot_be_made_leaves_no_profile_and_no_server_behind(tmp_path: Path) -> None:
    profiles = make_profiles(tmp_path)
    with pytest.raises(DemoServerFailed):
        create_demo_world(profiles, tmp_path, server_env={"LIAISON_SERVER_ARGON2_TIME_COST": "0"})
    assert profiles.list_profiles() == []
    assert not server_directory(tmp_path).exists()
    assert not demo_world_exists(profiles, tmp_path)


def test_a_demo_interrupted_by_a_crash_is_removed_and_made_again_whole(tmp_path: Path) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_WHILE_MAKING, str(tmp_path), json.dumps(FAST_SERVER)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode < 0, killed.stderr
    profiles = make_profiles(tmp_path)
    assert len(profiles.list_profiles()) == 2  # the officer's and the ambassador's, half made
    assert not demo_world_exists(profiles, tmp_path)
    world = create_demo_world(profiles, tmp_path, server_env=FAST_SERVER)
    try:
        assert {header.profile_id for header in profiles.list_profiles()} == world.profile_ids
        assert len(world.profile_ids) == 3
    finally:
        world.stop()
