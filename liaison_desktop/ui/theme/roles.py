"""What a screen says about a widget, so the application stylesheet can draw it: never a color or a size.

    set_text_role(title_label, TextRole.TITLE)    # size and weight from the type scale
    set_text_role(error_label, TextRole.ERROR)    # the palette's error color
    set_tone(demo_banner, Tone.WARNING)           # a banner: background, text and border colors
    set_button_kind(wipe_button, ButtonKind.DANGER)

Each sets a dynamic property that the stylesheet (`style.py`) selects on, and re-polishes the widget so
a change after it was shown takes effect at once.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QWidget

from liaison_desktop.ui.theme.metrics import TextRole

TEXT_ROLE_PROPERTY = "textRole"
TONE_PROPERTY = "tone"
BUTTON_KIND_PROPERTY = "kind"


class Tone(StrEnum):
    """A banner or notice: a colored panel with text that reaches AA contrast on it."""

    INFO = "info"
    WARNING = "warning"
    DANGER = "danger"
    SUCCESS = "success"


class ButtonKind(StrEnum):
    PRIMARY = "primary"  # the one action a screen is for (a dialog's default button is primary anyway)
    DANGER = "danger"  # destroys something: wipe, delete, discard


def set_text_role(widget: QWidget, role: TextRole) -> None:
    _set(widget, TEXT_ROLE_PROPERTY, str(role))


def set_tone(widget: QWidget, tone: Tone) -> None:
    _set(widget, TONE_PROPERTY, str(tone))


def set_button_kind(widget: QWidget, kind: ButtonKind) -> None:
    _set(widget, BUTTON_KIND_PROPERTY, str(kind))


def _set(widget: QWidget, name: str, value: str) -> None:
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
