"""What screens import for text: `_()`, `ngettext()`, `N_()`, the interface language and number format.

The work is done Qt-free in `liaison_desktop.i18n` (catalogs, language list, babel formatting); this
module keeps one short import for every screen. Widgets call `_()` when they build their text, not at
import time, so the language chosen at start-up (`--lang`) applies to every screen. Dates, times and
relative times come from `liaison_desktop.i18n.formatting`; Qt's own strings (standard buttons, context
menus) from Qt's catalogs, loaded by `ui.app.qt_translator`.
"""

from __future__ import annotations

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
from liaison_desktop.i18n.formatting import format_number

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "RIGHT_TO_LEFT",
    "TRANSLATIONS_DIR",
    "N_",
    "_",
    "base_language",
    "format_number",
    "is_right_to_left",
    "language",
    "load_catalog",
    "ngettext",
    "set_language",
]
