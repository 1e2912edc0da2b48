"""Language codes are BCP 47, checked against CLDR, and shown by name in the interface language."""

from __future__ import annotations

import pytest

from liaison_desktop.services import languages


@pytest.mark.parametrize(
    "code", ["es", "ar", "zh-Hans", "so", "prs", "fr", "vi", "es-419", "sr-Latn-RS", "fa-AF"]
)
def test_real_language_codes_are_accepted(code):
    assert languages.normalize(code) == code


def test_codes_are_canonicalized():
    assert languages.normalize("zh_hans") == "zh-Hans"
    assert languages.normalize("ES-mx") == "es-MX"


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("arabic", "language.malformed"),
        ("e", "language.malformed"),
        ("zz", "language.unknown"),
        ("en-ZZ", "language.unknown"),
        ("es-Qqqq", "language.unknown"),
        ("", "language.malformed"),
    ],
)
def test_malformed_or_unknown_codes_are_refused_with_a_key(code, key):
    with pytest.raises(languages.InvalidLanguage) as failure:
        languages.normalize(code)
    assert failure.value.key == key


def test_display_name_is_in_the_interface_language():
    assert languages.display_name("ar", in_locale="es") == "árabe"
    assert languages.display_name("es", in_locale="ar") == "الإسبانية"
    assert languages.display_name("zh-Hans", in_locale="en") == "Simplified Chinese"


def test_dari_is_named_although_cldr_has_no_locale_for_it():
    assert languages.display_name("prs", in_locale="en") == "Dari"


def test_unknown_code_is_displayed_as_itself():
    assert languages.display_name("zz", in_locale="en") == "zz"
