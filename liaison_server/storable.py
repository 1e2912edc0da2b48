"""Strings the databases cannot store: NUL characters (PostgreSQL refuses them in text and JSONB) and
lone UTF-16 surrogates (JSON can spell them, UTF-8 cannot encode them). Found by the fuzz test; checked
before anything reaches SQL, so such input is a 4xx, not a driver error."""

from __future__ import annotations

import re
from typing import Any

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


# In JSON text (as `json.dumps(..., ensure_ascii=False)` writes it) a NUL is the escape `\u0000`: an
# unescaped backslash, then u0000. Lone surrogates stay raw characters.
_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")
_SURROGATE = re.compile("[\ud800-\udfff]")


def is_storable_json(encoded: str) -> bool:
    """`is_storable` for a value already encoded as JSON: a substring test and one character-class scan
    instead of a walk through the value."""
    if "\\u0000" in encoded and _NUL_ESCAPE.search(encoded):
        return False
    return _SURROGATE.search(encoded) is None


def is_storable_text(text: str) -> bool:
    return _UNSTORABLE.search(text) is None


def is_storable(value: Any) -> bool:
    """True when every string inside `value` (dict keys included) can be stored."""
    if isinstance(value, str):
        return is_storable_text(value)
    if isinstance(value, dict):
        return all(is_storable(k) and is_storable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(is_storable(item) for item in value)
    return True
