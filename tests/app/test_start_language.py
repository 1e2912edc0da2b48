"""At start-up the interface follows `--lang`, then `$LIAISON_LANG`, then the language saved in this
laptop's settings (chosen on the settings screen), then the system's locale."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_desktop.__main__ import language_at_start
from liaison_desktop.app import LaptopSettings, save_laptop_settings

FRENCH_SYSTEM = {"LANG": "fr_FR.UTF-8"}


@pytest.fixture
def spanish_saved(tmp_path: Path) -> Path:
    save_laptop_settings(tmp_path, LaptopSettings(language="es"))
    return tmp_path


def test_the_saved_language_wins_over_the_system_locale(spanish_saved: Path) -> None:
    assert language_at_start(None, spanish_saved, FRENCH_SYSTEM) == "es"


def test_liaison_lang_wins_over_the_saved_language(spanish_saved: Path) -> None:
    assert language_at_start(None, spanish_saved, {**FRENCH_SYSTEM, "LIAISON_LANG": "ar"}) == "ar"


def test_the_lang_argument_wins_over_liaison_lang_and_the_saved_language(spanish_saved: Path) -> None:
    assert language_at_start("zh_CN", spanish_saved, {**FRENCH_SYSTEM, "LIAISON_LANG": "ar"}) == "zh_CN"


def test_without_a_saved_language_the_system_locale_is_used(tmp_path: Path) -> None:
    save_laptop_settings(tmp_path, LaptopSettings(language=None))
    assert language_at_start(None, tmp_path, FRENCH_SYSTEM) == "fr"


def test_a_laptop_without_settings_follows_the_system_locale(tmp_path: Path) -> None:
    assert language_at_start(None, tmp_path, FRENCH_SYSTEM) == "fr"


def test_a_saved_language_liaison_does_not_speak_falls_through_to_the_system_locale(tmp_path: Path) -> None:
    save_laptop_settings(tmp_path, LaptopSettings(language="tlh"))
    assert language_at_start(None, tmp_path, FRENCH_SYSTEM) == "fr"
