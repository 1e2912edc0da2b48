"""The demo, as the start screen offers it to a newcomer: a local sync server with three accounts
(officer, ambassador, supervisor) and their three profiles, so one can edit in one profile, switch user
and watch the change arrive in another.

The demo server is a child process on 127.0.0.1; it runs while the app runs (started again at app start
when a demo exists) and stops with the app, even when the app is killed (it watches its parent).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from liaison_desktop.demo.demo_world import (
    DEMO_PASSPHRASE,
    DemoProgress,
    DemoWorld,
    create_demo_world,
    demo_profile_ids,
    demo_world_exists,
    start_existing_demo,
)

from .session import Session

log = logging.getLogger(__name__)

__all__ = ["DEMO_PASSPHRASE", "Demo", "DemoProgress"]


class Demo:
    """The demo world of one data directory. Every method that starts a server is slow: off the UI
    thread."""

    def __init__(self, directory: object) -> None:
        from .profile_directory import ProfileDirectory

        assert isinstance(directory, ProfileDirectory)
        self._directory = directory
        self._world: DemoWorld | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._world is not None

    @property
    def server_url(self) -> str | None:
        return self._world.url if self._world is not None else None

    def profile_ids(self) -> frozenset[str]:
        """The demo's profiles on this laptop (read from a small manifest; nothing is started)."""
        return demo_profile_ids(self._directory.data_dir)

    def exists(self) -> bool:
        return demo_world_exists(self._directory.store, self._directory.data_dir)

    def create_and_open(self, progress: Callable[[DemoProgress], None] | None = None) -> Session:
        """Make the demo world (or start the one made earlier) and open the officer's profile."""
        with self._lock:
            if self._world is None:
                self._world = create_demo_world(self._directory.store, self._directory.data_dir, progress)
            officer = self._world.profile("officer")
        return self._directory.open(officer.profile_id, DEMO_PASSPHRASE)

    def start_if_present(self) -> bool:
        """At app start: bring the demo server back for demo profiles made earlier, so they sync."""
        with self._lock:
            if self._world is not None or not self.exists():
                return self._world is not None
            self._world = start_existing_demo(self._directory.store, self._directory.data_dir)
            return True

    def stop(self) -> None:
        """Stop the demo server (the app is quitting); the profiles stay."""
        with self._lock:
            world, self._world = self._world, None
        if world is not None:
            try:
                world.stop()
            except Exception:
                log.warning("demo server did not stop cleanly", exc_info=True)
