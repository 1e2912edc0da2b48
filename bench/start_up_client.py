"""One start of the desktop app, in a process of its own (figure 3's start-up half).

`python -m bench.start_up_client DATA_DIR PROFILE_ID PASSPHRASE` starts the app through its real entry
point (`liaison_desktop.__main__.main`, Qt's offscreen platform), prints `window` on stdout as soon as
the event loop runs (the first window, the profile picker, has been shown), and quits. Then, in the same
process, it unlocks the profile as the unlock screen does (`ProfileDirectory.open`: Argon2id, the
database, the schema check, the session with its services) and reads the first contact page, and prints
that time as JSON: the first unlock after start-up pays for whatever start-up left to be imported later.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(data_dir: Path, profile_id: str, passphrase: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])

    def first_window_shown() -> None:
        print("window", flush=True)
        app.quit()

    QTimer.singleShot(0, first_window_shown)
    from liaison_desktop.__main__ import main as start_app

    start_app(["--data-dir", str(data_dir), "--lang", "en"])

    from liaison_desktop.app import ProfileDirectory

    started = time.perf_counter()
    session = ProfileDirectory.at(data_dir).open(profile_id, passphrase)
    try:
        rows = len(session.contacts.page(limit=50).rows)
        unlock_ms = (time.perf_counter() - started) * 1000
    finally:
        session.close()
    print(json.dumps({"first_unlock_ms": unlock_ms, "rows": rows}), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
