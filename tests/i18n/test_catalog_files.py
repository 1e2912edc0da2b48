"""`make catalogs`: extraction finds `_()`, `ngettext()` and `N_()`; updating a catalog keeps its
translations, adds new messages empty, and sets the language's plural rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from liaison_desktop.i18n.catalog_files import update_catalog, write_template
from liaison_desktop.i18n.catalogs import catalog_path
from liaison_desktop.i18n.completeness import check_catalog, read_catalog
from liaison_desktop.i18n.extraction import extract_template, message_ids
from liaison_desktop.i18n.languages import interface_language

SOURCE = """
from liaison_desktop.i18n import N_, _, ngettext

STATES = {"idle": N_("Up to date")}


def title():
    # Translators: the window title
    return _("Contacts")


def count(n):
    return ngettext("{count} contact", "{count} contacts", n).format(count=n)
"""


@pytest.fixture
def source_root(tmp_path: Path) -> Path:
    package = tmp_path / "src" / "app"
    package.mkdir(parents=True)
    (package / "screen.py").write_text(SOURCE, encoding="utf-8")
    return tmp_path / "src"


@pytest.fixture
def translations(tmp_path: Path) -> Path:
    return tmp_path / "translations"


def _template(source_root: Path) -> Catalog:
    return extract_template(source_root, "app")


def test_extraction_finds_translated_plural_and_marked_strings(source_root: Path) -> None:
    assert message_ids(_template(source_root)) == {
        "Up to date",
        "Contacts",
        ("{count} contact", "{count} contacts"),
    }


def test_extraction_keeps_notes_for_translators(source_root: Path) -> None:
    assert _template(source_root)["Contacts"].auto_comments == ["Translators: the window title"]


def test_a_new_catalog_gets_the_languages_plural_rule_and_empty_messages(
    source_root: Path, translations: Path
) -> None:
    template = _template(source_root)
    write_template(template, translations)
    update_catalog(interface_language("zh_CN"), template, translations)
    catalog = read_catalog(catalog_path("zh_CN", translations))
    assert catalog.num_plurals == 1
    assert check_catalog("zh_CN", template, translations).translated == 0
    assert (translations / "liaison.pot").is_file()


def test_updating_keeps_translations_and_adds_new_messages(source_root: Path, translations: Path) -> None:
    entry = interface_language("es")
    update_catalog(entry, _template(source_root), translations)
    path = catalog_path("es", translations)
    catalog = read_catalog(path)
    catalog["Contacts"].string = "Contactos"
    _save(catalog, path)
    (source_root / "app" / "more.py").write_text('from x import _\n_("Sync now")\n', encoding="utf-8")

    update_catalog(entry, _template(source_root), translations)
    catalog = read_catalog(path)
    assert catalog["Contacts"].string == "Contactos"
    assert catalog["Sync now"].string == ""


def test_a_changed_plural_rule_moves_each_translation_to_the_form_of_the_same_numbers(
    source_root: Path, translations: Path
) -> None:
    babel_rule = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);"
    catalog = Catalog(locale="ar", domain="liaison", fuzzy=False)
    catalog.mime_headers = [("Plural-Forms", babel_rule)]
    # babel's rule: form 4 covers 100-102, form 5 covers 11-99
    catalog.add(("{count} contact", "{count} contacts"), ("zero", "one", "two", "few", "hundreds", "elevens"))
    path = catalog_path("ar", translations)
    path.parent.mkdir(parents=True)
    _save(catalog, path)

    update_catalog(interface_language("ar"), _template(source_root), translations)
    updated = read_catalog(path)
    assert updated["{count} contact"].string == ("zero", "one", "two", "few", "elevens", "hundreds")


def test_updating_twice_changes_nothing(source_root: Path, translations: Path) -> None:
    entry = interface_language("fr")
    update_catalog(entry, _template(source_root), translations)
    first = catalog_path("fr", translations).read_bytes()
    update_catalog(entry, _template(source_root), translations)
    assert catalog_path("fr", translations).read_bytes() == first


def _save(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog)
