"""The fonts the app ships: a Chinese font, so Chinese never renders as empty boxes.

A machine without a CJK font (a fresh Linux install, CI) has nothing to draw Han characters with. The
app ships one file, `resources/fonts/NotoSansCJKsc-Regular-subset.otf`: Noto Sans CJK SC (SIL OFL 1.1,
license beside it), subset by `tools/make_cjk_font_subset.py` to GB2312, CJK punctuation, full-width
forms and every character of the Chinese catalog (~1.5 MB instead of ~19 MB).

`use_shipped_fonts(app)` registers it and appends its family to the application font's family list.
Qt draws each character with the first family in that list that has it, so Latin and Arabic keep the
system font (DejaVu / Noto, as before) and only Han falls through to the shipped face; a widget that
sets another family still finds it through the platform's fallback (fontconfig on Linux sees
application fonts). Putting it in the list rather than trusting the platform alone keeps Chinese in
the Simplified Chinese design even on a system whose only CJK font is Japanese.
(`QFontDatabase.addApplicationFallbackFontFamily` would say the same per script, but PySide6 6.11
does not bind it: it takes a `QChar.Script`, and PySide has no QChar.)
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

FONTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
CJK_FONT_FILE = FONTS_DIR / "NotoSansCJKsc-Regular-subset.otf"

_registered_families: list[str] | None = None


def register_fonts() -> list[str]:
    """Register the shipped font files once per process; the families they hold.

    A missing or unreadable file is logged and the app starts anyway: Chinese then depends on the
    system's fonts, as it did before the font was shipped.
    """
    global _registered_families
    if _registered_families is None:
        font_id = QFontDatabase.addApplicationFont(str(CJK_FONT_FILE))
        if font_id < 0:
            log.warning("shipped Chinese font not loadable: %s", CJK_FONT_FILE.name)
            _registered_families = []
        else:
            _registered_families = list(QFontDatabase.applicationFontFamilies(font_id))
    return _registered_families


def use_shipped_fonts(app: QApplication) -> None:
    """Register the shipped fonts and make them the application font's fallbacks (idempotent)."""
    fallbacks = register_fonts()
    font = app.font()
    # The system font is often a generic name ("Sans Serif") that fontconfig resolves; Qt would skip a
    # name it cannot find in its own database and draw everything, Latin too, with the next family in
    # the list. Name the family the system font really resolves to instead.
    families = list(font.families()) or [font.family()]
    if fallbacks and not any(family in fallbacks for family in families):
        families = [QFontInfo(font).family()]
    missing = [family for family in fallbacks if family not in families]
    if missing:
        font.setFamilies(families + missing)
        app.setFont(font)
