"""The store's base error and the one an unopenable file raises, apart from the database code.

The profile picker shows and explains profile errors before any database is opened; keeping the errors
free of SQLAlchemy and SQLCipher lets the first window appear without importing either (bench figure 3).
"""

from __future__ import annotations

from liaison_desktop.errors import LocalizedError


class StoreError(LocalizedError):
    """Base of the store's errors. `key` is a stable message key for the UI."""

    key = "store.error"


class NotADatabase(StoreError):
    """The file does not open with the key: damaged, not a SQLCipher database, or (for a raw key that
    was not checked beforehand) the wrong key. The profile layer checks the key first, so there it
    means damage."""

    key = "store.not_a_database"
