"""Which interface language Liaison starts in: `--lang`, else `$LIAISON_LANG`, else the laptop's saved
language (tests/app/test_start_language.py), else the system's, else English."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_desktop.__main__ import language_at_start, parse_args
from liaison_desktop.i18n import (
    INTERFACE_LANGUAGES,
    match_language,
    set_language,
    start_language,
    system_language,
)

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "LIAISON_LANG")


@pytest.fixture
def clean_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_interface_languages_are_english_spanish_french_arabic_and_simplified_chinese() -> None:
    assert [entry.code for entry in INTERFACE_LANGUAGES] == ["en", "es", "fr", "ar", "zh_CN"]


@pytest.mark.parametrize(
    "spelling", ["zh", "zh_CN", "zh-CN", "zh_Hans", "zh-Hans", "zh_Hans_CN", "zh_SG.UTF-8"]
)
def test_every_spelling_of_simplified_chinese_means_zh_cn(spelling: str) -> None:
    match = match_language(spelling)
    assert match is not None and match.code == "zh_CN"


@pytest.mark.parametrize("spelling", ["zh_TW", "zh-Hant", "zh_HK"])
def test_traditional_chinese_is_not_taken_for_simplified(spelling: str) -> None:
    assert match_language(spelling) is None


@pytest.mark.parametrize(
    ("locale", "code"),
    [
        ("es_MX", "es"),
        ("es-419", "es"),
        ("fr_CA.UTF-8", "fr"),
        ("ar_MA", "ar"),
        ("ar-EG", "ar"),
        ("en_GB", "en"),
    ],
)
def test_a_regional_locale_gets_its_language(locale: str, code: str) -> None:
    match = match_language(locale)
    assert match is not None and match.code == code


def test_the_system_locale_is_the_default(clean_locale: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_locale.setenv("LANG", "fr_FR.UTF-8")
    assert start_language() == "fr"
    assert language_at_start(parse_args([]).lang, tmp_path) == "fr"


def test_the_language_variable_is_a_list_of_preferences_in_order() -> None:
    match = system_language({"LANGUAGE": "de_DE:ar:fr", "LANG": "es_ES.UTF-8"})
    assert match is not None and match.code == "ar"


def test_the_c_locale_asks_for_the_untranslated_interface() -> None:
    assert system_language({"LANGUAGE": "fr", "LC_ALL": "C.UTF-8", "LANG": "es_ES.UTF-8"}) is None


@pytest.mark.parametrize("locale", ["de_DE.UTF-8", "C.UTF-8", "POSIX", "zh_TW.UTF-8"])
def test_an_unsupported_system_locale_falls_back_to_english(locale: str) -> None:
    assert start_language(environ={"LANG": locale}) == "en"


def test_liaison_lang_overrides_the_system_locale(clean_locale: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_locale.setenv("LANG", "fr_FR.UTF-8")
    clean_locale.setenv("LIAISON_LANG", "zh")
    assert language_at_start(parse_args([]).lang, tmp_path) == "zh_CN"


def test_an_unusable_liaison_lang_falls_through_to_the_system_locale() -> None:
    assert start_language(environ={"LIAISON_LANG": "tlh", "LANG": "es_ES.UTF-8"}) == "es"


def test_the_lang_argument_overrides_liaison_lang(clean_locale: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_locale.setenv("LIAISON_LANG", "fr")
    assert language_at_start(parse_args(["--lang", "ar"]).lang, tmp_path) == "ar"


def test_the_lang_argument_refuses_a_language_liaison_does_not_speak(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--lang", "de"])
    assert exit_info.value.code == 2
    assert "en, es, fr, ar, zh_CN" in capsys.readouterr().err


def test_set_language_answers_the_code_in_effect() -> None:
    assert set_language("zh-Hans") == "zh_CN"
    assert set_language("es_MX") == "es"
    assert set_language("xx") == "en"
