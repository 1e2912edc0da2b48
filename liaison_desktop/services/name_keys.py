"""Keys that make one person's name comparable across spellings and scripts.

A name is first transliterated to Latin letters (anyascii: محمد → "mhmd", Nguyễn → "nguyen",
王小明 → "wangxiaoming") and folded to lower case. Two keys are then derived from it:

- the *vowel-slot* key replaces every run of vowels with one placeholder and folds consonants that
  spellings swap (ph/f, c/k/q, z/s, doubled letters): Mohammed, Muhammad and Mohamed all become
  "mVhVmVd", while Mahmoud, a different name, becomes "mVhmVd". It is used between two Latin spellings.
- the *consonant* key also drops the vowels, because Arabic script does not write short vowels:
  محمد and Mohammed both become "mhmd". It is used only across scripts, where the vowels are unknown,
  so it is weaker evidence and scores lower.

The first letter's *initial class* (vowel, or the folded consonant) is what candidates are blocked on:
contacts whose given or family name starts with a character of the same class.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

VOWEL_SLOT = "V"
_NOT_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
# Order matters: digraphs before the single letters they contain.
_CONSONANT_FOLDS = (
    ("ph", "f"),
    ("ck", "k"),
    ("kh", "h"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("sch", "sh"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("v", "b"),
    ("j", "g"),
)
_VOWELS = "aeiou"
_REPEATS = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=65536)
def latin(name: str) -> str:
    """Lower-case Latin letters and single spaces: the common ground of every script."""
    folded = anyascii(unicodedata.normalize("NFKC", name)).lower()
    return _SPACES.sub(" ", _NOT_LETTER.sub("", folded.replace("-", " "))).strip()


@functools.lru_cache(maxsize=65536)  # asked for every candidate of every lookup: it was half of a preview
def is_latin_script(name: str) -> bool:
    """Whether the name is written in Latin letters (accents allowed): its vowels are then known."""
    return all(
        not character.isalpha() or unicodedata.name(character, "").startswith("LATIN") for character in name
    )


def _fold_word(word: str) -> str:
    for old, new in _CONSONANT_FOLDS:
        word = word.replace(old, new)
    # y and w inside a word are vowels in most transliterations (Nguyen, Yusuf/يوسف's و).
    head, rest = word[:1], word[1:].replace("y", "a").replace("w", "a")
    return head + rest


@functools.lru_cache(maxsize=65536)
def vowel_slot_key(name: str) -> str:
    words = []
    for word in latin(name).split():
        folded = re.sub(f"[{_VOWELS}]+", VOWEL_SLOT, _REPEATS.sub(r"\1", _fold_word(word)))
        words.append(folded)
    return " ".join(words)


@functools.lru_cache(maxsize=65536)
def consonant_key(name: str) -> str:
    words = []
    for word in latin(name).split():
        folded = _fold_word(word)
        consonants = "".join(c for c in folded if c not in _VOWELS)
        # A final h is the Arabic ta marbuta (فاطمة → "ftmh") or an optional spelling (Fatimah).
        if len(consonants) > 1 and consonants.endswith("h"):
            consonants = consonants[:-1]
        words.append(_REPEATS.sub(r"\1", consonants) or folded)
    return " ".join(words)


def initial_class(name: str) -> str | None:
    """The class of the name's first sound: "V" for a vowel (Omar, عمر, Ahmed, أحمد), else the folded
    first consonant. None when the name has no letter."""
    raw = anyascii(unicodedata.normalize("NFKC", name)).lower().lstrip()
    if raw[:1] in ("'", "`"):  # hamza or ain: a vowel onset (أحمد, عمر)
        return VOWEL_SLOT
    word = latin(name).split(" ")[0] if latin(name) else ""
    if not word:
        return None
    head = _fold_word(word)[0]
    return VOWEL_SLOT if head in _VOWELS else head


# Scripts whose first characters are mapped to initial classes for blocking.
_BLOCKED_RANGES = (
    (0x41, 0x5A),
    (0x61, 0x7A),
    (0xC0, 0x24F),  # Latin with accents
    (0x370, 0x3FF),  # Greek
    (0x400, 0x4FF),  # Cyrillic
    (0x531, 0x587),  # Armenian
    (0x5D0, 0x5EA),  # Hebrew
    (0x620, 0x64A),
    (0x671, 0x6D3),  # Arabic, Persian, Urdu letters
    (0x900, 0x97F),  # Devanagari
    (0xE00, 0xE7F),  # Thai
    (0x10A0, 0x10FF),  # Georgian
    (0x1200, 0x137F),  # Ethiopic (Amharic, Tigrinya)
    (0x1E00, 0x1EFF),  # Latin extended additional (Vietnamese)
    (0x3040, 0x30FF),  # Japanese kana
    (0x4E00, 0x9FFF),  # CJK ideographs
    (0xAC00, 0xD7A3),  # Hangul syllables
)


@functools.cache
def characters_by_initial_class() -> dict[str, frozenset[str]]:
    """Every first character a name of each initial class may start with, in any blocked script.

    Built once (about 40,000 characters, some tens of milliseconds), it lets SQL pick candidates by
    `substr(name, 1, 1) IN (...)` without a stored key column.
    """
    found: dict[str, set[str]] = {}
    for start, end in _BLOCKED_RANGES:
        for point in range(start, end + 1):
            character = chr(point)
            if not character.isalpha():
                continue
            klass = initial_class(character)
            if klass is not None:
                found.setdefault(klass, set()).add(character)
    return {klass: frozenset(chars) for klass, chars in found.items()}
