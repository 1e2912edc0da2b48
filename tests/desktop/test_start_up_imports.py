"""The first window (the profile picker) comes up without loading what only an unlocked profile needs:
the sync client and `requests`, the wire models and pydantic, the services, Alembic. They are imported
when a profile opens (issue 18: start-up cost)."""

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

    def first_window_up():
        shown.extend(w.objectName() for w in app.topLevelWidgets() if w.isVisible())
        app.quit()

    QTimer.singleShot(0, first_window_up)
    from liaison_desktop.__main__ import main

    main(["--data-dir", sys.argv[1], "--lang", "en"])
    deferred = json.loads(sys.argv[2])
    loaded = [name for name in deferred if name in sys.modules]
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
