"""How complete each language's catalog is, and whether its translations can be shown safely.

A catalog is complete when every message of the template is in it, translated (every plural form
non-empty) and not fuzzy: a fuzzy entry is a guess `make catalogs` made from a similar old message, and
gettext never shows it. English is complete by definition: the messages are written in English.

`--help` reports this per language (from `translations/liaison.pot`); the catalog tests check the same
against a fresh extraction of the code, and check placeholders: a translation must use the `{names}` of
its source, or `.format()` fails or shows a blank.
"""

from __future__ import annotations

import gettext
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from liaison_desktop.i18n.catalogs import DOMAIN, TRANSLATIONS_DIR, catalog_path
from liaison_desktop.i18n.languages import INTERFACE_LANGUAGES, SOURCE_LANGUAGE

# Numbers tried when working out which plural form covers which counts.
SAMPLE_COUNTS = range(0, 1001)


@dataclass(frozen=True)
class CatalogReport:
    code: str
    total: int
    missing: tuple[str, ...] = ()  # in the code, not in the catalog
    untranslated: tuple[str, ...] = ()  # in the catalog with an empty form (or too few forms)
    fuzzy: tuple[str, ...] = ()

    @property
    def translated(self) -> int:
        return self.total - len(self.missing) - len(self.untranslated) - len(self.fuzzy)

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, domain=DOMAIN)


def read_language_catalog(code: str, directory: Path = TRANSLATIONS_DIR) -> Catalog | None:
    path = catalog_path(code, directory)
    return read_catalog(path) if path.is_file() else None


def check_catalog(code: str, template: Catalog, directory: Path = TRANSLATIONS_DIR) -> CatalogReport:
    """Which of `template`'s messages the catalog of `code` lacks, leaves empty or marks fuzzy."""
    wanted = [message for message in template if message.id]
    if code == SOURCE_LANGUAGE:
        return CatalogReport(code, len(wanted))
    catalog = read_language_catalog(code, directory) or Catalog(locale=None, domain=DOMAIN)
    missing, untranslated, fuzzy = [], [], []
    for source in wanted:
        entry = catalog.get(source.id, source.context)
        label = _label(source)
        if entry is None or entry.id != source.id:
            missing.append(label)
        elif entry.fuzzy:
            fuzzy.append(label)
        elif not _all_forms_filled(entry, catalog.num_plurals):
            untranslated.append(label)
    return CatalogReport(code, len(wanted), tuple(missing), tuple(untranslated), tuple(fuzzy))


def _label(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


def _all_forms_filled(entry: Message, plural_count: int) -> bool:
    if entry.pluralizable:
        forms = entry.string if isinstance(entry.string, tuple | list) else (entry.string,)
        return len(forms) == plural_count and all(forms)
    return isinstance(entry.string, str) and bool(entry.string)


def placeholders(text: str) -> set[str]:
    """The `{names}` a `.format()` call fills in `text` (`{count}`, `{name!r}` -> count, name)."""
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(text):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names


def placeholder_problems(catalog: Catalog) -> list[str]:
    """Translations whose `{placeholders}` differ from their source's.

    A translation may never add a name (`.format()` would raise). It must keep every name of the
    source, except in a plural form that covers a single number (Arabic's "one", "two" and "zero"): there
    "ثانية واحدة" (one second) rightly leaves the count out.
    """
    plural_of = gettext.c2py(catalog.plural_expr)
    counts_per_form: dict[int, int] = {}
    for count in SAMPLE_COUNTS:
        form = plural_of(count)
        counts_per_form[form] = counts_per_form.get(form, 0) + 1
    problems = []
    for entry in catalog:
        if not entry.id or entry.fuzzy or "python-brace-format" not in entry.flags:
            continue  # text without {names} is never passed through .format()
        try:
            problems += _entry_problems(entry, counts_per_form)
        except ValueError as error:  # an unbalanced brace in the translation
            problems.append(f"{_label(entry)!r}: {error}")
    return problems


def _entry_problems(entry: Message, counts_per_form: dict[int, int]) -> list[str]:
    if not entry.pluralizable:
        assert isinstance(entry.id, str) and isinstance(entry.string, str)
        expected = placeholders(entry.id)
        found = placeholders(entry.string) if entry.string else expected
        return [] if found == expected else [f"{entry.id!r}: {sorted(found)} instead of {sorted(expected)}"]
    singular, plural = entry.id[0], entry.id[1]
    allowed = placeholders(singular) | placeholders(plural)
    problems = []
    for form, text in enumerate(entry.string):
        if not text:
            continue
        found = placeholders(text)
        single_number = counts_per_form.get(form, 0) == 1
        if found - allowed or (not single_number and not placeholders(plural) <= found):
            problems.append(
                f"{singular!r} form {form}: {sorted(found)} instead of {sorted(placeholders(plural))}"
            )
    return problems


def language_reports(
    template_file: Path | None = None, directory: Path = TRANSLATIONS_DIR
) -> list[CatalogReport]:
    """One report per interface language, against the committed template (`translations/liaison.pot`),
    or against a fresh extraction of the code when there is no template."""
    template_file = template_file or directory / f"{DOMAIN}.pot"
    if template_file.is_file():
        template = read_catalog(template_file)
    else:
        from liaison_desktop.i18n.extraction import extract_template

        template = extract_template()
    return [check_catalog(entry.code, template, directory) for entry in INTERFACE_LANGUAGES]


def languages_help(reports: Iterable[CatalogReport] | None = None) -> str:
    """The language list `liaison-desktop --help` ends with."""
    reports = list(reports if reports is not None else language_reports())
    lines = ["interface languages:"]
    for entry, report in zip(INTERFACE_LANGUAGES, reports, strict=True):
        name = entry.english_name
        if entry.native_name.casefold() != name.casefold():
            name = f"{name} – {entry.native_name}"
        state = (
            "complete"
            if report.complete
            else f"incomplete ({report.translated} of {report.total} translated)"
        )
        lines.append(f"  {entry.code:<6} {name}: {state}")
    return "\n".join(lines)
