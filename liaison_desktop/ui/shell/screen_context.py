"""What every screen of an open profile is built with: the session (through its bridge), the runner
for work off the UI thread, and the navigator to open other pages. One object, so a new screen's
constructor never grows a parameter per service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from liaison_desktop.app import Session
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.session_bridge import SessionBridge

if TYPE_CHECKING:
    from liaison_desktop.ui.shell.navigation import Navigator


@dataclass(frozen=True)
class ScreenContext:
    bridge: SessionBridge  # records_changed, sync status
    runner: Runner
    navigator: Navigator

    @property
    def session(self) -> Session:
        return self.bridge.session
