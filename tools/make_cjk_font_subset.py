"""Make the Chinese font the app ships: a subset of Noto Sans CJK SC (SIL OFL 1.1). Developers only.

Why a subset: a machine without a CJK font shows Chinese as empty boxes, and the full Noto Sans CJK
collection is ~19 MB. The subset keeps what Simplified Chinese text in this app needs:

- every character of GB2312 (6,763 Han characters plus its punctuation, kana, Greek, Cyrillic and
  box-drawing rows), which covers everyday Simplified Chinese, names included;
- CJK symbols and punctuation (U+3000-U+303F) and half/full-width forms (U+FF00-U+FFEF);
- every character that appears in the Chinese catalogs (`translations/zh_CN/**/*.po`), so a
  translator's rarer character is never a box (re-run this script after a catalog changes;
  `tests/ui/test_fonts.py` fails when a catalog character is missing from the shipped font).

It drops what the app does not use: hinting (modern rasterizers do well without it at screen sizes),
layout tables (no vertical text, no Japanese/Korean/Traditional locale forms), vertical metrics.

Source: Debian's `fonts-noto-cjk` (`apt-get install fonts-noto-cjk`), the "Noto Sans CJK SC" face of
`NotoSansCJK-Regular.ttc`. Needs fontTools (in the `dev` extra):

    .venv/bin/python tools/make_cjk_font_subset.py [--source TTC] [--output OTF]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEFAULT_OUTPUT = REPO / "resources" / "fonts" / "NotoSansCJKsc-Regular-subset.otf"
FAMILY = "Noto Sans CJK SC"
CATALOG_GLOB = "zh_CN/**/*.po"
EXTRA_RANGES = ((0x3000, 0x303F), (0xFF00, 0xFFEF))
# Tables nothing in a horizontal, single-locale UI reads.
DROPPED_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]


def gb2312_characters() -> set[str]:
    """Every character GB2312 encodes: rows 0xA1-0xF7, cells 0xA1-0xFE (the unassigned ones fail)."""
    characters: set[str] = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                characters.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return characters


def catalog_characters(translations: Path) -> set[str]:
    """Non-ASCII characters of every quoted string of the Chinese catalogs (translations included)."""
    characters: set[str] = set()
    for po_file in sorted(translations.glob(CATALOG_GLOB)):
        for line in po_file.read_text(encoding="utf-8").splitlines():
            for quoted in re.findall(r'"((?:[^"\\]|\\.)*)"', line):
                characters.update(ch for ch in quoted if ord(ch) > 0x7F)
    return characters


def wanted_characters(translations: Path) -> set[str]:
    characters = gb2312_characters() | catalog_characters(translations)
    for first, last in EXTRA_RANGES:
        characters.update(chr(code) for code in range(first, last + 1))
    characters.update(chr(code) for code in range(0x20, 0x7F))  # so the face is complete on its own
    return characters


def open_face(source: Path, family: str) -> TTFont:
    if source.suffix.lower() in {".ttc", ".otc"}:
        for face in TTCollection(source).fonts:
            if face["name"].getDebugName(1) == family:
                return face
        raise SystemExit(f"{family!r} is not in {source}")
    return TTFont(source)


def make_subset(source: Path, output: Path, characters: Iterable[str], family: str = FAMILY) -> int:
    """Write the subset to `output` and return the number of characters it maps."""
    font = open_face(source, family)
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += DROPPED_TABLES
    options.name_IDs = ["*"]  # keep the copyright, trademark and license notices
    options.name_languages = ["*"]  # and the localized family names
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in characters))
    subsetter.subset(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.recalcTimestamp = False  # same characters, same bytes: no churn in git from re-running
    font.save(output)
    return len(font.getBestCmap())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--translations", type=Path, default=REPO / "translations")
    args = parser.parse_args(argv)
    mapped = make_subset(args.source, args.output, wanted_characters(args.translations))
    size_kib = args.output.stat().st_size / 1024
    print(f"{args.output}: {mapped} characters, {size_kib:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
