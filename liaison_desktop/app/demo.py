"""The demo, as the start screen offers it to a newcomer with no profile yet."""

from __future__ import annotations

from liaison_desktop.demo.sample_data import DEMO_PASSPHRASE, create_demo_profile, is_demo_profile

from .profile_directory import ProfileDirectory
from .session import Session

__all__ = ["DEMO_PASSPHRASE", "is_demo_name", "start_demo"]


def is_demo_name(display_name: str) -> bool:
    return is_demo_profile(display_name)


def start_demo(directory: ProfileDirectory) -> Session:
    """Create the demo profile filled with fictional records and open it. Slow: off the UI thread."""
    return directory.session_for(create_demo_profile(directory.store))
