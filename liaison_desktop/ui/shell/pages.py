"""The pages that can be opened on top of a section, by kind: `PageRef("contact", {"id": …})`.

A builder returns None when its record no longer exists (deleted by a sync while the profile was
locked): the navigator then skips that page instead of showing an empty one. A new page kind registers
here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext

PageFactory = Callable[[ScreenContext, PageRef], QWidget | None]

PAGES: dict[str, PageFactory] = {}


def build_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    factory = PAGES.get(ref.kind)
    return factory(context, ref) if factory is not None else None
