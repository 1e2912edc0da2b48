"""The interface languages Liaison speaks, and which one to start in.

One table says, for each language: the code used for `--lang` and the catalog folder, the babel locale
that formats its dates and numbers, the Qt locale and Qt catalog that must agree with it, and its gettext
plural rule. Everything else (the language list in `--help`, `make catalogs`,
Qt's translator, the tests) reads this table, so adding a language is one entry plus its catalog.

Choosing the language at start: `--lang`, else `$LIAISON_LANG`, else the language saved in the laptop's
settings (the settings screen), else the system locale when Liaison speaks it, else English. A requested code is matched on language and script after CLDR's "likely
subtags" (via babel), so `zh`, `zh_Hans`, `zh-CN` and `zh_SG` all mean Simplified Chinese while `zh_TW`
(Traditional) is not taken for it; `es_MX`, `fr_CA` and `ar_MA` get Spanish, French and Arabic.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from babel.core import get_global, parse_locale

LANGUAGE_ENV = "LIAISON_LANG"


@dataclass(frozen=True)
class InterfaceLanguage:
    code: str  # `--lang` value and catalog folder: translations/<code>/LC_MESSAGES/liaison.po
    english_name: str
    babel_locale: str  # formats dates, numbers and relative times (liaison_desktop.i18n.formatting)
    qt_locale: str  # QLocale.setDefault: chosen so Qt's own widgets write the same digits as babel
    qt_catalog: str  # Qt's own strings: qtbase_<qt_catalog>.qm in the PySide6 wheel
    # GNU gettext's rule, forms in CLDR's order (zero, one, two, few, many, other), as Weblate, Poedit
    # and GNU msginit write it. babel's own table orders Arabic's last two forms the other way round.
    plural_forms: str

    @property
    def native_name(self) -> str:
        from babel import Locale

        return Locale.parse(self.babel_locale).display_name or self.english_name


_TWO_FORMS = "nplurals=2; plural=(n != 1);"
SOURCE_LANGUAGE = "en"  # the msgids are English: English needs no catalog
INTERFACE_LANGUAGES: tuple[InterfaceLanguage, ...] = (
    InterfaceLanguage("en", "English", "en", qt_locale="en_US", qt_catalog="en", plural_forms=_TWO_FORMS),
    InterfaceLanguage("es", "Spanish", "es", qt_locale="es_ES", qt_catalog="es", plural_forms=_TWO_FORMS),
    InterfaceLanguage(
        "fr", "French", "fr", qt_locale="fr_FR", qt_catalog="fr", plural_forms="nplurals=2; plural=(n > 1);"
    ),
    InterfaceLanguage(
        "ar",
        "Arabic",
        "ar",
        # Plain `ar` in Qt is Egypt's locale, with Arabic-Indic digits (١٬٢٣٤٫٥); `ar_001` (Modern Standard
        # Arabic) has the Latin digits, separators and month names babel gives `ar` (see formatting.py).
        qt_locale="ar_001",
        qt_catalog="ar",
        plural_forms=(
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
        ),
    ),
    InterfaceLanguage(
        "zh_CN",
        "Chinese (Simplified)",
        "zh_Hans_CN",
        qt_locale="zh_CN",
        qt_catalog="zh_CN",
        plural_forms="nplurals=1; plural=0;",
    ),
)
TRANSLATED_LANGUAGES = tuple(entry for entry in INTERFACE_LANGUAGES if entry.code != SOURCE_LANGUAGE)
_BY_CODE = {entry.code: entry for entry in INTERFACE_LANGUAGES}


def interface_language(code: str) -> InterfaceLanguage:
    """The table entry for a supported code (`zh` and `es_MX` are matched too); English otherwise."""
    return _BY_CODE.get(code) or match_language(code) or _BY_CODE[SOURCE_LANGUAGE]


def match_language(requested: str | None) -> InterfaceLanguage | None:
    """The interface language for a locale or language tag, or None when Liaison does not speak it.

    Accepts POSIX and BCP 47 spellings: `fr_CA.UTF-8`, `zh-Hans-CN`, `ar_EG@latin`. `C` and `POSIX`
    name no language.
    """
    key = _language_and_script(requested)
    if key is None:
        return None
    return next(
        (entry for entry in INTERFACE_LANGUAGES if _language_and_script(entry.babel_locale) == key), None
    )


def _language_and_script(tag: str | None) -> tuple[str, str | None] | None:
    if not tag:
        return None
    tag = tag.strip().split(".")[0].split("@")[0].replace("-", "_")
    if tag in {"", "C", "POSIX"}:
        return None
    try:
        language, territory, script, *_rest = parse_locale(tag)
    except ValueError:
        return None
    language = language.lower()
    if script is None:  # the script a speaker in that place most likely writes (CLDR likely subtags)
        likely: Mapping[str, str] = get_global("likely_subtags")
        maximized = (territory and likely.get(f"{language}_{territory}")) or likely.get(language)
        if maximized:
            script = parse_locale(maximized)[2]
    return language, script


def system_language(environ: Mapping[str, str] | None = None) -> InterfaceLanguage | None:
    """The first language of the user's locale settings that Liaison speaks, or None.

    As gettext reads them: the locale is the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set; the
    `LANGUAGE` list of preferences (`fr:es`) comes before it, unless the locale is `C` (a script asking
    for untranslated output). On Windows, where these are usually unset, the user's display language.
    """
    environ = os.environ if environ is None else environ
    locale = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")
    if locale.split(".")[0] in {"C", "POSIX"}:
        return None
    candidates = [*environ.get("LANGUAGE", "").split(":"), locale]
    if environ is os.environ and sys.platform == "win32":
        candidates.append(_windows_display_language() or "")
    return next(filter(None, map(match_language, candidates)), None)


def _windows_display_language() -> str | None:
    import ctypes
    import locale

    try:
        language_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return locale.windows_locale.get(language_id)


def start_language(
    requested: str | None = None, environ: Mapping[str, str] | None = None, *, saved: str | None = None
) -> str:
    """The code to start in: `requested` (from `--lang`), else `$LIAISON_LANG`, else `saved` (the laptop
    settings' language, None for "the system's"), else the system's, else English. A choice Liaison
    cannot honour falls through to the next source rather than failing."""
    environ = os.environ if environ is None else environ
    for choice in (requested, environ.get(LANGUAGE_ENV), saved):
        match = match_language(choice)
        if match is not None:
            return match.code
    return (system_language(environ) or _BY_CODE[SOURCE_LANGUAGE]).code
