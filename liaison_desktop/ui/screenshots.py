"""Screenshots of the main screens, per language: `python -m liaison_desktop.ui.screenshots [DIR] [LANG...]`.

Writes `SCREEN-LANG.png` (e.g. `contacts-ar.png`) into DIR (default `$SCREENSHOTS_DIR` or
`screenshots/`), from a throwaway data directory holding the demo profile, so nobody's records can end up
in a picture. Runs offscreen unless a platform is set.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from liaison_desktop.app import DEMO_PASSPHRASE, ProfileDirectory  # noqa: E402
from liaison_desktop.ui.app import configure_application  # noqa: E402
from liaison_desktop.ui.runner import Runner  # noqa: E402
from liaison_desktop.ui.shell.main_window import MainWindow  # noqa: E402

LANGUAGES = ("en", "ar")


def _save(widget: QWidget, folder: Path, screen: str, language: str) -> Path:
    QApplication.processEvents()
    path = folder / f"{screen}-{language}.png"
    widget.grab().save(str(path))
    return path


def _wait(app: QApplication, runner: Runner) -> None:
    runner.wait_until_idle(30_000)
    app.processEvents()


def capture(folder: Path, language: str, data_root: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app, language)
    runner = Runner()
    directory = ProfileDirectory.at(data_root / language, minimum_key_cost=True, start_sync=False)
    window = MainWindow(directory, runner)
    window.resize(1100, 720)
    window.show()
    shots = [_save(window, folder, "start", language)]
    window.try_demo()
    _wait(app, runner)
    shots.append(_save(window, folder, "contacts", language))
    window.lock()
    shots.append(_save(window, folder, "unlock", language))
    window.unlock_screen.passphrase_field.setText("not the passphrase")
    window.unlock_screen.unlock_button.click()
    _wait(app, runner)
    shots.append(_save(window, folder, "unlock-error", language))
    window.unlock_screen.passphrase_field.setText(DEMO_PASSPHRASE)
    window.unlock_screen.unlock_button.click()
    _wait(app, runner)
    assert window.workspace_view is not None
    window.focus_search()
    window.workspace_view.search_panel.field.setText("visit" if language == "en" else "زيارة")
    window.workspace_view.search_panel._timer.timeout.emit()  # no need to wait for the typing pause
    _wait(app, runner)
    shots.append(_save(window, folder, "search", language))
    window.show_start()
    window.lock()
    window.show_start()
    shots.append(_save(window, folder, "profiles", language))
    window.add_profile()
    assert window.add_profile_dialog is not None
    shots.append(_save(window.add_profile_dialog, folder, "add-profile", language))
    window.add_profile_dialog.reject()
    window.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args.pop(0) if args else os.environ.get("SCREENSHOTS_DIR", "screenshots"))
    languages = args or list(LANGUAGES)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="liaison-shots-") as data_root:
        for language in languages:
            for path in capture(folder, language, Path(data_root)):
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
