"""Where a user's profiles live on disk."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Liaison"
DATA_DIR_ENV = "LIAISON_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: `--data-dir`, else `LIAISON_DATA_DIR`, else the platform's user data dir."""
    chosen = override or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    path = Path(chosen).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def profiles_dir(root: Path) -> Path:
    path = root / "profiles"
    path.mkdir(parents=True, exist_ok=True)
    return path
