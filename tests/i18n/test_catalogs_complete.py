"""Every language's catalog holds every message the code marks, translated, not fuzzy, with the source's
placeholders, and with a plural rule whose forms follow CLDR's categories."""

from __future__ import annotations

import gettext

import pytest
from babel import Locale
from babel.messages.catalog import Catalog

from liaison_desktop.i18n import INTERFACE_LANGUAGES
from liaison_desktop.i18n.completeness import (
    SAMPLE_COUNTS,
    check_catalog,
    placeholder_problems,
    read_catalog,
    read_language_catalog,
)
from liaison_desktop.i18n.extraction import TEMPLATE_FILE, extract_template, message_ids
from liaison_desktop.i18n.languages import TRANSLATED_LANGUAGES

CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
TRANSLATED_CODES = [entry.code for entry in TRANSLATED_LANGUAGES]


@pytest.fixture(scope="module")
def template() -> Catalog:
    """The messages the code marks now (not the committed .pot, which may lag behind)."""
    return extract_template()


def test_the_code_marks_strings_for_translation(template: Catalog) -> None:
    assert len(message_ids(template)) > 100


def test_the_committed_template_matches_the_code(template: Catalog) -> None:
    committed = read_catalog(TEMPLATE_FILE)
    assert message_ids(committed) == message_ids(template), "run `make catalogs`"


@pytest.mark.parametrize("code", TRANSLATED_CODES)
def test_every_message_is_translated_and_none_is_fuzzy(code: str, template: Catalog) -> None:
    report = check_catalog(code, template)
    assert report.complete, (
        f"{code}: {report.translated} of {report.total} translated; "
        f"missing {list(report.missing[:5])}, empty {list(report.untranslated[:5])}, fuzzy {list(report.fuzzy[:5])}"
        " (run `make catalogs`, then translate)"
    )


def test_english_is_complete_without_a_catalog(template: Catalog) -> None:
    assert check_catalog("en", template).complete


@pytest.mark.parametrize("code", TRANSLATED_CODES)
def test_translations_keep_the_placeholders_of_their_source(code: str) -> None:
    catalog = read_language_catalog(code)
    assert catalog is not None, f"no catalog for {code}: run `make catalogs`"
    assert placeholder_problems(catalog) == []


@pytest.mark.parametrize("entry", TRANSLATED_LANGUAGES, ids=lambda entry: entry.code)
def test_plural_forms_follow_cldr_categories_in_order(entry) -> None:  # noqa: ANN001
    catalog = read_language_catalog(entry.code)
    assert catalog is not None
    assert catalog.plural_forms == entry.plural_forms
    form_of = gettext.c2py(catalog.plural_expr)
    category_of = Locale.parse(entry.babel_locale).plural_form
    reached = [c for c in CLDR_ORDER if any(category_of(n) == c for n in SAMPLE_COUNTS)]
    assert catalog.num_plurals == len(reached)
    assert all(form_of(n) == reached.index(category_of(n)) for n in SAMPLE_COUNTS)


def test_arabic_has_six_plural_forms_chinese_one_french_and_spanish_two() -> None:
    counts = {entry.code: read_language_catalog(entry.code).num_plurals for entry in TRANSLATED_LANGUAGES}
    assert counts == {"es": 2, "fr": 2, "ar": 6, "zh_CN": 1}


def test_each_interface_language_but_english_has_a_catalog() -> None:
    assert {e.code for e in INTERFACE_LANGUAGES if read_language_catalog(e.code) is None} == {"en"}
