"""The laptop-wide settings file: small, plaintext, nothing personal, atomic, and never fatal."""

from __future__ import annotations

import json
from pathlib import Path

from liaison_desktop.app import LaptopSettings, load_laptop_settings, save_laptop_settings
from liaison_desktop.app.laptop_settings import settings_path


def test_a_fresh_laptop_has_the_defaults(tmp_path: Path) -> None:
    settings = load_laptop_settings(tmp_path)
    assert settings == LaptopSettings(language=None, idle_lock_minutes=5)
    assert not settings_path(tmp_path).exists()


def test_saved_settings_come_back_after_a_restart(tmp_path: Path) -> None:
    save_laptop_settings(tmp_path, LaptopSettings(language="ar", idle_lock_minutes=12))
    assert load_laptop_settings(tmp_path) == LaptopSettings(language="ar", idle_lock_minutes=12)


def test_the_file_holds_only_the_language_and_the_idle_minutes(tmp_path: Path) -> None:
    save_laptop_settings(tmp_path, LaptopSettings(language="fr", idle_lock_minutes=7))
    stored = json.loads(settings_path(tmp_path).read_text(encoding="utf-8"))
    assert set(stored) == {"format", "language", "idle_lock_minutes"}


def test_saving_leaves_no_temporary_file_behind(tmp_path: Path) -> None:
    save_laptop_settings(tmp_path, LaptopSettings(idle_lock_minutes=9))
    save_laptop_settings(tmp_path, LaptopSettings(idle_lock_minutes=10))
    assert [path.name for path in tmp_path.iterdir()] == [settings_path(tmp_path).name]


def test_a_damaged_file_gives_the_defaults_instead_of_stopping_the_app(tmp_path: Path) -> None:
    settings_path(tmp_path).write_bytes(b"\x00{not json")
    assert load_laptop_settings(tmp_path) == LaptopSettings()


def test_values_out_of_range_or_of_the_wrong_kind_are_brought_back_in(tmp_path: Path) -> None:
    settings_path(tmp_path).write_text(json.dumps({"language": 42, "idle_lock_minutes": 600, "owner": "x"}))
    assert load_laptop_settings(tmp_path) == LaptopSettings(language=None, idle_lock_minutes=30)
    settings_path(tmp_path).write_text(json.dumps({"idle_lock_minutes": True}))
    assert load_laptop_settings(tmp_path).idle_lock_minutes == 5


def test_changing_a_setting_keeps_the_minutes_in_range() -> None:
    assert LaptopSettings().with_changes(idle_lock_minutes=0).idle_lock_minutes == 1
    assert LaptopSettings().with_changes(language="es").language == "es"
