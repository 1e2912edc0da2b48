"""Settings of the laptop itself, shared by everyone who uses it: interface language and idle lock.

They live in a small plaintext JSON file in the data directory (`laptop-settings.json`), beside the
profiles and outside them, because they are needed before anyone unlocks anything (the lock screen is
drawn in the chosen language). Nothing personal goes in here: no profile name, no server, no user; a
person's own settings belong inside their encrypted profile.

A damaged or hand-edited file never stops the app: unknown keys are ignored, bad values fall back to the
defaults. Writes are atomic (a temporary file, fsync, rename), so a crash or a pulled plug leaves either
the old settings or the new ones.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from liaison_desktop.store.profile_header import fsync_directory

from .idle_lock import DEFAULT_IDLE_LOCK_MINUTES, clamp_idle_lock_minutes

log = logging.getLogger(__name__)

SETTINGS_FILE_NAME = "laptop-settings.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class LaptopSettings:
    """`language`: an interface language code, or None to follow the system; `idle_lock_minutes`: how long
    without input before an open profile locks (the account's server may impose less)."""

    language: str | None = None
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES

    @property
    def idle_lock_s(self) -> int:
        return self.idle_lock_minutes * 60

    def with_changes(self, **changes: Any) -> LaptopSettings:
        updated = replace(self, **changes)
        return replace(updated, idle_lock_minutes=clamp_idle_lock_minutes(updated.idle_lock_minutes))


def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / SETTINGS_FILE_NAME


def load_laptop_settings(data_dir: Path) -> LaptopSettings:
    """The saved settings, or the defaults when there is no file or it cannot be read."""
    path = settings_path(data_dir)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return LaptopSettings()
    except (OSError, ValueError) as error:
        log.warning("laptop settings unreadable (%s): using the defaults", type(error).__name__)
        return LaptopSettings()
    if not isinstance(raw, dict):
        return LaptopSettings()
    language = raw.get("language")
    minutes = raw.get("idle_lock_minutes")
    return LaptopSettings(
        language=language if isinstance(language, str) and language.strip() else None,
        idle_lock_minutes=clamp_idle_lock_minutes(
            minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else None
        ),
    )


def save_laptop_settings(data_dir: Path, settings: LaptopSettings) -> None:
    """Replace the settings file atomically."""
    path = settings_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"format": FORMAT_VERSION, **asdict(settings)}, indent=2, sort_keys=True) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=".laptop-settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)
