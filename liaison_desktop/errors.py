"""The one shape of an error the desktop app can show a person: a stable message key and its arguments.

The UI translates `key` with `params` (for example "Try again in {seconds_remaining} s"). Nothing carries
a passphrase, a key or record contents, so any such error may be logged or put in a crash report as is.
"""

from __future__ import annotations

from typing import Any


class LocalizedError(Exception):
    """Base of the store's, the profiles' and the services' errors."""

    key = "error"

    def __init__(self, **params: Any) -> None:
        if params:
            super().__init__(self.key, params)
        else:
            super().__init__(self.key)
        self.params: dict[str, Any] = params
