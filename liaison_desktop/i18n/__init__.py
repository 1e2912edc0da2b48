"""Languages, Qt-free: the interface languages, their gettext catalogs, and locale-aware formatting.

- `catalogs`: the active language and `_()`, `ngettext()`, `N_()`, `set_language()`, `load_catalog()`.
- `languages`: the five interface languages and how the start language is chosen.
- `formatting`: dates, times, relative times, numbers, durations through babel (one digit system).
- `extraction`, `catalog_files`, `completeness`: `make catalogs` and the catalog checks.

Layers below `ui/` that must name text mark it with `N_()` (or return a key that `ui/` turns into text);
`ui/` imports all of this through `liaison_desktop.ui.i18n`.
"""

from liaison_desktop.i18n.catalogs import (
    DEFAULT_LANGUAGE,
    DOMAIN,
    N_,
    RIGHT_TO_LEFT,
    TRANSLATIONS_DIR,
    _,
    base_language,
    is_right_to_left,
    language,
    load_catalog,
    ngettext,
    set_language,
)
from liaison_desktop.i18n.languages import (
    INTERFACE_LANGUAGES,
    LANGUAGE_ENV,
    SOURCE_LANGUAGE,
    InterfaceLanguage,
    interface_language,
    match_language,
    start_language,
    system_language,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "INTERFACE_LANGUAGES",
    "LANGUAGE_ENV",
    "N_",
    "RIGHT_TO_LEFT",
    "SOURCE_LANGUAGE",
    "TRANSLATIONS_DIR",
    "InterfaceLanguage",
    "_",
    "base_language",
    "interface_language",
    "is_right_to_left",
    "language",
    "load_catalog",
    "match_language",
    "ngettext",
    "set_language",
    "start_language",
    "system_language",
]
