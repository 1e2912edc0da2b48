"""`liaison-desktop`: the desktop app. Arguments are parsed before Qt is imported, so `--help` works on a
machine without a display (a server, a CI runner)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from liaison_desktop.i18n.languages import INTERFACE_LANGUAGES, LANGUAGE_ENV, match_language, start_language


class _ParserListingLanguages(argparse.ArgumentParser):
    """Ends `--help` with the interface languages and which are complete; reads the catalogs only then."""

    def format_help(self) -> str:
        from liaison_desktop.i18n.completeness import languages_help

        self.epilog = languages_help()
        return super().format_help()


def _interface_language(code: str) -> str:
    match = match_language(code)
    if match is None:
        choices = ", ".join(entry.code for entry in INTERFACE_LANGUAGES)
        raise argparse.ArgumentTypeError(f"no interface language for {code!r}; choose one of {choices}")
    return match.code


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = _ParserListingLanguages(
        prog="liaison-desktop",
        description="Liaison: offline-first, encrypted records for neighborhood liaison officers.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where profiles are kept (default: $LIAISON_DATA_DIR, else the platform's user data directory)",
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="sync server address suggested for new profiles (the demo is not offered when it is given)",
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        type=_interface_language,
        help=(
            f"interface language, listed below (default: ${LANGUAGE_ENV}, else the language chosen in "
            "Settings on this laptop, else the system language, else en)"
        ),
    )
    return parser.parse_args(argv)


def language_at_start(requested: str | None, data_dir: Path, environ: Mapping[str, str] | None = None) -> str:
    """The interface language to start in: `--lang` (`requested`), else `$LIAISON_LANG`, else the
    language saved in this laptop's settings (so the lock screen speaks it before anyone unlocks), else
    the system's, else English."""
    from liaison_desktop.app.laptop_settings import load_laptop_settings

    return start_language(requested, environ, saved=load_laptop_settings(data_dir).language)


# Qt platforms that draw without a display server (a headless check, a framebuffer, a VNC session).
HEADLESS_QT_PLATFORMS = frozenset(
    {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}
)
NO_DISPLAY_MESSAGE = (
    "liaison-desktop: no display found (DISPLAY/WAYLAND_DISPLAY unset); run it in a desktop session, "
    "or set QT_QPA_PLATFORM=offscreen for a headless check."
)
EXIT_NO_DISPLAY = 2


def display_missing(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True on X11/Wayland systems with no display to open and no headless Qt platform chosen, where Qt
    would abort with a long message about its xcb plugin. Windows and macOS always have one."""
    if platform in ("win32", "darwin"):
        return False
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return False
    # QT_QPA_PLATFORM may list fallbacks ("wayland;xcb") and carry options ("vnc:size=800x600").
    chosen = {entry.split(":", 1)[0].strip() for entry in environ.get("QT_QPA_PLATFORM", "").split(";")}
    return not chosen & HEADLESS_QT_PLATFORMS


def main(argv: list[str] | None = None) -> int:
    from liaison_desktop.process_hardening import forbid_core_dumps

    forbid_core_dumps()  # before anything secret can be in memory
    args = parse_args(argv)
    if display_missing(os.environ):
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return EXIT_NO_DISPLAY
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from liaison_desktop.paths import data_dir
    from liaison_desktop.ui.app import run

    directory = data_dir(args.data_dir)
    return run(directory, server_url=args.server, language=language_at_start(args.lang, directory))


if __name__ == "__main__":
    sys.exit(main())
