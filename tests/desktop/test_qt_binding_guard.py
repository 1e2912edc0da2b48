"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every Qt call that returns nothing and aborts
after a few thousand (FIELD-NOTES). This test makes an upgrade that brings the bug back fail the suite."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import PySide6


def test_pyside_is_the_pinned_version():
    assert PySide6.__version__ == "6.11.3"


def test_two_hundred_thousand_void_qt_calls_do_not_crash_the_process():
    script = textwrap.dedent(
        """
        import os
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        for i in range(200_000):
            label.setObjectName("x")
        print("survived")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout
