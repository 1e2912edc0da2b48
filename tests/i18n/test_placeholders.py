"""A translation keeps the `{placeholders}` of its source: an added one makes `.format()` raise, a lost
one hides the number or name the sentence is about."""

from __future__ import annotations

from babel.messages.catalog import Catalog

from liaison_desktop.i18n.completeness import placeholder_problems
from liaison_desktop.i18n.languages import interface_language


def _catalog(code: str) -> Catalog:
    catalog = Catalog(locale=interface_language(code).babel_locale, domain="liaison", fuzzy=False)
    catalog.mime_headers = [("Plural-Forms", interface_language(code).plural_forms)]
    return catalog


def test_a_translation_with_the_same_placeholders_passes() -> None:
    catalog = _catalog("fr")
    catalog.add("Liaison – {name}", "Liaison – {name}")
    catalog.add(("{count} contact", "{count} contacts"), ("{count} contact", "{count} contacts"))
    assert placeholder_problems(catalog) == []


def test_a_translation_that_loses_a_placeholder_is_reported() -> None:
    catalog = _catalog("es")
    catalog.add("Signed in as {user}", "Sesión iniciada")
    assert len(placeholder_problems(catalog)) == 1


def test_a_translation_that_adds_a_placeholder_is_reported() -> None:
    catalog = _catalog("zh_CN")
    catalog.add(("{count} result", "{count} results"), ("{count} 个结果 {total}",))
    assert len(placeholder_problems(catalog)) == 1


def test_a_plural_form_for_a_single_number_may_leave_the_count_out() -> None:
    catalog = _catalog("ar")
    forms = ("{count} ثانية", "ثانية واحدة", "ثانيتان", "{count} ثوانٍ", "{count} ثانية", "{count} ثانية")
    catalog.add(("{count} second", "{count} seconds"), forms)
    assert placeholder_problems(catalog) == []


def test_a_plural_form_for_many_numbers_must_keep_the_count() -> None:
    catalog = _catalog("fr")  # French form 0 covers both 0 and 1
    catalog.add(("{count} contact", "{count} contacts"), ("un contact", "{count} contacts"))
    assert len(placeholder_problems(catalog)) == 1
