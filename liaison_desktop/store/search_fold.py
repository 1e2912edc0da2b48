"""How text is folded for the full-text index, the same way when it is indexed and when it is searched.

FTS5's `unicode61` tokenizer folds case and Latin accents, but it keeps Arabic diacritics (so "مُحَمَّد"
would not match "محمد") and treats a run of Chinese characters as one token (so "住房" inside "住房援助"
would not match). Text is therefore prepared first: Arabic harakat, tatweel and alef/yeh variants are
folded, and every CJK character becomes a token of its own, so a Chinese query becomes a phrase of
adjacent characters.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
CJK_RANGES = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uac00-\ud7af"  # Hangul syllables
)
CJK_CHAR = re.compile(f"([{CJK_RANGES}])")
# Every character `prepare` changes after NFKC is in the Arabic block or a CJK range.
_FOLDED_SCRIPTS = re.compile(f"[\u0600-\u06ff{CJK_RANGES}]")


def prepare(value: str) -> str:
    """Text as it is stored in, and searched against, the index."""
    if value.isascii():  # NFKC, Arabic folding and CJK spacing all leave ASCII as it is: skip them
        return value
    folded = unicodedata.normalize("NFKC", value)
    if not _FOLDED_SCRIPTS.search(folded):  # e.g. Spanish or French: nothing Arabic or CJK to fold
        return folded
    folded = _ARABIC_MARKS.sub("", folded).translate(_ARABIC_FOLD)
    return CJK_CHAR.sub(r" \1 ", folded)
