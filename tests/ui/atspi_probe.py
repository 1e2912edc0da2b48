"""What a screen reader really receives: the AT-SPI tree of every screen, read from outside the app.

Run by `test_atspi_tree.py` as `dbus-run-session -- python -m tests.ui.atspi_probe OUT.json [SCREEN...]`.
Inside its own session bus it starts an X server (Xvfb) and the accessibility bus, builds the screens of
`tests/ui/screens.py` on Qt's `xcb` platform with the accessibility bridge on, and for each one runs
the system Python's `pyatspi` (the library screen readers such as Orca use) against this process. The
tree is written to OUT.json as {screen: [{"role", "name", "depth"}...]}, only nodes that are showing.

Exit code 3 means the machine cannot do this (no Xvfb, no AT-SPI, no xcb plugin, no pyatspi): the test
skips with the reason printed on stderr.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CANNOT = 3
BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = "/usr/bin/python3"

# Runs under the system Python (pyatspi is a Debian package, not a wheel): the tree of process PID.
DUMP = r"""
import json, sys
import pyatspi

pid = int(sys.argv[1])
nodes = []

def walk(node, depth):
    if node is None or depth > 60 or len(nodes) > 20000:
        return
    try:
        if not node.getState().contains(pyatspi.STATE_SHOWING) and depth > 1:
            return
        nodes.append({"role": node.getRoleName(), "name": node.name or "", "depth": depth})
        count = node.childCount
    except Exception:
        return
    for index in range(count):
        try:
            walk(node.getChildAtIndex(index), depth + 1)
        except Exception:
            pass

desktop = pyatspi.Registry.getDesktop(0)
for index in range(desktop.childCount):
    app = desktop.getChildAtIndex(index)
    try:
        if app is not None and app.get_process_id() == pid:
            walk(app, 0)
    except Exception:
        pass
json.dump(nodes, sys.stdout)
"""


def cannot(reason: str) -> None:
    print(reason, file=sys.stderr)
    sys.exit(CANNOT)


def start_display() -> subprocess.Popen[bytes]:
    if shutil.which("Xvfb") is None:
        cannot("Xvfb is not installed (apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as display:
        number = display.readline().strip()
    if not number:
        server.kill()
        cannot("Xvfb did not start")
    os.environ["DISPLAY"] = f":{number}"
    return server


def start_accessibility_bus() -> subprocess.Popen[bytes]:
    if not BUS_LAUNCHER.exists():
        cannot("the AT-SPI bus is not installed (apt-get install at-spi2-core)")
    return subprocess.Popen(
        [str(BUS_LAUNCHER), "--launch-immediately"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def check_pyatspi() -> None:
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False)
    if found.returncode != 0:
        cannot("the system Python has no pyatspi (apt-get install python3-pyatspi)")


def main(argv: list[str]) -> int:
    out, wanted = Path(argv[0]), argv[1:]
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        cannot("no D-Bus session bus (run under dbus-run-session)")
    check_pyatspi()
    helpers = [start_display(), start_accessibility_bus()]
    try:
        return probe(out, wanted)
    finally:
        for helper in helpers:
            helper.terminate()
            helper.wait(10)


def probe(out: Path, wanted: list[str]) -> int:
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"
    # A missing xcb library aborts the process inside QApplication(): find out in a child first.
    trial = subprocess.run(
        [sys.executable, "-c", "from PySide6.QtWidgets import QApplication; QApplication([])"],
        capture_output=True,
        text=True,
        check=False,
    )
    if trial.returncode != 0:
        lines = [line for line in trial.stderr.splitlines() if line.strip()] or ["?"]
        cannot(f"Qt's xcb platform cannot start here: {lines[0]}")
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])

    from liaison_desktop.ui.app import configure_application
    from liaison_desktop.ui.runner import Runner

    from . import screens

    configure_application(app, "en")
    runner = Runner()
    trees: dict[str, list[dict[str, object]]] = {}
    with tempfile.TemporaryDirectory(prefix="liaison-atspi-") as root:
        world = screens.build_world(Path(root), runner)
        try:
            world.new_window()
            for name in wanted or list(screens.SCREENS):
                shown = screens.build(world, name)
                trees[name] = read_tree()
                screens.put_away(world, shown)
        finally:
            world.close()
            runner.wait_until_idle(30_000)
    out.write_text(json.dumps(trees), encoding="utf-8")
    return 0


def read_tree() -> list[dict[str, object]]:
    """Ask pyatspi for this process's tree while a Qt event loop keeps answering its D-Bus calls (a local
    loop: `QApplication.quit()` would close every window)."""
    from PySide6.QtCore import QEventLoop, QTimer

    reader = subprocess.Popen(
        [SYSTEM_PYTHON, "-c", DUMP, str(os.getpid())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: reader.poll() is not None and loop.quit())
    timer.start(20)
    loop.exec()
    timer.stop()
    output, errors = reader.communicate()
    if reader.returncode != 0:
        raise RuntimeError(f"pyatspi could not read the tree: {errors}")
    return json.loads(output)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
