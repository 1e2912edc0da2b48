"""`make run` on a machine without a display says so in one line instead of Qt's plugin message."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from liaison_desktop.__main__ import NO_DISPLAY_MESSAGE, display_missing


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [sys.executable, "-m", "liaison_desktop", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="displays are X11/Wayland matters")
def test_without_a_display_the_app_says_so_in_one_line_and_exits_2() -> None:
    result = run_app()
    assert result.returncode == 2
    assert result.stderr.splitlines() == [NO_DISPLAY_MESSAGE]
    assert result.stdout == ""


def test_help_works_without_a_display() -> None:
    result = run_app("--help")
    assert result.returncode == 0
    assert "usage: liaison-desktop" in result.stdout


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "minimal"}, False),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, False),
        ({"QT_QPA_PLATFORM": "xcb;offscreen"}, False),
    ],
)
def test_a_display_is_missing_only_without_a_display_server_or_a_headless_platform(
    environ: dict[str, str], missing: bool
) -> None:
    assert display_missing(environ, platform="linux") is missing


def test_windows_and_macos_always_have_a_display() -> None:
    assert not display_missing({}, platform="win32")
    assert not display_missing({}, platform="darwin")
