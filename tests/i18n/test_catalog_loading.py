"""Loading a catalog: a `.po` is compiled in memory (no build step), fuzzy guesses are never shown, a
stale `.mo` loses to its newer `.po`, and `N_()` marks text without translating it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from liaison_desktop.i18n import N_, _, language, load_catalog, ngettext, set_language
from liaison_desktop.i18n.catalogs import catalog_path
from liaison_desktop.i18n.languages import interface_language


def _spanish(directory: Path, save: str = "Guardar") -> Catalog:
    catalog = Catalog(locale="es", domain="liaison", fuzzy=False)
    catalog.mime_headers = [("Plural-Forms", interface_language("es").plural_forms)]
    catalog.add("Save", save)
    catalog.add("Delete", "Borrar", flags=["fuzzy"])
    catalog.add(("{count} contact", "{count} contacts"), ("{count} contacto", "{count} contactos"))
    path = catalog_path("es", directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return catalog


def test_a_po_catalog_is_used_without_a_compile_step(tmp_path: Path) -> None:
    _spanish(tmp_path)
    set_language("es", directory=tmp_path)
    assert language() == "es"
    assert _("Save") == "Guardar"
    assert ngettext("{count} contact", "{count} contacts", 3) == "{count} contactos"


def test_a_fuzzy_translation_is_never_shown(tmp_path: Path) -> None:
    _spanish(tmp_path)
    set_language("es", directory=tmp_path)
    assert _("Delete") == "Delete"


def test_a_language_without_a_catalog_shows_the_english_source(tmp_path: Path) -> None:
    set_language("fr", directory=tmp_path)
    assert language() == "fr"
    assert _("Save") == "Save"


def test_a_compiled_catalog_older_than_its_source_is_ignored(tmp_path: Path) -> None:
    catalog = _spanish(tmp_path, save="Guardar (viejo)")
    mo_file = catalog_path("es", tmp_path, ".mo")
    with mo_file.open("wb") as handle:
        write_mo(handle, catalog)
    os.utime(mo_file, ns=(1_000_000_000, 1_000_000_000))
    _spanish(tmp_path, save="Guardar")
    assert load_catalog("es", tmp_path).gettext("Save") == "Guardar"


def test_a_compiled_catalog_as_new_as_its_source_is_used(tmp_path: Path) -> None:
    catalog = _spanish(tmp_path)
    catalog["Save"].string = "Guardar (compilado)"
    with catalog_path("es", tmp_path, ".mo").open("wb") as handle:
        write_mo(handle, catalog)
    assert load_catalog("es", tmp_path).gettext("Save") == "Guardar (compilado)"


def test_n_marks_text_for_extraction_and_leaves_translating_to_where_it_is_shown(tmp_path: Path) -> None:
    _spanish(tmp_path)
    set_language("es", directory=tmp_path)
    marked = N_("Save")
    assert marked == "Save"
    assert _(marked) == "Guardar"


@pytest.mark.parametrize("code", ["ar", "zh_CN"])
def test_the_committed_catalogs_load(code: str) -> None:
    assert load_catalog(code) is not None
