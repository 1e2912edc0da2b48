"""Importing, while the start screen waits for a passphrase, what opening a profile will need.

The first window imports only what the start screens use (profile headers, Qt), so it appears quickly
(bench figure 3, `first_window_ms`). The database engine, the migrations, the services and the sync
client then cost about 0.3 s of imports, which the unlock would otherwise pay after the passphrase is
typed. The UI runs `import_for_unlock` on a background thread right after the first window is shown; an
unlock that starts before it ends waits for the modules it is importing, no longer.
"""

from __future__ import annotations

import importlib

UNLOCK_MODULES = (
    "sqlalchemy.dialects.sqlite.pysqlite",  # loaded by the first `create_engine`, not by `import sqlalchemy`
    "liaison_desktop.store.cipher_database",
    "liaison_desktop.store.schema",
    "liaison_desktop.services.workspace",
    "liaison_desktop.services.contact_list",
    "liaison_desktop.app.who_writes",
    "liaison_desktop.app.offline_lease",
    "liaison_desktop.sync.replica",
    "liaison_desktop.sync.refused_changes",
    "liaison_desktop.sync.http_client",
)


def import_for_unlock() -> None:
    """Import the Qt-free modules an unlock and the first contact page use (no Qt: safe off the UI
    thread)."""
    for name in UNLOCK_MODULES:
        importlib.import_module(name)
