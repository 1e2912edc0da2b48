"""The app turns off core dumps before it does anything else, so a crash never writes the unlocked
profile's key or the records on screen to disk. Checked in a child process that runs the app's entry
point (which returns at once without a display) and then reads its own limits."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_CHILD = """
import ctypes, resource, sys
from liaison_desktop.__main__ import main
main([])
print(resource.getrlimit(resource.RLIMIT_CORE))
print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0) if sys.platform.startswith("linux") else "n/a")
"""


@pytest.fixture(scope="module")
def child_output() -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.strip().splitlines()


@pytest.mark.skipif(sys.platform == "win32", reason="no core file limit on Windows")
def test_the_app_sets_its_core_file_limit_to_zero_soft_and_hard(child_output: list[str]) -> None:
    assert child_output[0] == "(0, 0)"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_DUMPABLE is Linux's")
def test_the_app_is_not_dumpable_on_linux(child_output: list[str]) -> None:
    assert child_output[1] == "0"
