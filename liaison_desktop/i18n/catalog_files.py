"""`make catalogs`: extract the template and bring every language's catalog up to date with it.

    python -m liaison_desktop.i18n.catalog_files

writes `translations/liaison.pot` from the code, then for each language of `INTERFACE_LANGUAGES` but
English updates (or creates) `translations/<code>/LC_MESSAGES/liaison.po`: new messages arrive empty, a
message whose source changed slightly keeps its old translation marked fuzzy for review, messages gone
from the code are dropped. Existing translations are kept. The `Plural-Forms` header is set from the
language table; if it changes, existing plural translations are moved to the forms that cover the same
numbers. A file whose only change would be its dates is left untouched, so running it twice changes
nothing. It prints, per language, how much is translated.
"""

from __future__ import annotations

import gettext
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from liaison_desktop.i18n.catalogs import DOMAIN, TRANSLATIONS_DIR, catalog_path
from liaison_desktop.i18n.completeness import SAMPLE_COUNTS, check_catalog, read_catalog
from liaison_desktop.i18n.extraction import PROJECT, VERSION, extract_template
from liaison_desktop.i18n.languages import TRANSLATED_LANGUAGES, InterfaceLanguage

LINE_WIDTH = 110
_VOLATILE_HEADERS = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')


def write_template(template: Catalog, directory: Path = TRANSLATIONS_DIR) -> Path:
    template.header_comment = (
        "# Messages of the Liaison desktop app, extracted from the code by `make catalogs`.\n"
        "# Do not edit: change the text in the code, then run `make catalogs`.\n#"
    )
    path = directory / f"{DOMAIN}.pot"
    _write(template, path)
    return path


def update_catalog(entry: InterfaceLanguage, template: Catalog, directory: Path = TRANSLATIONS_DIR) -> Path:
    path = catalog_path(entry.code, directory)
    if path.is_file():
        catalog = read_catalog(path)
    else:
        catalog = Catalog(
            locale=entry.babel_locale,
            domain=DOMAIN,
            project=PROJECT,
            version=VERSION,
            header_comment=f"# {entry.english_name} translations of the Liaison desktop app.\n#",
            fuzzy=False,
        )
    old_expression, old_count = catalog.plural_expr, catalog.num_plurals
    catalog.mime_headers = [("Language", entry.code), ("Plural-Forms", entry.plural_forms)]
    if (old_expression, old_count) != (catalog.plural_expr, catalog.num_plurals):
        _move_plural_forms(catalog, old_expression, catalog.plural_expr, catalog.num_plurals)
    catalog.update(template)
    for message in catalog:  # "fuzzy" marks a guess to review; an empty entry holds no guess
        if message.fuzzy and message.id and not any(_forms(message.string)):
            message.flags.discard("fuzzy")
    _write(catalog, path)
    return path


def _forms(string: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(string) if isinstance(string, tuple | list) else (string,)


def _move_plural_forms(catalog: Catalog, old_expression: str, new_expression: str, count: int) -> None:
    """Re-order plural translations for a new rule: form i takes the old form of the same numbers."""
    old_form, new_form = gettext.c2py(old_expression), gettext.c2py(new_expression)
    example = {}
    for number in SAMPLE_COUNTS:
        example.setdefault(new_form(number), number)
    for message in catalog:
        if message.id and message.pluralizable and isinstance(message.string, tuple | list):
            old = list(message.string)
            message.string = tuple(
                old[old_form(example[form])] if form in example and old_form(example[form]) < len(old) else ""
                for form in range(count)
            )


def _write(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=LINE_WIDTH, sort_by_file=True, ignore_obsolete=True, include_lineno=False)
    content = buffer.getvalue()
    if path.is_file() and _without_dates(path.read_bytes()) == _without_dates(content):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _without_dates(content: bytes) -> list[bytes]:
    return [line for line in content.splitlines() if not line.startswith(_VOLATILE_HEADERS)]


def main(directory: Path = TRANSLATIONS_DIR) -> int:
    template = extract_template()
    print(f"{write_template(template, directory)}: {sum(1 for m in template if m.id)} messages")
    for entry in TRANSLATED_LANGUAGES:
        path = update_catalog(entry, template, directory)
        report = check_catalog(entry.code, template, directory)
        print(
            f"{path}: {report.translated} of {report.total} translated, {len(report.fuzzy)} fuzzy, "
            f"{len(report.missing) + len(report.untranslated)} to do"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
