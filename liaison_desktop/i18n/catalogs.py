"""The active interface language and its gettext catalog; `_()`, `ngettext()` and `N_()`.

Code calls `_()` when it builds text, not at import time, so the language chosen at start-up (or switched
later) applies to every screen. Text defined at import time (column titles, state names) is marked with
`N_()`, which extraction sees and which returns the English text unchanged; `_()` translates it where it
is shown.

A catalog is `translations/<code>/LC_MESSAGES/liaison.po`. No `.mo` is committed: the `.po` is compiled in
memory with babel, so a translator's edit shows on the next start with no build step. Measured here: a
1,500-message Arabic catalog compiles in about 50 ms (read_po + write_mo), against 3 ms to load a `.mo`;
this wave's 451-message Arabic catalog takes 13 ms (30 ms on a busy machine), a small share of a Qt
start, so there is no cache; revisit if catalogs grow past a few thousand messages. A packager may still
ship a compiled `.mo` beside the `.po`; it is used only while it is not older than the `.po`.
"""

from __future__ import annotations

import gettext
import io
import logging
from pathlib import Path

from liaison_desktop.i18n.languages import SOURCE_LANGUAGE, match_language

log = logging.getLogger(__name__)

DOMAIN = "liaison"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"
DEFAULT_LANGUAGE = SOURCE_LANGUAGE
# Languages written right to left: the whole layout mirrors for them.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def _(message: str) -> str:
    """The message in the interface language (the English text itself when no translation exists)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """A message whose form depends on a number (Arabic has six plural forms, Chinese one)."""
    return _translations.ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention extraction looks for
    """Marks `message` for extraction without translating it: pass the result to `_()` where it is shown."""
    return message


def language() -> str:
    """The active interface language's code: one of `INTERFACE_LANGUAGES` (`en`, `es`, `fr`, `ar`, `zh_CN`)."""
    return _language


def base_language(code: str) -> str:
    """`ar_EG` / `ar-EG` -> `ar`; `zh_CN` -> `zh`."""
    return code.replace("-", "_").split("_")[0].lower()


def is_right_to_left(code: str | None = None) -> bool:
    return base_language(code or _language) in RIGHT_TO_LEFT


def set_language(code: str | None, directory: Path = TRANSLATIONS_DIR) -> str:
    """Switch the interface language; returns the code in effect.

    `zh`, `zh-CN`, `es_MX` select the language Liaison has for them; a language it does not speak (or
    None) selects English rather than failing the start.
    """
    global _translations, _language
    match = match_language(code) if code else None
    _language = match.code if match else DEFAULT_LANGUAGE
    _translations = load_catalog(_language, directory) or gettext.NullTranslations()
    return _language


def catalog_path(code: str, directory: Path = TRANSLATIONS_DIR, suffix: str = ".po") -> Path:
    return directory / code / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def load_catalog(code: str, directory: Path = TRANSLATIONS_DIR) -> gettext.GNUTranslations | None:
    """The catalog for `code` (or its base language), or None when there is none."""
    for candidate in dict.fromkeys([code, base_language(code)]):
        po_file, mo_file = catalog_path(candidate, directory), catalog_path(candidate, directory, ".mo")
        try:
            if mo_file.is_file() and (not po_file.is_file() or _not_older(mo_file, po_file)):
                with mo_file.open("rb") as handle:
                    return gettext.GNUTranslations(handle)
            if po_file.is_file():
                return _compile_po(po_file)
        except (OSError, ValueError) as error:  # a broken catalog must not stop the app
            log.warning("translation catalog for %s unusable: %s", candidate, type(error).__name__)
    return None


def _not_older(compiled: Path, source: Path) -> bool:
    return compiled.stat().st_mtime_ns >= source.stat().st_mtime_ns


def _compile_po(po_file: Path) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)  # its header names the language and its plural rule
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
