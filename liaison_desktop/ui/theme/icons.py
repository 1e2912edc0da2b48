"""Icons from one set, by a small fixed vocabulary: `icon("sync")`, `icon("lock")`.

The set: Material Design Icons 6.9.96 (Apache 2.0) as shipped inside `qtawesome==1.4.2` (MIT, kept by
the Spyder team). Why this and not bundled SVGs: one pinned, maintained package gives ~7,000 icons
drawn as a font, so they stay sharp at any scale factor and take their color from the theme (dark and
high contrast included) without a file per color; Qt's SVG renderer would not resolve `currentColor`.
Only the `mdi6` prefix is used, so every icon has the same weight and grid.

Rules for screens:
- An icon never stands alone: a button shows its text beside the icon (`QPushButton(icon("sync"),
  _("Sync now"))`), and the accessible name is the visible text. An icon-only control cannot be spoken
  to by speech-control users and is ambiguous across five languages.
- Ask for a meaning from `VOCABULARY`, not a glyph name, so one meaning has one picture everywhere.
  Add a word here when a new meaning appears.
- Icons with a direction (arrows, sign in/out, undo) are mirrored when the layout is right to left;
  the others are not (a check mark, a lock, a clock-wise sync arrow mean the same in Arabic).
- An icon takes the theme's colors when it is made: a screen built after a theme change gets the new
  colors, one built before keeps the old ones until it is rebuilt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon

from liaison_desktop.ui.theme.applied import current_colors
from liaison_desktop.ui.theme.palette import LIGHT, ThemeColors

# qtawesome reaches Qt through QtPy: name the binding, so a developer's own QT_API never loads a second
# Qt binding into the process.
os.environ["QT_API"] = "pyside6"
import qtawesome  # noqa: E402


@dataclass(frozen=True)
class Glyph:
    name: str  # qtawesome's name, prefix included
    mirrors: bool = False  # flip horizontally in right-to-left layouts
    color_role: str = "text"  # a ThemeColors field


VOCABULARY: dict[str, Glyph] = {
    "lock": Glyph("mdi6.lock-outline"),
    "unlock": Glyph("mdi6.lock-open-variant-outline"),
    "key": Glyph("mdi6.key-outline"),
    "sync": Glyph("mdi6.sync"),
    "sync_error": Glyph("mdi6.sync-alert", color_role="danger"),
    "offline": Glyph("mdi6.cloud-off-outline"),
    "synced": Glyph("mdi6.cloud-check-outline"),
    "refused": Glyph("mdi6.cancel", color_role="danger"),
    "conflict": Glyph("mdi6.call-split"),
    "check": Glyph("mdi6.check"),
    "warning": Glyph("mdi6.alert-outline"),
    "error": Glyph("mdi6.alert-circle-outline", color_role="danger"),
    "info": Glyph("mdi6.information-outline"),
    "user": Glyph("mdi6.account-outline"),
    "users": Glyph("mdi6.account-multiple-outline"),
    "contact": Glyph("mdi6.card-account-details-outline"),
    "note": Glyph("mdi6.note-text-outline"),
    "meeting": Glyph("mdi6.calendar-blank-outline"),
    "server": Glyph("mdi6.server-network"),
    "search": Glyph("mdi6.magnify"),
    "settings": Glyph("mdi6.cog-outline"),
    "backup": Glyph("mdi6.archive-arrow-down-outline"),
    "restore": Glyph("mdi6.archive-arrow-up-outline"),
    "add": Glyph("mdi6.plus"),
    "edit": Glyph("mdi6.pencil-outline"),
    "save": Glyph("mdi6.content-save-outline"),
    "delete": Glyph("mdi6.trash-can-outline", color_role="danger"),
    "close": Glyph("mdi6.close"),
    "language": Glyph("mdi6.translate"),
    "help": Glyph("mdi6.help-circle-outline"),
    "back": Glyph("mdi6.arrow-left", mirrors=True),
    "forward": Glyph("mdi6.arrow-right", mirrors=True),
    "previous": Glyph("mdi6.chevron-left", mirrors=True),
    "next": Glyph("mdi6.chevron-right", mirrors=True),
    "sign_in": Glyph("mdi6.login", mirrors=True),
    "sign_out": Glyph("mdi6.logout", mirrors=True),
    "undo": Glyph("mdi6.undo", mirrors=True),
    "redo": Glyph("mdi6.redo", mirrors=True),
    "print": Glyph("mdi6.printer-outline"),
    "referral": Glyph("mdi6.share-outline"),
    "home": Glyph("mdi6.home-outline"),
    "import": Glyph("mdi6.tray-arrow-down"),  # a file's records coming in (CSV import)
    "export": Glyph("mdi6.tray-arrow-up"),  # records going out to a file (CSV export)
    "feedback": Glyph("mdi6.message-text-outline"),  # what residents said, carried by ambassadors
    "answers": Glyph("mdi6.message-reply-text-outline"),  # feedback and the precinct's answers
    "directory": Glyph("mdi6.book-open-page-variant-outline"),  # the service directory
    "board": Glyph("mdi6.clipboard-check-outline"),  # what must not fall through the cracks (Team board)
    "chart": Glyph("mdi6.chart-bar"),  # numbers drawn over time (Dashboard)
}


class UnknownIcon(KeyError):
    """A name outside the vocabulary: a programming error, caught by the tests."""


def icon(name: str, colors: ThemeColors | None = None, *, right_to_left: bool | None = None) -> QIcon:
    """The icon for `name`, in the current theme's colors and the application's layout direction."""
    try:
        glyph = VOCABULARY[name]
    except KeyError:
        raise UnknownIcon(name) from None
    if colors is None:
        colors = current_colors() or LIGHT
    if right_to_left is None:
        right_to_left = QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    color = getattr(colors, glyph.color_role)
    return qtawesome.icon(
        glyph.name,
        color=color,
        color_active=color,
        color_selected=colors.on_selection,
        color_disabled=colors.text_disabled,
        hflip=glyph.mirrors and right_to_left,
    )
