"""Strings the databases cannot store: NUL characters (PostgreSQL refuses them in text and JSONB) and
lone UTF-16 surrogates (JSON can spell them, UTF-8 cannot encode them). Found by the fuzz test; checked
before anything reaches SQL, so such input is a 4xx, not a driver error."""

from __future__ import annotations

import re
from typing import Any

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


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
