"""The interface language: gettext catalogs from `translations/`, English when a catalog is missing.

Widgets call `_()` when they build their text, not at import time, so the language chosen at start-up
(`--lang`) applies to every screen. A catalog is `translations/<lang>/LC_MESSAGES/liaison.mo`; when only
the `.po` source is present (a checkout where nobody ran the compile step) it is compiled in memory with
babel, so a translator's edit shows up on the next start without a build step.

Qt's own strings (standard buttons, context menus) come from Qt's catalogs; `qt_translator` loads them.
"""

from __future__ import annotations

import gettext
import io
import logging
from pathlib import Path

log = logging.getLogger(__name__)

DOMAIN = "liaison"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"
DEFAULT_LANGUAGE = "en"
# Languages written right to left: the whole layout mirrors for them.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def _(message: str) -> str:
    """The message in the interface language (the English text itself when no translation exists)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """A message whose form depends on a number (Arabic has six plural forms, English two)."""
    return _translations.ngettext(singular, plural, count)


def language() -> str:
    return _language


def base_language(code: str) -> str:
    """`ar_EG` / `ar-EG` -> `ar`."""
    return code.replace("-", "_").split("_")[0].lower()


def is_right_to_left(code: str | None = None) -> bool:
    return base_language(code or _language) in RIGHT_TO_LEFT


def set_language(code: str | None, directory: Path = TRANSLATIONS_DIR) -> None:
    """Switch the catalog. Unknown languages fall back to English rather than failing the start."""
    global _translations, _language
    code = (code or DEFAULT_LANGUAGE).replace("-", "_")
    _language = code
    _translations = load_catalog(code, directory) or gettext.NullTranslations()


def load_catalog(code: str, directory: Path = TRANSLATIONS_DIR) -> gettext.NullTranslations | None:
    """The compiled catalog for `code` (or its base language), or None when there is none."""
    for candidate in dict.fromkeys([code, base_language(code)]):
        folder = directory / candidate / "LC_MESSAGES"
        mo_file, po_file = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
        try:
            if mo_file.is_file():
                with mo_file.open("rb") as handle:
                    return gettext.GNUTranslations(handle)
            if po_file.is_file():
                return _compile_po(po_file, candidate)
        except (OSError, ValueError) as error:  # a broken catalog must not stop the app
            log.warning("translation catalog for %s unusable: %s", candidate, type(error).__name__)
    return None


def _compile_po(po_file: Path, locale: str) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def format_number(value: int | float) -> str:
    """Every number on screen goes through here, so one screen never mixes two digit systems."""
    from babel.numbers import format_decimal

    try:
        return format_decimal(value, locale=_language)
    except (ValueError, LookupError):
        return format_decimal(value, locale=DEFAULT_LANGUAGE)
