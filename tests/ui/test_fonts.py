"""Chinese renders on a machine without any CJK font, from the one font file the app ships.

The proof runs in a child process whose fontconfig rejects every font that covers Simplified
Chinese, so it holds on a developer's machine that has CJK fonts as on CI, which has none.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtGui import QFontInfo, QRawFont
from PySide6.QtWidgets import QApplication

from liaison_desktop.ui import fonts
from liaison_desktop.ui.app import configure_application
from liaison_desktop.ui.i18n import TRANSLATIONS_DIR

CJK_FAMILY = "Noto Sans CJK SC"

# fontconfig as on a machine without CJK fonts: the system's configuration, minus every font that
# covers Simplified Chinese.
NO_CJK_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <cachedir>{cache}</cachedir>
  <selectfont><rejectfont>
    <pattern><patelt name="lang"><string>zh-cn</string></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>
"""

RENDER_IN_CHILD = textwrap.dedent(
    """
    import json
    from PySide6.QtGui import QFontDatabase, QImage, QPainter, QTextLayout
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])
    system_chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    from liaison_desktop.ui.app import configure_application
    configure_application(app, "zh_CN")

    def runs(text, font):
        layout = QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        return [[r.rawFont().familyName(), list(r.glyphIndexes())] for r in layout.glyphRuns()]

    def picture(text, font):
        label = QLabel(text)
        label.setFont(font)
        label.adjustSize()
        return label.grab().toImage()

    label = QLabel("联络员 你好")
    images = [picture(ch, label.font()) for ch in "联络员你好"]
    distinct = len({bytes(image.constBits()) for image in images})
    print(json.dumps({
        "system_chinese": system_chinese,
        "han": runs(label.text(), label.font()),
        "arabic": runs("مرحبا بكم", label.font()),
        "latin": runs("Liaison", label.font()),
        "distinct_pictures": distinct,
    }))
    """
)


@pytest.fixture(scope="module")
def rendered_without_cjk_fonts(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("fontconfig")
    config = folder / "fonts.conf"
    config.write_text(NO_CJK_FONTCONFIG.format(cache=folder / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", RENDER_IN_CHILD], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_child_process_really_has_no_system_font_for_chinese(rendered_without_cjk_fonts: dict) -> None:
    assert rendered_without_cjk_fonts["system_chinese"] == []


def test_chinese_is_drawn_with_real_glyphs_from_the_shipped_font(rendered_without_cjk_fonts: dict) -> None:
    han_runs = [
        (family, glyphs) for family, glyphs in rendered_without_cjk_fonts["han"] if family == CJK_FAMILY
    ]
    han_glyphs = [glyph for _family, glyphs in han_runs for glyph in glyphs]
    assert len(han_glyphs) >= 5
    assert 0 not in han_glyphs, "glyph 0 is the missing-glyph box"
    assert rendered_without_cjk_fonts["distinct_pictures"] == 5, "five characters, five different pictures"


def test_latin_and_arabic_keep_the_system_font(rendered_without_cjk_fonts: dict) -> None:
    for script in ("latin", "arabic"):
        runs = rendered_without_cjk_fonts[script]
        assert runs and all(family != CJK_FAMILY for family, _glyphs in runs), (script, runs)
        assert all(0 not in glyphs for _family, glyphs in runs), (script, runs)


def test_the_app_font_lists_the_system_font_first_and_the_shipped_font_as_fallback(
    qapp: QApplication,
) -> None:
    configure_application(qapp, "zh_CN")
    families = qapp.font().families()
    assert families[-1] == CJK_FAMILY
    assert families[0] != CJK_FAMILY and QFontInfo(qapp.font()).family() != CJK_FAMILY


def test_the_app_ships_one_small_font_file_with_its_license() -> None:
    shipped = sorted(
        p.name for p in fonts.FONTS_DIR.iterdir() if p.suffix.lower() in {".otf", ".ttf", ".ttc"}
    )
    assert shipped == [fonts.CJK_FONT_FILE.name]
    assert fonts.CJK_FONT_FILE.stat().st_size < 3 * 1024 * 1024
    license_text = (fonts.FONTS_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in license_text


def _needs_chinese_font(character: str) -> bool:
    code = ord(character)
    return "CJK" in unicodedata.name(character, "") or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def _catalog_characters(po_file: Path) -> set[str]:
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    characters: set[str] = set()
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        characters.update(ch for text in strings if text for ch in text if _needs_chinese_font(ch))
    return characters


def test_every_chinese_character_of_the_catalog_is_in_the_shipped_font(qapp: QApplication) -> None:
    catalogs = sorted(TRANSLATIONS_DIR.glob("zh_CN/**/*.po"))
    if not catalogs:
        pytest.skip("no Chinese catalog yet")
    font = QRawFont(str(fonts.CJK_FONT_FILE), 12)
    assert font.isValid()
    # By code point: PySide6's str (QChar) overload answers wrongly for most non-ASCII characters.
    missing = sorted(
        {ch for po in catalogs for ch in _catalog_characters(po) if not font.supportsCharacter(ord(ch))}
    )
    assert missing == [], "run tools/make_cjk_font_subset.py after changing the Chinese catalog"
