"""`liaison-desktop`: the desktop app. Arguments are parsed before Qt is imported, so `--help` works on a
machine without a display (a server, a CI runner)."""

from __future__ import annotations

import argparse
import logging
import os
import sys

DEFAULT_LANGUAGE = "en"
LANGUAGE_ENV = "LIAISON_LANG"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="liaison-desktop",
        description="Liaison: offline-first, encrypted records for neighborhood liaison officers.",
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
        default=os.environ.get(LANGUAGE_ENV, DEFAULT_LANGUAGE),
        help=f"interface language, e.g. en, ar, es, fr, zh_CN (default: ${LANGUAGE_ENV} or {DEFAULT_LANGUAGE})",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from liaison_desktop.paths import data_dir
    from liaison_desktop.ui.app import run

    return run(data_dir(args.data_dir), server_url=args.server, language=args.lang)


if __name__ == "__main__":
    sys.exit(main())
