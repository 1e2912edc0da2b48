"""Every string the UI wraps for translation is in the Arabic catalog (a missing one would show English)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from liaison_desktop.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "ngettext": (1, 2)}


def _ui_messages() -> set[str]:
    found: set[str] = set()
    for folder in ("liaison_desktop/ui", "liaison_desktop/demo"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, keywords=KEYWORDS, comment_tags=()
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_ui_string_is_in_the_arabic_catalog() -> None:
    catalog = i18n.load_catalog("ar")
    assert catalog is not None
    messages = _ui_messages()
    assert len(messages) > 50
    untranslated = sorted(
        m
        for m in messages
        if catalog.gettext(m) == m and m not in {"Liaison", "Liaison – {name}", "&Liaison"}
    )
    assert untranslated == []
