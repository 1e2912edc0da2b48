"""Backups through the session layer: made after unlock when due, listed, exported, restored."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_desktop.app import (
    BACKUP_FILE_SUFFIX,
    BackupNotFound,
    ProfileDirectory,
    ProfileMustBeLocked,
)

from .conftest import SavedProfile


def contact_count(directory: ProfileDirectory, profile: SavedProfile) -> int:
    session = directory.open(profile.profile_id, profile.passphrase)
    try:
        return session.contacts.count()
    finally:
        session.close()


def test_the_first_unlock_makes_a_backup_and_a_second_the_same_day_does_not(
    directory: ProfileDirectory, saved_profile: SavedProfile
) -> None:
    session = directory.open(saved_profile.profile_id, saved_profile.passphrase)
    try:
        first = directory.backups.backup_if_due(session)
        again = directory.backups.backup_if_due(session)
    finally:
        session.close()
    assert first is not None and again is None
    assert [info.backup_id for info in directory.backups.list(saved_profile.profile_id)] == [first.backup_id]
    assert directory.backups.latest(saved_profile.profile_id) == first


def test_restoring_the_latest_backup_brings_back_the_records_it_held(
    directory: ProfileDirectory, saved_profile: SavedProfile
) -> None:
    session = directory.open(saved_profile.profile_id, saved_profile.passphrase)
    directory.backups.back_up_now(session)
    session.contacts.import_many([{"given_name": "Later", "family_name": "Added"}])
    session.close()
    assert contact_count(directory, saved_profile) == 4

    directory.backups.restore_latest(saved_profile.profile_id)

    assert contact_count(directory, saved_profile) == 3


def test_an_exported_file_restores_the_profile_it_holds(
    directory: ProfileDirectory, saved_profile: SavedProfile, tmp_path: Path
) -> None:
    target = tmp_path / f"amina{BACKUP_FILE_SUFFIX}"
    session = directory.open(saved_profile.profile_id, saved_profile.passphrase)
    try:
        exported = directory.backups.export(session, target)
    finally:
        session.close()
    described = directory.backups.describe_file(target)
    assert (described.profile_id, described.display_name) == (saved_profile.profile_id, "Amina Haddad")

    restored = directory.backups.restore_file(target)

    assert restored.backup_id == exported.backup_id
    assert contact_count(directory, saved_profile) == 3


def test_an_open_profile_is_never_restored_under_its_user(
    directory: ProfileDirectory, saved_profile: SavedProfile
) -> None:
    session = directory.open(saved_profile.profile_id, saved_profile.passphrase)
    try:
        directory.backups.back_up_now(session)
        with pytest.raises(ProfileMustBeLocked):
            directory.backups.restore_latest(saved_profile.profile_id)
    finally:
        session.close()


def test_restoring_the_latest_backup_of_a_profile_without_one_says_there_is_none(
    directory: ProfileDirectory, saved_profile: SavedProfile
) -> None:
    with pytest.raises(BackupNotFound):
        directory.backups.restore_latest(saved_profile.profile_id)
