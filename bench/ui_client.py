"""The app's own windows, driven as a person would, in a process of its own (figure 9, the UI).

`python -m bench.ui_client DATA_DIR PROFILE_ID PASSPHRASE BUSY_CONTACT_ID QUERY` starts the real main
window (Qt offscreen), then, timing each step from the input to the screen painted:

- unlock: the passphrase typed into the unlock screen and Enter (once the start screen has finished
  loading in the background, as it has while a person types), until the contact list's first rows are
  painted (the contacts section is opened as soon as the profile is open, as Ctrl+2 would);
- jumps: the list scrolled to row 90,000 (and a few rows near it, each on a page not read yet), until
  the rows there are painted with their contacts;
- search: QUERY typed into the search field one key at a time, each time waiting for the results; the
  figure is keystroke to results painted, less the search field's intended pause (its debounce);
- contact: the page of BUSY_CONTACT_ID (50 timeline entries) opened, until its timeline is painted;

and prints one JSON object with the times (ms) and the process's peak resident memory (VmHWM).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

JUMP_ROWS = (90_000, 91_000, 92_000, 93_000, 94_000)
CONTACT_OPENINGS = 5
TIMEOUT_S = 120.0


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Run the event loop (sleeping between events, so background threads get the interpreter) until
    `condition` holds."""
    if condition():
        return
    loop = QEventLoop()
    deadline = time.monotonic() + TIMEOUT_S

    def check() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not condition():
        raise TimeoutError(f"timed out waiting for {what}")


def painted(widget: QWidget) -> float:
    """Paint `widget` now (as the next frame would) and return the time it was done."""
    widget.repaint()
    return time.perf_counter()


def main(data_dir: Path, profile_id: str, passphrase: str, busy_contact_id: str, query: str) -> None:
    QApplication(sys.argv[:1])
    from liaison_desktop.ui.app import SCREEN_MODULES, open_main_window
    from liaison_desktop.ui.search.search_panel import DEBOUNCE_MS
    from liaison_desktop.ui.shell.navigation import PageRef

    window, runner = open_main_window(data_dir, server_url=None, language="en")
    window.resize(1280, 800)
    wait_until(lambda: window.isVisible(), "the first window")
    # A person types the passphrase while the app finishes loading in the background (`app.preload`).
    wait_until(
        lambda: not runner.busy and all(name in sys.modules for name in SCREEN_MODULES),
        "the start screen to settle",
    )

    # Unlock to the contact list painted.
    window.choose_profile(profile_id)
    field = window.unlock_screen.passphrase_field
    field.setText(passphrase)
    started = time.perf_counter()
    QTest.keyClick(field, Qt.Key.Key_Return)
    wait_until(lambda: window.workspace_view is not None, "the profile to open")
    opened_ms = (time.perf_counter() - started) * 1000
    workspace = window.workspace_view
    assert workspace is not None
    workspace.show_section("contacts")
    contacts = workspace.contacts_view
    assert contacts is not None
    wait_until(lambda: contacts.model.rowCount() > 0 and contacts.model.is_loaded(0), "the first contacts")
    unlock_ms = (painted(contacts.table.viewport()) - started) * 1000
    rows = contacts.model.rowCount()

    # Jump far down the list.
    jump_ms = []
    for row in JUMP_ROWS:
        target = contacts.model.index(min(row, rows - 1), 0)
        started = time.perf_counter()
        contacts.table.scrollTo(target, contacts.table.ScrollHint.PositionAtTop)
        contacts.table.viewport().repaint()  # the first paint asks for the rows: their page is read
        wait_until(lambda target=target: contacts.model.is_loaded(target.row()), f"row {target.row()}")
        jump_ms.append((painted(contacts.table.viewport()) - started) * 1000)

    # Search as you type.
    panel = workspace.search_panel
    shown: list[float] = []
    panel.results_shown.connect(lambda _count: shown.append(painted(panel.results_area())))
    keystroke_ms = []
    panel.focus_search()
    for index, character in enumerate(query):
        before = len(shown)
        started = time.perf_counter()
        QTest.keyClicks(panel.field, character)
        if not query[: index + 1].strip():
            continue
        wait_until(lambda before=before: len(shown) > before, f"results for {query[: index + 1]!r}")
        keystroke_ms.append((shown[-1] - started) * 1000 - DEBOUNCE_MS)
    panel.field.clear()

    # Open a contact with 50 timeline entries.
    contact_ms = []
    for _ in range(CONTACT_OPENINGS):
        started = time.perf_counter()
        page = workspace.navigator.open_page(PageRef("contact", {"id": busy_contact_id}))
        assert page is not None
        wait_until(lambda page=page: page.details is not None, "the contact's page")  # type: ignore[attr-defined]
        contact_ms.append((painted(page) - started) * 1000)
        entries = page.timeline_list.count()  # type: ignore[attr-defined]
        if not workspace.navigator.back():
            raise RuntimeError("the contact's page did not close")

    print(
        json.dumps(
            {
                "unlock_ms": unlock_ms,
                "opened_ms": opened_ms,
                "rows": rows,
                "jump_ms": jump_ms,
                "keystroke_ms": keystroke_ms,
                "contact_ms": contact_ms,
                "timeline_entries": entries,
                "peak_rss_mb": peak_rss_mb(),
            }
        ),
        flush=True,
    )
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
