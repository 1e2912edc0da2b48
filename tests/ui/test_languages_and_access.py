"""Arabic mirrors the layout; plurals follow each language; `--help` needs no display. (Accessibility:
test_accessibility.py.)"""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from liaison_desktop.store.profile_errors import UnlockDelayed
from liaison_desktop.ui import i18n
from liaison_desktop.ui.app import configure_application
from liaison_desktop.ui.error_messages import message_for


def test_arabic_sets_right_to_left_layout(qapp: QApplication, make_window) -> None:  # noqa: ANN001
    configure_application(qapp, "ar")
    window = make_window()
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.picker.add_button.text() == "إضافة ملف شخصي…"


def test_english_stays_left_to_right(qapp: QApplication) -> None:
    configure_application(qapp, "en")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_an_unknown_language_falls_back_to_english() -> None:
    i18n.set_language("xx")
    assert (
        message_for(UnlockDelayed(seconds_remaining=1)) == "Too many wrong attempts. Try again in 1 second."
    )


def test_arabic_plurals_follow_arabic_rules() -> None:
    i18n.set_language("ar")
    assert (
        message_for(UnlockDelayed(seconds_remaining=2)) == "محاولات خاطئة كثيرة. حاول مرة أخرى بعد ثانيتين."
    )


def test_help_works_without_a_display() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    result = subprocess.run(
        [sys.executable, "-m", "liaison_desktop", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "--data-dir" in result.stdout and "--server" in result.stdout and "--lang" in result.stdout
