"""The first window (the profile picker) comes up without loading what only an unlocked profile needs:
the sync client and `requests`, the wire models and pydantic, the services, SQLAlchemy, Alembic, the
screens of an open profile (issue 18: start-up cost). They are imported in the background once the window
is up (`app.preload`), so the unlock does not pay for them either."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from liaison_desktop.store.profile_keys import OWASP_MINIMUM
from liaison_desktop.store.profiles import LaptopProfiles

DEFERRED = (
    "sqlalchemy",
    "liaison_desktop.store.cipher_database",
    "liaison_desktop.ui.shell.workspace_view",
    "alembic",
    "pydantic",
    "requests",
    "liaison_protocol.messages",
    "liaison_desktop.sync.http_client",
    "liaison_desktop.sync.engine",
    "liaison_desktop.services.workspace",
)

# The real entry point; the timer fires once the event loop runs, i.e. after the window was shown.
START_AND_LIST_MODULES = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    shown = []

    loaded = []

    def first_window_up():
        shown.extend(w.objectName() for w in app.topLevelWidgets() if w.isVisible())
        loaded.extend(name for name in json.loads(sys.argv[2]) if name in sys.modules)
        app.quit()

    QTimer.singleShot(0, first_window_up)
    from liaison_desktop.__main__ import main

    main(["--data-dir", sys.argv[1], "--lang", "en"])
    print(json.dumps({"shown": shown, "loaded": loaded}))
    """
)


def test_the_profile_picker_opens_without_the_sync_client_services_or_migrations(tmp_path: Path) -> None:
    unlocked, _recovery_key = LaptopProfiles(tmp_path, params=OWASP_MINIMUM).create_profile(
        "Amina Haddad", "correct horse battery staple 7"
    )
    unlocked.close()
    result = subprocess.run(
        [sys.executable, "-c", START_AND_LIST_MODULES, str(tmp_path), json.dumps(DEFERRED)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    started = json.loads(result.stdout.strip().splitlines()[-1])
    assert "main_window" in started["shown"]
    assert started["loaded"] == []


# After the preload, unlock a profile and read the first contact page as the unlock screen does, and list
# the modules that still had to be imported (the screens of an open profile, Qt, are imported on the UI
# thread when the first one is built and are not counted).
PRELOAD_THEN_UNLOCK = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from liaison_desktop.app.preload import import_for_unlock
    from liaison_desktop.app.profile_directory import ProfileDirectory

    directory = ProfileDirectory.at(Path(sys.argv[1]))
    import_for_unlock()
    before = set(sys.modules)
    session = directory.open(sys.argv[2], "correct horse battery staple 7")
    session.contacts.page(limit=50)
    session.close()
    late = sorted(
        name for name in set(sys.modules) - before
        if name.split(".")[0] in ("liaison_desktop", "liaison_protocol", "sqlalchemy", "alembic", "sqlcipher3")
    )
    print(json.dumps(late))
    """
)


def test_the_preload_imports_everything_an_unlock_and_the_first_contact_page_need(tmp_path: Path) -> None:
    profiles = LaptopProfiles(tmp_path, params=OWASP_MINIMUM)
    unlocked, _recovery_key = profiles.create_profile("Amina Haddad", "correct horse battery staple 7")
    profile_id = unlocked.profile_id
    unlocked.close()
    result = subprocess.run(
        [sys.executable, "-c", PRELOAD_THEN_UNLOCK, str(tmp_path), profile_id],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
