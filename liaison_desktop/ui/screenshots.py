"""Screenshots of every screen, per language: `make screenshots`, or
`python -m liaison_desktop.ui.screenshots [DIR] [LANG...]` from a source checkout.

Writes `SCREEN-LANG.png` (`contacts-ar.png`, `sync-center-zh.png`) into DIR (default `$SCREENSHOTS_DIR`
or `screenshots/`), for English, Arabic and Simplified Chinese unless languages are named (`zh_CN` is
written as `zh`). Runs offscreen unless a platform is set.

The screens come from `tests/ui/screens.py`, the same builders the accessibility test walks, so a
screen added there is both checked and photographed. Their world is throwaway and realistic: fictional
profiles in a temporary folder, signed in to a real sync server process started for the run (which is
why the builders live with the tests: the shipped app carries no test server), so no one's records can
end up in a picture.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from liaison_desktop.ui.app import configure_application  # noqa: E402
from liaison_desktop.ui.runner import Runner  # noqa: E402

LANGUAGES = ("en", "ar", "zh_CN")
SHORT_NAMES = {"zh_CN": "zh"}


def file_name(screen: str, language: str) -> str:
    return f"{screen}-{SHORT_NAMES.get(language, language)}.png"


def _save(widget: QWidget, folder: Path, screen: str, language: str) -> Path:
    QApplication.processEvents()
    path = folder / file_name(screen, language)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def capture(folder: Path, languages: list[str], root: Path, only: list[str] | None = None) -> list[Path]:
    """Build the world once, then every screen in every language."""
    try:
        from tests.ui import screens  # a source checkout: the builders and their server live there
    except ImportError as error:
        raise SystemExit(
            "screenshots need the source checkout's tests/ folder: run `make screenshots` from the repository"
        ) from error

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app, "en")
    runner = Runner()
    world = screens.build_world(root, runner)
    shots: list[Path] = []
    try:
        for language in languages:
            configure_application(app, language)
            world.new_window()
            for name in screens.SCREENS:
                if only and name not in only:
                    continue
                shown = screens.build(world, name)
                shots.append(_save(shown, folder, name, language))
                print(shots[-1], flush=True)
                screens.put_away(world, shown)
    finally:
        world.close()
        runner.wait_until_idle(30_000)
    return shots


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args.pop(0) if args else os.environ.get("SCREENSHOTS_DIR", "screenshots"))
    languages = args or list(LANGUAGES)
    only = [name for name in os.environ.get("SCREENS", "").split(",") if name]
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="liaison-shots-") as root:
        capture(folder, languages, Path(root), only or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
