"""How guessable a new passphrase is, with the reason in our own stable keys.

The estimate is zxcvbn's (Dropbox's estimator, the Python port pinned in pyproject.toml): it scores 0-4
from the guesses an attacker with dictionaries, keyboard patterns, dates and l33t rules would need.
`MIN_SCORE` is the one place that says what we accept: 3 ("safely unguessable", about 10^10 guesses),
which an offline attack on a stolen header must pay for with an Argon2id derivation per guess.

zxcvbn explains a low score in English sentences (through the process-wide gettext domain, so even
their language is not ours to choose). We do not parse that text: the verdict is built from the match
sequence zxcvbn returns, following its own feedback rules (the longest weak match names the reason),
and expressed as keys the UI translates (`ui/error_messages.py`):

reasons      passphrase.common, passphrase.single_word, passphrase.names, passphrase.personal,
             passphrase.keyboard_pattern, passphrase.repeated, passphrase.sequence, passphrase.dates,
             passphrase.too_guessable
suggestions  passphrase.suggest.add_words, passphrase.suggest.avoid_keyboard_patterns,
             passphrase.suggest.avoid_repeats, passphrase.suggest.avoid_sequences,
             passphrase.suggest.avoid_dates, passphrase.suggest.avoid_personal,
             passphrase.suggest.capitals_dont_help, passphrase.suggest.all_caps_dont_help,
             passphrase.suggest.reversed_dont_help, passphrase.suggest.substitutions_dont_help

Two traps of zxcvbn 4.5.0 handled here: it refuses passwords over 72 characters (we score the first 72:
a longer passphrase is at least that strong) and crashes on an empty one; and it stores `user_inputs`
in a module-level dictionary, so concurrent calls are serialized by a lock.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from zxcvbn import zxcvbn

MIN_SCORE = 3
MAX_SCORED_CHARACTERS = 72  # zxcvbn 4.5.0 raises ValueError above this

REASON_COMMON = "passphrase.common"
REASON_SINGLE_WORD = "passphrase.single_word"
REASON_NAMES = "passphrase.names"
REASON_PERSONAL = "passphrase.personal"
REASON_KEYBOARD_PATTERN = "passphrase.keyboard_pattern"
REASON_REPEATED = "passphrase.repeated"
REASON_SEQUENCE = "passphrase.sequence"
REASON_DATES = "passphrase.dates"
REASON_TOO_GUESSABLE = "passphrase.too_guessable"

SUGGEST_ADD_WORDS = "passphrase.suggest.add_words"
SUGGEST_AVOID_KEYBOARD_PATTERNS = "passphrase.suggest.avoid_keyboard_patterns"
SUGGEST_AVOID_REPEATS = "passphrase.suggest.avoid_repeats"
SUGGEST_AVOID_SEQUENCES = "passphrase.suggest.avoid_sequences"
SUGGEST_AVOID_DATES = "passphrase.suggest.avoid_dates"
SUGGEST_AVOID_PERSONAL = "passphrase.suggest.avoid_personal"
SUGGEST_CAPITALS_DONT_HELP = "passphrase.suggest.capitals_dont_help"
SUGGEST_ALL_CAPS_DONT_HELP = "passphrase.suggest.all_caps_dont_help"
SUGGEST_REVERSED_DONT_HELP = "passphrase.suggest.reversed_dont_help"
SUGGEST_SUBSTITUTIONS_DONT_HELP = "passphrase.suggest.substitutions_dont_help"

REASON_KEYS = (
    REASON_COMMON,
    REASON_SINGLE_WORD,
    REASON_NAMES,
    REASON_PERSONAL,
    REASON_KEYBOARD_PATTERN,
    REASON_REPEATED,
    REASON_SEQUENCE,
    REASON_DATES,
    REASON_TOO_GUESSABLE,
)
SUGGESTION_KEYS = (
    SUGGEST_ADD_WORDS,
    SUGGEST_AVOID_KEYBOARD_PATTERNS,
    SUGGEST_AVOID_REPEATS,
    SUGGEST_AVOID_SEQUENCES,
    SUGGEST_AVOID_DATES,
    SUGGEST_AVOID_PERSONAL,
    SUGGEST_CAPITALS_DONT_HELP,
    SUGGEST_ALL_CAPS_DONT_HELP,
    SUGGEST_REVERSED_DONT_HELP,
    SUGGEST_SUBSTITUTIONS_DONT_HELP,
)

# The app's own name is the first word anyone tries against a Liaison profile.
APP_WORDS = ("liaison",)

_NAME_DICTIONARIES = frozenset({"surnames", "male_names", "female_names"})
# zxcvbn's own tests for "Capitalized" and "ALL CAPS" tokens (zxcvbn.scoring.START_UPPER, ALL_UPPER).
_START_UPPER = re.compile(r"^[A-Z][^A-Z]+$")
_ALL_UPPER = re.compile(r"^[^a-z]+$")
_ZXCVBN_LOCK = threading.Lock()


@dataclass(frozen=True)
class StrengthVerdict:
    """zxcvbn's score (0-4), whether it reaches `MIN_SCORE`, and why not, as stable keys.

    `reason_key` is None and `suggestion_keys` empty for an acceptable passphrase.
    """

    score: int
    acceptable: bool
    reason_key: str | None
    suggestion_keys: tuple[str, ...]


def check_passphrase_strength(passphrase: str, user_inputs: Iterable[str | None] = ()) -> StrengthVerdict:
    """Score `passphrase`; `user_inputs` are words an attacker would try first (the profile's name, the
    user name, the server's host): a passphrase built from them scores low.

    Cheap (milliseconds), so the UI may call it on every keystroke.
    """
    if not passphrase:
        return StrengthVerdict(0, False, REASON_TOO_GUESSABLE, (SUGGEST_ADD_WORDS,))
    words = _user_words(user_inputs)
    with _ZXCVBN_LOCK:
        result = zxcvbn(passphrase[:MAX_SCORED_CHARACTERS], user_inputs=words)
    score = int(result["score"])
    if score >= MIN_SCORE:
        return StrengthVerdict(score, True, None, ())
    reason, suggestions = _explain(result["sequence"])
    return StrengthVerdict(score, False, reason, suggestions)


def profile_user_inputs(*texts: str | None) -> tuple[str, ...]:
    """The words of a profile's name, user name and server address, plus the app's name."""
    return tuple(_user_words((*APP_WORDS, *texts)))


def _user_words(texts: Iterable[str | None]) -> list[str]:
    """Each text whole and split into its words (zxcvbn matches user inputs as whole tokens)."""
    words: list[str] = []
    for text in texts:
        if not text:
            continue
        cleaned = text.strip().casefold()
        candidates = [cleaned, *re.split(r"[^\w]+|_", cleaned)]
        words.extend(word for word in candidates if len(word) >= 3 and word not in words)
    return words


def _explain(sequence: list[dict[str, Any]]) -> tuple[str, tuple[str, ...]]:
    """The reason and suggestions for a weak passphrase, from its longest match (as zxcvbn does)."""
    if not sequence:
        return REASON_TOO_GUESSABLE, (SUGGEST_ADD_WORDS,)
    longest = max(sequence, key=lambda match: len(match["token"]))  # first of equals, like zxcvbn
    reason, suggestions = _explain_match(longest, is_sole_match=len(sequence) == 1)
    return reason, (SUGGEST_ADD_WORDS, *suggestions)


def _explain_match(match: dict[str, Any], *, is_sole_match: bool) -> tuple[str, tuple[str, ...]]:
    pattern = match["pattern"]
    if pattern == "dictionary":
        return _explain_dictionary_match(match, is_sole_match=is_sole_match)
    if pattern == "spatial":
        return REASON_KEYBOARD_PATTERN, (SUGGEST_AVOID_KEYBOARD_PATTERNS,)
    if pattern == "repeat":
        return REASON_REPEATED, (SUGGEST_AVOID_REPEATS,)
    if pattern == "sequence":
        return REASON_SEQUENCE, (SUGGEST_AVOID_SEQUENCES,)
    if pattern == "date" or (pattern == "regex" and match.get("regex_name") == "recent_year"):
        return REASON_DATES, (SUGGEST_AVOID_DATES,)
    return REASON_TOO_GUESSABLE, ()


def _explain_dictionary_match(match: dict[str, Any], *, is_sole_match: bool) -> tuple[str, tuple[str, ...]]:
    dictionary = match.get("dictionary_name")
    if dictionary == "user_inputs":
        reason = REASON_PERSONAL
    elif dictionary == "passwords":
        reason = REASON_COMMON
    elif dictionary in _NAME_DICTIONARIES:
        reason = REASON_NAMES
    elif is_sole_match:
        reason = REASON_SINGLE_WORD
    else:
        reason = REASON_TOO_GUESSABLE
    suggestions: list[str] = []
    if dictionary == "user_inputs":
        suggestions.append(SUGGEST_AVOID_PERSONAL)
    token = match["token"]
    if _START_UPPER.search(token):
        suggestions.append(SUGGEST_CAPITALS_DONT_HELP)
    elif _ALL_UPPER.search(token) and token.lower() != token:
        suggestions.append(SUGGEST_ALL_CAPS_DONT_HELP)
    if match.get("reversed") and len(token) >= 4:
        suggestions.append(SUGGEST_REVERSED_DONT_HELP)
    if match.get("l33t"):
        suggestions.append(SUGGEST_SUBSTITUTIONS_DONT_HELP)
    return reason, tuple(suggestions)
