"""Small accessibility helpers for what Qt leaves unnamed.

Qt's accessibility bridge names most controls from their visible text or their buddy label, but a few
parts it makes itself have no name at all, and a screen reader then says only "button". They are named
here, once, so every screen does it the same way. `tests/ui/test_accessibility.py` walks every screen and
fails on a control the bridge cannot name.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QLineEdit, QToolButton, QWidget


def enable_named_clear_button(field: QLineEdit, name: str) -> None:
    """Turn on the field's clear button ("×") and give it a name and a tooltip: Qt makes it an icon-only
    button with no name, read as an unnamed "button"."""
    field.setClearButtonEnabled(True)
    for button in field.findChildren(QToolButton):
        button.setAccessibleName(name)
        button.setToolTip(name)


def visible_words(text: str) -> str:
    """A label's words as a person reads them: no mnemonic marker (`&Save` → `Save`, `&&` → `&`), no
    trailing colon."""
    words = re.sub(r"&(.)", r"\1", text).strip()
    return words.rstrip(":：").rstrip()


def name_from_label(label: QLabel, field: QWidget) -> None:
    """Make `label` the field's buddy and its words the field's accessible name.

    Qt names a field after its buddy only when the label is a sibling of the field (not when the field
    sits in a row widget of its own), and a name translated apart from the label drifts from what the
    label shows; a speech-control user must be able to say the label to reach the field."""
    label.setBuddy(field)
    field.setAccessibleName(visible_words(label.text()))
