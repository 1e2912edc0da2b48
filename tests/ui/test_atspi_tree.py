"""The tree a screen reader really gets over AT-SPI (X server and accessibility bus of its own).

`test_accessibility.py` checks Qt's accessibility interfaces in-process, on every machine. This test
reads the same screens from outside, as Orca does, through the system's `pyatspi`; it needs Xvfb,
at-spi2-core, python3-pyatspi and Qt's xcb libraries, and skips with the reason when one is missing
(CI does not depend on it). Setup on Debian/Ubuntu:
`apt-get install -y xvfb at-spi2-core python3-pyatspi libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .atspi_probe import CANNOT

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ["start", "unlock", "contacts", "search", "add-profile", "settings", "sync-center"]
CONTROL_ROLES = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "text",
    "password text",
    "spin button",
    "slider",
    "list",
    "table",
    "tree table",
    "tree",
    "page tab",
    "combo box",
}


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    if shutil.which("dbus-run-session") is None:
        pytest.skip("dbus-run-session is not installed (apt-get install dbus)")
    out = Path(tmp_path_factory.mktemp("atspi")) / "trees.json"
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-m", "tests.ui.atspi_probe", str(out), *SCREENS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode == CANNOT:
        pytest.skip(f"no AT-SPI here: {result.stderr.strip().splitlines()[-1]}")
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("screen", SCREENS)
def test_every_control_a_screen_reader_meets_has_a_name(trees, screen: str) -> None:  # noqa: ANN001
    tree = trees[screen]
    assert any(node["role"] in CONTROL_ROLES for node in tree), "the probe saw the screen's controls"
    unnamed = [
        f"{node['role']} at depth {node['depth']}"
        for node in tree
        if node["role"] in CONTROL_ROLES and not str(node["name"]).strip()
    ]
    assert unnamed == []


@pytest.mark.parametrize("screen", SCREENS)
def test_no_screen_exposes_row_headers(trees, screen: str) -> None:  # noqa: ANN001
    assert [node for node in trees[screen] if node["role"] == "table row header"] == []


def test_the_search_field_and_its_clear_button_are_read_by_their_names(trees) -> None:  # noqa: ANN001
    names = {(node["role"], node["name"]) for node in trees["search"]}
    assert ("push button", "Clear search") in names
    assert any(role == "text" and name == "Search" for role, name in names)
