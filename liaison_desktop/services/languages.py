"""Language codes (BCP 47) as records store them, and their names as people read them.

Records keep a code (`es`, `ar`, `zh-Hans`, `so`, `prs`), never a name, so one record reads correctly in
every interface language; names come from CLDR through babel. A code is accepted when it is well formed
and its language subtag is one CLDR knows, either as a locale's language or as an alias: Dari (`prs`)
has no locale of its own in CLDR (it is `fa-AF`) but is what officers in an Afghan community write.
"""

from __future__ import annotations

import functools
import re

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from liaison_protocol.records import FieldProblem

_TAG = re.compile(
    r"^(?P<language>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|\d{3}))?"
    r"(?P<variants>(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*)$"
)


class InvalidLanguage(ValueError):
    """Not a BCP 47 code CLDR knows. `key` is the message key for the UI."""

    def __init__(self, key: str, code: object) -> None:
        super().__init__(key)
        self.key = key
        self.code = code


@functools.cache
def _english() -> Locale:
    return Locale("en")


@functools.cache
def _aliases() -> dict[str, str]:
    return dict(get_global("language_aliases"))


def normalize(code: str) -> str:
    """The canonical spelling of a BCP 47 code (`zh-hans` → `zh-Hans`, `es_mx` → `es-MX`).

    Raises `InvalidLanguage` with key `language.malformed` or `language.unknown`.
    """
    if not isinstance(code, str):
        raise InvalidLanguage("language.malformed", code)
    return _normalize_text(code)


@functools.lru_cache(maxsize=4096)
def _normalize_text(code: str) -> str:
    """`normalize` for a string. Cached: an import repeats a handful of codes on every row, and looking
    each up in CLDR's tables every time was a visible share of it (bench figure 1). A refused code raises
    every time, as exceptions are not cached."""
    match = _TAG.match(code.strip().replace("_", "-"))
    if not match:
        raise InvalidLanguage("language.malformed", code)
    language = match["language"].lower()
    script = match["script"].title() if match["script"] else None
    region = match["region"].upper() if match["region"] else None
    english = _english()
    if language not in english.languages and language not in _aliases():
        raise InvalidLanguage("language.unknown", code)
    if script and script not in english.scripts:
        raise InvalidLanguage("language.unknown", code)
    # "ZZ" (unknown region) and "Zzzz" (unknown script) are CLDR entries, not places or scripts.
    if script == "Zzzz" or region == "ZZ":
        raise InvalidLanguage("language.unknown", code)
    if region and region not in english.territories:
        raise InvalidLanguage("language.unknown", code)
    parts = [language, script, region, *[v.lower() for v in match["variants"].split("-") if v]]
    return "-".join(p for p in parts if p)


def is_valid(code: object) -> bool:
    try:
        normalize(code)  # type: ignore[arg-type]
    except InvalidLanguage:
        return False
    return True


def check(field: str, code: object) -> tuple[str | None, FieldProblem | None]:
    """(canonical code, None) or (None, the problem to show next to `field`). None passes as None."""
    if code is None:
        return None, None
    try:
        return normalize(code), None  # type: ignore[arg-type]
    except InvalidLanguage as error:
        return None, FieldProblem(field, error.key, {"code": str(code)[:40]})


def check_list(field: str, codes: object) -> tuple[list[str] | None, FieldProblem | None]:
    """Canonical codes without repeats (order kept), or the first problem."""
    if codes is None:
        return None, None
    if not isinstance(codes, list):
        return None, FieldProblem(field, "field.not_list")
    result: list[str] = []
    for code in codes:
        canonical, problem = check(field, code)
        if problem:
            return None, problem
        if canonical not in result:
            result.append(canonical)  # type: ignore[arg-type]
    return result, None


@functools.lru_cache(maxsize=4096)
def display_name(code: str, in_locale: str = "en") -> str:
    """The language's name in the interface language: `display_name("ar", in_locale="es")` → "árabe".

    Falls back to the code itself for a code CLDR has no name for, so a list never shows an empty cell.
    """
    try:
        canonical = normalize(code)
        shown_in = Locale.parse(normalize(in_locale), sep="-")
    except (InvalidLanguage, UnknownLocaleError, ValueError):
        return code
    names = shown_in.languages
    underscored = canonical.replace("-", "_")
    if underscored in names:  # CLDR has names for some tags as a whole: "zh_Hans", "fa_AF", "es_419"
        return names[underscored]
    language = canonical.split("-")[0]
    alias = _aliases().get(language)
    if alias and alias in names and canonical == language:
        return names[alias]
    try:
        return Locale.parse(underscored).get_display_name(shown_in) or code
    except (UnknownLocaleError, ValueError):
        return names.get(language) or names.get(alias or "", code)
