"""Remote wipe: when the server says this device was revoked, the profile leaves no file behind."""

from __future__ import annotations

import json

import pytest

from liaison_desktop.store import profiles as profiles_module
from liaison_desktop.store.profile_errors import ProfileClosed, UnknownProfile


def test_wipe_removes_the_profile_directory_and_every_file_in_it(profile_store, profile_created):
    profile_store.wipe(profile_created.profile_id)

    assert not profile_created.directory.exists()
    assert profile_store.list_profiles() == []


def test_wipe_overwrites_the_files_before_deleting_them(profile_store, profile_created, monkeypatch):
    originals = {path.name: path.read_bytes() for path in profile_created.directory.iterdir()}
    monkeypatch.setattr(profiles_module.shutil, "rmtree", lambda _path: None)

    profile_store.wipe(profile_created.profile_id)

    for name, original in originals.items():
        overwritten = (profile_created.directory / name).read_bytes()
        assert len(overwritten) == len(original)
        assert overwritten != original
    with pytest.raises(ValueError):
        json.loads((profile_created.directory / "profile.json").read_bytes())


def test_wipe_closes_the_profile_if_it_is_open(profile_store, profile_created):
    unlocked = profile_store.unlock(profile_created.profile_id, profile_created.passphrase)

    profile_store.wipe(profile_created.profile_id)

    with pytest.raises(ProfileClosed):
        _ = unlocked.engine
    assert not profile_created.directory.exists()


def test_wipe_leaves_other_profiles_untouched(profile_store, profile_created, profile_probe):
    other, _ = profile_store.create_profile("Li Wei", "a different passphrase")
    other.close()

    profile_store.wipe(other.profile_id)

    with profile_store.unlock(profile_created.profile_id, profile_created.passphrase) as unlocked:
        assert profile_probe.read(unlocked.engine) == [profile_created.probe_value]


def test_wiping_a_profile_that_is_already_gone_succeeds_so_a_wipe_can_be_repeated(
    profile_store, profile_created
):
    profile_store.wipe(profile_created.profile_id)

    profile_store.wipe(profile_created.profile_id)

    assert not profile_created.directory.exists()


def test_wipe_refuses_an_id_that_could_name_a_path_outside_the_profiles(profile_store):
    with pytest.raises(UnknownProfile):
        profile_store.wipe("..")
